import { describe, expect, it } from 'vitest';
import { fractionHistogram, minorToDecimal, moneyHistogram, niceWidth, sortableNumber, weightedQuantile } from './clv-distribution.js';

/** numpy.quantile(values, q) (linear interpolation), written out for one value per customer. */
function quantileOfEach(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const p = (s.length - 1) * q;
  return s[Math.floor(p)] + (s[Math.ceil(p)] - s[Math.floor(p)]) * (p - Math.floor(p));
}

describe('the CLV distribution, binned on the server', () => {
  it('widths of 1, 2 or 5 × 10^k minor units, edges as exact decimals', () => {
    expect([0.3, 1, 1.5, 2, 3, 7, 10, 11, 938, 5000].map(niceWidth)).toEqual([1, 1, 2, 2, 5, 10, 10, 20, 1000, 5000]);
    expect([minorToDecimal(12345, 2), minorToDecimal(5, 2), minorToDecimal(-5, 2), minorToDecimal(7000, 0)]).toEqual(['123.45', '0.05', '-0.05', '7000']);
  });

  it('counts every customer once, a value on an edge in the bin above it, the maximum in the last bin', () => {
    const h = moneyHistogram([{ value: 3.2, weight: 2 }, { value: 10, weight: 4 }, { value: 97, weight: 1 }], 2, 10);
    expect(h.edges).toEqual(['0.00', '10.00', '20.00', '30.00', '40.00', '50.00', '60.00', '70.00', '80.00', '90.00', '100.00']);
    expect(h.counts).toEqual([2, 4, 0, 0, 0, 0, 0, 0, 0, 1]);
    // Hand-worked: 12.5 … 13.75 in a currency without minor unit: width (13.75 − 12.5) / 24 < 1 → 1, edges 12, 13, 14.
    expect(moneyHistogram([{ value: 12.5, weight: 1 }, { value: 13.75, weight: 3 }], 0)).toEqual({ edges: ['12', '13', '14'], counts: [1, 3] });
    // One value: one bin of one minor unit.
    expect(moneyHistogram([{ value: 4, weight: 9 }], 2)).toEqual({ edges: ['4.00', '4.01'], counts: [9] });
    expect(moneyHistogram([], 2)).toEqual({ edges: [], counts: [] });
  });

  it('random groups: counts add up to the customers and each falls between its edges', () => {
    let seed = 7;
    const next = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let round = 0; round < 50; round++) {
      const groups = Array.from({ length: 1 + Math.floor(next() * 40) }, () => ({ value: next() * 10 ** Math.floor(next() * 5), weight: 1 + Math.floor(next() * 20) }));
      const h = moneyHistogram(groups, 2);
      expect(h.counts.reduce((a, b) => a + b, 0)).toBe(groups.reduce((a, g) => a + g.weight, 0));
      expect(h.counts.length).toBeLessThanOrEqual(48);
      expect(h.edges.length).toBe(h.counts.length + 1);
      for (const g of groups) {
        const i = h.edges.findIndex((e, k) => k < h.counts.length && Number(e) <= g.value && (g.value < Number(h.edges[k + 1]) || k === h.counts.length - 1));
        expect(i, `${g.value}`).toBeGreaterThanOrEqual(0);
      }
      const each = groups.flatMap((g) => new Array<number>(g.weight).fill(g.value));
      expect(weightedQuantile(groups, 0.5)).toBeCloseTo(quantileOfEach(each, 0.5), 12);
      expect(weightedQuantile(groups, 0.9)).toBeCloseTo(quantileOfEach(each, 0.9), 12);
    }
  });

  it('P(alive) in tenths, the median of weighted values as of one value per customer', () => {
    expect(fractionHistogram([{ value: 0, weight: 1 }, { value: 0.55, weight: 2 }, { value: 1, weight: 3 }])).toEqual({
      edges: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
      counts: [1, 0, 0, 0, 0, 2, 0, 0, 0, 3],
    });
    expect(weightedQuantile([{ value: 1, weight: 3 }, { value: 5, weight: 1 }], 0.5)).toBe(1);
    expect(weightedQuantile([{ value: 1, weight: 1 }, { value: 5, weight: 1 }], 0.5)).toBe(3);
    expect(weightedQuantile([], 0.5)).toBeNull();
  });

  it('sortable texts of numbers sort as the numbers do', () => {
    const values = [-1e9, -2.5, -1, -0.001, 0, 1e-9, 0.5, 1, 2.5, 3, 1e6, 1.7e308];
    const texts = values.map(sortableNumber);
    expect([...texts].sort()).toEqual(texts);
    expect(sortableNumber(-0)).toBe(sortableNumber(0));
  });
});
