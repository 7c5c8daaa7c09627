import { describe, expect, it } from 'vitest';
import { paretoNbdLogLikelihood } from '../clv/pareto-nbd.js';
import { Hyp2f1NotComputable, digamma, hyp2f1, lgamma, logAddExp, logEulerIntegral, logHyp2f1, logSubExp } from './special-functions.js';

describe('lgamma', () => {
  it('matches known values', () => {
    expect(lgamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13); // Γ(½) = √π
    expect(lgamma(1)).toBeCloseTo(0, 13);
    expect(lgamma(10)).toBeCloseTo(Math.log(362880), 12); // 9!
  });
});

describe('log-sum-exp helpers', () => {
  it('adds and subtracts in log space without overflow', () => {
    expect(logAddExp(Math.log(2), Math.log(3))).toBeCloseTo(Math.log(5), 14);
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.log(2), 10);
    expect(logAddExp(-Infinity, 3)).toBe(3);
    expect(logSubExp(Math.log(5), Math.log(3))).toBeCloseTo(Math.log(2), 14);
    expect(logSubExp(2, 2)).toBe(-Infinity);
  });
});

describe('hyp2f1', () => {
  it('matches closed forms (Abramowitz & Stegun 15.1.3, 15.1.6, 15.1.8)', () => {
    for (const z of [0.1, 0.5, 0.9, 0.999]) {
      // ₂F₁(1,1;2;z) = −ln(1−z)/z
      expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(-Math.log(1 - z) / z, 10);
      // ₂F₁(a,b;b;z) = (1−z)^−a  (a+b−c = a > 0: exercises the Euler-transformed branch)
      expect(hyp2f1(2.5, 0.7, 0.7, z) / Math.pow(1 - z, -2.5)).toBeCloseTo(1, 12);
    }
    // ₂F₁(½,½;3/2;z²) = arcsin(z)/z
    expect(hyp2f1(0.5, 0.5, 1.5, 0.25)).toBeCloseTo(Math.asin(0.5) / 0.5, 13);
  });

  it('logHyp2f1 equals the log of hyp2f1 and survives huge Euler prefactors', () => {
    expect(logHyp2f1(30, 32, 20, 0.9)).toBeCloseTo(Math.log(hyp2f1(30, 32, 20, 0.9)), 9);
    // ₂F₁(a,b;b;z) with a = 800: (1−z)^−800 overflows a double at z = 0.99, its log does not
    expect(logHyp2f1(800, 3, 3, 0.99)).toBeCloseTo(-800 * Math.log(0.01), 8);
  });

  it('rejects z outside [0, 1)', () => {
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(expect.objectContaining({ code: 'not_computable' }));
    expect(() => hyp2f1(1, 1, 2, -0.5)).toThrow(expect.objectContaining({ code: 'not_computable' }));
  });
});

