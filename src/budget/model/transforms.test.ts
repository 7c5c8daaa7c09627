import { describe, expect, it } from 'vitest';
import { channelEffect, geometricAdstock, hill, hillDerivative } from './transforms.js';

describe('geometric adstock', () => {
  it('decays a single pulse by θ per period (hand-computed)', () => {
    expect(geometricAdstock([100, 0, 0, 0], 0.5)).toEqual([100, 50, 25, 12.5]);
  });
  it('accumulates and carries in the pre-series stock', () => {
    // A_0 = 10 + 0.4·50 = 30; A_1 = 20 + 0.4·30 = 32; A_2 = 0 + 0.4·32 = 12.8
    const a = geometricAdstock([10, 20, 0], 0.4, 50);
    expect(a[0]).toBeCloseTo(30, 12);
    expect(a[1]).toBeCloseTo(32, 12);
    expect(a[2]).toBeCloseTo(12.8, 12);
  });
  it('is the identity when θ = 0', () => {
    expect(geometricAdstock([3, 1, 4], 0)).toEqual([3, 1, 4]);
  });
});

describe('Hill saturation', () => {
  it('is one half at K and matches hand values', () => {
    expect(hill(50, 50, 2)).toBeCloseTo(0.5, 12);
    expect(hill(100, 50, 2)).toBeCloseTo(10000 / 12500, 12); // 100² / (100² + 50²) = 0.8
    expect(hill(25, 50, 1)).toBeCloseTo(25 / 75, 12);
    expect(hill(0, 50, 2)).toBe(0);
  });
  it('has the analytic derivative: K/(x+K)² for S = 1, and matches finite differences', () => {
    expect(hillDerivative(50, 50, 1)).toBeCloseTo(50 / 100 ** 2, 12);
    for (const [x, k, s] of [[30, 50, 2.5], [80, 40, 0.7], [5, 100, 3]]) {
      const h = 1e-4;
      const numeric = (hill(x + h, k, s) - hill(x - h, k, s)) / (2 * h);
      expect(hillDerivative(x, k, s)).toBeCloseTo(numeric, 9);
    }
  });
  it('has zero slope at zero for S > 1 and 1/K for S = 1', () => {
    expect(hillDerivative(0, 10, 2)).toBe(0);
    expect(hillDerivative(0, 10, 1)).toBeCloseTo(0.1, 12);
  });
});

describe('channel effect', () => {
  it('is β · Hill(adstock)', () => {
    // adstock [40, 20]; Hill with K = 40, S = 1: [0.5, 1/3]; × β = 90
    const e = channelEffect([40, 0], { theta: 0.5, k: 40, s: 1, beta: 90 });
    expect(e[0]).toBeCloseTo(45, 12);
    expect(e[1]).toBeCloseTo(30, 12);
  });
});
