/**
 * Refunds, reviews and derived statuses on hand-computed ledgers (design.md "Partners"): reversals
 * are commission × refunded ÷ order amount rounded half-even, the completing refund takes the exact
 * remainder, a retried refund id changes nothing and refused refunds make nothing.
 */
import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../records/partners.js';
import { AppError } from '../../shared/errors.js';
import type { OrderRefund } from '../credited-conversion.js';
import { commissionEntries } from './commissions.js';
import { refundEntries } from './refunds.js';
import { reviewEntries } from './review.js';
import { ledgerBalance, ledgerStatuses } from './statuses.js';
import { partner, partnersOf, program, sale } from './__fixtures__/programme.js';

const p = program({ hold_days: 30 });
/** USD → EUR: 0.5 until 2 March 2026, 0.6 from then on (the order's day decides). */
const rates = (amount: string, from: string, to: string, at: string) =>
  from === 'USD' && to === 'EUR' ? (Number(amount) * (at < '2026-03-02' ? 0.5 : 0.6)).toFixed(2) : undefined;
const refund = (id: string, amount: string, over: Partial<OrderRefund> = {}): OrderRefund => ({ refund_id: id, order_id: 'o1', amount, currency: 'EUR', at: '2026-03-05T00:00:00Z', reason: 'refund', ...over });

function ledgerWith(amount: string, at = '2026-03-01T10:00:00Z', over = {}): LedgerEntry[] {
  return commissionEntries({ program: p, partners: partnersOf(partner('a')), timeZone: 'UTC', existing: [], conversions: [sale('o1', 'a', amount, at, over)], now: at });
}

function apply(ledger: LedgerEntry[], r: OrderRefund, now = '2026-03-05T00:00:00Z'): LedgerEntry[] {
  return [...ledger, ...refundEntries({ program: p, entries: ledger, refund: r, rate: rates, now })];
}

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  throw new AppError('internal', 'expected a refusal');
}

describe('refundEntries', () => {
  it('reverses in proportion, ignores a retried id, refuses more than is left, and reverses the exact remainder at the end', () => {
    let ledger = ledgerWith('100'); // commission 10.00
    ledger = apply(ledger, refund('rf1', '30')); // 10 × 30/100 = 3.00
    expect(apply(ledger, refund('rf1', '30'))).toEqual(ledger); // the same refund id again: nothing
    ledger = apply(ledger, refund('rf2', '50')); // 5.00
    const before = [...ledger];
    const tooMuch = refusal(() => apply(ledger, refund('rf3', '30'))); // 20 left of the order
    expect(tooMuch.code).toBe('invalid_input');
    expect(tooMuch.issues.map((i) => i.path)).toEqual(['amount']);
    expect(ledger).toEqual(before);
    ledger = apply(ledger, refund('rf4', '20')); // completes: the remainder 2.00
    expect(ledger.filter((e) => e.kind === 'reversal').map((e) => [e.amount, e.reason, e.refund_id])).toEqual([['-3.00', 'refund', 'rf1'], ['-5.00', 'refund', 'rf2'], ['-2.00', 'refund', 'rf4']]);
    const statuses = ledgerStatuses(ledger, p, '2026-03-06T00:00:00Z');
    expect(statuses.get(ledger[0].id)).toBe('reversed');
    expect(ledgerBalance(ledger, statuses, 'EUR')).toEqual({ pending: '0.00', held: '0.00', approved: '0.00', paid: '0.00' });
  });

  it('rounds each partial reversal half-even and leaves the remainder to the refund that completes the order', () => {
    let ledger = ledgerWith('30'); // 3.00 on an order of 30
    ledger = apply(ledger, refund('a', '10.05')); // 3 × 10.05 / 30 = 1.005 → 1.00 (half-even)
    ledger = apply(ledger, refund('b', '10.15')); // 1.015 → 1.02
    ledger = apply(ledger, refund('c', '9.80')); // completes: 3.00 − 2.02 = 0.98
    expect(ledger.slice(1).map((e) => e.amount)).toEqual(['-1.00', '-1.02', '-0.98']);
    let thirds = ledgerWith('3'); // 0.30 on an order of 3
    for (const id of ['t1', 't2', 't3']) thirds = apply(thirds, refund(id, '1')); // 0.10, 0.10, then the remainder 0.10
    let sevenths = ledgerWith('7'); // 0.70: 0.70 × 1/7 = 0.10 each
    sevenths = apply(sevenths, refund('s1', '3.5')); // 0.35 → 0.35
    sevenths = apply(sevenths, refund('s2', '3.5')); // completes: 0.35
    expect([...thirds.slice(1), ...sevenths.slice(1)].map((e) => e.amount)).toEqual(['-0.10', '-0.10', '-0.10', '-0.35', '-0.35']);
    let odd = ledgerWith('30', '2026-03-01T10:00:00Z'); // 3.00 on 30
    for (const id of ['u1', 'u2', 'u3']) odd = apply(odd, refund(id, '10')); // 1.00 each, exact
    let cents = commissionEntries({ program: program({ rules: [{ id: 'r1', event: 'sale', type: 'flat', amount: '1.00' }] }), partners: partnersOf(partner('a')), timeZone: 'UTC', existing: [], conversions: [sale('o1', 'a', '3', '2026-03-01T10:00:00Z')], now: '2026-03-01T10:00:00Z' });
    for (const id of ['v1', 'v2', 'v3']) cents = apply(cents, refund(id, '1')); // 1.00 × 1/3 = 0.333 → 0.33, 0.33, then the remainder 0.34
    expect(cents.slice(1).map((e) => e.amount)).toEqual(['-0.33', '-0.33', '-0.34']);
    expect(odd.slice(1).map((e) => e.amount)).toEqual(['-1.00', '-1.00', '-1.00']);
  });

  it('converts a refund in another currency through the rate, and refuses one without a rate naming currency', () => {
    let ledger = ledgerWith('100');
    ledger = apply(ledger, refund('usd', '40', { currency: 'USD' })); // 40 USD × 0.5 = 20 EUR → 2.00
    expect(ledger[1]).toMatchObject({ amount: '-2.00', refund_amount: '20' });
    const noRate = refusal(() => apply(ledger, refund('gbp', '10', { currency: 'GBP' })));
    expect(noRate.issues.map((i) => i.path)).toEqual(['currency']);
  });

  it("converts at the order's day: the whole order refunded in its own currency reverses exactly what it earned after the rate moved", () => {
    // The sale was 200 USD = 100 EUR on 1 March (0.5); on 5 March the rate is 0.6, so the refund day's rate would make it 120 EUR, more than the order.
    let ledger = ledgerWith('100');
    ledger = apply(ledger, refund('half', '100', { currency: 'USD' })); // 100 USD × 0.5 = 50 EUR → 5.00
    ledger = apply(ledger, refund('rest', '100', { currency: 'USD' })); // completes the order: the remaining 5.00
    expect(ledger.slice(1).map((e) => [e.amount, e.refund_amount])).toEqual([['-5.00', '50'], ['-5.00', '50']]);
    expect(refusal(() => apply(ledger, refund('more', '0.02', { currency: 'USD' }))).issues[0].path).toBe('amount');
  });

  it('an unknown order or a refund of nothing makes nothing; a bad amount is refused', () => {
    expect(apply(ledgerWith('100'), refund('x', '5', { order_id: 'other' }))).toHaveLength(1);
    expect(refusal(() => apply(ledgerWith('100'), refund('x', '-5'))).issues[0].path).toBe('amount');
  });
});

