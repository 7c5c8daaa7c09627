import { describe, expect, it } from 'vitest';
import { DAY_MS, type Journey } from './journey-window.js';
import { attributeJourneys } from './journeys.js';
import { ruleModels, UNATTRIBUTED } from '../paths/types.js';

const day = (d: number) => d * DAY_MS;

/**
 * Conversion on day 10 worth 30. Touches (age in days at conversion):
 * seo click day 0 (10 d, in the 30-day click window), email click day 9 (1 d),
 * display view day 9.5 (0.5 d, in the 1-day view window), social click day −25
 * (35 d: outside), video view day 8 (2 d: outside the view window), ads click
 * day 11 (after the conversion: ignored). Touches arrive unsorted.
 */
const journey: Journey = {
  conversion: { id: 'o1', ts: day(10), value: 30 },
  touches: [
    { ts: day(9), channel: 'email', campaign: 'news', ad: 'n1', kind: 'click' },
    { ts: day(0), channel: 'seo', campaign: null, kind: 'click' },
    { ts: day(9.5), channel: 'display', campaign: 'retarget', ad: 'banner', kind: 'view' },
    { ts: day(-25), channel: 'social', kind: 'click' },
    { ts: day(8), channel: 'video', kind: 'view' },
    { ts: day(11), channel: 'ads', kind: 'click' },
  ],
};
const credits = (r: ReturnType<typeof attributeJourneys>) => Object.fromEntries(r.conversions[0].touches.map((t) => [t.channel, t.credit]));

describe('attributeJourneys windows and touch kinds', () => {
  it('keeps seo, email and the display view; linear gives 1/3 each, value 10 each', () => {
    const r = attributeJourneys([journey], { model: 'linear' });
    expect(r.conversions[0].touches.map((t) => t.channel)).toEqual(['seo', 'email', 'display']);
    Object.values(credits(r)).forEach((c) => expect(c).toBeCloseTo(1 / 3, 14));
    r.conversions[0].touches.forEach((t) => expect(t.value).toBeCloseTo(10, 12));
  });

  it('viewWeight 0.5 → weights 1, 1, 0.5 → 0.4, 0.4, 0.2; viewWeight 0 drops the view → 0.5, 0.5', () => {
    const half = credits(attributeJourneys([journey], { model: 'linear', viewWeight: 0.5 }));
    expect(half.seo).toBeCloseTo(0.4, 14);
    expect(half.display).toBeCloseTo(0.2, 14);
    expect(credits(attributeJourneys([journey], { model: 'linear', viewWeight: 0 }))).toEqual({ seo: 0.5, email: 0.5 });
  });

  it('wider windows bring back the old click and the 2-day-old view', () => {
    const r = attributeJourneys([journey], { model: 'first', lookbackClickDays: 40, lookbackViewDays: 3 });
    expect(r.conversions[0].touches.map((t) => [t.channel, t.credit])).toEqual([['social', 1]]);
    const linear = attributeJourneys([journey], { model: 'linear', lookbackClickDays: 40, lookbackViewDays: 3 });
    expect(linear.conversions[0].touches).toHaveLength(5);
  });

  it('time decay by days: half-life 0.5 d, ages 10, 1, 0.5 d → 2^-20, 2^-2, 2^-1, normalised', () => {
    const c = credits(attributeJourneys([journey], { model: 'time-decay', halfLifeDays: 0.5 }));
    const sum = 2 ** -20 + 0.25 + 0.5;
    expect(c.seo).toBeCloseTo(2 ** -20 / sum, 14);
    expect(c.email).toBeCloseTo(0.25 / sum, 14);
    expect(c.display).toBeCloseTo(0.5 / sum, 14);
  });

  it('time decay default half-life is a quarter of the click window (30 d → 7.5 d)', () => {
    const c = credits(attributeJourneys([journey], { model: 'time-decay' }));
    const w = [10, 1, 0.5].map((age) => 2 ** (-age / 7.5));
    const sum = w[0] + w[1] + w[2];
    expect(c.seo).toBeCloseTo(w[0] / sum, 14);
    expect(c.display).toBeCloseTo(w[2] / sum, 14);
  });

  it('a conversion with no touch in its windows goes to (none)', () => {
    const lonely: Journey = { conversion: { id: 'o2', ts: '2024-05-01T00:00:00Z', value: 7 }, touches: [{ ts: '2024-01-01T00:00:00Z', channel: 'seo', kind: 'click' }] };
    const r = attributeJourneys([lonely], { model: 'markov' });
    expect(r.conversions[0].touches).toMatchObject([{ channel: UNATTRIBUTED, credit: 1, value: 7 }]);
  });

  it('repeats: collapse keeps the first touch of a run; keep counts both', () => {
    const twice: Journey = {
      conversion: { id: 'o3', ts: day(5), value: 9 },
      touches: [
        { ts: day(1), channel: 'email', campaign: 'a', kind: 'click' },
        { ts: day(2), channel: 'email', campaign: 'b', kind: 'click' },
        { ts: day(3), channel: 'seo', kind: 'click' },
      ],
    };
    const keep = attributeJourneys([twice], { model: 'linear' });
    expect(keep.by_channel.map((c) => [c.channel, c.conversions, c.value])).toEqual([
      ['email', expect.closeTo(2 / 3, 14), expect.closeTo(6, 12)],
      ['seo', expect.closeTo(1 / 3, 14), expect.closeTo(3, 12)],
    ]);
    const collapse = attributeJourneys([twice], { model: 'linear', repeats: 'collapse' });
    expect(collapse.by_campaign.map((c) => [c.campaign, c.conversions])).toEqual([['a', 0.5], [null, 0.5]]);
  });

  it('rejects a bad timestamp and a negative window', () => {
    expect(() => attributeJourneys([{ ...journey, conversion: { id: 'x', ts: 'not a date', value: 1 } }], { model: 'last' })).toThrow(/conversion x/);
    expect(() => attributeJourneys([journey], { model: 'last', lookbackClickDays: -1 })).toThrow(/lookbackClickDays/);
  });
});

