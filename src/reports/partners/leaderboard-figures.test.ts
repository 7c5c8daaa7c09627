import { describe, expect, it } from 'vitest';
import type { LedgerEntry, Partner } from '../../records/partners.js';
import type { PartnerClickFact, PartnerConversionFact, PartnerTouchFact } from '../../partners/crediting/index.js';
import { amountSortKey, leaderboardRows } from './leaderboard-figures.js';
import { partnerRevenueShares } from './partner-shares.js';

function partner(id: string, links: string[]): Partner {
  return {
    id, workspace_id: 'w', program_id: 'pr', name: `Partner ${id}`, email: `${id}@example.com`, kind: 'affiliate', status: 'approved', parent_id: null, group: null,
    language: 'en', country: null, links, coupons: [], identities: [], retainer: null, postback_url: null, tax: null, created_at: '2026-01-01T00:00:00Z', approved_at: null,
  };
}

let n = 0;
function entry(partner_id: string, kind: LedgerEntry['kind'], amount: string, occurred_at: string, extra: Partial<LedgerEntry> = {}): LedgerEntry {
  const id = `e${++n}`;
  return {
    id, workspace_id: 'w', program_id: 'pr', partner_id, kind, amount, currency: 'EUR', key: id, ref: null, order_id: null, rule_id: 'r1',
    refund_id: null, payout_run_id: null, reason: null, fraud_score: null, held: false, occurred_at, created_at: occurred_at, note: null, ...extra,
  };
}

describe('leaderboardRows', () => {
  it('computes the figures by hand', () => {
    const entries = [
      // p1: o1 200.00 (share 1) with two rules' commissions 20.00 and 1.00, o2 100.00 at share 0.5 → 5.00, a reversal −3.00; scores 10 and 31.
      entry('p1', 'commission', '20.00', '2026-03-02T10:00:00Z', { order_id: 'o1', order_amount: '200.00', share: '1', fraud_score: 10 }),
      entry('p1', 'commission', '1.00', '2026-03-02T10:00:00Z', { order_id: 'o1', order_amount: '200.00', share: '1', rule_id: 'r2' }),
      entry('p1', 'commission', '5.00', '2026-03-05T10:00:00Z', { order_id: 'o2', order_amount: '100.00', share: '0.5', fraud_score: 31 }),
      entry('p1', 'reversal', '-3.00', '2026-03-06T10:00:00Z', { order_id: 'o1', reason: 'refund' }),
      entry('p1', 'payout', '-10.00', '2026-03-07T10:00:00Z'),
      // outside the range (April): left out
      entry('p1', 'commission', '99.00', '2026-04-01T10:00:00Z', { order_id: 'o9', order_amount: '990.00', share: '1' }),
      // p2: a lead commission 2.00 (no order amount): no conversion counted as a sale
      entry('p2', 'commission', '2.00', '2026-03-10T10:00:00Z', { order_id: 'l1' }),
    ];
    const rows = leaderboardRows({
      partners: [partner('p2', ['s2']), partner('p1', ['s1a', 's1b']), partner('p3', [])], currency: 'EUR', timeZone: 'UTC', from: '2026-03-01', to: '2026-03-31',
      entries, clicksBySlug: new Map([['s1a', 30], ['s1b', 10], ['s2', 0]]),
    });
    expect(rows.map((r) => r.partner_id)).toEqual(['p1', 'p2', 'p3']);
    // p1: clicks 40; conversions 2; revenue 200 + 50 = 250.00; commissions 20 + 1 + 5 − 3 = 23.00;
    // EPC 23 ÷ 40 = 0.575 → 0.58; roas 250 ÷ 23 = 10.869565… → 10.8696; after commissions 227 ÷ 23 = 9.869565… → 9.8696; fraud (10 + 31) ÷ 2 = 20.5 → 21.
    expect(rows[0]).toEqual({
      partner_id: 'p1', name: 'Partner p1', kind: 'affiliate', status: 'approved', clicks: 40, conversions: 2, revenue: '250.00', commissions: '23.00',
      earnings_per_click: '0.58', roas: 10.8696, roas_after_commissions: 9.8696, fraud_score: 21, last_click_share: null, data_driven_share: null,
    });
    expect(rows[1]).toMatchObject({ partner_id: 'p2', clicks: 0, conversions: 0, revenue: '0.00', commissions: '2.00', earnings_per_click: null, roas: 0, roas_after_commissions: -1 });
    expect(rows[2]).toMatchObject({ partner_id: 'p3', commissions: '0.00', roas: null, fraud_score: null });
  });

  it('sorts amount keys as the amounts', () => {
    const amounts = ['-5.5', '-0.01', '0', '0.009', '12.00', '100'];
    expect([...amounts].sort((a, b) => (amountSortKey(a) < amountSortKey(b) ? -1 : 1))).toEqual(amounts);
  });
});

describe('partnerRevenueShares', () => {
  const click = (id: string, slug: string, person: string, ts: string): PartnerClickFact => ({ click_id: id, slug, ts, person, anonymous_id: person, sub_ids: {}, ip_prefix: null, user_agent: null, ad_click: null, landed: true });
  const sale = (id: string, person: string, ts: string, amount: string, currency = 'EUR'): PartnerConversionFact => ({ kind: 'sale', id, ts, amount, currency, coupon: null, product: null, category: null, person, anonymous_id: person, email_hash: null, email_disposable: null });
  const touch = (person: string, ts: string, channel: string): PartnerTouchFact => ({ person, ts, channel, kind: 'click' });

  it('gives last click to the last touch and the data-driven share by removal effects', () => {
    // Sale A 100 (google → p1), sale B 300 (p1 → p2), sale C 50 without a partner click (not counted), sale D in USD without a rate (skipped).
    const facts = {
      conversions: [sale('A', 'u1', '2026-03-10T12:00:00Z', '100'), sale('B', 'u2', '2026-03-10T12:00:00Z', '300'), sale('C', 'u3', '2026-03-10T12:00:00Z', '50'), sale('D', 'u4', '2026-03-10T12:00:00Z', '70', 'USD')],
      clicks: [click('c1', 's1', 'u1', '2026-03-09T12:00:00Z'), click('c2', 's1', 'u2', '2026-03-08T12:00:00Z'), click('c3', 's2', 'u2', '2026-03-09T12:00:00Z'), click('c4', 's2', 'u4', '2026-03-09T12:00:00Z')],
      touches: [touch('u1', '2026-03-08T12:00:00Z', 'google'), touch('u3', '2026-03-09T12:00:00Z', 'email')],
    };
    const shares = partnerRevenueShares(facts, { partnerOfSlug: new Map([['s1', 'p1'], ['s2', 'p2']]), windowDays: 30, currency: 'EUR', rates: [], base: 'EUR' });
    // Last click: p1 100 ÷ 400 = 0.25, p2 300 ÷ 400 = 0.75.
    // Markov on the paths [google, p1] and [p1, p2] (both convert): removal effects google 0.5, p1 1, p2 0.5, normalised
    // 0.25, 0.5, 0.25 of 2 conversions → channel totals google 0.5, p1 1, p2 0.5. Each sale is split so the totals hold
    // (attributeJourneys' fitShares): A google 0.5, p1 0.5; B p1 0.5, p2 0.5
    // → p1 (50 + 150) ÷ 400 = 0.5, p2 150 ÷ 400 = 0.375 (google keeps 50).
    expect(Object.fromEntries(shares)).toEqual({ p1: { last_click: 0.25, data_driven: 0.5 }, p2: { last_click: 0.75, data_driven: 0.375 } });
  });
});
