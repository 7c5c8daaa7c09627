/**
 * Payout runs and files on a hand-computed ledger (issue 16 "Done when": a partial refund after
 * payout becomes a clawback carried into the next payout; money is conserved).
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { LedgerEntry, PayoutRun } from '../../records/partners.js';
import { AppError } from '../../shared/errors.js';
import { commissionEntries, ledgerBalance, ledgerStatuses, refundEntries } from '../ledger/index.js';
import { partner, partnersOf, program, sale } from '../ledger/__fixtures__/programme.js';
import { payoutFile, normalIban, type PayeeInfo } from './payout-files.js';
import { payoutRun } from './payout-run.js';

const p = program({ hold_days: 30, min_payout: '15' });
const partners = partnersOf(partner('a'), partner('b'));
const tz = 'Asia/Tehran';

function commissions(existing: LedgerEntry[], conversions: ReturnType<typeof sale>[], now: string): LedgerEntry[] {
  return [...existing, ...commissionEntries({ program: p, partners, timeZone: tz, existing, conversions, now })];
}

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  throw new AppError('internal', 'expected a refusal');
}

const sum = (entries: LedgerEntry[]) => entries.filter((e) => e.kind !== 'payout').reduce((s, e) => s + Math.round(Number(e.amount) * 100), 0);

describe('payoutRun', () => {
  it('pays what was approved through the date, carries a partner under the minimum, then nets a clawback into the next payout', () => {
    let ledger = commissions([], [
      sale('o1', 'a', '200', '2026-03-01T10:00:00Z'), // a: 20, approved 03-31 10:00Z
      sale('o2', 'b', '100', '2026-03-02T10:00:00Z'), // b: 10 (under the minimum of 15)
      sale('o3', 'a', '50', '2026-03-20T10:00:00Z'), // a: 5, approved 04-19: not by the run's date
    ], '2026-03-20T10:00:00Z');
    const runs: PayoutRun[] = [];
    const first = payoutRun({ program: p, entries: ledger, runs, through: '2026-04-15', timeZone: tz, now: '2026-04-16T00:00:00Z' });
    expect(first.payouts.map((x) => [x.partner, x.amount, x.entries.map((e) => e.order_id)])).toEqual([['a', '20.00', ['o1']]]);
    expect(first.carried_over).toEqual([{ partner: 'b', amount: '10.00', currency: 'EUR' }]);
    expect(first.entries[0]).toMatchObject({ kind: 'payout', amount: '-20.00', key: `payout:${first.run.id}:a`, ref: first.run.id, occurred_at: '2026-04-15T20:30:00.000Z' });
    ledger = [...ledger, ...first.entries];
    runs.push(first.run);
    expect(ledgerStatuses(ledger, p, '2026-04-16T00:00:00Z').get(ledger[0].id)).toBe('paid');

    // A refund of 40 of o1's 200 after it was paid: 20 × 40/200 = 4.00, a clawback.
    ledger = [...ledger, ...refundEntries({ program: p, entries: ledger, refund: { refund_id: 'rf1', order_id: 'o1', amount: '40', currency: 'EUR', at: '2026-04-20T00:00:00Z', reason: 'refund' }, rate: () => undefined, now: '2026-04-20T00:00:00Z' })];
    expect(ledger.at(-1)).toMatchObject({ kind: 'clawback', amount: '-4.00', partner_id: 'a' });
    // A refund of o3 (not paid yet): a reversal of 5 × 10/50 = 1.00.
    ledger = [...ledger, ...refundEntries({ program: p, entries: ledger, refund: { refund_id: 'rf2', order_id: 'o3', amount: '10', currency: 'EUR', at: '2026-04-21T00:00:00Z', reason: 'refund' }, rate: () => undefined, now: '2026-04-21T00:00:00Z' })];
    expect(ledger.at(-1)).toMatchObject({ kind: 'reversal', amount: '-1.00' });
    ledger = commissions(ledger, [sale('o4', 'a', '150', '2026-04-05T10:00:00Z'), sale('o5', 'b', '100', '2026-04-06T10:00:00Z')], '2026-04-21T00:00:00Z'); // a: 15, b: 10

    expect(refusal(() => payoutRun({ program: p, entries: ledger, runs, through: '2026-04-15', timeZone: tz, now: '2026-05-01T00:00:00Z' })).code).toBe('already_paid');
    expect(refusal(() => payoutRun({ program: p, entries: ledger, runs, through: '2026-04-01', timeZone: tz, now: '2026-05-01T00:00:00Z' })).status).toBe(409);

    // Through May: a gets 15 (o4) + 4 (o3 net of its reversal) − 4 (clawback) = 15; b 10 + 10 = 20.
    const second = payoutRun({ program: p, entries: ledger, runs, through: '2026-05-31', timeZone: tz, now: '2026-06-01T00:00:00Z' });
    expect(second.payouts.map((x) => [x.partner, x.amount])).toEqual([['a', '15.00'], ['b', '20.00']]);
    expect(second.carried_over).toEqual([]);
    ledger = [...ledger, ...second.entries];
    const statuses = ledgerStatuses(ledger, p, '2026-06-01T00:00:00Z');
    const balance = ledgerBalance(ledger, statuses, 'EUR');
    expect(balance).toEqual({ pending: '0.00', held: '0.00', approved: '0.00', paid: '55.00' });
    // Conserved: commissions 20 + 10 + 5 + 15 + 10 = 60, less the reversal 1 and the clawback 4 = 55 = paid + balance.
    expect(sum(ledger)).toBe(5500);
  });

  it('a partner whose clawbacks exceed what is approved is carried over with a negative amount', () => {
    let ledger = commissions([], [sale('o1', 'a', '300', '2026-03-01T10:00:00Z')], '2026-03-01T10:00:00Z'); // 30
    const first = payoutRun({ program: p, entries: ledger, runs: [], through: '2026-04-15', timeZone: tz, now: '2026-04-16T00:00:00Z' });
    ledger = [...ledger, ...first.entries];
    ledger = [...ledger, ...refundEntries({ program: p, entries: ledger, refund: { refund_id: 'r', order_id: 'o1', amount: '300', currency: 'EUR', at: '2026-04-20T00:00:00Z', reason: 'refund' }, rate: () => undefined, now: '2026-04-20T00:00:00Z' })];
    const second = payoutRun({ program: p, entries: ledger, runs: [first.run], through: '2026-05-31', timeZone: tz, now: '2026-06-01T00:00:00Z' });
    expect(second.payouts).toEqual([]);
    expect(second.carried_over).toEqual([{ partner: 'a', amount: '-30.00', currency: 'EUR' }]);
    expect(ledgerBalance(ledger, ledgerStatuses(ledger, p, '2026-06-01T00:00:00Z'), 'EUR')).toEqual({ pending: '0.00', held: '0.00', approved: '-30.00', paid: '30.00' });
  });
});

describe('payoutFile', () => {
  const ledger = commissions([], [sale('o1', 'a', '200', '2026-03-01T10:00:00Z'), sale('o2', 'b', '300', '2026-03-01T10:00:00Z')], '2026-03-01T10:00:00Z');
  const result = payoutRun({ program: p, entries: ledger, runs: [], through: '2026-04-15', timeZone: tz, now: '2026-04-16T00:00:00Z' });
  const payees = new Map<string, PayeeInfo>([
    ['a', { name: 'Ali', email: 'ali@example.com', details: { method: 'bank', iban: 'ir06 2960 0000 0010 0324 2000 01', paypal_email: 'ali@example.com', account_name: 'Ali Rezaei' } }],
    ['b', { name: '=Bob', email: 'bob@example.com', details: { method: 'paypal', paypal_email: 'bob@example.com', iban: 'DE89 3704 0044 0532 0130 00' } }],
  ]);

  it('writes the generic, PayPal and bank files', () => {
    expect(parse(payoutFile('generic', result, payees))).toEqual([
      ['partner', 'name', 'email', 'amount', 'currency', 'run', 'method', 'entries'],
      ['a', 'Ali', 'ali@example.com', '20.00', 'EUR', result.run.id, 'bank', '1'],
      ['b', "'=Bob", 'bob@example.com', '30.00', 'EUR', result.run.id, 'paypal', '1'],
    ]);
    expect(parse(payoutFile('paypal', result, payees))[1]).toEqual(['bob@example.com', '30.00', 'EUR', 'b', `Commissions through 2026-04-15 (${result.run.id})`, 'PAYPAL']);
    expect(parse(payoutFile('bank', result, payees)).slice(1).map((r: string[]) => r.slice(0, 4))).toEqual([
      ['Ali Rezaei', 'IR062960000000100324200001', '', '20.00'],
      ["'=Bob", 'DE89370400440532013000', '', '30.00'],
    ]);
  });

  it('refuses a payee without a valid IBAN or Sheba, naming the payout', () => {
    const bad = new Map(payees);
    bad.set('b', { name: 'Bob', email: 'bob@example.com', details: { method: 'bank', iban: 'IR06296000000010032420000' } });
    expect(refusal(() => payoutFile('bank', result, bad)).issues).toEqual([{ path: 'payouts.1.iban', message: 'partner b has no valid IBAN or Sheba (IR + 24 digits)' }]);
    expect(normalIban('DE89 3704 0044 0532 0130 01')).toBeUndefined(); // check digits wrong
  });
});