describe('hyp2f1 near z = 1: the fallback to Euler’s integral (issue 12 #7)', () => {
  // ln ₂F₁ from mpmath 1.3.0, `mp.dps = 30; log(hyp2f1(mpf(a), mpf(b), mpf(c), mpf(z)))`, the
  // arguments being exactly these doubles; computed independently of this code (arbitrary
  // precision series with mpmath's own transformations). The first seven need over 20,000 series terms.
  const mpmath: [number, number, number, number, number][] = [
    // The Pareto/NBD A₀ term that froze the demo world's CLV for 21.7 s and answered 500
    // ("hyp2f1(1, 1084829.90…; 1084859.47…; 0.99994…) did not converge in 1000000 terms").
    [1084858.4662030751, 29.5633130021, 1084859.4662030751, 0.9999462496787522, 290.23536998631404142],
    [2.5, 3.5, 4, 0.99999, 23.331946427743137823],
    [0.3, 7, 1.3, 0.9999, 52.266423965201384508],
    [3, 2, 6.5, 0.99999999, 1.8870695290838994222],
    [5.3, 1.2, 6.3, 0.9999, 4.8301432923079869707],
    [0.7, 40.5, 41.7, 0.9995, 3.0619123380792687832],
    [12.25, 0.8, 13.25, 0.99999, 3.3384665947469540638],
    // Large parameters, small z: the series' stopping rule settles at once (it used to wait for n > 10⁶).
    [1, 2e6, 2e6 + 5, 0.5, 0.69314468057057025546],
    // Euler turns (5, 6; 2) into (−3, −4; 2): a polynomial, summed even this close to 1.
    [5, 6, 2, 0.99999, 106.25537151434005918],
  ];
  it('ln 2F1 matches mpmath', () => {
    for (const [a, b, c, z, expected] of mpmath) {
      expect(Math.abs(logHyp2f1(a, b, c, z) - expected), `ln 2F1(${a}, ${b}; ${c}; ${z})`).toBeLessThan(1e-12 * Math.max(1, Math.abs(expected)));
    }
  });

  it('matches closed forms where the series would need billions of terms', () => {
    // ₂F₁(1,1;2;z) = −ln(1−z)/z (A&S 15.1.3); 1 − z = 1e-9 needs ~4e10 series terms.
    const z = 0.999999999;
    expect(hyp2f1(1, 1, 2, z) / (-Math.log1p(-z) / z)).toBeCloseTo(1, 12);
    // ₂F₁(½,½;3/2;x²) = arcsin(x)/x (A&S 15.1.6) at x² = 1 − 1e-7.
    const x2 = 1 - 1e-7;
    expect(hyp2f1(0.5, 0.5, 1.5, x2) / (Math.asin(Math.sqrt(x2)) / Math.sqrt(x2))).toBeCloseTo(1, 12);
    // ∫₀¹ t^(p−1)(1−t)^(r−1) dt = B(p, r) (z = 0): B(0.5, 0.5) = π, B(2, 3) = 1/12.
    expect(logEulerIntegral(0.5, 0.5, 3, 0)).toBeCloseTo(Math.log(Math.PI), 13);
    expect(logEulerIntegral(2, 3, 1, 0)).toBeCloseTo(Math.log(1 / 12), 13);
  });

  it('gives the same value by series and by integral where both work', () => {
    // z = 0.99 converges in the series (~4,000 terms); the integral must agree with it.
    for (const [a, b, c] of [[1.5, 2, 4], [0.4, 9, 10.4], [30, 2.2, 31]]) {
      const series = logHyp2f1(a, b, c, 0.99);
      const p = c > b && b > 0 ? b : a;
      const q = p === b ? a : b;
      const integral = lgamma(c) - lgamma(p) - lgamma(c - p) + logEulerIntegral(p, c - p, q, 0.99);
      expect(Math.abs(series - integral)).toBeLessThan(1e-11 * Math.max(1, Math.abs(series)));
    }
  });

  it('a Pareto/NBD likelihood at the parameters that used to throw is finite', () => {
    // r + s + x = 1084858.47 with α ≪ β: both A₀ terms need z ≈ 0.99995.
    const ll = paretoNbdLogLikelihood({ r: 28.56, alpha: 1e-3, s: 1084829.9, beta: 18.6 }, { frequency: 0, recency: 0, T: 1.2 });
    expect(Number.isFinite(ll)).toBe(true);
  });

  it('says so when neither the series nor the integral applies', () => {
    // c ≤ a and c ≤ b: Euler's integral has no representation; z near 1 defeats the series.
    expect(() => logHyp2f1(5.5, 6.5, 2, 0.99999)).toThrow(Hyp2f1NotComputable);
  });
});


describe('digamma', () => {
  it('matches known values and the difference of lgamma', () => {
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 14);
    expect(digamma(0.5)).toBeCloseTo(-0.5772156649015329 - 2 * Math.LN2, 13);
    expect(digamma(10)).toBeCloseTo(2.251752589066721, 14);
    // ψ(x+1) = ψ(x) + 1/x, and ψ is the slope of lgamma.
    for (const x of [0.01, 0.3, 2.5, 7, 40, 1e4]) {
      expect(digamma(x + 1) - digamma(x)).toBeCloseTo(1 / x, 10);
      const h = 1e-6 * x;
      expect((lgamma(x + h) - lgamma(x - h)) / (2 * h)).toBeCloseTo(digamma(x), 5);
    }
  });
});
