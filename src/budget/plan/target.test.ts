import { describe, expect, it } from 'vitest';
import { optimizeAllocation } from './optimize.js';
import type { ResponseModel } from '../model/response-model.js';
import { budgetForTarget } from './target.js';

const model: ResponseModel = {
  channels: ['a', 'b'],
  curves: [{ theta: 0, k: 50, s: 1, beta: 100 }, { theta: 0, k: 20, s: 1, beta: 60 }],
  carryIn: [0, 0],
  periodsPerWeek: 1,
  baseline: [0],
};
const bounds = [{ min: 0, max: 1000 }, { min: 0, max: 1000 }];

describe('budget for a target', () => {
  it('finds the least budget whose best plan reaches an outcome', () => {
    const best100 = optimizeAllocation({ model, weeks: 1, total: 100, bounds }).outcome;
    const found = budgetForTarget({ model, weeks: 1, bounds }, { kind: 'outcome', value: best100 });
    expect(found.reachable).toBe(true);
    expect(found.total).toBeCloseTo(100, 0);
    expect(found.outcome).toBeGreaterThanOrEqual(best100 - 1e-9);
  });
  it('finds the largest budget meeting a CPA ceiling, and flags unreachable goals', () => {
    const at200 = optimizeAllocation({ model, weeks: 1, total: 200, bounds }).outcome;
    const found = budgetForTarget({ model, weeks: 1, bounds }, { kind: 'cpa', value: 200 / at200 });
    expect(found.total).toBeCloseTo(200, 0);
    expect(budgetForTarget({ model, weeks: 1, bounds }, { kind: 'outcome', value: 1000 }).reachable).toBe(false); // β1 + β2 = 160 caps the outcome
  });
});
