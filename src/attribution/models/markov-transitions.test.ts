import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildChain, chainFromTransitions, transitionCounts, type IdPath, type Transition } from './markov-chain.js';
import { attributeMarkov, attributeMarkovTransitions } from './markov.js';
import { parsePathsCsv } from '../paths/path-file.js';
import { collapseRepeats } from './rule-weights.js';

const pathData = parsePathsCsv(readFileSync(new URL('../../../../shared/data/pathdata/paths.csv', import.meta.url), 'utf8')).rows;
const named = (rows: typeof pathData): IdPath<string>[] =>
  rows.map((r) => ({ ids: collapseRepeats(r.path, (c) => c), conversions: r.conversions, value: r.value, nulls: r.nulls }));

describe('transitionCounts, counted by hand', () => {
  // a > b > c: 2 conversions worth 30, 1 null; a > b: 1 null; b: 1 conversion worth 4; a journey-less path and an empty one count nothing.
  const paths: IdPath<string>[] = [
    { ids: ['a', 'b', 'c'], conversions: 2, value: 30, nulls: 1 },
    { ids: ['a', 'b'], conversions: 0, value: 0, nulls: 1 },
    { ids: ['b'], conversions: 1, value: 4, nulls: 0 },
    { ids: ['c'], conversions: 0, value: 0, nulls: 0 },
    { ids: [], conversions: 1, value: 9, nulls: 0 },
  ];

  it('order 1: start, channel to channel and terminal transitions weighted by journeys, in order of first appearance', () => {
    expect(transitionCounts(paths, 1)).toEqual([
      { from: '(start)', to: ['a'], weight: 4, value: 0 },
      { from: ['a'], to: ['b'], weight: 4, value: 0 },
      { from: ['b'], to: ['c'], weight: 3, value: 0 },
      { from: ['c'], to: '(conversion)', weight: 2, value: 30 },
      { from: ['c'], to: '(null)', weight: 1, value: 0 },
      { from: ['b'], to: '(null)', weight: 1, value: 0 },
      { from: '(start)', to: ['b'], weight: 1, value: 0 },
      { from: ['b'], to: '(conversion)', weight: 1, value: 4 },
    ]);
  });

  it('order 2: windows (a,b) > (b,c); a path shorter than the order is one state', () => {
    expect(transitionCounts(paths, 2)).toEqual([
      { from: '(start)', to: ['a', 'b'], weight: 4, value: 0 },
      { from: ['a', 'b'], to: ['b', 'c'], weight: 3, value: 0 },
      { from: ['b', 'c'], to: '(conversion)', weight: 2, value: 30 },
      { from: ['b', 'c'], to: '(null)', weight: 1, value: 0 },
      { from: ['a', 'b'], to: '(null)', weight: 1, value: 0 },
      { from: '(start)', to: ['b'], weight: 1, value: 0 },
      { from: ['b'], to: '(conversion)', weight: 1, value: 4 },
    ]);
  });

  it('order 1 chain of the counts: a → b always; b is left 5 times (3 to c, 1 null, 1 conversion worth 4); c converts 2 of 3 (worth 30)', () => {
    const chain = chainFromTransitions(transitionCounts(paths, 1), 1);
    expect(chain.stateChannels).toEqual([['a'], ['b'], ['c']]);
    expect(Array.from(chain.startProb)).toEqual([4 / 5, 1 / 5, 0]);
    // b is left 5 times: 3 to c, 1 to null, 1 to conversion (worth 4).
    expect(Array.from(chain.prob)).toEqual([1, 3 / 5]);
    expect(Array.from(chain.convProb)).toEqual([0, 1 / 5, 2 / 3]);
    expect(Array.from(chain.valueRate)).toEqual([0, 4 / 5, 10]);
  });

  it('rejects a state longer than the order and a journey going from start straight to an end', () => {
    expect(() => chainFromTransitions([{ from: '(start)', to: ['a', 'b'], weight: 1, value: 0 }], 1)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(() => chainFromTransitions([{ from: '(start)', to: '(null)', weight: 1, value: 0 }], 1)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });
});

describe('the chain of transitions is the chain of paths (PathData)', () => {
  it.each([1, 2, 3])('order %i: rows in any order give the same removal effects and credits to 1e-12', (order) => {
    const want = attributeMarkov(pathData, { order });
    const rows = transitionCounts(named(pathData), order);
    const shuffled: Transition<string>[] = [...rows].reverse();
    for (const got of [attributeMarkovTransitions(rows, { order }), attributeMarkovTransitions(shuffled, { order })]) {
      expect(got.states).toBe(want.states);
      expect(got.totals.conversions).toBe(want.totals.conversions);
      expect(got.totals.nulls).toBe(want.totals.nulls);
      expect(got.totals.value).toBeCloseTo(want.totals.value, 6);
      const byName = new Map(got.removal_effects.map((r, i) => [r.channel, { re: r, credit: got.channels[i] }]));
      want.removal_effects.forEach((r, i) => {
        const g = byName.get(r.channel)!;
        expect(g.re.conversions).toBeCloseTo(r.conversions, 12);
        expect(g.re.value).toBeCloseTo(r.value, 12);
        expect(g.credit.conversions).toBeCloseTo(want.channels[i].conversions, 8);
        expect(g.credit.value).toBeCloseTo(want.channels[i].value, 8);
      });
    }
  });

  it('rows in transitionCounts order number the states as buildChain does', () => {
    const paths = named(pathData);
    expect(chainFromTransitions(transitionCounts(paths, 2), 2)).toEqual(buildChain(paths, 2));
    expect(attributeMarkovTransitions(transitionCounts(paths, 2), { order: 2 }).removal_effects).toEqual(attributeMarkov(pathData, { order: 2 }).removal_effects);
  });
});
