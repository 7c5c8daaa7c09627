import { describe, expect, it } from 'vitest';
import { creditChannelSets, type ChannelSetRow, type ChannelSetTouchRow } from './channel-set-credits.js';
import { DAY_MS, resolveWindow, windowTouches, type Journey } from './journey-window.js';
import { attributeJourneys } from './journeys.js';
import { mulberry32 } from '../models/random.js';
import type { PathRow } from '../paths/types.js';

describe('creditChannelSets by hand', () => {
  it('shapley: each conversion split equally among its channels, a channel share over its touches by kind weight', () => {
    // Set {a, b}, 2 conversions worth 10 in all: a's touches carry shares 2 (one per conversion) split over campaigns x 1.5, y 0.5.
    const sets: ChannelSetRow[] = [{ channels: ['a', 'b'], conversions: 2, value: 10 }, { channels: ['b'], conversions: 1, value: 4 }];
    const touches: ChannelSetTouchRow[] = [
      { channels: ['a', 'b'], channel: 'a', key: 'x', touches: 1.5, value: 7.5 },
      { channels: ['a', 'b'], channel: 'a', key: 'y', touches: 0.5, value: 2.5 },
      { channels: ['a', 'b'], channel: 'b', key: 'z', touches: 2, value: 10 },
      { channels: ['b'], channel: 'b', key: 'z', touches: 1, value: 4 },
    ];
    expect(creditChannelSets('shapley', sets, touches).rows).toEqual([
      { channel: 'a', key: 'x', conversions: 0.75, value: 3.75 },
      { channel: 'a', key: 'y', conversions: 0.25, value: 1.25 },
      { channel: 'b', key: 'z', conversions: 2, value: 9 },
    ]);
  });
});

/**
 * Grouping one journey per conversion by channel set (as the ClickHouse
 * adapter does in SQL) must give `attributeJourneys`' own Shapley and Markov
 * credits by campaign, on random journeys with views, repeats and conversions
 * without touches.
 */
describe('creditChannelSets equals attributeJourneys on random journeys', () => {
  const random = mulberry32(42);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const channels = ['search', 'social', 'email', 'display', 'direct'];
  const journeys: Journey[] = [];
  const nonConverting: string[][] = [];
  for (let j = 0; j < 400; j++) {
    const conv = 40 * DAY_MS + Math.floor(random() * 10 * DAY_MS);
    const touches = Array.from({ length: Math.floor(random() * 6) }, () => ({
      ts: conv - Math.floor(random() * 35 * DAY_MS),
      channel: pick(channels),
      campaign: pick(['c1', 'c2', null]),
      kind: random() < 0.3 ? ('view' as const) : ('click' as const),
    }));
    journeys.push({ conversion: { id: `o${j}`, ts: conv, value: Math.round(random() * 10000) / 100 }, touches });
    if (j % 3 === 0) nonConverting.push(Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(channels)));
  }

  /** The adapter's aggregates, built from the journeys in Node. */
  function aggregates(options: { viewWeight: number; lookbackViewDays: number; repeats: 'keep' | 'collapse' }) {
    const w = resolveWindow(options, 'keep');
    const sets = new Map<string, ChannelSetRow>();
    const touches = new Map<string, ChannelSetTouchRow>();
    const paths: PathRow[] = [];
    for (const j of journeys) {
      const kept = windowTouches(j, w);
      paths.push({ path: kept.map((t) => t.channel), conversions: 1, value: j.conversion.value, nulls: 0 });
      const set = [...new Set(kept.map((t) => t.channel))].sort();
      const s = sets.get(set.join()) ?? { channels: set, conversions: 0, value: 0 };
      s.conversions += 1;
      s.value += j.conversion.value;
      sets.set(set.join(), s);
      for (const t of kept) {
        const q = t.weight / kept.filter((u) => u.channel === t.channel).reduce((sum, u) => sum + u.weight, 0);
        const key = `${set.join()}|${t.channel}|${t.campaign ?? '(not set)'}`;
        const row = touches.get(key) ?? { channels: set, channel: t.channel, key: t.campaign ?? '(not set)', touches: 0, value: 0 };
        row.touches += q;
        row.value += q * j.conversion.value;
        touches.set(key, row);
      }
    }
    for (const path of nonConverting) paths.push({ path, conversions: 0, value: 0, nulls: 1 });
    return { sets: [...sets.values()], touches: [...touches.values()], paths };
  }

  const byCampaign = (rows: { channel: string; campaign?: string | null; key?: string; conversions: number; value: number }[]) => {
    const out = new Map<string, [number, number]>();
    for (const r of rows) {
      const k = `${r.channel}/${r.key ?? r.campaign ?? '(not set)'}`;
      const [c, v] = out.get(k) ?? [0, 0];
      out.set(k, [c + r.conversions, v + r.value]);
    }
    return out;
  };

  for (const options of [{ viewWeight: 1, lookbackViewDays: 1, repeats: 'keep' as const }, { viewWeight: 0.4, lookbackViewDays: 3, repeats: 'collapse' as const }]) {
    for (const model of ['shapley', 'markov'] as const) {
      it(`${model}, view weight ${options.viewWeight}, repeats ${options.repeats}`, () => {
        const want = attributeJourneys(journeys, { model, ...options, order: 2, ...(model === 'markov' ? { nonConverting } : {}) });
        const agg = aggregates(options);
        const got = creditChannelSets(model, agg.sets, agg.touches, { paths: agg.paths, order: 2 });
        const [g, w] = [byCampaign(got.rows), byCampaign(want.by_campaign)];
        expect([...g.keys()].sort()).toEqual([...w.keys()].sort());
        for (const [k, [conv, value]] of w) {
          expect(g.get(k)![0], k).toBeCloseTo(conv, 9);
          expect(g.get(k)![1], k).toBeCloseTo(value, 7);
        }
        expect(got.rows.reduce((s, r) => s + r.conversions, 0)).toBeCloseTo(journeys.length, 9);
        if (model === 'markov') {
          expect(got.markov!.order).toBe(2);
          for (const [i, re] of want.markov!.removal_effects.entries()) expect(got.markov!.removal_effects[i].conversions).toBeCloseTo(re.conversions, 12);
          expect(got.markov!.fit_gap).toBeCloseTo(want.markov!.fit_gap, 9);
        }
      });
    }
  }
});
