import { describe, expect, it } from 'vitest';
import type { ResponseModel } from '../model/response-model.js';
import { supportedPlan } from './evidence.js';

/** Two channels with straight-line returns (θ = 0, K far above the spend): `roiA`, `roiB` outcome per unit of spend. */
const model = (roiA: number, roiB: number): ResponseModel => ({
  channels: ['a', 'b'],
  curves: [roiA, roiB].map((roi) => ({ theta: 0, k: 1e9, s: 1, beta: roi * 1e9 })),
  carryIn: [0, 0],
  periodsPerWeek: 1,
  baseline: [0],
});
/** 20 draws, of which `better` have b returning more than a. */
const draws = (better: number) => Array.from({ length: 20 }, (_, d) => (d < better ? model(1, 1.2) : model(1.2, 1)));
const unbounded = [{ min: 0, max: 1000 }, { min: 0, max: 1000 }];
const current = [[100], [100]];
const recommended = [[50], [150]];

describe('plan moves the draws do not support', () => {
  it('keeps a move that gains in 95% of the draws (the 90% interval of its gain is above 0)', () => {
    const result = supportedPlan(draws(19), current, recommended, unbounded, 0.9);
    expect(result.plan).toEqual(recommended);
    expect(result.unsupported).toEqual([]);
  });

  it('holds a move that gains in only 60% of them: the money stays, and says so', () => {
    const result = supportedPlan(draws(12), current, recommended, unbounded, 0.9);
    expect(result.plan).toEqual(current);
    expect(result.unsupported).toEqual([{ from: 'a', to: 'b', amount: 50, support: 0.6 }]);
  });

  it('gives money back only as far as the bounds allow', () => {
    const result = supportedPlan(draws(12), current, recommended, [{ min: 0, max: 1000 }, { min: 120, max: 1000 }], 0.9);
    expect(result.plan[0][0]).toBeCloseTo(80, 9);
    expect(result.plan[1][0]).toBeCloseTo(120, 9);
    expect(result.unsupported[0].amount).toBeCloseTo(30, 9);
  });

  it('leaves the plan alone without draws', () => {
    expect(supportedPlan([], current, recommended, unbounded, 0.9)).toEqual({ plan: recommended, unsupported: [] });
  });
});
