/**
 * `POST /v1/partners/review` ↔ `roilens partners review` (bulk approve or reject of held entries; a
 * rejection says why: fraud, duplicate, test or other) and `POST /v1/partners/:id/adjustments` ↔
 * `roilens partners adjust ID` (a bonus, or negative a deduction, with a note), issue 16. Both are new
 * entries (a correction is never an edit) and move money, so they take an `Idempotency-Key`.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { ReviewDecision } from '../../partners/ledger/index.js';
import { adjustPartner, reviewHeld } from '../../reports/partners/money/ledger-corrections.js';
import { lineOf } from '../../reports/partners/money/ledger-reads.js';
import { AppError } from '../../shared/errors.js';
import { defineOperation } from '../core/define.js';
import { fieldOf, ledgerLineSchema, ledgerUpToDate } from './ledger-schemas.js';

const entryAnswer = ledgerLineSchema.omit({ status: true });
const plain = (e: Parameters<typeof lineOf>[0]) => {
  const { status: _status, ...line } = lineOf(e, 'approved');
  return line;
};

export const partnerReviewOperation = defineOperation({
  name: 'partners.review',
  summary: 'Approve or reject held ledger entries in bulk (a rejection reverses them, with a reason: fraud, duplicate, test or other)',
  tags: ['partners'],
  scope: 'partners:write',
  idempotent: true,
  http: { method: 'POST', path: '/v1/partners/review' },
  input: z.object({
    ids: z.array(z.string().min(1).max(100)).min(1).max(1000).describe('ids of held entries (all are reviewed, or none)'),
    decision: z.enum(['approve', 'reject']),
    reason: z.enum(['fraud', 'duplicate', 'test', 'other']).optional().describe('why a rejection (required to reject)'),
    note: z.string().max(1000).optional(),
  }),
  output: z.object({ decision: z.enum(['approve', 'reject']), entries: z.array(entryAnswer).describe('the review entries appended: a zero adjustment per approval, a reversal per rejection') }),
  cli: {
    command: 'partners review',
    description: 'approve or reject held ledger entries (--ids ID,ID --decision approve|reject [--reason fraud|duplicate|test|other])',
    flags: { ids: { value: '<ids>', required: true }, decision: { value: '<decision>', required: true }, reason: { value: '<reason>' }, note: { value: '<text>' } },
    input: (opts) => ({ ids: String(opts.ids).split(',').map((s) => s.trim()).filter(Boolean), decision: opts.decision, ...(opts.reason ? { reason: opts.reason } : {}), ...(opts.note ? { note: opts.note } : {}) }),
    formats: ['json', 'table'],
  },
  audit: { target: () => ({ kind: 'ledger', id: null }), after: (input, answer) => ({ decision: input.decision, reason: input.reason, ids: input.ids, appended: answer.entries.length }) },
  handler: async (ctx, input) => {
    const field = fieldOf(ctx);
    if (input.decision === 'reject' && !input.reason) throw new AppError('invalid_input', `${field('reason')}: a rejection says why (fraud, duplicate, test or other)`, [{ path: field('reason'), message: 'required to reject' }]);
    await ledgerUpToDate(ctx);
    const review: ReviewDecision = input.decision === 'approve' ? { decision: 'approve', ...(input.note ? { note: input.note } : {}) } : { decision: 'reject', reason: input.reason!, ...(input.note ? { note: input.note } : {}) };
    const made = await reviewHeld(ctx.store, ctx.workspaceId, input.ids, review, field);
    return { decision: input.decision, entries: made.map(plain) };
  },
});

export const partnerAdjustOperation = defineOperation({
  name: 'partners.adjust',
  summary: "Add a bonus (positive) or a deduction (negative) to a partner's ledger, with a note saying why",
  tags: ['partners'],
  scope: 'partners:write',
  idempotent: true,
  http: { method: 'POST', path: '/v1/partners/:id/adjustments', status: 201 },
  input: z.object({
    id: z.string().min(1).max(100),
    amount: z.string().regex(/^-?\d{1,12}(\.\d{1,6})?$/, 'a signed decimal such as "25.00" or "-3.10"'),
    note: z.string().min(1).max(1000).describe('why (shown to the partner)'),
    adjustment_id: z.string().min(1).max(100).optional().describe('your id of this adjustment: the same id again adds nothing (default: a new id)'),
  }),
  output: entryAnswer,
  cli: {
    command: 'partners adjust',
    description: "add a bonus or deduction to a partner's ledger",
    args: ['id'],
    flags: { amount: { value: '<amount>', required: true }, note: { value: '<text>', required: true }, adjustment_id: { value: '<id>' } },
    formats: ['json', 'table'],
  },
  handler: async (ctx, input) => {
    const partner = await ctx.store.getPartner(ctx.workspaceId, input.id);
    if (!partner) throw new AppError('not_found', `no partner ${input.id} in this workspace`);
    // Without an id a new one: a retry with the Idempotency-Key replays the first answer before this runs.
    const key = input.adjustment_id ?? randomBytes(8).toString('hex');
    return plain(await adjustPartner(ctx.store, partner, { amount: input.amount, note: input.note, key }, fieldOf(ctx)));
  },
});
