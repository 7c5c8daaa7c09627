import { describe, expect, it } from 'vitest';
import { bayesBinomial, expectedBetaExcess, probBetaGreater } from './bayes-binomial.js';
import { bayesNormal, normalExcess } from './bayes-normal.js';
import { normalCdf } from '../stats/distributions.js';
import { logBeta } from '../stats/distributions.js';

const rel = (actual: number, expected: number, tol: number) => expect(Math.abs(actual / expected - 1)).toBeLessThan(tol);

/**
 * Reference values from R 4.x with Beta(1 + x, 1 + n − x) posteriors:
 *   chance  = integrate(function(x) dbeta(x,aT,bT) * pbeta(x,aC,bC), lo, hi, rel.tol = 1e-12)
 *   risk    = nested integrate() of E[max(pC − pT, 0)] (and of E[max(pT − pC, 0)] for control_risk)
 *   lift CI = uniroot() on integrate(function(c) dbeta(c,aC,bC) * pbeta(r*c,aT,bT)) = 0.025 / 0.975, minus 1
 * (Monte Carlo with 4e6 draws, set.seed(1), agreed to 3 decimals.)
 */
const CASES = [
  { name: '250/5000 vs 200/5000', t: [250, 5000], c: [200, 5000], chance: 0.99205240719917676, risk: 1.0929411572574756e-5, controlRisk: 0.010006931010870773, low: 0.042437657585965294, high: 0.49887081357014407 },
  { name: '530/10200 vs 480/9800', t: [530, 10200], c: [480, 9800], chance: 0.83183282348239418, risk: 0.00027791930661423135, controlRisk: 0.0032549191874969114, low: -0.059363799159304342, high: 0.19647635741148783 },
  { name: '3/40 vs 1/38', t: [3, 40], c: [1, 38], chance: 0.80453723491598161, risk: 0.0062054643278221877, controlRisk: 0.051443559565260047, low: -0.60082281682889249, high: 15.392921013058597 },
] as const;

describe('bayesBinomial against R numeric integration', () => {
  for (const k of CASES) {
    it(k.name, () => {
      const r = bayesBinomial({ users: k.t[1], conversions: k.t[0] }, { users: k.c[1], conversions: k.c[0] });
      rel(r.chanceToWin, k.chance, 1e-8);
      rel(r.risk, k.risk, 1e-6);
      rel(r.controlRisk, k.controlRisk, 1e-8);
      rel(r.liftLow!, k.low, 1e-7);
      rel(r.liftHigh!, k.high, 1e-7);
    });
  }

  it('agrees with the exact finite sum for integer parameters (Evan Miller 2015)', () => {
    // P(pB > pA) = Σ_{i=0}^{aB−1} B(aA+i, bA+bB) / ((bB+i) B(1+i, bB) B(aA, bA))
    const A = { a: 1 + 12, b: 1 + 300 - 12 };
    const B = { a: 1 + 21, b: 1 + 310 - 21 };
    let exact = 0;
    for (let i = 0; i < B.a; i++) exact += Math.exp(logBeta(A.a + i, A.b + B.b) - Math.log(B.b + i) - logBeta(1 + i, B.b) - logBeta(A.a, A.b));
    rel(probBetaGreater(B, A), exact, 1e-9);
  });

  it('chance to win stays in [0, 1] and the two risks differ by the difference in means', () => {
    for (const [xT, nT, xC, nC] of [[0, 10, 10, 10], [10, 10, 0, 10], [0, 1, 0, 1], [5000, 10000, 5000, 10000], [1, 200000, 3, 200000]]) {
      const r = bayesBinomial({ users: nT, conversions: xT }, { users: nC, conversions: xC });
      expect(r.chanceToWin).toBeGreaterThanOrEqual(0);
      expect(r.chanceToWin).toBeLessThanOrEqual(1);
      // E[max(T−C,0)] − E[max(C−T,0)] = E[T] − E[C]
      expect(r.controlRisk - r.risk).toBeCloseTo((1 + xT) / (2 + nT) - (1 + xC) / (2 + nC), 9);
      expect(JSON.stringify(r)).not.toContain('NaN');
    }
  });

  it('identical data gives chance 1/2', () => {
    expect(bayesBinomial({ users: 1000, conversions: 50 }, { users: 1000, conversions: 50 }).chanceToWin).toBeCloseTo(0.5, 8);
  });

  it('hand-computed uniform and triangular cases', () => {
    const uniform = { a: 1, b: 1 };
    const rising = { a: 2, b: 1 }; // density 2x
    // X, Y ~ U(0,1): E[max(X − Y, 0)] = 1/6
    expect(expectedBetaExcess(uniform, uniform)).toBeCloseTo(1 / 6, 10);
    // X ~ Beta(2,1), Y ~ U: P(X > Y) = ∫ 2x·x dx = 2/3; E[max(X − Y, 0)] = ∫ 2x·x²/2 dx = 1/4
    expect(probBetaGreater(rising, uniform)).toBeCloseTo(2 / 3, 10);
    expect(expectedBetaExcess(rising, uniform)).toBeCloseTo(1 / 4, 10);
  });
});

describe('bayesNormal', () => {
  it('closed forms: chance Φ(d/σ), risk E[max(−D, 0)]', () => {
    const t = { mean: 10.5, variance: 0.09 };
    const c = { mean: 10, variance: 0.16 };
    const r = bayesNormal(t, c);
    expect(r.chanceToWin).toBeCloseTo(normalCdf(0.5 / 0.5), 14);
    // σφ(μ/σ) − μΦ(−μ/σ) with μ = 0.5, σ = 0.5: 0.5·φ(1) − 0.5·Φ(−1) = 0.5·0.24197072451914337 − 0.5·0.15865525393145705
    expect(r.risk).toBeCloseTo(0.5 * 0.24197072451914337 - 0.5 * 0.15865525393145705, 12);
    expect(normalExcess(0, 1)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 14);
  });

  it('lift credible interval of two tight normals is close to the delta-method interval', () => {
    const r = bayesNormal({ mean: 110, variance: 1 }, { mean: 100, variance: 1 });
    // delta method: 0.1 ± 1.96 · √(1/100² + 1.21/100²) ≈ 0.1 ± 0.02914
    expect(r.liftLow!).toBeCloseTo(0.1 - 1.959963984540054 * Math.sqrt(2.21) / 100, 3);
    expect(r.liftHigh!).toBeCloseTo(0.1 + 1.959963984540054 * Math.sqrt(2.21) / 100, 3);
  });

  it('no lift interval when the control could be ≤ 0', () => {
    const r = bayesNormal({ mean: 1, variance: 1 }, { mean: 0.5, variance: 1 });
    expect(r.liftLow).toBeNull();
    expect(r.liftHigh).toBeNull();
  });
});
