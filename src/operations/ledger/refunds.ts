/**
 * `POST /v1/orders/:order_id/refund` ↔ `roilens orders refund ORDER_ID` (issue 16): a refund of (part
 * of) an order reverses its partners' commissions in proportion; a paid one becomes a clawback taken
 * from the next payout. Scope `imports:write` (design.md "Scopes of operations": refunds are
 * imports). `refund_id` makes a retry harmless (default: the Idempotency-Key, else a new id); a
 * refund over what is left of the order, or in a currency without a rate, is 400 naming the field and
 * changes nothing.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { refundOrder } from '../../reports/partners/money/order-refunds.js';
import { defineOperation } from '../core/define.js';
import { fieldOf, ledgerLineSchema, ledgerUpToDate } from './ledger-schemas.js';

const amount = z.string().regex(/^\d{1,12}(\.\d{1,6})?$/, 'a positive decimal such as "12.50"').refine((a) => Number(a) > 0, 'must be above 0');

export const orderRefundOperation = defineOperation({
  name: 'orders.refund',
  summary: "Refund (part of) an order: its partners' commissions are reversed in proportion, paid ones clawed back from the next payout",
  tags: ['partners'],
  scope: 'imports:write',
  idempotent: true,
  http: { method: 'POST', path: '/v1/orders/:order_id/refund' },
  input: z.object({
    order_id: z.string().min(1).max(200),
    amount: amount.describe('the refunded amount (decimal string)'),
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as "EUR"'),
    refund_id: z.string().min(1).max(200).optional().describe('a retry with the same id changes nothing (default: a new id)'),
    at: z.string().datetime({ offset: true }).optional().describe('when the refund happened (default: now)'),
  }),
  output: z.object({
    refund_id: z.string(),
    order_id: z.string(),
    replayed: z.boolean().describe('the refund id was held already: nothing changed'),
    entries: z.array(ledgerLineSchema.omit({ status: true })).describe('the reversals and clawbacks appended'),
  }),
  cli: {
    command: 'orders refund',
    description: "refund (part of) an order: reverses its partners' commissions in proportion",
    args: ['order_id'],
    flags: { amount: { value: '<amount>', required: true }, currency: { value: '<code>', required: true }, refund_id: { value: '<id>' }, at: { value: '<instant>' } },
    formats: ['json', 'table'],
  },
  audit: { target: (input) => ({ kind: 'order', id: input.order_id }), after: (input, answer) => ({ refund_id: answer.refund_id, amount: input.amount, currency: input.currency, entries: answer.entries.length, replayed: answer.replayed }) },
  handler: async (ctx, input) => {
    await ledgerUpToDate(ctx);
    const now = new Date();
    const refundId = input.refund_id ?? `rf_${randomBytes(8).toString('hex')}`;
    const field = fieldOf(ctx);
    const outcome = await refundOrder(ctx.store, ctx.workspaceId, { refund_id: refundId, order_id: input.order_id, amount: input.amount, currency: input.currency, at: input.at ? new Date(input.at).toISOString() : now.toISOString() }, field, now);
    return {
      refund_id: outcome.refund_id, order_id: outcome.order_id, replayed: outcome.replayed,
      entries: outcome.entries.map((e) => ({
        id: e.id, order_id: e.order_id, kind: e.kind, amount: e.amount, currency: e.currency, occurred_at: e.occurred_at, created_at: e.created_at,
        ...(e.reason !== null ? { reason: e.reason } : {}), ...(e.ref !== null ? { ref: e.ref } : {}), ...(e.note !== null ? { note: e.note } : {}),
      })),
    };
  },
});
