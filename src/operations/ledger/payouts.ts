/**
 * Payouts (issue 16, design.md "Partners"): `POST /v1/programs/:id/payouts` ↔ `roilens payouts run
 * --program ID --through DATE [--dry-run] [--out F --file-format generic|paypal|bank]` pays what
 * was approved through DATE net of clawbacks (409 `already_paid` at or before the last run);
 * `GET /v1/programs/:id/payouts` ↔ `payouts list` lists runs; `POST /v1/payouts/:run_id/paid` ↔
 * `payouts mark-paid` records the payment's reference; `GET /v1/payouts/:run_id/file` ↔ `payouts file`
 * downloads a run's CSV; `GET /v1/portal/payouts` is the signed-in partner's own payouts.
 */
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { sealingKey } from '../../config/sealing-key.js';
import { listPayoutRunViews, markRunPaid, payoutRunFile, runPayouts } from '../../reports/partners/money/payout-runs.js';
import { defineOperation } from '../core/define.js';
import { day } from '../core/shapes.js';
import { portalPartner } from '../partners/portal.js';
import { fieldOf, ledgerUpToDate, partnerPayoutSchema, payoutRunViewSchema } from './ledger-schemas.js';

const fileFormats = ['generic', 'paypal', 'bank'] as const;

export const payoutRunOperation = defineOperation({
  name: 'payouts.run',
  summary: "Pay a programme's partners what was approved through a date, net of clawbacks (partners under the minimum are carried over); 409 already_paid at or before the last run",
  tags: ['partners'],
  scope: 'partners:write',
  idempotent: true,
  // The payment file holds bank details: never kept in plain text for a replay (`roilens payouts file RUN` writes it again).
  notKept: ['file'],
  http: { method: 'POST', path: '/v1/programs/:id/payouts', status: 201 },
  input: z.object({
    id: z.string().min(1).max(100).describe('the programme'),
    through: day.describe('the last local day whose approved entries are paid (inclusive)'),
    dry_run: z.boolean().optional().describe('compute without writing payout entries'),
    file_format: z.enum(fileFormats).optional().describe('also answer the payment file (generic, PayPal mass payment or bank transfer CSV) as `file`'),
  }),
  output: z.object({
    run_id: z.string().nullable().describe('the run (a dry run: the run it would make); null when nothing was due'),
    program: z.string(),
    through: z.string(),
    dry_run: z.boolean(),
    payouts: z.array(partnerPayoutSchema),
    carried_over: z.array(partnerPayoutSchema.omit({ entries: true })).describe('partners owed less than the programme minimum (or a negative amount: clawbacks waiting for later earnings), carried to a later run'),
    file: z.string().optional().describe('the payment file, when file_format was given'),
  }),
  webType: 'PayoutRunAnswer',
  cli: {
    command: 'payouts run',
    description: "pay a programme's partners through a date (--dry-run computes only; --out F writes the payment file)",
    hidden: ['id', 'dry_run', 'file_format'],
    flags: { through: { value: '<date>', required: true } },
    options: [
      ['--program <id>', 'the programme', undefined, true],
      ['--dry-run', 'compute without writing payout entries'],
      ['--out <file>', 'write the payment file there'],
      ['--file-format <format>', 'generic | paypal | bank (with --out)', 'generic'],
    ],
    formats: ['json', 'table'],
    input: (opts) => ({ id: opts.program, through: opts.through, ...(opts.dryRun ? { dry_run: true } : {}), ...(opts.out ? { file_format: opts.fileFormat } : {}) }),
    print: (answer, format, _input, tools, given) => {
      const { file, ...rest } = answer;
      if (given.out !== undefined && file !== undefined) writeFileSync(String(given.out), file);
      if (format === 'json') tools.printResult(rest, 'json');
      else process.stdout.write(`${rest.dry_run ? 'dry run, nothing written: ' : ''}${rest.payouts.length} payouts, ${rest.carried_over.length} carried over\n${tools.renderTable(rest.payouts.map((p) => ({ partner: p.partner, amount: p.amount, currency: p.currency, entries: p.entries.length })))}\n`);
    },
  },
  audit: { target: (input) => ({ kind: 'program', id: input.id }), after: (input, answer) => ({ run_id: answer.run_id, through: input.through, dry_run: answer.dry_run, payouts: answer.payouts.map((p) => ({ partner: p.partner, amount: p.amount })) }) },
  handler: async (ctx, input) => {
    await ledgerUpToDate(ctx);
    return runPayouts(ctx.store, ctx.workspaceId, { program: input.id, through: input.through, dryRun: input.dry_run === true, ...(input.file_format ? { fileFormat: input.file_format, key: sealingKey() } : {}) }, fieldOf(ctx));
  },
});

