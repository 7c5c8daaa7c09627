import { readFileSync } from 'node:fs';
import { Matrix, solve } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { absorptionFromStart, buildChain, statesWithChannel, type MarkovChain } from './markov-chain.js';
import { attributeMarkov } from './markov.js';
import { parsePathsCsv } from '../paths/path-file.js';
import { mulberry32 } from './random.js';
import type { PathRow } from '../paths/types.js';

/** Sum of PathData's value column (see path-file.test.ts). */
const PATHDATA_VALUE = 74_802.971_587_210_73;
const pathData = parsePathsCsv(readFileSync(new URL('../../../../shared/data/pathdata/paths.csv', import.meta.url), 'utf8')).rows;

describe('Markov order 1, two channels, solved by hand', () => {
  // a > b: 1 conversion worth 10; a: 1 null; b: 1 conversion worth 4 and 1 null.
  // Transitions: start→a 2, start→b 2; a→b 1, a→null 1; b→conv 2, b→null 1.
  // x_b = 2/3, x_a = ½·x_b = 1/3, p = ½·x_a + ½·x_b = 1/2.
  // Without a: p = ½·x_b = 1/3 → RE_a = 1 − (1/3)/(1/2) = 1/3. Without b: p = 0 → RE_b = 1.
  // conversions: a = 2 × (1/3)/(4/3) = 0.5, b = 2 × 1/(4/3) = 1.5.
  // Value: reward at b = 14/3 per journey leaving b → v_b = 14/3, v_a = 7/3, v = 7/6 + 7/3 = 7/2;
  // without a: ½·14/3 = 7/3 → RE = 1/3; without b: 0 → RE = 1; value a = 14/4 = 3.5, b = 10.5.
  const rows: PathRow[] = [
    { path: ['a', 'b'], conversions: 1, value: 10, nulls: 0 },
    { path: ['a'], conversions: 0, value: 0, nulls: 1 },
    { path: ['b'], conversions: 1, value: 4, nulls: 1 },
  ];
  const m = attributeMarkov(rows);

  it('finds P(conversion) = 1/2 and value per journey 7/2', () => {
    expect(m.conversion_probability).toBeCloseTo(0.5, 14);
    expect(m.value_per_journey).toBeCloseTo(3.5, 13);
  });

  it('finds removal effects 1/3 and 1 for conversions and value', () => {
    expect(m.removal_effects.map((r) => r.channel)).toEqual(['a', 'b']);
    expect(m.removal_effects[0].conversions).toBeCloseTo(1 / 3, 14);
    expect(m.removal_effects[1].conversions).toBeCloseTo(1, 14);
    expect(m.removal_effects[0].value).toBeCloseTo(1 / 3, 14);
    expect(m.removal_effects[1].value).toBeCloseTo(1, 14);
  });

  it('credits conversions_c = total × RE_c / Σ RE: a 0.5 / b 1.5, value 3.5 / 10.5', () => {
    expect(m.channels[0].conversions).toBeCloseTo(0.5, 13);
    expect(m.channels[1].conversions).toBeCloseTo(1.5, 13);
    expect(m.channels[0].value).toBeCloseTo(3.5, 12);
    expect(m.channels[1].value).toBeCloseTo(10.5, 12);
  });

  it('merges consecutive repeats: a > a > b > b is the same chain as a > b', () => {
    const repeated = attributeMarkov([{ ...rows[0], path: ['a', 'a', 'b', 'b'] }, rows[1], rows[2]]);
    expect(repeated.channels).toEqual(m.channels);
  });
});

describe('Markov with a cycle, solved by hand', () => {
  // a > b > a: 1 conversion; b: 1 null. start→a 1, start→b 1; a→b 1, a→conv 1; b→a 1, b→null 1.
  // x_a = ½ x_b + ½, x_b = ½ x_a → x_a = 2/3, x_b = 1/3, p = ½(2/3 + 1/3) = 1/2 (= 1 conversion / 2 journeys).
  // Without a: p = 0 → RE_a = 1. Without b: x_a = ½ → p = ¼ → RE_b = 1/2. Credits: a 2/3, b 1/3.
  it('credits 2/3 and 1/3', () => {
    const m = attributeMarkov([
      { path: ['a', 'b', 'a'], conversions: 1, value: 3, nulls: 0 },
      { path: ['b'], conversions: 0, value: 0, nulls: 1 },
    ]);
    expect(m.conversion_probability).toBeCloseTo(0.5, 12);
    expect(m.removal_effects.map((r) => r.conversions)).toEqual([expect.closeTo(1, 12), expect.closeTo(0.5, 12)]);
    expect(m.channels.map((c) => c.conversions)).toEqual([expect.closeTo(2 / 3, 12), expect.closeTo(1 / 3, 12)]);
    expect(m.channels.map((c) => c.value)).toEqual([expect.closeTo(2, 12), expect.closeTo(1, 12)]);
  });
});