describe('attributeJourneys data-driven models', () => {
  // The chain of the hand-solved Markov test: a > b converts (10), b converts (4); a and b fail once each.
  const t = (d: number, channel: string) => ({ ts: day(d), channel, campaign: `${channel}-c`, ad: `${channel}-ad`, kind: 'click' as const });
  const journeys: Journey[] = [
    { conversion: { id: 'j1', ts: day(3), value: 10 }, touches: [t(1, 'a'), t(2, 'b')] },
    { conversion: { id: 'j2', ts: day(3), value: 4 }, touches: [t(2, 'b')] },
  ];
  const nonConverting = [['a'], ['b']];

  it('markov: channel totals a 0.5 / b 1.5 from the chain; j2 is all b, so j1 splits 0.5 / 0.5', () => {
    const r = attributeJourneys(journeys, { model: 'markov', nonConverting });
    expect(r.markov!.channel_totals.map((c) => c.conversions)).toEqual([expect.closeTo(0.5, 12), expect.closeTo(1.5, 12)]);
    expect(r.markov!.fit_gap).toBeLessThan(1e-9);
    expect(r.conversions[0].touches.map((x) => x.credit)).toEqual([expect.closeTo(0.5, 9), expect.closeTo(0.5, 9)]);
    expect(r.conversions[1].touches.map((x) => [x.channel, x.credit, x.value])).toEqual([['b', 1, 4]]);
    expect(r.by_channel.map((c) => c.conversions)).toEqual([expect.closeTo(0.5, 9), expect.closeTo(1.5, 9)]);
  });

  it('shapley: each conversion splits equally over its distinct channels', () => {
    const r = attributeJourneys(journeys, { model: 'shapley' });
    expect(r.conversions[0].touches.map((x) => x.credit)).toEqual([0.5, 0.5]);
    expect(r.by_ad.map((a) => [a.ad, a.conversions, a.value])).toEqual([['a-ad', 0.5, 5], ['b-ad', 1.5, 9]]);
  });
});

describe('attributeJourneys conservation on random journeys', () => {
  // deterministic pseudo-random journeys over 6 channels, clicks and views, 40 days
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const channels = ['seo', 'email', 'direct', 'display', 'social', 'ads'];
  const journeys: Journey[] = Array.from({ length: 150 }, (_, k) => ({
    conversion: { id: `c${k}`, ts: day(40), value: Math.round(rand() * 10_000) / 100 },
    touches: Array.from({ length: Math.floor(rand() * 7) }, () => ({
      ts: day(rand() * 40),
      channel: channels[Math.floor(rand() * channels.length)],
      campaign: `k${Math.floor(rand() * 3)}`,
      kind: rand() < 0.3 ? ('view' as const) : ('click' as const),
    })),
  }));
  const nonConverting = Array.from({ length: 100 }, () => Array.from({ length: 1 + Math.floor(rand() * 4) }, () => channels[Math.floor(rand() * 6)]));

  it.each([...ruleModels, 'markov', 'shapley'] as const)('%s: each conversion sums to 1 and to its value; totals by channel, campaign and ad agree', (model) => {
    for (const viewWeight of [1, 0.3]) {
      const r = attributeJourneys(journeys, { model, viewWeight, nonConverting, order: 2, channelWeights: { direct: 0.2 } });
      for (const c of r.conversions) {
        expect(c.touches.reduce((s, t) => s + t.credit, 0)).toBeCloseTo(1, 12);
        expect(c.touches.reduce((s, t) => s + t.value, 0)).toBeCloseTo(c.value, 10);
        expect(c.touches.every((t) => t.credit >= 0)).toBe(true);
      }
      const totalValue = journeys.reduce((s, j) => s + j.conversion.value, 0);
      for (const rows of [r.by_channel, r.by_campaign, r.by_ad]) {
        expect(rows.reduce((s, x) => s + x.conversions, 0)).toBeCloseTo(150, 9);
        expect(rows.reduce((s, x) => s + x.value, 0)).toBeCloseTo(totalValue, 8);
      }
    }
  });
});
