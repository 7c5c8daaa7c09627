/**
 * The partner's own reports in the portal (issue 16): its statement (JSON or PDF), its postback URL
 * (checked with the outbound client's own rules: a private, loopback or link-local target the
 * operator did not allow is refused, naming the field) and its delivery log. A partner person gets
 * only its own (`portal`: another id is 404); a manager names the partner.
 */
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { defineOperation } from '../core/define.js';
import { portalPartner } from '../partners/portal.js';
import { postbackMacros, postbackUrlProblem } from '../../reports/partners/partner-postbacks.js';
import { statementCli, statementRange, statementShape } from './statement-schemas.js';
import { pdfName, pdfOf, pdfOutput, statementOf } from './statements.js';
import { logList, logOf, logOutput } from './postbacks.js';

const portalInput = { partner: z.string().min(1).max(100).optional().describe('a manager names the partner; a partner person gets its own (another id: 404)') };

export const portalStatementOperation = defineOperation({
  name: 'portal.statement',
  summary: "The partner's own statement for a period (a partner person: its own only), as partners.statement answers",
  tags: ['partners'],
  scope: 'partners:read',
  portal: true,
  http: { method: 'GET', path: '/v1/portal/statement', headers: { 'cache-control': 'no-store' } },
  input: z.object({ ...portalInput, ...statementRange }),
  output: z.object(statementShape),
  cli: statementCli('portal statement', "a partner's statement as the partner sees it: --partner ID --format json|pdf --out F", { partner: { value: '<id>', required: true }, from: { value: '<date>', required: true }, to: { value: '<date>', required: true } }),
  handler: async (ctx, input) => statementOf(ctx, await portalPartner(ctx, input.partner), input),
});

export const portalStatementPdfOperation = defineOperation({
  name: 'portal.statement_pdf',
  summary: "The partner's own statement as a PDF in its language (a partner person: its own only)",
  tags: ['partners'],
  scope: 'partners:read',
  portal: true,
  http: { method: 'GET', path: '/v1/portal/statement.pdf', headers: { 'cache-control': 'no-store' }, text: { media: 'application/pdf', headersOf: (input) => pdfName(input.partner, input) } },
  input: z.object({ ...portalInput, from: statementRange.from, to: statementRange.to }),
  output: pdfOutput,
  cli: { none: 'the CLI writes the PDF with `roilens portal statement --partner ID --format pdf --out F`' },
  handler: async (ctx, input) => pdfOf(ctx, await portalPartner(ctx, input.partner), input),
});

export const portalPostbacksOperation = defineOperation({
  name: 'portal.postbacks',
  summary: "The partner's own postback URL and delivery log (a partner person: its own only)",
  tags: ['partners'],
  scope: 'partners:read',
  portal: true,
  http: { method: 'GET', path: '/v1/portal/postbacks', headers: { 'cache-control': 'no-store' } },
  input: z.object({ partner: z.string().min(1).max(100).optional().describe('a manager names the partner; a partner person gets its own') }),
  output: logOutput,
  list: logList,
  cli: { command: 'portal postbacks', description: "a partner's postback deliveries as the partner sees them", formats: ['table', 'json'], flags: { partner: { value: '<id>', required: true } } },
  handler: async (ctx, input) => logOf(ctx, await portalPartner(ctx, input.partner)),
});

export const portalPostbackSetOperation = defineOperation({
  name: 'portal.postback',
  summary: `Set (or clear with null) the partner's postback URL: roilens calls it for each new commission and each reversal, with the macros ${postbackMacros.map((m) => `{${m}}`).join(' ')} filled in. A private, loopback or link-local target the operator did not allow is 400 naming postback_url`,
  tags: ['partners'],
  scope: 'partners:write',
  portal: true,
  http: { method: 'PUT', path: '/v1/portal/postback' },
  input: z.object({
    partner: z.string().min(1).max(100).optional().describe('a manager names the partner; a partner person sets its own'),
    postback_url: z.string().min(1).max(2000).nullable().describe('an http(s) URL template with macros, or null to stop postbacks'),
  }),
  output: z.object({ partner_id: z.string(), postback_url: z.string().nullable() }),
  audit: { target: (_input, answer) => ({ kind: 'partner', id: answer.partner_id }) },
  cli: { command: 'portal postback', description: "set a partner's postback URL (--postback-url URL, or none to clear)", formats: ['json', 'table'], flags: { partner: { value: '<id>', required: true }, postback_url: { value: '<url|none>', required: true } }, input: (opts) => ({ partner: opts.partner, postback_url: opts.postbackUrl === 'none' ? null : opts.postbackUrl }) },
  handler: async (ctx, input) => {
    const partner = await portalPartner(ctx, input.partner);
    const field = ctx.surface === 'cli' ? '--postback-url' : 'body.postback_url';
    if (input.postback_url !== null) {
      const problem = postbackUrlProblem(input.postback_url);
      if (problem) throw new AppError('invalid_input', `${field}: ${problem.message}`, [{ path: field, message: problem.message }]);
    }
    const updated = await ctx.store.updatePartner(ctx.workspaceId, partner.id, { postback_url: input.postback_url });
    if (!updated || 'conflict' in updated) throw new AppError('not_found', `no partner ${partner.id} in this workspace`);
    return { partner_id: updated.id, postback_url: updated.postback_url };
  },
});
