import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Sum of PathData's value column (Python's csv module: 74802.97158721073; the data README rounds it to 74,802.97). */
const PATHDATA_VALUE = 74_802.971_587_210_73;
import { parsePathsCsv } from '../paths/path-file.js';
import { attributeRuleBased } from './rule-based.js';
import { resolveRuleOptions, ruleWeights } from './rule-weights.js';
import { ruleModels, type ChannelCredit, type PathRow } from '../paths/types.js';

const pathData = parsePathsCsv(readFileSync(new URL('../../../../shared/data/pathdata/paths.csv', import.meta.url), 'utf8')).rows;
const defaults = resolveRuleOptions();
const w = (model: Parameters<typeof ruleWeights>[0], path: string[], opts = defaults) => Array.from(ruleWeights(model, path, opts));
const byChannel = (channels: ChannelCredit[]) => Object.fromEntries(channels.map((c) => [c.channel, [c.conversions, c.value]]));

describe('ruleWeights (one conversion)', () => {
  const abc = ['a', 'b', 'c'];
  it('first, last and linear', () => {
    expect(w('first', abc)).toEqual([1, 0, 0]);
    expect(w('last', abc)).toEqual([0, 0, 1]);
    expect(w('linear', abc)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(w('linear', ['a'])).toEqual([1]);
  });

  it('last-non-direct skips direct unless only direct is there', () => {
    expect(w('last-non-direct', ['a', 'direct', 'direct'])).toEqual([1, 0, 0]);
    expect(w('last-non-direct', ['direct', 'b', 'direct'])).toEqual([0, 1, 0]);
    expect(w('last-non-direct', ['direct', 'direct'])).toEqual([0, 1]);
    expect(w('last-non-direct', ['seo', 'brand'], resolveRuleOptions({ directChannel: 'brand' }))).toEqual([1, 0]);
  });

  it('time decay by steps: halfLife 1 gives 1/4, 1/2, 1 → 1/7, 2/7, 4/7; halfLife 2 gives 1/2, 1/√2, 1', () => {
    const got = w('time-decay', abc);
    [1 / 7, 2 / 7, 4 / 7].forEach((x, i) => expect(got[i]).toBeCloseTo(x, 14));
    const two = w('time-decay', abc, resolveRuleOptions({ halfLifeSteps: 2 }));
    const sum = 0.5 + Math.SQRT1_2 + 1;
    [0.5 / sum, Math.SQRT1_2 / sum, 1 / sum].forEach((x, i) => expect(two[i]).toBeCloseTo(x, 14));
  });

  it('position 40/20/40: 4 touches → .4 .1 .1 .4; 2 touches → 50/50; 1 touch → 100 %; configurable', () => {
    [0.4, 0.1, 0.1, 0.4].forEach((x, i) => expect(w('position', ['a', 'b', 'c', 'd'])[i]).toBeCloseTo(x, 14));
    expect(w('position', ['a', 'b'])).toEqual([0.5, 0.5]);
    expect(w('position', ['a'])).toEqual([1]);
    // 30/40/30 over 3 touches: the middle one takes all 40
    const custom = w('position', abc, resolveRuleOptions({ positionWeights: [30, 40, 30] }));
    [0.3, 0.4, 0.3].forEach((x, i) => expect(custom[i]).toBeCloseTo(x, 14));
    // 2 touches under 30/40/30 → 30:30 = 50/50; under 60/0/20 → 60:20 = 3/4, 1/4
    expect(w('position', ['a', 'b'], resolveRuleOptions({ positionWeights: [60, 0, 20] }))).toEqual([0.75, 0.25]);
  });

  it('custom weights by channel: email 3, direct 0, others 1 → a:1, email:3, direct:0 → 1/4, 3/4, 0', () => {
    const opts = resolveRuleOptions({ channelWeights: { email: 3, direct: 0 } });
    expect(w('custom', ['a', 'email', 'direct'], opts)).toEqual([0.25, 0.75, 0]);
    // all weights zero → equal shares rather than lost credit
    expect(w('custom', ['direct', 'direct'], opts)).toEqual([0.5, 0.5]);
  });

  it('rejects bad options', () => {
    expect(() => resolveRuleOptions({ halfLifeSteps: 0 })).toThrow(/halfLifeSteps/);
    expect(() => resolveRuleOptions({ positionWeights: [0, 1, 0] })).toThrow(/positionWeights/);
    expect(() => resolveRuleOptions({ channelWeights: { a: -1 } })).toThrow(/channelWeights.a/);
  });
});

describe('attributeRuleBased (paths)', () => {
  // a > a > b: 3 conversions worth 6; b: 1 conversion worth 2, 5 nulls
  const rows: PathRow[] = [
    { path: ['a', 'a', 'b'], conversions: 3, value: 6, nulls: 0 },
    { path: ['b'], conversions: 1, value: 2, nulls: 5 },
  ];

  it('linear keeps repeats by default: a gets 2/3 of 3 = 2 (value 4), b gets 1 + 1 = 2 (value 2 + 2)', () => {
    expect(byChannel(attributeRuleBased(rows, 'linear').channels)).toEqual({ a: [2, 4], b: [2, 4] });
  });

  it('linear with repeats collapsed: a > b splits 3 conversions 1.5/1.5 (value 3/3)', () => {
    expect(byChannel(attributeRuleBased(rows, 'linear', { repeats: 'collapse' }).channels)).toEqual({ a: [1.5, 3], b: [2.5, 5] });
  });

  it('first and last', () => {
    expect(byChannel(attributeRuleBased(rows, 'first').channels)).toEqual({ a: [3, 6], b: [1, 2] });
    expect(byChannel(attributeRuleBased(rows, 'last').channels)).toEqual({ a: [0, 0], b: [4, 8] });
  });

  it('time decay keeps the repeat as its own step: a > a > b → 1/7, 2/7, 4/7, so a gets 3 × 3/7', () => {
    const got = byChannel(attributeRuleBased(rows, 'time-decay').channels);
    expect(got.a[0]).toBeCloseTo(9 / 7, 12);
    expect(got.b[0]).toBeCloseTo(12 / 7 + 1, 12);
  });

  it.each(ruleModels)('%s conserves PathData totals (19,785 conversions, 74,802.97 value)', (model) => {
    for (const repeats of ['keep', 'collapse'] as const) {
      const result = attributeRuleBased(pathData, model, { repeats, channelWeights: { alpha: 0.5, beta: 2 } });
      expect(result.channels).toHaveLength(12);
      expect(result.channels.reduce((s, c) => s + c.conversions, 0)).toBeCloseTo(19_785, 6);
      expect(result.channels.reduce((s, c) => s + c.value, 0)).toBeCloseTo(PATHDATA_VALUE, 6);
      expect(result.channels.every((c) => c.conversions >= 0)).toBe(true);
    }
  });
});
