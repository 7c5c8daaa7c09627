/**
 * Partner statements (issue 16): a partner's period as JSON, or as a PDF in the partner's language
 * (headless Chromium). The manager names any partner of the workspace (`partners:read`); the
 * partner's own are in `portal-reports.ts`.
 */
import { z } from 'zod';
import { defineOperation, type OperationContext } from '../core/define.js';
import { partnerNamed } from '../../reports/partners/partner-report-reads.js';
import { partnerStatement, statementFileName, statementPdf } from '../../reports/partners/statement-report.js';
import type { Partner } from '../../records/partners.js';
import { ledgerUpToDate } from '../ledger/ledger-schemas.js';
import { statementCli, statementRange, statementShape } from './statement-schemas.js';

const field = (ctx: OperationContext, key: string) => (ctx.surface === 'cli' ? `--${key}` : `querystring.${key}`);

/** A statement reads the partner's ledger: brought up to the stored conversions first (a sale since the last sync is on it). */
export async function statementOf(ctx: OperationContext, partner: Partner, input: { from: string; to: string; pdf?: 'true' | 'false' }) {
  await ledgerUpToDate(ctx);
  const statement = await partnerStatement(ctx.store, partner, input, { from: field(ctx, 'from'), to: field(ctx, 'to') });
  return input.pdf === 'true' ? { ...statement, pdf: (await statementPdf(statement)).toString('base64') } : statement;
}

export async function pdfOf(ctx: OperationContext, partner: Partner, input: { from: string; to: string }) {
  await ledgerUpToDate(ctx);
  return statementPdf(await partnerStatement(ctx.store, partner, input, { from: field(ctx, 'from'), to: field(ctx, 'to') }));
}

export const pdfOutput = z.custom<Buffer>((v) => Buffer.isBuffer(v)).describe('the statement as a PDF (A4)');
export const pdfName = (partner: string | undefined, input: { from: string; to: string }) => ({ 'content-disposition': `attachment; filename="${statementFileName(partner ?? 'partner', input.from, input.to)}"` });

export const partnerStatementOperation = defineOperation({
  name: 'partners.statement',
  summary: "A partner's statement for a period: the entries with their derived statuses, earned, reversed, net, net by status, and payouts, in the programme's currency",
  tags: ['partners'],
  scope: 'partners:read',
  http: { method: 'GET', path: '/v1/partners/:id/statement' },
  input: z.object({ id: z.string().min(1).max(100), ...statementRange }),
  output: z.object(statementShape),
  cli: statementCli('partners statement', "a partner's statement for a period: --format json|pdf --out F (the PDF in the partner's language)", { from: { value: '<date>', required: true }, to: { value: '<date>', required: true } }, ['id']),
  handler: async (ctx, input) => statementOf(ctx, await partnerNamed(ctx.store, ctx.workspaceId, input.id), input),
});

export const partnerStatementPdfOperation = defineOperation({
  name: 'partners.statement_pdf',
  summary: "A partner's statement for a period as a PDF in the partner's language (en, fa right to left with Jalali dates and Persian digits, vi)",
  tags: ['partners'],
  scope: 'partners:read',
  http: { method: 'GET', path: '/v1/partners/:id/statement.pdf', text: { media: 'application/pdf', headersOf: (input) => pdfName(input.id, input) } },
  input: z.object({ id: z.string().min(1).max(100), from: statementRange.from, to: statementRange.to }),
  output: pdfOutput,
  cli: { none: 'the CLI writes the PDF with `roilens partners statement ID --format pdf --out F`' },
  handler: async (ctx, input) => pdfOf(ctx, await partnerNamed(ctx.store, ctx.workspaceId, input.id), input),
});
