import { describe, expect, it } from 'vitest';
import { fitMmm } from './fit-mmm.js';
import { planBudget } from '../plan/plan.js';
import { evaluatePlan } from '../model/response-model.js';
import { syntheticWorld, type SyntheticChannel } from '../synthetic.js';

const channels: SyntheticChannel[] = [
  { name: 'paid_search', curve: { theta: 0.3, k: 1500, s: 1.2, beta: 600 }, meanSpend: 1000 },
  { name: 'social', curve: { theta: 0.6, k: 3000, s: 2, beta: 500 }, meanSpend: 800 },
  { name: 'display', curve: { theta: 0.1, k: 800, s: 1, beta: 250 }, meanSpend: 500 },
];
// Two years of daily data from known curves, noise 1% of the baseline.
const world = syntheticWorld({ channels, periods: 730, seed: 7, noise: 0.01 });
const fit = fitMmm(world.data, { seed: 1, bootstrapDraws: 30 });

describe('marketing-mix fit on simulated data with known curves', () => {
  it('fits well in sample and on the time holdout', () => {
    expect(fit.fit.r2).toBeGreaterThan(0.95);
    expect(fit.fit.holdout.r2).toBeGreaterThan(0.9);
    expect(fit.fit.holdout.periods).toBe(Math.round(730 * 0.15));
    expect(fit.fit.mape).toBeLessThan(0.02);
  });

  it('recovers each channel ROI and contribution within 20% of the truth', () => {
    for (const truth of world.truth) {
      const report = fit.channelReports.find((r) => r.channel === truth.channel)!;
      expect(Math.abs(report.roi / truth.roi - 1)).toBeLessThan(0.2);
      expect(Math.abs(report.contribution / truth.contribution - 1)).toBeLessThan(0.2);
      expect(report.roi_ci[0]).toBeLessThanOrEqual(report.roi);
      expect(report.roi_ci[1]).toBeGreaterThanOrEqual(report.roi);
    }
  });

  it('reports marginal ROI as the derivative of the response at historical spend', () => {
    const report = fit.channelReports[0];
    const curve = fit.curves[0];
    const x = world.data.spend[0];
    const response = (scale: number) => {
      let a = 0;
      let sum = 0;
      for (const v of x) {
        a = v * scale + curve.theta * a;
        sum += curve.beta * (a > 0 ? 1 / (1 + (curve.k / a) ** curve.s) : 0);
      }
      return sum;
    };
    const total = x.reduce((s, v) => s + v, 0);
    const h = 1e-5;
    expect(report.mroi).toBeCloseTo((response(1 + h) - response(1 - h)) / (2 * h * total), 6);
  });

  it('is deterministic given the seed', () => {
    const again = fitMmm(world.data, { seed: 1, bootstrapDraws: 30 });
    expect(again.channelReports).toEqual(fit.channelReports);
  });
});