describe('higher orders', () => {
  it('order 2 windows: a > b > c visits (a,b) then (b,c); a path shorter than the order is one state', () => {
    const chain = buildChain(
      [
        { ids: [0, 1, 2], conversions: 1, value: 1, nulls: 0 },
        { ids: [0], conversions: 0, value: 0, nulls: 1 },
      ],
      2,
    );
    expect(chain.stateChannels).toEqual([[0, 1], [1, 2], [0]]);
    expect(Array.from(chain.startProb)).toEqual([0.5, 0, 0.5]);
    expect(Array.from(chain.convProb)).toEqual([0, 1, 0]);
  });

  it('order 2 separates what order 1 mixes: c converts after a but not after b', () => {
    // a > c converts (1), b > c does not (1 null). Order 1: c converts half the time, so b keeps some credit.
    // Order 2: state (b,c) never converts, so removing b changes nothing: RE_b = 0, all credit to a and c.
    const rows: PathRow[] = [
      { path: ['a', 'c'], conversions: 1, value: 1, nulls: 0 },
      { path: ['b', 'c'], conversions: 0, value: 0, nulls: 1 },
    ];
    const one = attributeMarkov(rows, { order: 1 });
    const two = attributeMarkov(rows, { order: 2 });
    expect(one.channels.find((c) => c.channel === 'b')!.conversions).toBeGreaterThan(0.1);
    expect(two.channels.find((c) => c.channel === 'b')!.conversions).toBeCloseTo(0, 14);
    // order 2: without a p = 0, without c p = 0 → RE 1 and 1 → ½ each
    expect(two.channels.find((c) => c.channel === 'a')!.conversions).toBeCloseTo(0.5, 14);
  });

  it('rejects orders outside 1..4', () => {
    expect(() => attributeMarkov(pathData, { order: 5 })).toThrow(/order/);
    expect(() => attributeMarkov(pathData, { order: 0 })).toThrow(/order/);
  });
});

/** Absorption probability from start by a dense LU solve of (I − Q) x = r with ml-matrix: the reference for the sparse sweeps. */
function denseFromStart(chain: MarkovChain, reward: Float64Array, removed?: Uint8Array): number {
  const keep = [...Array(chain.size).keys()].filter((s) => !(removed && removed[s]));
  const pos = new Map(keep.map((s, i) => [s, i]));
  const a = Matrix.eye(keep.length);
  const r = Matrix.columnVector(keep.map((s) => reward[s]));
  for (const s of keep) {
    for (let k = chain.rowStart[s]; k < chain.rowStart[s + 1]; k++) {
      const t = pos.get(chain.next[k]);
      if (t !== undefined) a.set(pos.get(s)!, t, a.get(pos.get(s)!, t) - chain.prob[k]);
    }
  }
  const x = solve(a, r);
  return keep.reduce((acc, s, i) => acc + chain.startProb[s] * x.get(i, 0), 0);
}

function idPaths(rows: readonly PathRow[]) {
  const ids = new Map<string, number>();
  const id = (c: string) => ids.get(c) ?? (ids.set(c, ids.size), ids.size - 1);
  return rows.map((r) => ({
    ids: r.path.filter((c, i) => i === 0 || c !== r.path[i - 1]).map(id),
    conversions: r.conversions,
    value: r.value,
    nulls: r.nulls,
  }));
}

describe('Markov on PathData', () => {
  it.each([1, 2, 3])('order %i: sparse sweeps agree with a dense LU solve to 1e-10, with and without each channel', (order) => {
    const chain = buildChain(idPaths(pathData), order);
    for (const removed of [undefined, statesWithChannel(chain, 0), statesWithChannel(chain, 3)]) {
      const [conv, value] = absorptionFromStart(chain, [chain.convProb, chain.valueRate], removed);
      expect(conv).toBeCloseTo(denseFromStart(chain, chain.convProb, removed), 10);
      expect(value).toBeCloseTo(denseFromStart(chain, chain.valueRate, removed), 10);
    }
  });

  it.each([1, 2, 3, 4])('order %i: P(conversion) is the observed rate 19,785 / 88,387, and credits sum to the totals', (order) => {
    const m = attributeMarkov(pathData, { order });
    expect(m.conversion_probability).toBeCloseTo(19_785 / (19_785 + 68_602), 12);
    expect(m.value_per_journey).toBeCloseTo(PATHDATA_VALUE / (19_785 + 68_602), 12);
    expect(m.channels).toHaveLength(12);
    expect(m.channels.reduce((s, c) => s + c.conversions, 0)).toBeCloseTo(19_785, 6);
    expect(m.channels.reduce((s, c) => s + c.value, 0)).toBeCloseTo(PATHDATA_VALUE, 6);
    const sumRe = m.removal_effects.reduce((s, r) => s + r.conversions, 0);
    m.channels.forEach((c, i) => expect(c.conversions).toBeCloseTo((19_785 * m.removal_effects[i].conversions) / sumRe, 8));
  });

  it('order 1: the exact removal effects match a Monte-Carlo simulation of the chain (200,000 journeys, within 4 standard errors)', () => {
    const chain = buildChain(idPaths(pathData), 1);
    const random = mulberry32(42);
    const n = 200_000;
    for (const channel of [undefined, 0, 1, 3]) {
      const removed = channel === undefined ? undefined : statesWithChannel(chain, channel);
      const exact = absorptionFromStart(chain, [chain.convProb], removed)[0];
      let converted = 0;
      for (let k = 0; k < n; k++) converted += simulate(chain, random, removed);
      const p = converted / n;
      const se = Math.sqrt((exact * (1 - exact)) / n);
      expect(Math.abs(p - exact)).toBeLessThan(4 * se);
    }
  });
});

/** One simulated journey: 1 if it converts. Removed states end it without conversion. */
function simulate(chain: MarkovChain, random: () => number, removed?: Uint8Array): number {
  let s = pick(chain.startProb, random);
  for (;;) {
    if (removed && removed[s]) return 0;
    let u = random();
    if (u < chain.convProb[s]) return 1;
    u -= chain.convProb[s];
    let next = -1;
    for (let k = chain.rowStart[s]; k < chain.rowStart[s + 1]; k++) {
      if (u < chain.prob[k]) {
        next = chain.next[k];
        break;
      }
      u -= chain.prob[k];
    }
    if (next < 0) return 0; // the remaining probability is (null)
    s = next;
  }
}

function pick(p: Float64Array, random: () => number): number {
  let u = random();
  for (let i = 0; i < p.length; i++) {
    if (u < p[i]) return i;
    u -= p[i];
  }
  return p.length - 1;
}
