import { describe, expect, it } from 'vitest';
import { emptyTally, partnerVerdicts, type PartnerTally } from './partner-score.js';

const tally = (over: Partial<PartnerTally>): PartnerTally => ({ ...emptyTally(), ...over });
const verdictOf = (t: PartnerTally) => partnerVerdicts(new Map([['p', t]]))[0];

describe('partner share signals', () => {
  it('honest traffic under every threshold scores 0 (5% no landing view, 3% bots, 8% hosting)', () => {
    expect(verdictOf(tally({ clicks: 100, noLanding: 5, bot: 3, hosting: 8, clickConversions: 4, conversions: 4, late: 1 }))).toMatchObject({ score: 0, reasons: [] });
  });

  it('cookie stuffing: 80 of 100 clicks without a landing page view → 55', () => {
    const v = verdictOf(tally({ clicks: 100, noLanding: 80 }));
    expect(v).toMatchObject({ score: 55, reasons: ['partner_no_landing_views'] });
    expect(v.shares.no_landing_view).toBe(0.8);
  });

  it('datacenter bots: 40% bot agents and 60% hosting → 100 × (1 − 0.5 × 0.5) = 75', () => {
    expect(verdictOf(tally({ clicks: 100, bot: 40, hosting: 60 }))).toMatchObject({ score: 75, reasons: ['partner_bot_traffic', 'partner_hosting_traffic'] });
  });

  it('brand bidding: 10 of 100 clicks with an ad click id → 55; 2 of 20 stays under the minimum count', () => {
    expect(verdictOf(tally({ clicks: 100, adClickId: 10 })).reasons).toEqual(['partner_ad_click_ids']);
    expect(verdictOf(tally({ clicks: 20, adClickId: 2 })).score).toBe(0);
  });

  it('click injection: 5 of 20 click conversions under 15 s → 60; 2 of 5 stays under the minimum count', () => {
    expect(verdictOf(tally({ clicks: 400, clickConversions: 20, conversions: 20, fast: 5 }))).toMatchObject({ score: 60, reasons: ['partner_fast_conversions'] });
    expect(verdictOf(tally({ clicks: 400, clickConversions: 5, conversions: 5, fast: 2 })).score).toBe(0);
  });

  it('click spam: more than 30% of conversions after 24 h (4 of 10 → 40; exactly 3 of 10 → nothing)', () => {
    expect(verdictOf(tally({ clicks: 200, clickConversions: 10, conversions: 10, late: 4 }))).toMatchObject({ score: 40, reasons: ['partner_late_conversions'] });
    expect(verdictOf(tally({ clicks: 200, clickConversions: 10, conversions: 10, late: 3 })).score).toBe(0);
  });

  it('bursts (12 of 100 clicks) → 30; disposable e-mails (3 of 10 known) → 30; one self-referral → 40', () => {
    expect(verdictOf(tally({ clicks: 100, burst: 12 })).reasons).toEqual(['partner_click_bursts']);
    expect(verdictOf(tally({ conversions: 10, knownDomains: 10, disposable: 3 }))).toMatchObject({ score: 30, reasons: ['partner_disposable_emails'] });
    expect(verdictOf(tally({ conversions: 1, selfReferrals: 1 }))).toMatchObject({ score: 40, reasons: ['partner_self_referrals'] });
  });
});

describe('conversion rate against the other partners', () => {
  it('flags 40 of 200 against the others\' 100 of 2000 (5%) as high, and leaves the others', () => {
    const verdicts = partnerVerdicts(new Map([
      ['p1', tally({ clicks: 1000, clickConversions: 50, conversions: 50 })],
      ['p2', tally({ clicks: 200, clickConversions: 40, conversions: 40 })],
      ['p3', tally({ clicks: 1000, clickConversions: 50, conversions: 50 })],
    ]));
    expect(verdicts.map((v) => [v.partner_id, v.score, v.reasons])).toEqual([
      ['p2', 35, ['partner_conversion_rate_high']],
      ['p1', 0, []],
      ['p3', 0, []],
    ]);
    expect(verdicts[0].conversion_rate).toBe(0.2);
  });

  it('flags 1 of 600 against 5% as low', () => {
    const verdicts = partnerVerdicts(new Map([
      ['p1', tally({ clicks: 1000, clickConversions: 50 })],
      ['bots', tally({ clicks: 600, clickConversions: 1 })],
    ]));
    expect(verdicts.find((v) => v.partner_id === 'bots')!.reasons).toEqual(['partner_conversion_rate_low']);
  });
});

describe('partner signals combine', () => {
  it('cookie stuffing with a high conversion rate: 100 × (1 − 0.45 × 0.65) = 71', () => {
    const verdicts = partnerVerdicts(new Map([
      ['honest', tally({ clicks: 2000, clickConversions: 100 })],
      ['stuffer', tally({ clicks: 200, noLanding: 190, clickConversions: 40 })],
    ]));
    expect(verdicts[0]).toMatchObject({ partner_id: 'stuffer', score: 71, reasons: ['partner_no_landing_views', 'partner_conversion_rate_high'] });
  });
});
