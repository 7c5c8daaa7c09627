import { describe, expect, it } from 'vitest';
import { binomialLowerTail, binomialUpperTail, conversionRateOutlier } from './conversion-rate.js';

// Reference tails: exact sums Σ C(n,i) pⁱ (1−p)ⁿ⁻ⁱ computed with Python's math.comb.
describe('binomial tails', () => {
  it('match exact sums', () => {
    expect(binomialUpperTail(40, 200, 0.05) / 6.388069393022451e-14).toBeCloseTo(1, 5);
    expect(binomialUpperTail(12, 200, 0.05)).toBeCloseTo(0.30024429664577784, 6);
    expect(binomialUpperTail(3, 10, 0.1)).toBeCloseTo(0.0701908264, 8);
    expect(binomialLowerTail(1, 300, 0.05) / 3.4843250944105785e-6).toBeCloseTo(1, 5);
    expect(binomialLowerTail(3, 100, 0.05)).toBeCloseTo(0.2578386591160153, 6);
    expect(binomialLowerTail(0, 100, 0.05)).toBeCloseTo(0.0059205292203339975, 8);
  });

  it('hold their edges', () => {
    expect(binomialUpperTail(0, 10, 0.3)).toBe(1);
    expect(binomialUpperTail(11, 10, 0.3)).toBe(0);
    expect(binomialLowerTail(10, 10, 0.3)).toBe(1);
  });
});

describe('conversionRateOutlier', () => {
  it('flags a rate far above the reference (40 of 200 against 5%: tail 6e-14, 4×)', () => {
    expect(conversionRateOutlier(40, 200, 0.05)).toBe('high');
  });

  it('flags a rate far below it (1 of 300 against 5%: tail 3.5e-6, 1/15)', () => {
    expect(conversionRateOutlier(1, 300, 0.05)).toBe('low');
  });

  it('leaves rates within chance (12 of 200, 3 of 100 against 5%)', () => {
    expect(conversionRateOutlier(12, 200, 0.05)).toBeNull();
    expect(conversionRateOutlier(3, 100, 0.05)).toBeNull();
  });

  it('says nothing below 5 expected conversions (0 of 90 against 5%: 4.5 expected)', () => {
    expect(conversionRateOutlier(0, 90, 0.05)).toBeNull();
    expect(conversionRateOutlier(9, 9, 0.05)).toBeNull();
  });

  it('needs the ratio as well as significance (5.5% of 1,000,000 against 5% is significant, not 2×)', () => {
    expect(conversionRateOutlier(55_000, 1_000_000, 0.05)).toBeNull();
  });
});