const runsAnswer = z.object({ runs: z.array(payoutRunViewSchema) });
const runsList = { items: 'runs', order: [{ by: (r: { created_at: string }) => r.created_at, desc: true }, { by: (r: { id: string }) => r.id, desc: true }] } as const;

export const payoutListOperation = defineOperation({
  name: 'payouts.list',
  summary: "A programme's payout runs, newest first, with what each paid and its payment reference",
  tags: ['partners'],
  scope: 'partners:read',
  http: { method: 'GET', path: '/v1/programs/:id/payouts' },
  input: z.object({ id: z.string().min(1).max(100).describe('the programme') }),
  output: runsAnswer,
  list: runsList,
  webType: 'PayoutRunsAnswer',
  cli: { command: 'payouts list', description: "a programme's payout runs", hidden: ['id'], options: [['--program <id>', 'the programme', undefined, true]], input: (opts) => ({ id: opts.program }), formats: ['json', 'table'] },
  handler: async (ctx, input) => ({ runs: await listPayoutRunViews(ctx.store, ctx.workspaceId, input.id) }),
});

export const payoutMarkPaidOperation = defineOperation({
  name: 'payouts.mark_paid',
  summary: 'Record that a payout run was paid, with the payment reference (once)',
  tags: ['partners'],
  scope: 'partners:write',
  idempotent: true,
  http: { method: 'POST', path: '/v1/payouts/:run_id/paid' },
  input: z.object({ run_id: z.string().min(1).max(100), reference: z.string().min(1).max(200).describe("the payment's reference (bank batch, PayPal batch id)") }),
  output: z.object({ id: z.string(), program: z.string(), through: z.string(), paid_reference: z.string(), paid_at: z.string() }),
  cli: { command: 'payouts mark-paid', description: 'record that a payout run was paid', args: ['run_id'], flags: { reference: { value: '<reference>', required: true } }, formats: ['json', 'table'] },
  audit: { target: (input) => ({ kind: 'payout_run', id: input.run_id }) },
  handler: async (ctx, input) => {
    const run = await markRunPaid(ctx.store, ctx.workspaceId, input.run_id, input.reference);
    return { id: run.id, program: run.program_id, through: run.through, paid_reference: run.paid_reference!, paid_at: run.paid_at! };
  },
});

export const payoutFileOperation = defineOperation({
  name: 'payouts.file',
  summary: "A payout run's payment file: generic CSV, PayPal mass payment CSV or bank transfer CSV (IBAN/Sheba)",
  tags: ['partners'],
  scope: 'partners:write',
  http: {
    method: 'GET', path: '/v1/payouts/:run_id/file',
    text: { media: 'text/csv; charset=utf-8', headersOf: (input) => ({ 'content-disposition': `attachment; filename="payouts-${input.run_id.replace(/[^\w-]/g, '')}-${input.file_format ?? 'generic'}.csv"`, 'cache-control': 'no-store' }) },
  },
  input: z.object({ run_id: z.string().min(1).max(100), file_format: z.enum(fileFormats).optional().describe('generic (default), paypal or bank') }),
  output: z.string(),
  cli: {
    command: 'payouts file', description: "write a payout run's payment file (stdout without --out)", args: ['run_id'], flags: { file_format: { value: '<format>' } },
    options: [['--out <file>', 'write it there']], formats: ['csv'],
    print: (text, _format, _input, _tools, given) => (given.out !== undefined ? writeFileSync(String(given.out), text) : void process.stdout.write(text)),
  },
  // Bank details leave the installation in it: recorded as an export.
  audit: { kind: 'export', target: (input) => ({ kind: 'payout_run', id: input.run_id }) },
  handler: (ctx, input) => payoutRunFile(ctx.store, ctx.workspaceId, input.run_id, input.file_format ?? 'generic', sealingKey()),
});

export const portalPayoutsOperation = defineOperation({
  name: 'portal.payouts',
  summary: "The partner portal's payouts: the runs that paid the signed-in partner, with amounts and references (a manager names the partner)",
  tags: ['partners'],
  scope: 'partners:read',
  portal: true,
  http: { method: 'GET', path: '/v1/portal/payouts', headers: { 'cache-control': 'no-store' } },
  input: z.object({ partner: z.string().min(1).max(100).optional().describe('a manager names the partner; a partner person sees its own (another id: 404)') }),
  output: runsAnswer,
  list: runsList,
  cli: { none: "the portal is the partner's own page; managers use roilens payouts list" },
  handler: async (ctx, input) => {
    await ledgerUpToDate(ctx);
    const partner = await portalPartner(ctx, input.partner);
    return { runs: await listPayoutRunViews(ctx.store, ctx.workspaceId, partner.program_id, partner.id) };
  },
});