describe('ledgerStatuses and reviews', () => {
  it('pending until the hold is over, then approved', () => {
    const ledger = ledgerWith('100');
    expect(ledgerStatuses(ledger, p, '2026-03-31T09:59:59Z').get(ledger[0].id)).toBe('pending');
    expect(ledgerStatuses(ledger, p, '2026-03-31T10:00:00Z').get(ledger[0].id)).toBe('approved');
  });

  it('held until reviewed; approval releases it after the hold, rejection reverses it with its reason', () => {
    const ledger = ledgerWith('100', '2026-03-01T10:00:00Z', { fraud_score: 90, fraud_reasons: ['burst from one ip'] });
    const id = ledger[0].id;
    expect(ledgerStatuses(ledger, p, '2026-05-01T00:00:00Z').get(id)).toBe('held');
    expect(ledgerBalance(ledger, ledgerStatuses(ledger, p, '2026-05-01T00:00:00Z'), 'EUR').held).toBe('10.00');
    const approved = [...ledger, ...reviewEntries({ program: p, entries: ledger, ids: [id], review: { decision: 'approve' }, now: '2026-03-10T00:00:00Z' })];
    expect(approved[1]).toMatchObject({ kind: 'adjustment', amount: '0.00', reason: 'review', ref: id });
    expect(ledgerStatuses(approved, p, '2026-03-30T00:00:00Z').get(id)).toBe('pending');
    expect(ledgerStatuses(approved, p, '2026-03-31T10:00:00Z').get(id)).toBe('approved');
    const rejected = [...ledger, ...reviewEntries({ program: p, entries: ledger, ids: [id], review: { decision: 'reject', reason: 'fraud' }, now: '2026-03-10T00:00:00Z' })];
    expect(rejected[1]).toMatchObject({ kind: 'reversal', amount: '-10.00', reason: 'fraud', ref: id });
    expect(ledgerStatuses(rejected, p, '2026-05-01T00:00:00Z').get(id)).toBe('reversed');
    // A second review of the same entry is refused: it is no longer held.
    expect(refusal(() => reviewEntries({ program: p, entries: rejected, ids: [id], review: { decision: 'approve' }, now: '2026-03-11T00:00:00Z' })).issues[0].path).toBe('ids.0');
  });
});
