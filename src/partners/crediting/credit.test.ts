/**
 * Crediting by hand. Programme "p" (EUR, window 7 days, last click, 10% per sale); partners
 * Ann (approved, link `ann`, coupon ANN10, own identities u_ann / a_ann_phone / h_ann), Bob
 * (approved, link `bob`) and Cid (suspended, link `cid`). The workspace currency is EUR and
 * 1 USD = 0.9 EUR from Jan 1; GBP has no rate. Each expected credit is worked out in its case.
 */
import { describe, expect, it } from 'vitest';
import type { Partner, Program } from '../../records/partners.js';
import { creditConversions, type CreditingInput } from './credit.js';
import type { PartnerClickFact, PartnerConversionFact, PartnerTouchFact } from './facts.js';

const program: Program = {
  id: 'p', workspace_id: 'ws', name: 'P', currency: 'EUR', window_days: 7, hold_days: 30, crediting: 'last_click',
  rules: [{ id: 'r1', event: 'sale', type: 'percent', amount: '10' }], min_payout: '0', payout_schedule: 'monthly',
  fraud_threshold: 80, accepts_applications: false, created_at: '2026-01-01T00:00:00.000Z',
};
const partner = (id: string, over: Partial<Partner>): Partner => ({
  id, workspace_id: 'ws', program_id: 'p', name: id, email: `${id}@example.com`, kind: 'affiliate', status: 'approved',
  parent_id: null, group: null, language: 'en', country: null, links: [], coupons: [], identities: [], retainer: null,
  postback_url: null, tax: null, created_at: '2026-01-01T00:00:00.000Z', approved_at: '2026-01-01T00:00:00.000Z', ...over,
});
const partners = [
  partner('ann', { links: ['ann'], coupons: ['ANN10'], identities: ['u_ann', 'a_ann_phone', 'h_ann'] }),
  partner('bob', { links: ['bob'] }),
  partner('cid', { links: ['cid'], status: 'suspended' }),
];
const day = (d: number, time = '12:00:00.000') => `2026-03-${String(d).padStart(2, '0')}T${time}Z`;
const sale = (id: string, person: string, ts: string, over: Partial<PartnerConversionFact> = {}): PartnerConversionFact => ({
  kind: 'sale', id, ts, amount: '200', currency: 'EUR', coupon: null, product: null, category: null, person, anonymous_id: `a_${person}`, email_hash: null, email_disposable: null, ...over,
});
const click = (id: string, slug: string, person: string, ts: string, over: Partial<PartnerClickFact> = {}): PartnerClickFact => ({
  click_id: id, slug, ts, person, anonymous_id: `a_${person}`, sub_ids: {}, ip_prefix: null, user_agent: null, ad_click: null, landed: true, ...over,
});
const run = (conversions: PartnerConversionFact[], clicks: PartnerClickFact[], over: Partial<CreditingInput> = {}) => creditConversions({
  program, partners, rates: [{ date: '2026-01-01', currency: 'USD', rate: '0.9' }], base: 'EUR', conversions, clicks, ...over,
});
const who = (r: ReturnType<typeof run>) => r.credited.map((c) => [c.id, c.partner_id, c.via, c.share, c.click_id]);

