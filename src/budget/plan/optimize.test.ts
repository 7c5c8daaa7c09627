import { describe, expect, it } from 'vitest';
import { optimizeAllocation } from './optimize.js';
import { evaluatePlan, planGradient, type ResponseModel } from '../model/response-model.js';
import { roundPlanToCents } from './rounding.js';

const sum = (x: number[]) => x.reduce((a, b) => a + b, 0);

describe('optimiser', () => {
  it('matches the analytic optimum of two concave curves (equal marginal returns)', () => {
    // θ = 0, S = 1: f = β1·x1/(x1+K1) + β2·x2/(x2+K2). Equal marginals β·K/(x+K)² give
    // x1 = (a(T+K2) − b·K1)/(a+b) with a = √(β1K1), b = √(β2K2).
    const [b1, k1, b2, k2, total] = [100, 50, 60, 20, 100];
    const model: ResponseModel = {
      channels: ['a', 'b'],
      curves: [{ theta: 0, k: k1, s: 1, beta: b1 }, { theta: 0, k: k2, s: 1, beta: b2 }],
      carryIn: [0, 0],
      periodsPerWeek: 1,
      baseline: [0],
    };
    const a = Math.sqrt(b1 * k1);
    const b = Math.sqrt(b2 * k2);
    const x1 = (a * (total + k2) - b * k1) / (a + b);
    const result = optimizeAllocation({ model, weeks: 1, total, bounds: [{ min: 0, max: total }, { min: 0, max: total }] });
    expect(result.plan[0][0]).toBeCloseTo(x1, 3);
    expect(result.plan[1][0]).toBeCloseTo(total - x1, 3);
    const g = planGradient(model, result.plan);
    expect(g[0][0]).toBeCloseTo(g[1][0], 6);
  });

  it('is at least as good as an exhaustive 1% grid on three S-shaped channels with carry-over', () => {
    const model: ResponseModel = {
      channels: ['a', 'b', 'c'],
      curves: [
        { theta: 0.5, k: 300, s: 2.5, beta: 500 },
        { theta: 0.2, k: 150, s: 1, beta: 250 },
        { theta: 0.7, k: 600, s: 1.6, beta: 900 },
      ],
      carryIn: [100, 0, 400],
      periodsPerWeek: 7,
      baseline: new Array(7).fill(10),
    };
    const total = 4000;
    const bounds = [{ min: 0, max: total }, { min: 0, max: total }, { min: 0, max: total }];
    let gridBest = -Infinity;
    for (let i = 0; i <= 100; i++) {
      for (let j = 0; i + j <= 100; j++) {
        const plan = [[(i / 100) * total], [(j / 100) * total], [((100 - i - j) / 100) * total]];
        gridBest = Math.max(gridBest, evaluatePlan(model, plan).total);
      }
    }
    const result = optimizeAllocation({ model, weeks: 1, total, bounds });
    expect(sum(result.plan.map((r) => r[0]))).toBeCloseTo(total, 6);
    expect(result.outcome).toBeGreaterThanOrEqual(gridBest - 1e-9 * gridBest);
    expect(result.outcome).toBeLessThan(gridBest * 1.01); // a 1% grid is already close to the optimum
  });

  it('respects per-channel bounds and spends exactly the total over several weeks', () => {
    const model: ResponseModel = {
      channels: ['a', 'b', 'c'],
      curves: [
        { theta: 0.3, k: 1000, s: 1.2, beta: 800 },
        { theta: 0.6, k: 500, s: 2, beta: 300 },
        { theta: 0.1, k: 2000, s: 0.8, beta: 400 },
      ],
      carryIn: [500, 800, 0],
      periodsPerWeek: 7,
      baseline: new Array(4 * 7).fill(100),
    };
    const bounds = [{ min: 5000, max: 12000 }, { min: 1000, max: 3000 }, { min: 0, max: 30000 }];
    const total = 20000;
    const result = optimizeAllocation({ model, weeks: 4, total, bounds });
    const totals = result.plan.map(sum);
    totals.forEach((t, c) => {
      expect(t).toBeGreaterThanOrEqual(bounds[c].min - 1e-6);
      expect(t).toBeLessThanOrEqual(bounds[c].max + 1e-6);
    });
    const cents = roundPlanToCents(result.plan, bounds, total);
    expect(sum(cents.map(sum))).toBe(total * 100);
    cents.forEach((row, c) => {
      expect(sum(row)).toBeGreaterThanOrEqual(bounds[c].min * 100);
      expect(sum(row)).toBeLessThanOrEqual(bounds[c].max * 100);
    });
    // Flighting can only help compared with even weeks.
    const even = optimizeAllocation({ model, weeks: 4, total, bounds, flighting: false });
    expect(even.plan[0].every((v) => Math.abs(v - even.plan[0][0]) < 1e-9)).toBe(true);
    expect(result.outcome).toBeGreaterThanOrEqual(even.outcome - 1e-9 * even.outcome);
  });

  it('stops spending where a unit of money returns less than its value when not told to spend all', () => {
    // One concave channel, f = 100·x/(x+50): f′ = 5000/(x+50)² = 1 at x = √5000 − 50 ≈ 20.71.
    const model: ResponseModel = { channels: ['a'], curves: [{ theta: 0, k: 50, s: 1, beta: 100 }], carryIn: [0], periodsPerWeek: 1, baseline: [0] };
    const result = optimizeAllocation({ model, weeks: 1, total: 1000, bounds: [{ min: 0, max: 1000 }], spendAll: false, moneyValue: 1 });
    expect(result.plan[0][0]).toBeCloseTo(Math.sqrt(5000) - 50, 3);
  });
});
