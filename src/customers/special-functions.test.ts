import { describe, expect, it } from 'vitest';
import { hyp2f1, lgamma, logAddExp, logHyp2f1, logSubExp } from './special-functions.js';

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
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(RangeError);
    expect(() => hyp2f1(1, 1, 2, -0.5)).toThrow(RangeError);
  });
});
