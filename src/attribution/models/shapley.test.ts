import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePathsCsv } from '../paths/path-file.js';
import { mulberry32 } from './random.js';
import { attributeShapley, coalitionValues, shapleyExact, type ChannelSet } from './shapley.js';
import type { PathRow } from '../paths/types.js';

/** Sum of PathData's value column (see path-file.test.ts). */
const PATHDATA_VALUE = 74_802.971_587_210_73;
const pathData = parsePathsCsv(readFileSync(new URL('../../../../shared/data/pathdata/paths.csv', import.meta.url), 'utf8')).rows;

/** Shapley values by brute force: average marginal contribution over all n! orders, with v(S) computed straight from the definition. */
function bruteForce(n: number, sets: readonly ChannelSet[]): number[] {
  const v = (coalition: Set<number>) => sets.filter((s) => s.members.every((m) => coalition.has(m))).reduce((a, s) => a + s.conversions, 0);
  const phi = new Array(n).fill(0);
  let orders = 0;
  const permute = (prefix: number[], rest: number[]) => {
    if (rest.length === 0) {
      orders++;
      const coalition = new Set<number>();
      for (const i of prefix) {
        const before = v(coalition);
        coalition.add(i);
        phi[i] += v(coalition) - before;
      }
      return;
    }
    rest.forEach((x, k) => permute([...prefix, x], [...rest.slice(0, k), ...rest.slice(k + 1)]));
  };
  permute([], [...Array(n).keys()]);
  return phi.map((p) => p / orders);
}

describe('shapleyExact', () => {
  it('hand-computed 2-channel game: v(a) = 2, v(b) = 1, v(ab) = 6 → φa = (2 + 5)/2 = 3.5, φb = (1 + 4)/2 = 2.5', () => {
    // journeys: a alone 2, b alone 1, a&b 3 → v(ab) = 6
    const sets = [
      { members: [0], conversions: 2, value: 0 },
      { members: [1], conversions: 1, value: 0 },
      { members: [0, 1], conversions: 3, value: 0 },
    ];
    expect(Array.from(shapleyExact(2, coalitionValues(2, sets, 'conversions')))).toEqual([3.5, 2.5]);
  });

  it('matches enumeration of all 5! orders on a random 5-channel game', () => {
    const random = mulberry32(7);
    const sets: ChannelSet[] = [];
    for (let k = 0; k < 12; k++) {
      const members = [...Array(5).keys()].filter(() => random() < 0.4);
      if (members.length > 0) sets.push({ members, conversions: Math.floor(random() * 20), value: 0 });
    }
    const exact = shapleyExact(5, coalitionValues(5, sets, 'conversions'));
    bruteForce(5, sets).forEach((p, i) => expect(exact[i]).toBeCloseTo(p, 10));
  });

  it('is symmetric: swapping two channels everywhere swaps their values', () => {
    const sets = [
      { members: [0, 1], conversions: 4, value: 0 },
      { members: [0, 2], conversions: 1, value: 0 },
      { members: [1], conversions: 3, value: 0 },
    ];
    const swapped = sets.map((s) => ({ ...s, members: s.members.map((m) => (m === 0 ? 2 : m === 2 ? 0 : m)) }));
    const a = shapleyExact(3, coalitionValues(3, sets, 'conversions'));
    const b = shapleyExact(3, coalitionValues(3, swapped, 'conversions'));
    expect(b[2]).toBeCloseTo(a[0], 12);
    expect(b[0]).toBeCloseTo(a[2], 12);
    expect(b[1]).toBeCloseTo(a[1], 12);
  });
});

