import { describe, expect, it } from 'vitest';
import { cupedAdjust } from './cuped.js';
import { momentsFromSums } from '../stats/moments.js';
import { welchTest } from './welch.js';

const rel = (actual: number, expected: number, tol: number) => expect(Math.abs(actual / expected - 1)).toBeLessThan(tol);

// R: set.seed(7); nC <- 400; nT <- 410; xC <- rgamma(nC, 2, 0.05); xT <- rgamma(nT, 2, 0.05)
//    yC <- 0.7*xC + rnorm(nC, 10, 15); yT <- 0.7*xT + rnorm(nT, 14, 15)
const control = { users: 400, sum: 15726.630415503254, sumSquares: 826474.20440096897, preSum: 16957.571604821369, preSumSquares: 1022465.9884508474, sumCross: 865921.19047441473 };
const treatment = { users: 410, sum: 17091.944141275097, sumSquares: 980926.22071880277, preSum: 16180.583445708286, preSumSquares: 975540.31788401771, sumCross: 913376.36437470804 };

describe('cupedAdjust against R', () => {
  it('theta, adjusted means and the Welch test on adjusted values', () => {
    // R: theta <- (Σ(xC−x̄C)(yC−ȳC) + Σ(xT−x̄T)(yT−ȳT)) / (Σ(xC−x̄C)² + Σ(xT−x̄T)²); xbar <- mean(c(xC, xT))
    //    aC <- yC − theta*(xC − xbar); aT <- yT − theta*(xT − xbar); t.test(aT, aC)
    //    theta 0.68387654564440736, mean(aC) 38.30264256276871, mean(aT) 42.676872028465525,
    //    t 4.2112301307957241, df 802.12716202436741, p 2.8275893546654453e-05, conf.int 2.3353268571680839 6.4131320742255449
    const adj = cupedAdjust([control, treatment]);
    rel(adj.theta, 0.68387654564440736, 1e-10);
    rel(adj.moments[0].mean, 38.30264256276871, 1e-11);
    rel(adj.moments[1].mean, 42.676872028465525, 1e-11);
    const w = welchTest(adj.moments[1], adj.moments[0]);
    rel(w.t!, 4.2112301307957241, 1e-9);
    rel(w.df, 802.12716202436741, 1e-9);
    rel(w.pValue, 2.8275893546654453e-5, 1e-6);
    rel(w.ciLow, 2.3353268571680839, 1e-6);
    rel(w.ciHigh, 6.4131320742255449, 1e-6);
    // the raw test is not significant (R: t.test(yT, yC)$p.value 0.16455227293659785): CUPED is what finds the effect
    const raw = welchTest(momentsFromSums(410, treatment.sum, treatment.sumSquares), momentsFromSums(400, control.sum, control.sumSquares));
    rel(raw.pValue, 0.16455227293659785, 1e-6);
    expect(adj.varianceReduction[0]).toBeGreaterThan(0.5);
  });

  it('a covariate uncorrelated with the metric changes nothing: CUPED equals plain Welch', () => {
    // Y = (1,2,3,4) with X = (1,−1,−1,1): Σxy within variant is 1−2−3+4 = 0
    const v = (shift: number) => ({ users: 4, sum: 10 + 4 * shift, sumSquares: [1, 2, 3, 4].reduce((a, y) => a + (y + shift) ** 2, 0), preSum: 0, preSumSquares: 4, sumCross: 1 - (2 + shift) - (3 + shift) + (4 + shift) + shift });
    const adj = cupedAdjust([v(0), v(1.5)]);
    expect(adj.theta).toBe(0);
    const plain = welchTest(momentsFromSums(4, v(1.5).sum, v(1.5).sumSquares), momentsFromSums(4, v(0).sum, v(0).sumSquares));
    const cuped = welchTest(adj.moments[1], adj.moments[0]);
    expect(cuped.pValue).toBeCloseTo(plain.pValue, 14);
    expect(cuped.diff).toBeCloseTo(plain.diff, 14);
  });

  it('a covariate equal to the metric removes all within-variant variance', () => {
    const adj = cupedAdjust([
      { users: 3, sum: 6, sumSquares: 14, preSum: 6, preSumSquares: 14, sumCross: 14 },
      { users: 3, sum: 9, sumSquares: 29, preSum: 9, preSumSquares: 29, sumCross: 29 },
    ]);
    expect(adj.theta).toBeCloseTo(1, 14);
    expect(adj.moments[0].variance).toBeCloseTo(0, 12);
    expect(adj.varianceReduction[1]).toBeCloseTo(1, 12);
  });
});
