/**
 * Review of held entries, in bulk. Approving releases an entry (an `adjustment` of 0 with reason
 * `review` referencing it: it is approved once its hold period is over); rejecting reverses what
 * is left of it (a `reversal` with the reason given: fraud, duplicate, test or other). One review
 * per entry (key `review:<entry id>`).
 */
import Big from 'big.js';
import type { LedgerEntry, LedgerReason, Program } from '../../records/partners.js';
import { AppError, type FieldIssue } from '../../shared/errors.js';
import { ledgerEntry } from './entry.js';
import { money, zero } from './money.js';
import { ledgerStatuses } from './statuses.js';

export type ReviewDecision = { decision: 'approve'; note?: string } | { decision: 'reject'; reason: Extract<LedgerReason, 'fraud' | 'duplicate' | 'test' | 'other'>; note?: string };

/**
 * The review entries for entries `ids` of the programme's ledger `entries`. Refuses them all (400
 * `invalid_input`, `ids.<i>` named) when one is unknown or not held now, and a reject without a
 * reason (`reason`).
 * @example reviewEntries({ program, entries, ids: [id], review: { decision: 'reject', reason: 'fraud' }, now })
 */
export function reviewEntries(input: { program: Program; entries: readonly LedgerEntry[]; ids: readonly string[]; review: ReviewDecision; now: string }): LedgerEntry[] {
  const { program, entries, review } = input;
  if (review.decision === 'reject' && !['fraud', 'duplicate', 'test', 'other'].includes(review.reason)) {
    throw new AppError('invalid_input', 'reason: a rejection says why (fraud, duplicate, test or other)', [{ path: 'reason', message: 'must be fraud, duplicate, test or other' }]);
  }
  const statuses = ledgerStatuses(entries, program, input.now);
  const byId = new Map(entries.map((e) => [e.id, e]));
  const issues: FieldIssue[] = [];
  input.ids.forEach((id, i) => {
    if (!byId.has(id)) issues.push({ path: `ids.${i}`, message: `no entry ${id} in programme ${program.id}` });
    else if (statuses.get(id) !== 'held') issues.push({ path: `ids.${i}`, message: `entry ${id} is ${statuses.get(id)}, not held` });
  });
  if (issues.length > 0) throw new AppError('invalid_input', `cannot review: ${issues.slice(0, 20).map((x) => `${x.path}: ${x.message}`).join('; ')}`, issues.slice(0, 20));
  const undone = new Map<string, Big>();
  for (const e of entries) if (e.kind === 'reversal' && e.ref !== null) undone.set(e.ref, (undone.get(e.ref) ?? zero).plus(e.amount));
  return [...new Set(input.ids)].map((id) => {
    const held = byId.get(id)!;
    const common = { partner_id: held.partner_id, key: `review:${id}`, ref: id, order_id: held.order_id, rule_id: held.rule_id, occurred_at: input.now, created_at: input.now, note: review.note ?? null };
    if (review.decision === 'approve') return ledgerEntry(program, { ...common, kind: 'adjustment', reason: 'review', amount: money(zero, program.currency) });
    const left = new Big(held.amount).plus(undone.get(id) ?? zero);
    return ledgerEntry(program, { ...common, kind: 'reversal', reason: review.reason, amount: money(left.times(-1), program.currency) });
  });
}
