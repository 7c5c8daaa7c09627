import { describe, expect, it } from 'vitest';
import { histogram, quantile } from './histogram';

describe('histogram', () => {
  it('puts every value in one bin, the maximum in the last', () => {
    const bins = histogram([0, 1, 2, 3], 2);
    expect(bins).toEqual([
      { from: 0, to: 1.5, count: 2 },
      { from: 1.5, to: 3, count: 2 },
    ]);
    const many = histogram([5, 7, 7.5, 9, 10, 10, 12, 40], 4);
    expect(many.reduce((sum, bin) => sum + bin.count, 0)).toBe(8);
    // width (40 − 5)/4 = 8.75: [5,13.75) holds 7 values, 40 falls in the last.
    expect(many.map((bin) => bin.count)).toEqual([7, 0, 0, 1]);
  });

  it('makes one bin when every value is equal and none when there are no finite values', () => {
    expect(histogram([3, 3, 3], 10)).toEqual([{ from: 3, to: 3, count: 3 }]);
    expect(histogram([Number.NaN, Infinity], 10)).toEqual([]);
  });
});

describe('quantile', () => {
  it('interpolates like numpy.quantile (linear)', () => {
    // numpy.quantile([1, 2, 3, 4], 0.5) = 2.5; 0.9 → 3.7
    expect(quantile([4, 1, 3, 2], 0.5)).toBeCloseTo(2.5, 12);
    expect(quantile([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 12);
    expect(quantile([], 0.5)).toBeNull();
  });
});
