import { describe, expect, it } from 'vitest';
import { scoreTraffic } from './score-traffic.js';
import { partnerFlagThreshold } from './signals.js';
import type { FraudClick, FraudConversion } from './types.js';

const chrome = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15';
const hour = 3_600_000;

/** Two partners, 40 clicks each, one a minute: `honest` clicks land, `stuffer` clicks never do; 4 sales each. */
function traffic() {
  const clicks: FraudClick[] = [];
  for (let i = 0; i < 80; i += 1) {
    const partner = i % 2 ? 'stuffer' : 'honest';
    clicks.push({ id: `c${i}`, partner_id: partner, ms: i * 60_000, ip_prefix: `198.51.${i}.0`, user_agent: chrome, anonymous_id: `a${i}`, ad_click_id: false, landed: partner === 'honest' });
  }
  const conversions: FraudConversion[] = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => ({
    id: `o${i}`, partner_id: i % 2 ? 'stuffer' : 'honest', event: 'sale', ms: i * 60_000 + (i === 2 ? 5_000 : hour), click_id: `c${i}`, click_ms: i * 60_000, email_disposable: null, buyer_identities: [`user_${i}`],
  }));
  return { clicks, conversions, partners: [{ id: 'honest', identities: ['user_4'] }, { id: 'stuffer', identities: [] }] };
}

describe('scoreTraffic', () => {
  const { partners, conversions } = scoreTraffic(traffic(), { asnTable: null });

  it('scores the cookie stuffer above the flag threshold and the honest partner below', () => {
    expect(partners.map((p) => [p.partner_id, p.score, p.reasons])).toEqual([
      ['stuffer', 55, ['partner_no_landing_views']],
      ['honest', 40, ['partner_self_referrals']],
    ]);
    expect(partners[0].score).toBeGreaterThanOrEqual(partnerFlagThreshold);
    expect(partners[1]).toMatchObject({ clicks: 40, conversions: 4, conversion_rate: 0.1 });
  });

  it('gives each conversion its own and its click\'s signals, in the order given', () => {
    expect(conversions.map((c) => [c.id, c.score, c.reasons])).toEqual([
      ['o0', 0, []],
      ['o1', 40, ['no_landing_view']],
      ['o2', 60, ['fast_conversion']],
      ['o3', 40, ['no_landing_view']],
      ['o4', 90, ['self_referral']],
      ['o5', 40, ['no_landing_view']],
      ['o6', 0, []],
      ['o7', 40, ['no_landing_view']],
    ]);
  });
});
