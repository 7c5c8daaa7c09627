import { describe, expect, it } from 'vitest';
import { AsnTable, parseAsnRanges } from './asn-table.js';
import { mulberry32 } from '../../shared/random.js';
import { ClickScorer, defaultBurstRule } from './click-scorer.js';
import { defaultRateTest } from './conversion-rate.js';
import { emptyTally, partnerVerdicts, tallyClick, type PartnerTally } from './partner-score.js';
import { scoreTraffic } from './score-traffic.js';
import { clickBit, clickScoreOfMask, signalWeights } from './signals.js';
import type { FraudClick } from './types.js';

const chrome = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
// 203.0.113.0/24 belongs to AS 16509 (on the hosting list), 198.51.100.0/24 to AS 64496 (not).
const table = new AsnTable(parseAsnRanges('3405803776,3405804031,16509,AWS\n3325256704,3325256959,64496,Home ISP\n', 4), parseAsnRanges('', 6));

const honest: FraudClick = { id: 'c', partner_id: 'p1', ms: 0, ip_prefix: '198.51.100.0', user_agent: chrome, anonymous_id: 'a1', ad_click_id: false, landed: true };
const click = (over: Partial<FraudClick>): FraudClick => ({ ...honest, ...over });

describe('ClickScorer signals, one at a time', () => {
  const score = (over: Partial<FraudClick>) => new ClickScorer({ asnTable: table }).score(click(over));

  it('an honest click scores 0', () => expect(score({})).toEqual({ score: 0, reasons: [] }));
  it('bot user agent (isbot)', () => {
    expect(score({ user_agent: 'python-requests/2.31' })).toEqual({ score: 60, reasons: ['bot_user_agent'] });
    expect(score({ user_agent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' }).reasons).toEqual(['bot_user_agent']);
  });
  it('missing user agent', () => expect(score({ user_agent: null })).toEqual({ score: 20, reasons: ['missing_user_agent'] }));
  it('hosting network', () => {
    expect(score({ ip_prefix: '203.0.113.0/24' })).toEqual({ score: 50, reasons: ['hosting_network'] });
    expect(score({ ip_prefix: null }).score).toBe(0);
  });
  it('ad-platform click id (brand bidding)', () => expect(score({ ad_click_id: true })).toEqual({ score: 40, reasons: ['ad_click_id'] }));
  it('no landing page view (cookie stuffing)', () => expect(score({ landed: false })).toEqual({ score: 40, reasons: ['no_landing_view'] }));
});

describe('ClickScorer bursts', () => {
  it('flags the 10th click from one /24 on one partner within a minute, and those after it', () => {
    const scorer = new ClickScorer({ asnTable: table });
    const scores = Array.from({ length: 12 }, (_, i) => scorer.score(click({ ms: i * 5_000, anonymous_id: `a${i}` })));
    expect(scores.slice(0, 9).every((s) => s.score === 0)).toBe(true);
    expect(scores[9]).toEqual({ score: 30, reasons: ['ip_burst'] });
    expect(scores[11].reasons).toEqual(['ip_burst']);
  });

  it('does not count clicks that left the window, nor another partner\'s', () => {
    const scorer = new ClickScorer({ asnTable: table });
    // one click every 7 s: at most 9 within any 60 s (the one 63 s earlier has left)
    const spaced = Array.from({ length: 20 }, (_, i) => scorer.score(click({ ms: i * 7_000, anonymous_id: `a${i}` })));
    expect(spaced.every((s) => s.score === 0)).toBe(true);
    const mixed = new ClickScorer({ asnTable: table });
    const alternating = Array.from({ length: 18 }, (_, i) => mixed.score(click({ ms: i * 1_000, anonymous_id: `b${i}`, partner_id: i % 2 ? 'p1' : 'p2' })));
    expect(alternating.every((s) => s.score === 0)).toBe(true);
  });

  it('flags the 3rd click of one device within a minute; a device\'s later click after a quiet minute is clean', () => {
    const scorer = new ClickScorer({ asnTable: table });
    const times = [0, 10_000, 20_000, 200_000];
    const scores = times.map((ms, i) => scorer.score(click({ ms, ip_prefix: `198.51.100.${i}` })));
    expect(scores.map((s) => s.score)).toEqual([0, 0, 30, 0]);
    expect(scores[2].reasons).toEqual(['device_burst']);
  });
});

describe('click signals combine as a noisy OR', () => {
  it('bot (60) + hosting (50) + no landing view (40) = 100 × (1 − 0.4 × 0.5 × 0.6) = 88', () => {
    const v = new ClickScorer({ asnTable: table }).score(click({ user_agent: 'curl/8.4.0', ip_prefix: '203.0.113.0', landed: false }));
    expect(v).toEqual({ score: 88, reasons: ['bot_user_agent', 'hosting_network', 'no_landing_view'] });
  });

  it('every mask\'s score is the product rule of its weights', () => {
    expect(clickScoreOfMask[0]).toBe(0);
    expect(clickScoreOfMask[0b1111111]).toBe(Math.round(100 * (1 - 0.4 * 0.8 * 0.5 * 0.6 * 0.6 * 0.7 * 0.7)));
    expect(signalWeights.bot_user_agent).toBe(60);
  });
});

describe('the installed ASN table', () => {
  it('marks a Hetzner /24 as hosting and a Deutsche Telekom one as not', () => {
    const scorer = new ClickScorer();
    expect(scorer.score(click({ ip_prefix: '5.9.17.0' })).reasons).toEqual(['hosting_network']);
    expect(scorer.score(click({ ip_prefix: '2.58.100.0', ms: 1 })).reasons).toEqual([]);
  }, 30_000);
});

describe('ClickScorer bursts equal a brute-force count on a seeded world', () => {
  // 80,000 clicks (160,000 window entries: the expiry queue compacts) from 3 partners, 8 /24s, 60
  // devices, in bursts and quiet gaps (gaps of exactly one window too); the reference counts, for
  // every click, the same partner's earlier-or-equal clicks from the same key after `ms − 60 s`.
  it('flags exactly the clicks the rule names, and partner verdicts follow', () => {
    const rand = mulberry32(1616);
    const clicks: FraudClick[] = [];
    let ms = 0;
    for (let i = 0; i < 80_000; i += 1) {
      const r = rand();
      ms += r < 0.97 ? Math.floor(rand() * 50) : r < 0.995 ? Math.floor(rand() * 3_000) : r < 0.998 ? 60_000 : 200_000;
      clicks.push(click({ id: `c${i}`, partner_id: `p${Math.floor(rand() * 3)}`, ms, ip_prefix: rand() < 0.05 ? null : `198.51.${Math.floor(rand() * 8)}.0`, anonymous_id: `a${Math.floor(rand() * 60)}` }));
    }
    const expected = (c: FraudClick, i: number) => {
      let ip = 0;
      let device = 0;
      for (let j = i; j >= 0 && clicks[j].ms > c.ms - defaultBurstRule.windowMs; j -= 1) {
        if (clicks[j].partner_id !== c.partner_id) continue;
        if (c.ip_prefix && clicks[j].ip_prefix === c.ip_prefix) ip += 1;
        if (clicks[j].anonymous_id === c.anonymous_id) device += 1;
      }
      return (ip >= defaultBurstRule.ipClicks ? clickBit.ip_burst : 0) | (device >= defaultBurstRule.deviceClicks ? clickBit.device_burst : 0);
    };
    const scorer = new ClickScorer({ asnTable: table });
    const masks = clicks.map((c) => scorer.mask(c));
    const wanted = clicks.map(expected);
    expect(masks).toEqual(wanted);
    expect(wanted.filter((m) => m & clickBit.ip_burst).length).toBeGreaterThan(1_000);
    expect(wanted.filter((m) => m & clickBit.device_burst).length).toBeGreaterThan(1_000);
    expect(wanted.filter((m) => m === 0).length).toBeGreaterThan(1_000);

    const tallies = new Map<string, PartnerTally>();
    clicks.forEach((c, i) => {
      if (!tallies.has(c.partner_id)) tallies.set(c.partner_id, emptyTally());
      tallyClick(tallies.get(c.partner_id)!, wanted[i]);
    });
    expect(scoreTraffic({ clicks, conversions: [], partners: [] }, { asnTable: table }).partners).toEqual(partnerVerdicts(tallies, defaultRateTest));
  });
});
