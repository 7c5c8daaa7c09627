/**
 * Outgoing postbacks (issue 16): the manager reads a partner's delivery log; the partner's own
 * page and its postback URL are in `portal-reports.ts`.
 */
import { z } from 'zod';
import { defineOperation, type OperationContext } from '../core/define.js';
import { partnerNamed } from '../../reports/partners/partner-report-reads.js';
import { listPartnerPostbacks } from '../../reports/partners/partner-postbacks.js';
import type { Partner } from '../../records/partners.js';

const deliveries = z.array(z.object({
  id: z.string().describe('the ledger entry'),
  kind: z.enum(['commission', 'reversal', 'clawback']),
  order_id: z.string().nullable(),
  click_id: z.string().nullable(),
  status: z.enum(['pending', 'held', 'reversed']),
  payout: z.string(),
  currency: z.string(),
  url: z.string().describe('the URL called, macros filled in'),
  ok: z.boolean(),
  http_status: z.number().int().nullable(),
  attempts: z.number().int(),
  error_code: z.string().nullable(),
  at: z.string(),
}));
export const logOutput = z.object({ partner_id: z.string(), postback_url: z.string().nullable(), deliveries });

export async function logOf(ctx: OperationContext, partner: Partner) {
  const log = await listPartnerPostbacks(ctx.store, ctx.workspaceId, partner.id);
  return {
    partner_id: partner.id,
    postback_url: partner.postback_url,
    deliveries: log.map(({ id, kind, order_id, click_id, status, payout, currency, url, ok, http_status, attempts, error_code, at }) => ({ id, kind, order_id, click_id, status, payout, currency, url, ok, http_status, attempts, error_code, at })),
  };
}

export const logList = { items: 'deliveries', order: [{ by: (d: { at: string }) => d.at, desc: true }, { by: (d: { id: string }) => d.id }] };

export const partnerPostbacksOperation = defineOperation({
  name: 'partners.postbacks',
  summary: "A partner's postback URL and the log of postbacks sent to it (newest first): each commission, reversal and clawback, the URL called, and how the partner's platform answered",
  tags: ['partners'],
  scope: 'partners:read',
  http: { method: 'GET', path: '/v1/partners/:id/postbacks' },
  input: z.object({ id: z.string().min(1).max(100) }),
  output: logOutput,
  list: logList,
  cli: { command: 'partners postbacks', description: "a partner's postback deliveries", formats: ['table', 'json'], args: ['id'] },
  handler: async (ctx, input) => logOf(ctx, await partnerNamed(ctx.store, ctx.workspaceId, input.id)),
});
