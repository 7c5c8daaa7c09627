/**
 * Hand-computed commission ledgers (issue 16 "Done when"). Every expected amount is worked out in
 * the comment beside it from the programme's rules in design.md "Partners".
 */
import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../records/partners.js';
import { AppError } from '../../shared/errors.js';
import { commissionEntries, type CommissionInput } from './commissions.js';
import { partner, partnersOf, program, sale } from './__fixtures__/programme.js';

const now = '2026-04-01T00:00:00Z';
const run = (over: Partial<CommissionInput>) => commissionEntries({ program: program(), partners: partnersOf(partner('a')), timeZone: 'UTC', existing: [], conversions: [], now, ...over });
const brief = (entries: LedgerEntry[]) => entries.map((e) => [e.partner_id, e.kind, e.key, e.amount]);

describe('commissionEntries', () => {
  it('pays percent of a sale and a flat lead, rounded half-even to cents', () => {
    const p = program({ rules: [{ id: 'r1', event: 'sale', type: 'percent', amount: '12.5' }, { id: 'r2', event: 'lead', type: 'flat', amount: '2.00' }] });
    const entries = run({
      program: p,
      conversions: [
        sale('o1', 'a', '100.20', '2026-03-01T10:00:00Z'), // 12.5% of 100.20 = 12.525 → 12.52 (half-even)
        sale('o2', 'a', '100.60', '2026-03-01T11:00:00Z'), // 12.575 → 12.58
        { ...sale('l1', 'a', '0', '2026-03-01T12:00:00Z'), event: 'lead', amount: null, share: '0.5' }, // 2.00 × 0.5 = 1.00
      ],
    });
    expect(brief(entries)).toEqual([
      ['a', 'commission', 'commission:o1:r1', '12.52'],
      ['a', 'commission', 'commission:o2:r1', '12.58'],
      ['a', 'commission', 'commission:l1:r2', '1.00'],
    ]);
    expect(entries[0].id).toBe('le_commission:o1:r1');
  });

  it('a re-sent order pays once, in the same batch and in a later one', () => {
    const first = run({ conversions: [sale('o1', 'a', '50', '2026-03-01T10:00:00Z'), sale('o1', 'a', '50', '2026-03-01T10:00:00Z')] });
    expect(brief(first)).toEqual([['a', 'commission', 'commission:o1:r1', '5.00']]);
    expect(run({ existing: first, conversions: [sale('o1', 'a', '50', '2026-03-01T10:00:00Z')] })).toEqual([]);
    // Recomputed from nothing, the entry is the same entry (id from the key).
    expect(run({ conversions: [sale('o1', 'a', '50', '2026-03-01T10:00:00Z')] })[0].id).toBe(first[0].id);
  });

  it('a coupon order with no click is paid like a click', () => {
    const entries = run({ conversions: [sale('o9', 'a', '80', '2026-03-02T10:00:00Z', { via: 'coupon', click_id: null })] });
    expect(brief(entries)).toEqual([['a', 'commission', 'commission:o9:r1', '8.00']]); // 10% of 80
  });

  it('a tier crossed mid-month: the crossing sale and later ones at the tier rate, earlier ones not (not retroactive)', () => {
    const p = program({ rules: [{ id: 'r1', event: 'sale', type: 'percent', amount: '10', tiers: [{ min_sales: 3, amount: '15' }] }] });
    const entries = run({
      program: p,
      timeZone: 'Asia/Tehran',
      conversions: [
        sale('o1', 'a', '100', '2026-03-01T10:00:00Z'), // 1st of March: 10
        sale('o2', 'a', '200', '2026-03-05T10:00:00Z'), // 2nd: 20
        sale('o3', 'a', '100', '2026-03-10T10:00:00Z'), // 3rd reaches tier 1: 15
        sale('o4', 'a', '100', '2026-03-31T21:00:00Z'), // 00:30 on 1 April in Tehran: 1st of April, 10
      ],
    });
    expect(entries.map((e) => e.amount)).toEqual(['10.00', '20.00', '15.00', '10.00']);
  });

  it('a tier crossed mid-month, retroactive: the earlier sales of the month are re-rated by adjustments', () => {
    const p = program({ rules: [{ id: 'r1', event: 'sale', type: 'percent', amount: '10', retroactive: true, tiers: [{ min_sales: 3, amount: '15' }, { min_sales: 4, amount: '20' }] }] });
    const entries = run({
      program: p,
      conversions: [
        sale('o1', 'a', '100', '2026-03-01T10:00:00Z'), // 10
        sale('o2', 'a', '200', '2026-03-05T10:00:00Z'), // 20
        sale('o3', 'a', '100', '2026-03-10T10:00:00Z'), // tier 1: 15; o1 +5 (15−10), o2 +10 (30−20)
        sale('o4', 'a', '10', '2026-03-11T10:00:00Z'), // tier 2: 2; o1 +5 (20−15), o2 +10 (40−30), o3 +5 (20−15)
      ],
    });
    expect(brief(entries)).toEqual([
      ['a', 'commission', 'commission:o1:r1', '10.00'],
      ['a', 'commission', 'commission:o2:r1', '20.00'],
      ['a', 'commission', 'commission:o3:r1', '15.00'],
      ['a', 'adjustment', 'tier:o1:r1:1', '5.00'],
      ['a', 'adjustment', 'tier:o2:r1:1', '10.00'],
      ['a', 'commission', 'commission:o4:r1', '2.00'],
      ['a', 'adjustment', 'tier:o1:r1:2', '5.00'],
      ['a', 'adjustment', 'tier:o2:r1:2', '10.00'],
      ['a', 'adjustment', 'tier:o3:r1:2', '5.00'],
    ]);
    expect(entries.filter((e) => e.kind === 'adjustment').every((e) => e.reason === 'tier')).toBe(true);
    // The same month sent again in a later batch changes nothing.
    expect(run({ program: p, existing: entries, conversions: [sale('o4', 'a', '10', '2026-03-11T10:00:00Z')] })).toEqual([]);
  });

  it('a two-level override waits for the parent\'s own sale in the month, then pays the month\'s earlier child sales', () => {
    const p = program({ override_percent: '2' });
    const partners = partnersOf(partner('parent'), partner('child', { parent_id: 'parent' }));
    const entries = run({
      program: p,
      partners,
      conversions: [
        sale('c1', 'child', '100', '2026-03-02T10:00:00Z'), // child 10; parent has no March sale yet: no override
        sale('p1', 'parent', '50', '2026-03-10T10:00:00Z'), // parent 5; the gate opens: override on c1 = 2% of 100 = 2, dated 03-10
        sale('c2', 'child', '300', '2026-03-12T10:00:00Z'), // child 30; override 6
        sale('c3', 'child', '100', '2026-04-02T10:00:00Z'), // April: parent has no April sale: no override
      ],
    });
    expect(brief(entries)).toEqual([
      ['child', 'commission', 'commission:c1:r1', '10.00'],
      ['parent', 'commission', 'commission:p1:r1', '5.00'],
      ['parent', 'commission', 'override:c1:child', '2.00'],
      ['child', 'commission', 'commission:c2:r1', '30.00'],
      ['parent', 'commission', 'override:c2:child', '6.00'],
      ['child', 'commission', 'commission:c3:r1', '10.00'],
    ]);
    expect(entries[2]).toMatchObject({ reason: 'override', occurred_at: '2026-03-10T10:00:00Z', order_id: 'c1' });
  });

  it('an IRR programme: big amounts, no minor unit', () => {
    const p = program({ currency: 'IRR', rules: [{ id: 'r1', event: 'sale', type: 'percent', amount: '7.5' }] });
    const entries = run({
      program: p,
      conversions: [
        sale('o1', 'a', '123456789012', '2026-03-01T10:00:00Z'), // 7.5% = 9259259175.9 → 9259259176
        sale('o2', 'a', '1500000', '2026-03-01T11:00:00Z'), // 112500
        sale('o3', 'a', '30', '2026-03-01T12:00:00Z'), // 2.25 → 2
        sale('o4', 'a', '70', '2026-03-01T13:00:00Z'), // 5.25 → 5
        sale('o5', 'a', '90', '2026-03-01T14:00:00Z'), // 6.75 → 7
      ],
    });
    expect(entries.map((e) => e.amount)).toEqual(['9259259176', '112500', '2', '5', '7']);
  });

  it('caps per day: the commission is cut to what remains of the cap, a sale past it gets 0', () => {
    const p = program({ rules: [{ id: 'r1', event: 'sale', type: 'percent', amount: '10', cap: { per: 'day', amount: '25' } }] });
    const entries = run({
      program: p,
      conversions: [
        sale('o1', 'a', '200', '2026-03-01T10:00:00Z'), // 20
        sale('o2', 'a', '200', '2026-03-01T11:00:00Z'), // 20 cut to 5
        sale('o3', 'a', '200', '2026-03-01T12:00:00Z'), // 0
        sale('o4', 'a', '200', '2026-03-02T12:00:00Z'), // a new day: 20
      ],
    });
    expect(entries.map((e) => e.amount)).toEqual(['20.00', '5.00', '0.00', '20.00']);
    expect(entries[1].note).toMatch(/cap of 25 EUR per day reached/);
  });

  it('recurring months: the customer\'s later sales pay within N months of the first, a one-time rule only the first', () => {
    const p = program({ rules: [{ id: 'once', event: 'sale', type: 'flat', amount: '3' }, { id: 'rec', event: 'sale', type: 'percent', amount: '10', months: 2 }] });
    const entries = run({
      program: p,
      conversions: [
        sale('o1', 'a', '100', '2026-01-31T10:00:00Z', { customer: 'k' }), // once 3, rec 10
        sale('o2', 'a', '100', '2026-03-31T09:59:59Z', { customer: 'k' }), // before 2026-03-31T10:00 (2 months on): rec 10
        sale('o3', 'a', '100', '2026-03-31T10:00:00Z', { customer: 'k' }), // 2 months on: nothing
        sale('o4', 'a', '40', '2026-03-31T11:00:00Z', { customer: null }), // unknown customer: its own first, 3 + 4
      ],
    });
    expect(brief(entries)).toEqual([
      ['a', 'commission', 'commission:o1:once', '3.00'],
      ['a', 'commission', 'commission:o1:rec', '10.00'],
      ['a', 'commission', 'commission:o2:rec', '10.00'],
      ['a', 'commission', 'commission:o4:once', '3.00'],
      ['a', 'commission', 'commission:o4:rec', '4.00'],
    ]);
  });

  it('product filters, model shares and fraud holds', () => {
    const p = program({ rules: [{ id: 'shoes', event: 'sale', type: 'percent', amount: '20', product: 'shoes' }] });
    const entries = run({
      program: p,
      partners: partnersOf(partner('a'), partner('b')),
      conversions: [
        sale('o1', 'a', '100', '2026-03-01T10:00:00Z', { category: 'hats' }), // not shoes: nothing
        sale('o2', 'a', '100', '2026-03-01T11:00:00Z', { category: 'shoes', via: 'model', share: '0.25' }), // 20% × 100 × 0.25 = 5
        sale('o2', 'b', '100', '2026-03-01T11:00:00Z', { category: 'shoes', via: 'model', share: '0.75', fraud_score: 80, fraud_reasons: ['datacenter ip', 'fast click'] }), // 15, held
      ],
    });
    expect(brief(entries)).toEqual([
      ['a', 'commission', 'commission:o2:shoes:a', '5.00'],
      ['b', 'commission', 'commission:o2:shoes:b', '15.00'],
    ]);
    expect(entries[1]).toMatchObject({ held: true, fraud_score: 80, note: 'datacenter ip; fast click' });
  });

  it('refuses a rule that cannot be evaluated and conversions of another programme, naming the field', () => {
    const bad = program({ rules: [{ id: 'r1', event: 'sale', type: 'percent', amount: '120', tiers: [{ min_sales: 5, amount: '1' }, { min_sales: 3, amount: '2' }] }] });
    const error = (() => { try { run({ program: bad }); } catch (e) { return e as AppError; } })()!;
    expect(error).toBeInstanceOf(AppError);
    expect(error.issues.map((i) => i.path)).toEqual(['rules.0.amount', 'rules.0.tiers.1.min_sales']);
    const wrong = (() => { try { run({ conversions: [sale('o1', 'a', '-3', '2026-03-01T10:00:00Z')] }); } catch (e) { return e as AppError; } })()!;
    expect(wrong.issues.map((i) => i.path)).toEqual(['conversions.0.amount']);
  });
});
