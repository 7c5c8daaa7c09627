import { describe, expect, it } from 'vitest';
import { tQuantile } from '../stats/distributions.js';
import { momentsFromSums, varianceOfMean } from '../stats/moments.js';
import { fiellerLift } from '../stats/relative-interval.js';
import { welchTest } from './welch.js';

const rel = (actual: number, expected: number, tol: number) => expect(Math.abs(actual / expected - 1)).toBeLessThan(tol);

// R: set.seed(42); a <- rlnorm(500, 3, 1); b <- rlnorm(520, 3.12, 1)  (a = control, b = treatment)
const control = momentsFromSums(500, 15647.021532949626, 1217502.1301933711);
const treatment = momentsFromSums(520, 19762.326712605089, 2582102.9154968183);

describe('welchTest against R t.test(b, a)', () => {
  it('statistic, df, p-value and interval', () => {
    // R: t.test(b, a) -> t 2.1543813221843222, df 890.10596916964869, p 0.031478029057659132,
    //    conf.int 0.59725542278460864 12.823607340051847
    const r = welchTest(treatment, control);
    rel(r.t!, 2.1543813221843222, 1e-10);
    rel(r.df, 890.10596916964869, 1e-10);
    rel(r.pValue, 0.031478029057659132, 1e-6);
    // jstat's Student t quantile is accurate to ~2e-8, which moves the lower end by ~2e-7 relative
    rel(r.ciLow, 0.59725542278460864, 1e-6);
    rel(r.ciHigh, 12.823607340051847, 1e-6);
  });

  it('hand-computed moments: 1,2,3 vs 2,4,6', () => {
    // mean 2, var 1 vs mean 4, var 4: se = √(4/3 + 1/3), t = 2/√(5/3), df = (5/3)² / ((16/9)/2 + (1/9)/2) = 25/8.5
    const r = welchTest(momentsFromSums(3, 12, 56), momentsFromSums(3, 6, 14));
    expect(r.t).toBeCloseTo(2 / Math.sqrt(5 / 3), 12);
    expect(r.df).toBeCloseTo(25 / 8.5, 12);
  });

  it('constant data in both arms is degenerate but defined', () => {
    const same = welchTest(momentsFromSums(5, 10, 20), momentsFromSums(4, 8, 16));
    expect(same.pValue).toBe(1);
    const apart = welchTest(momentsFromSums(5, 15, 45), momentsFromSums(4, 8, 16));
    expect(apart.pValue).toBe(0);
    expect(apart.t).toBeNull();
  });
});

describe('Fieller interval for the relative lift of means', () => {
  it('agrees with the Welch p-value on both sides of the boundary', () => {
    for (const shift of [0, 3, 5, 6, 6.5, 7, 8, 12]) {
      const t = { ...treatment, mean: control.mean + shift };
      const w = welchTest(t, control);
      const i = fiellerLift(t.mean, varianceOfMean(t), control.mean, varianceOfMean(control), tQuantile(0.975, w.df));
      expect(i.low! > 0 || i.high! < 0).toBe(w.pValue < 0.05);
    }
  });

  it('solves the defining quadratic: both ends make the Fieller statistic equal to crit²', () => {
    const vT = varianceOfMean(treatment);
    const vC = varianceOfMean(control);
    const i = fiellerLift(treatment.mean, vT, control.mean, vC, 1.96);
    for (const lift of [i.low!, i.high!]) {
      const rho = lift + 1;
      const stat = (treatment.mean - rho * control.mean) ** 2 / (vT + rho * rho * vC);
      expect(stat).toBeCloseTo(1.96 ** 2, 9);
    }
  });

  it('is unbounded (nulls) when the control mean is not distinguishable from 0', () => {
    expect(fiellerLift(5, 1, 0.5, 1, 1.96)).toEqual({ low: null, high: null });
  });
});