describe('attributeShapley', () => {
  it('on PathData (12 channels, exact) sums to the totals and equals the unanimity split', () => {
    const result = attributeShapley(pathData);
    expect(result.method).toBe('exact');
    expect(result.channels.reduce((s, c) => s + c.conversions, 0)).toBeCloseTo(19_785, 6);
    expect(result.channels.reduce((s, c) => s + c.value, 0)).toBeCloseTo(PATHDATA_VALUE, 6);
    // closed form: every path's conversions split equally over its distinct channels
    const split = new Map<string, number>();
    for (const r of pathData) {
      const distinct = new Set(r.path);
      for (const c of distinct) split.set(c, (split.get(c) ?? 0) + r.conversions / distinct.size);
    }
    for (const c of result.channels) expect(c.conversions).toBeCloseTo(split.get(c.channel)!, 8);
  });

  it('hand-computed paths: a > b (2 conv, value 10), a > a (1 conv, value 4), c (0 conv, 9 nulls)', () => {
    // v({a}) = 1, v({b}) = 0, v({a,b}) = 3 (c has no conversions): φa = (1 + 3)/2 = 2, φb = (0 + 2)/2 = 1, φc = 0
    const rows: PathRow[] = [
      { path: ['a', 'b'], conversions: 2, value: 10, nulls: 0 },
      { path: ['a', 'a'], conversions: 1, value: 4, nulls: 0 },
      { path: ['c'], conversions: 0, value: 0, nulls: 9 },
    ];
    const r = attributeShapley(rows);
    expect(r.channels.map((c) => [c.channel, c.conversions, c.value])).toEqual([
      ['a', 2, 9],
      ['b', 1, 5],
      ['c', 0, 0],
    ]);
  });

  it('samples above 15 channels: totals still exact, every channel within its stated 99 % bound', () => {
    const random = mulberry32(3);
    const n = 20;
    const rows: PathRow[] = [];
    for (let k = 0; k < 300; k++) {
      const len = 1 + Math.floor(random() * 4);
      const path = Array.from({ length: len }, () => `ch${Math.floor(random() * n)}`);
      rows.push({ path, conversions: 1 + Math.floor(random() * 5), value: Math.round(random() * 1000) / 10, nulls: 3 });
    }
    for (let i = 0; i < n; i++) rows.push({ path: [`ch${i}`], conversions: 1, value: 1, nulls: 0 });
    const result = attributeShapley(rows, { samples: 4000, seed: 11 });
    expect(result.method).toBe('sampled');
    const totalConv = rows.reduce((s, r) => s + r.conversions, 0);
    const totalValue = rows.reduce((s, r) => s + r.value, 0);
    expect(result.channels.reduce((s, c) => s + c.conversions, 0)).toBeCloseTo(totalConv, 8);
    expect(result.channels.reduce((s, c) => s + c.value, 0)).toBeCloseTo(totalValue, 8);

    // the exact answer by the unanimity closed form (valid for any number of channels)
    const exact = new Map<string, { conversions: number; value: number }>();
    for (const r of rows) {
      const d = new Set(r.path);
      for (const c of d) {
        const e = exact.get(c) ?? { conversions: 0, value: 0 };
        e.conversions += r.conversions / d.size;
        e.value += r.value / d.size;
        exact.set(c, e);
      }
    }
    let within = 0;
    for (const c of result.channels) {
      const e = exact.get(c.channel)!;
      expect(c.std_error.conversions).toBeGreaterThan(0);
      expect(Math.abs(c.conversions - e.conversions)).toBeLessThanOrEqual(result.error_bound!.conversions);
      expect(Math.abs(c.value - e.value)).toBeLessThanOrEqual(result.error_bound!.value);
      if (Math.abs(c.conversions - e.conversions) <= 2.576 * c.std_error.conversions) within++;
    }
    // per-channel 99 % intervals: with 20 channels, at most a couple may miss
    expect(within).toBeGreaterThanOrEqual(18);
    expect(result.error_bound!.confidence).toBe(0.99);
  });

  it('exact and sampled agree on a small game when sampling is forced', () => {
    const rows: PathRow[] = [
      { path: ['a', 'b', 'c'], conversions: 6, value: 6, nulls: 0 },
      { path: ['a'], conversions: 3, value: 3, nulls: 0 },
      { path: ['b', 'c'], conversions: 2, value: 2, nulls: 0 },
    ];
    const exact = attributeShapley(rows);
    const sampled = attributeShapley(rows, { method: 'sampled', samples: 20_000, seed: 5 });
    exact.channels.forEach((c, i) => {
      expect(Math.abs(sampled.channels[i].conversions - c.conversions)).toBeLessThan(4 * sampled.channels[i].std_error.conversions + 1e-12);
    });
    // unanimity: a = 2 + 3 = 5, b = 2 + 1 = 3, c = 3
    expect(exact.channels.map((c) => c.conversions)).toEqual([5, 3, 3]);
  });
});
