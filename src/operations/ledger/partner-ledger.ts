/**
 * `GET /v1/partners/:id/ledger` ↔ `roilens partners ledger ID` and `GET /v1/portal/ledger` (issue 16):
 * a partner's ledger entries with their derived statuses and its balance
 * (`{"entries":[…],"balance":{"pending","held","approved","paid"}}`), entries paged by cursor in
 * `(created_at, id)` order. A partner person reads only its own (another id: 404).
 */
import { z } from 'zod';
import { partnerLedger } from '../../reports/partners/money/ledger-reads.js';
import { syncPartnerLedger } from '../../reports/partners/money/ledger-sync.js';
import { defineOperation, type OperationContext } from '../core/define.js';
import { portalPartner } from '../partners/portal.js';
import { balanceSchema, ledgerLineSchema, ledgerUpToDate } from './ledger-schemas.js';

const ledgerAnswer = z.object({
  partner: z.string(),
  program: z.string(),
  currency: z.string(),
  entries: z.array(ledgerLineSchema),
  balance: balanceSchema,
});

async function ledgerOf(ctx: OperationContext, id: string | undefined) {
  await ledgerUpToDate(ctx);
  const partner = await portalPartner(ctx, id);
  const { program, entries, balance } = await partnerLedger(ctx.store, partner);
  return { partner: partner.id, program: program.id, currency: program.currency, entries, balance };
}

const list = { items: 'entries', order: [{ by: (e: { created_at: string }) => e.created_at }, { by: (e: { id: string }) => e.id }] } as const;

export const partnerLedgerOperation = defineOperation({
  name: 'partners.ledger',
  summary: "A partner's ledger: entries (commissions, reversals, clawbacks, payouts, adjustments) with derived statuses, and the balance (pending, held, approved, paid)",
  tags: ['partners'],
  scope: 'partners:read',
  portal: true,
  http: { method: 'GET', path: '/v1/partners/:id/ledger', headers: { 'cache-control': 'no-store' } },
  input: z.object({ id: z.string().min(1).max(100) }),
  output: ledgerAnswer,
  list,
  webType: 'PartnerLedgerAnswer',
  cli: { command: 'partners ledger', description: "a partner's ledger entries with their statuses, and its balance", args: ['id'], formats: ['json', 'table', 'csv'] },
  handler: (ctx, input) => ledgerOf(ctx, input.id),
});

export const portalLedgerOperation = defineOperation({
  name: 'portal.ledger',
  summary: "The partner portal's ledger: the signed-in partner's own entries and balance (a manager names the partner)",
  tags: ['partners'],
  scope: 'partners:read',
  portal: true,
  http: { method: 'GET', path: '/v1/portal/ledger', headers: { 'cache-control': 'no-store' } },
  input: z.object({ partner: z.string().min(1).max(100).optional().describe('a manager names the partner; a partner person sees its own (another id: 404)') }),
  output: ledgerAnswer,
  list,
  cli: { none: 'the portal is the partner\'s own page; managers use roilens partners ledger ID' },
  handler: (ctx, input) => ledgerOf(ctx, input.partner),
});

export const partnerSyncOperation = defineOperation({
  name: 'partners.sync',
  summary: 'Bring the partner ledger up to the stored conversions: new commissions and retainers due (idempotent; the server runs it every minute)',
  tags: ['partners'],
  scope: 'partners:write',
  http: { method: 'POST', path: '/v1/partners/sync' },
  input: z.object({ full: z.boolean().optional().describe('every conversion held, not only the last 7 days past the watermark (after an import of old orders)') }),
  output: z.object({
    programs: z.array(z.object({ program_id: z.string(), appended: z.number().int(), credited: z.number().int(), skipped: z.number().int(), idle: z.boolean(), error: z.string().optional() })),
  }),
  cli: { command: 'partners sync', description: 'bring the partner ledger up to the stored conversions (--full: every conversion held)', formats: ['json', 'table'], flags: { full: { boolean: true } } },
  // Not recorded: it only derives entries from facts already stored (the scheduler runs it every minute).
  audit: { kind: 'read' },
  handler: async (ctx, input) => {
    await ctx.ingest.drain();
    return { programs: await syncPartnerLedger(ctx.store, ctx.workspaceId, { full: input.full === true }) };
  },
});
