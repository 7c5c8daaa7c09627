import { describe, expect, it } from 'vitest';
import type { LedgerEntry, Partner } from '../../records/partners.js';
import { median, recruitmentFunnel } from './recruitment-funnel.js';
import { nextPayoutDate } from './payout-schedule.js';

const partner = (id: string, created_at: string, approved_at: string | null): Partner => ({
  id, workspace_id: 'w', program_id: 'pr', name: id, email: `${id}@example.com`, kind: 'affiliate', status: approved_at ? 'approved' : 'applied', parent_id: null, group: null,
  language: 'en', country: null, links: [], coupons: [], identities: [], retainer: null, postback_url: null, tax: null, created_at, approved_at,
});
const sale = (partner_id: string, occurred_at: string, order_amount: string | null = '10.00'): LedgerEntry => ({
  id: `${partner_id}-${occurred_at}`, workspace_id: 'w', program_id: 'pr', partner_id, kind: 'commission', amount: '1.00', currency: 'EUR', key: 'k', ref: null, order_id: 'o',
  rule_id: 'r1', refund_id: null, payout_run_id: null, reason: null, fraud_score: null, held: false, occurred_at, created_at: occurred_at, note: null, order_amount,
});

describe('recruitmentFunnel', () => {
  it('counts the cohort that applied in the range, by hand', () => {
    const partners = [
      partner('p1', '2026-03-01T00:00:00Z', '2026-03-03T00:00:00Z'),
      partner('p2', '2026-03-02T00:00:00Z', '2026-03-02T12:00:00Z'),
      partner('p3', '2026-03-05T00:00:00Z', null),
      partner('p0', '2026-02-27T00:00:00Z', '2026-02-28T00:00:00Z'), // applied before the range
    ];
    // p1's first sale on 10 Mar (a later one and a lead commission do not count); p2's lead only; p0 sells but is outside the cohort.
    const entries = [sale('p1', '2026-03-12T00:00:00Z'), sale('p1', '2026-03-10T00:00:00Z'), sale('p2', '2026-03-04T00:00:00Z', null), sale('p0', '2026-03-02T00:00:00Z')];
    // applied 3; approved 2 (2 ÷ 3 = 0.6667; days 2 and 0.5 → median 1.25); first sale 1 (1 ÷ 2 = 0.5; 7 days after approval).
    expect(recruitmentFunnel(partners, entries, { from: '2026-03-01', to: '2026-03-31', timeZone: 'UTC' })).toEqual([
      { step: 'applied', count: 3, rate: null, median_days: null },
      { step: 'approved', count: 2, rate: 0.6667, median_days: 1.25 },
      { step: 'first_sale', count: 1, rate: 0.5, median_days: 7 },
    ]);
  });

  it('takes the median of odd and even counts', () => {
    expect([median([]), median([3, 1, 2]), median([4, 1, 2, 3])]).toEqual([null, 2, 2.5]);
  });
});

describe('nextPayoutDate', () => {
  it('is the next Monday, the next 1st, or none', () => {
    // 2026-03-04 is a Wednesday; 2026-03-09 a Monday; 2026-12-15 → 2027-01-01.
    expect(nextPayoutDate('weekly', '2026-03-04')).toBe('2026-03-09');
    expect(nextPayoutDate('weekly', '2026-03-09')).toBe('2026-03-16');
    expect(nextPayoutDate('weekly', '2026-03-08')).toBe('2026-03-09');
    expect(nextPayoutDate('monthly', '2026-03-01')).toBe('2026-04-01');
    expect(nextPayoutDate('monthly', '2026-12-15')).toBe('2027-01-01');
    expect(nextPayoutDate('manual', '2026-03-04')).toBeNull();
  });
});