describe('budget plan from the fit', () => {
  it('sums to the total to the cent, beats the current split, and carries an interval', () => {
    const plan = planBudget(fit, { total: 4 * 7 * 2000, weeks: 4 });
    const cents = plan.allocation.reduce((a, r) => a + Math.round(r.spend * 100), 0);
    expect(cents).toBe(4 * 7 * 2000 * 100);
    for (const row of plan.allocation) expect(Math.round(row.weekly.reduce((a, b) => a + b, 0) * 100)).toBe(Math.round(row.spend * 100));
    expect(plan.expected_outcome).toBeGreaterThanOrEqual(plan.current.expected_outcome);
    expect(plan.interval[0]).toBeLessThanOrEqual(plan.expected_outcome);
    expect(plan.interval[1]).toBeGreaterThanOrEqual(plan.expected_outcome);
    expect(plan.weekly).toHaveLength(4);
    expect(plan.weekly.reduce((a, w) => a + w.outcome_recommended, 0)).toBeCloseTo(plan.expected_outcome, 6);
    expect(plan.moves.length).toBeGreaterThan(0);
    expect(plan.moves[0].text).toMatch(/^move \d+% of \w+ to \w+: [+−][\d.]+ conversions, CPA [+−][\d.]+%$/);
  });

  it('is close to the true optimum under the true curves', () => {
    // Plan with the fitted model, score both plans with the TRUE curves (same baseline).
    const weeks = 2;
    const total = weeks * 7 * 2300;
    const plan = planBudget(fit, { total, weeks, flighting: false });
    const trueFit = { ...fit, curves: channels.map((c) => c.curve), carryIn: fit.carryIn };
    const trueCarry = channels.map((c, i) => world.data.spend[i].reduce((a, v) => v + c.curve.theta * a, 0));
    const truthPlan = planBudget({ ...trueFit, carryIn: trueCarry, coefDraws: [] }, { total, weeks, flighting: false });
    const model = { channels: fit.channels, curves: channels.map((c) => c.curve), carryIn: trueCarry, periodsPerWeek: 7, baseline: new Array(weeks * 7).fill(0) };
    const fittedPlanValue = evaluatePlan(model, plan.allocation.map((a) => a.weekly)).media;
    const optimumValue = evaluatePlan(model, truthPlan.allocation.map((a) => a.weekly)).media;
    expect(fittedPlanValue).toBeGreaterThanOrEqual(0.95 * optimumValue);
  });

  it('respects ±% bounds around the current run-rate and rejects an infeasible total', () => {
    const plan = planBudget(fit, { total: 7 * 2300, weeks: 1, bounds: { display: { min_pct: -10, max_pct: 10 } } });
    const display = plan.allocation.find((a) => a.channel === 'display')!;
    expect(display.spend).toBeGreaterThanOrEqual(display.current_spend * 0.9 - 0.01);
    expect(display.spend).toBeLessThanOrEqual(display.current_spend * 1.1 + 0.01);
    expect(() => planBudget(fit, { total: 100, weeks: 1, bounds: { display: { min: 500 } } })).toThrow(/below the sum of channel minimums/);
  });
});

describe('degenerate input', () => {
  it('sets constant and zero-spend channels aside with a warning instead of NaN', () => {
    const data = { ...world.data, channels: [...world.data.channels, 'flat', 'off'], spend: [...world.data.spend, world.data.spend[0].map(() => 300), world.data.spend[0].map(() => 0)] };
    const f = fitMmm(data, { seed: 2, bootstrapDraws: 5, searchSamples: 20 });
    const flat = f.channelReports.find((r) => r.channel === 'flat')!;
    const off = f.channelReports.find((r) => r.channel === 'off')!;
    expect(flat.identifiable).toBe(false);
    expect(flat.beta).toBe(0);
    expect(off.roi).toBe(0);
    expect(f.warnings.join('\n')).toMatch(/flat: spend is constant/);
    expect(f.warnings.join('\n')).toMatch(/off: no spend/);
    for (const r of f.channelReports) for (const v of [r.roi, r.mroi, r.contribution, ...r.roi_ci]) expect(Number.isFinite(v)).toBe(true);
  });

  it('names a missing date and refuses histories too short for the model', () => {
    const gap = { ...world.data, dates: world.data.dates.filter((_, t) => t !== 10), spend: world.data.spend.map((x) => x.filter((_, t) => t !== 10)), outcome: world.data.outcome.filter((_, t) => t !== 10) };
    expect(() => fitMmm(gap)).toThrow(/data\.dates\.10: missing period 2023-01-12 before 2023-01-13/);
    const short = { ...world.data, dates: world.data.dates.slice(0, 20), spend: world.data.spend.map((x) => x.slice(0, 20)), outcome: world.data.outcome.slice(0, 20) };
    expect(() => fitMmm(short)).toThrow(/too few .*budget rules/);
  });
});

describe('calibration', () => {
  it('pulls a channel ROI toward a precise lift measurement', () => {
    const measured = 0.05; // deliberately far below the truth for display
    const calibrated = fitMmm(world.data, { seed: 1, bootstrapDraws: 5, calibration: [{ channel: 'display', roi: measured, standardError: 0.002 }] });
    const before = fit.channelReports.find((r) => r.channel === 'display')!.roi;
    const after = calibrated.channelReports.find((r) => r.channel === 'display')!.roi;
    expect(Math.abs(after - measured)).toBeLessThan(Math.abs(before - measured) / 2);
  });
});
