import { describe, expect, it } from 'vitest';
import { twoProportionTest } from './proportions.js';
import { ratioScoreStatistic, scoreRatioLift } from '../stats/relative-interval.js';

const rel = (actual: number, expected: number, tol: number) => expect(Math.abs(actual / expected - 1)).toBeLessThan(tol);

describe('twoProportionTest against R prop.test(correct = FALSE)', () => {
  it('250/5000 vs 200/5000', () => {
    // R 4.x: prop.test(c(250, 200), c(5000, 5000), correct = FALSE)
    //   p.value 0.015868965355167013, X-squared 5.817335660267597,
    //   conf.int 0.0018761916234117746 0.018123808376588231
    const r = twoProportionTest({ users: 5000, conversions: 250 }, { users: 5000, conversions: 200 });
    rel(r.pValue, 0.015868965355167013, 1e-6);
    rel(r.z! * r.z!, 5.817335660267597, 1e-9);
    rel(r.ciLow, 0.0018761916234117746, 1e-9);
    rel(r.ciHigh, 0.018123808376588231, 1e-9);
    expect(r.lift).toBeCloseTo(0.25, 12);
  });

  it('530/10200 vs 480/9800, 95% and 90% intervals', () => {
    // R: prop.test(c(530, 480), c(10200, 9800), correct = FALSE) -> p 0.33580492282207042,
    //   conf.int -0.0030860335414616647 0.0090484184954432688; conf.level = 0.9 -> -0.002110584107020164 0.0080729690610017672
    const t = { users: 10200, conversions: 530 };
    const c = { users: 9800, conversions: 480 };
    const r = twoProportionTest(t, c);
    rel(r.pValue, 0.33580492282207042, 1e-6);
    rel(r.ciLow, -0.0030860335414616647, 1e-8);
    rel(r.ciHigh, 0.0090484184954432688, 1e-8);
    const r90 = twoProportionTest(t, c, 0.1);
    rel(r90.ciLow, -0.002110584107020164, 1e-8);
    rel(r90.ciHigh, 0.0080729690610017672, 1e-8);
  });

  it('no conversions anywhere: p = 1, lift undefined, no NaN', () => {
    const r = twoProportionTest({ users: 100, conversions: 0 }, { users: 120, conversions: 0 });
    expect(r.pValue).toBe(1);
    expect(r.lift).toBeNull();
    expect(r.liftInterval).toEqual({ low: null, high: null });
    expect(JSON.stringify(r)).not.toContain('NaN');
  });
});

describe('Koopman score interval for the relative lift', () => {
  it('reproduces the published example 36/40 vs 16/80', () => {
    // Koopman (1984), Biometrics 40:513-517 (also PropCIs::riskscoreci): ratio CI (2.9396, 7.1522).
    // Checked in R by maximising the constrained binomial likelihood with optimize() and solving with uniroot():
    //   2.9395691921546421 7.1522234372455662
    const i = scoreRatioLift(36, 40, 16, 80, 1.959963984540054);
    rel(i.low! + 1, 2.9395691921546421, 1e-7);
    rel(i.high! + 1, 7.1522234372455662, 1e-7);
  });

  it('matches the R optimize()/uniroot() inversion on two A/B tests', () => {
    // R (see ref3.R in the report): koop(250,5000,200,5000) - 1 and koop(530,10200,480,9800) - 1
    const a = scoreRatioLift(250, 5000, 200, 5000, 1.959963984540054);
    rel(a.low!, 0.042557025975468621, 1e-6);
    rel(a.high!, 0.49885163809009048, 1e-7);
    const b = scoreRatioLift(530, 10200, 480, 9800, 1.959963984540054);
    rel(b.low!, -0.059338619472444121, 1e-6);
    rel(b.high!, 0.19646382277720642, 1e-6);
  });

  it('at ratio 1 the score statistic is the pooled z²', () => {
    const r = twoProportionTest({ users: 3000, conversions: 91 }, { users: 3100, conversions: 70 });
    rel(ratioScoreStatistic(91, 3000, 70, 3100, 1), r.z! * r.z!, 1e-12);
  });

  it('excludes 0 exactly when p < alpha, across a grid that straddles the boundary', () => {
    let significant = 0;
    for (let xT = 150; xT <= 260; xT += 1) {
      const r = twoProportionTest({ users: 5000, conversions: xT }, { users: 4900, conversions: 200 });
      const excludes = r.liftInterval.low! > 0 || r.liftInterval.high! < 0;
      expect(excludes).toBe(r.pValue < 0.05);
      if (excludes) significant++;
    }
    expect(significant).toBeGreaterThan(20); // the grid really covers both sides
    expect(significant).toBeLessThan(100);
  });

  it('treatment with zero conversions: lower bound −100%, finite upper bound', () => {
    const i = scoreRatioLift(0, 500, 20, 500, 1.959963984540054);
    expect(i.low).toBe(-1);
    expect(i.high).not.toBeNull();
    expect(i.high!).toBeLessThan(0);
  });
});