describe('creditConversions', () => {
  it('a coupon beats a click: the holder earns without any click of its own (compared upper-case)', () => {
    const r = run([sale('o1', 'u1', day(5), { coupon: 'ann10' })], [click('k1', 'bob', 'u1', day(4))]);
    expect(who(r)).toEqual([['o1', 'ann', 'coupon', '1', null]]);
    expect(r.credited[0]).toMatchObject({ event: 'sale', amount: '200.00', customer: 'u1', occurred_at: day(5), sub_ids: {} });
  });

  it('first click versus last click: Ann on the 1st, Bob on the 3rd, sale on the 5th', () => {
    const facts = [[sale('o2', 'u2', day(5))], [click('k1', 'ann', 'u2', day(1), { sub_ids: { sub1: 'x' } }), click('k2', 'bob', 'u2', day(3))]] as const;
    expect(who(run([...facts[0]], [...facts[1]]))).toEqual([['o2', 'bob', 'click', '1', 'k2']]);
    const first = run([...facts[0]], [...facts[1]], { program: { ...program, crediting: 'first_click' } });
    expect(who(first)).toEqual([['o2', 'ann', 'click', '1', 'k1']]);
    expect(first.credited[0].sub_ids).toEqual({ sub1: 'x' });
  });

  it('window edge: a click exactly 7 days before counts, 1 ms earlier does not; a click after the sale never', () => {
    expect(who(run([sale('o3', 'u3', day(8))], [click('k3', 'ann', 'u3', day(1))]))).toEqual([['o3', 'ann', 'click', '1', 'k3']]);
    expect(who(run([sale('o3', 'u3', day(8))], [click('k3', 'ann', 'u3', day(1, '11:59:59.999'))]))).toEqual([]);
    expect(who(run([sale('o3', 'u3', day(8))], [click('k3', 'ann', 'u3', day(8, '12:00:00.001'))]))).toEqual([]);
  });

  it('self-referral by user id, e-mail hash or anonymous id is never credited, and is reported', () => {
    const r = run(
      [sale('s1', 'u_ann', day(5)), sale('s2', 'u9', day(5), { email_hash: 'h_ann' }), sale('s3', 'u8', day(5))],
      [click('k1', 'ann', 'u_ann', day(4)), click('k2', 'ann', 'u9', day(4)), click('k3', 'ann', 'u8', day(4), { anonymous_id: 'a_ann_phone' })],
    );
    expect(r.credited).toEqual([]);
    expect(r.skipped).toEqual(['s1', 's2', 's3'].map((id) => ({ kind: 'sale', id, reason: 'self_referral', partner_id: 'ann' })));
    // Her own coupon on her own order: the same.
    expect(run([sale('s4', 'u_ann', day(5), { coupon: 'ANN10' })], []).skipped).toEqual([{ kind: 'sale', id: 's4', reason: 'self_referral', partner_id: 'ann' }]);
  });

  it('only approved partners earn: the last click by a suspended partner is refused, not handed to an earlier one', () => {
    const r = run([sale('o4', 'u4', day(5))], [click('k1', 'bob', 'u4', day(2)), click('k2', 'cid', 'u4', day(3))]);
    expect(r.credited).toEqual([]);
    expect(r.skipped).toEqual([{ kind: 'sale', id: 'o4', reason: 'not_approved', partner_id: 'cid' }]);
  });

  it('sales are converted into the programme currency; one without a rate is skipped and reported', () => {
    // 50 USD × 0.9 = 45.00 EUR.
    const r = run([sale('o5', 'u5', day(5), { amount: '50', currency: 'USD' }), sale('o6', 'u5', day(5), { amount: '10', currency: 'GBP' })], [click('k1', 'bob', 'u5', day(4))]);
    expect(r.credited.map((c) => [c.id, c.amount])).toEqual([['o5', '45.00']]);
    expect(r.skipped).toEqual([{ kind: 'sale', id: 'o6', reason: 'no_rate', missing: ['GBP'] }]);
  });

  it('a click conversion pays its link partner; clicks not observed by the server (absent from the facts) pay nothing', () => {
    const clickProgram = { ...program, rules: [{ id: 'r2', event: 'click' as const, type: 'flat' as const, amount: '0.10' }] };
    const conv = (id: string): PartnerConversionFact => ({ ...sale(id, 'u6', day(5)), kind: 'click', amount: null, currency: null });
    const r = run([conv('k1'), conv('forged')], [click('k1', 'bob', 'u6', day(5), { sub_ids: { sub2: 'y' } })], { program: clickProgram });
    expect(r.credited.map((c) => [c.event, c.id, c.partner_id, c.amount, c.click_id, c.sub_ids])).toEqual([['click', 'k1', 'bob', null, 'k1', { sub2: 'y' }]]);
    // The sale rule is gone: sales earn nothing in this programme.
    expect(run([sale('o7', 'u6', day(5))], [click('k1', 'bob', 'u6', day(4))], { program: clickProgram }).credited).toEqual([]);
  });

  it('leads are credited like sales, without an amount', () => {
    const leadProgram = { ...program, rules: [{ id: 'r3', event: 'lead' as const, type: 'flat' as const, amount: '5' }] };
    const lead: PartnerConversionFact = { ...sale('l1', 'u7', day(5)), kind: 'lead', amount: null, currency: null };
    expect(run([lead], [click('k1', 'ann', 'u7', day(4))], { program: leadProgram }).credited.map((c) => [c.event, c.id, c.partner_id, c.amount])).toEqual([['lead', 'l1', 'ann', null]]);
  });

  describe('by attribution model', () => {
    // u10: Ann's click (1st), a Google click (2nd), an e-mail view (3rd), Bob's click (4th); sale on the 5th.
    const clicks = [click('k1', 'ann', 'u10', day(1)), click('k4', 'bob', 'u10', day(4))];
    const touches: PartnerTouchFact[] = [
      { person: 'u10', ts: day(2), channel: 'paid_search', kind: 'click' },
      { person: 'u10', ts: day(3), channel: 'email', kind: 'view' },
    ];
    const byModel = (model: string) => run([sale('o10', 'u10', day(5))], clicks, { program: { ...program, model }, touches });

    it('linear: 4 touches, a quarter each → Ann 0.25, Bob 0.25', () => {
      expect(who(byModel('linear'))).toEqual([['o10', 'ann', 'model', '0.250000', 'k1'], ['o10', 'bob', 'model', '0.250000', 'k4']]);
    });

    it('position (40/20/40): Ann first 0.4, Bob last 0.4; the middle 0.2 goes to the other channels', () => {
      expect(who(byModel('position'))).toEqual([['o10', 'ann', 'model', '0.400000', 'k1'], ['o10', 'bob', 'model', '0.400000', 'k4']]);
    });

    it('shapley and markov: the shares of a sale sum to at most 1', () => {
      for (const model of ['shapley', 'markov', 'time-decay']) {
        const r = byModel(model);
        const sum = r.credited.reduce((s, c) => s + Number(c.share), 0);
        expect(sum).toBeGreaterThan(0);
        expect(sum).toBeLessThanOrEqual(1);
      }
      // Shapley on 4 distinct channels: an equal quarter each.
      expect(who(byModel('shapley')).map((x) => x[3])).toEqual(['0.250000', '0.250000']);
    });

    it('a self-referring partner\'s share is dropped, not given to others; a coupon still takes the whole sale', () => {
      const own = run([sale('o11', 'u10', day(5))], [click('k1', 'ann', 'u10', day(1), { anonymous_id: 'a_ann_phone' }), clicks[1]], { program: { ...program, model: 'linear' }, touches });
      expect(who(own)).toEqual([['o11', 'bob', 'model', '0.250000', 'k4']]);
      expect(own.skipped).toEqual([{ kind: 'sale', id: 'o11', reason: 'self_referral', partner_id: 'ann' }]);
      const coupon = run([sale('o12', 'u10', day(5), { coupon: 'ANN10' })], clicks, { program: { ...program, model: 'linear' }, touches });
      expect(who(coupon)).toEqual([['o12', 'ann', 'coupon', '1', 'k1']]);
    });

    it('an unknown model is refused naming the field', () => {
      expect(() => byModel('nope')).toThrow(/model/);
    });
  });
});
