/**
 * Refunds (design.md "Partners"). A refund of an order reverses each entry the order earned (its
 * commissions, overrides and tier adjustments, for every partner) by entry × refunded ÷ order
 * amount, rounded half-even to the minor unit and never past what is left of the entry; the
 * refund that completes the order reverses exactly what is left. A refund in another currency than
 * the programme's is converted at the order's own day, as its sale was: refunding the whole order
 * in the currency it was paid in reverses exactly what it earned, whatever the rate did since. The reversal of an entry already
 * paid is a `clawback` (approved at once, netted into the partner's next payout); otherwise a
 * `reversal`. Keys `reversal:<refund id>:<entry id>`: a retried refund id changes nothing.
 */
import Big from 'big.js';
import type { OrderRefund } from '../credited-conversion.js';
import type { LedgerEntry, Program } from '../../records/partners.js';
import { AppError, invalid } from '../../shared/errors.js';
import { ledgerEntry } from './entry.js';
import { money, zero } from './money.js';
import { ledgerStatuses } from './statuses.js';

/** `amount` of `from` in `to` through the rates table on instant `at`'s day, rounded to `to`'s minor unit, or undefined when there is no rate. */
export type RateLookup = (amount: string, from: string, to: string, at: string) => string | undefined;

export interface RefundInput {
  program: Program;
  /** The programme's ledger (at least the order's entries and its partners' payouts). */
  entries: readonly LedgerEntry[];
  refund: OrderRefund;
  rate: RateLookup;
  /** ISO instant: the new entries' `created_at`, and when paid-or-not is judged. */
  now: string;
}

const decimal = /^\d{1,15}(\.\d{1,12})?$/;

const earns = (e: LedgerEntry) => e.kind === 'commission' || (e.kind === 'adjustment' && e.reason === 'tier');

/**
 * The reversal and clawback entries for `refund`, or none when its `refund_id` is already in the
 * ledger or the order earned nothing. Refuses (400 `invalid_input`, nothing made) an amount that is
 * not a positive decimal or is larger than what is left of the order (`amount`), and a currency
 * other than the programme's without a rate (`currency`).
 */
export function refundEntries(input: RefundInput): LedgerEntry[] {
  const { program, entries, refund } = input;
  if (!decimal.test(refund.amount) || new Big(refund.amount).lte(0)) throw invalid('amount', `must be a positive decimal amount, got ${JSON.stringify(refund.amount)}`);
  if (refund.reason !== 'refund' && refund.reason !== 'other') throw invalid('reason', 'must be refund or other');
  if (entries.some((e) => e.refund_id === refund.refund_id)) return [];
  const earned = entries.filter((e) => e.order_id === refund.order_id && earns(e));
  if (earned.length === 0) return [];
  let refunded = new Big(refund.amount);
  if (refund.currency !== program.currency) {
    const orderAt = earned[0].occurred_at;
    const converted = input.rate(refund.amount, refund.currency, program.currency, orderAt);
    if (converted === undefined) {
      throw new AppError('invalid_input', `currency: no rate from ${refund.currency} to ${program.currency} on the order's day ${orderAt.slice(0, 10)}`, [{ path: 'currency', message: `no rate from ${refund.currency} to ${program.currency}` }]);
    }
    refunded = new Big(converted);
  }
  const orderAmount = new Big(earned.find((e) => e.order_amount != null)?.order_amount ?? '0');
  const refundedBefore = new Map<string, string>();
  for (const e of entries) if (e.refund_id !== null && e.order_id === refund.order_id && e.refund_amount != null) refundedBefore.set(e.refund_id, e.refund_amount);
  const left = orderAmount.minus([...refundedBefore.values()].reduce((s, a) => s.plus(a), zero));
  if (refunded.gt(left)) {
    throw invalid('amount', `${refunded.toFixed()} ${program.currency} is more than what is left of order ${refund.order_id} (${left.toFixed()} of ${orderAmount.toFixed()})`);
  }
  const completes = refunded.eq(left);
  const undone = new Map<string, Big>();
  for (const e of entries) if ((e.kind === 'reversal' || e.kind === 'clawback') && e.ref !== null) undone.set(e.ref, (undone.get(e.ref) ?? zero).plus(e.amount));
  const statuses = ledgerStatuses(entries, program, input.now);
  return earned.map((e) => {
    const remaining = new Big(e.amount).plus(undone.get(e.id) ?? zero);
    let amount = completes ? remaining : new Big(money(new Big(e.amount).times(refunded).div(orderAmount), program.currency));
    // Never past what is left of the entry (partial refunds each rounded up could overshoot).
    if (remaining.eq(0)) amount = zero;
    else if (amount.abs().gt(remaining.abs())) amount = remaining;
    const key = `reversal:${refund.refund_id}:${e.id}`;
    return ledgerEntry(program, {
      partner_id: e.partner_id, kind: statuses.get(e.id) === 'paid' ? 'clawback' : 'reversal', amount: money(amount.times(-1), program.currency), key,
      ref: e.id, order_id: refund.order_id, rule_id: e.rule_id, refund_id: refund.refund_id, refund_amount: refunded.toFixed(), reason: refund.reason,
      occurred_at: refund.at, created_at: input.now,
    });
  });
}
