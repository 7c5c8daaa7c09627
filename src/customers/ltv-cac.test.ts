import { describe, expect, it } from 'vitest';
import { ltvCac } from './ltv-cac.js';

describe('ltvCac', () => {
  it('computes CAC, LTV, LTV:CAC and interpolated payback (hand-computed)', () => {
    const [row] = ltvCac([{ group: 'search', customers: 10, acquisition_cost: 500, revenue_by_period: [300, 400, 200] }]);
    expect(row).toEqual({ group: 'search', customers: 10, cac: 50, ltv: 90, ltv_cac: 1.8, payback_periods: 1.5 });
  });

  it('applies the margin and reports no payback when revenue never covers CAC', () => {
    const [row] = ltvCac([{ group: 'social', customers: 4, acquisition_cost: 400, revenue_by_period: [100, 100] }], { margin: 0.5 });
    expect(row.ltv).toBe(25);
    expect(row.ltv_cac).toBe(0.25);
    expect(row.payback_periods).toBeNull();
  });

  it('handles free acquisition and rejects bad groups', () => {
    expect(ltvCac([{ group: 'organic', customers: 2, acquisition_cost: 0, revenue_by_period: [10] }])[0]).toMatchObject({ ltv_cac: null, payback_periods: 0 });
    expect(() => ltvCac([{ group: 'x', customers: 0, acquisition_cost: 1, revenue_by_period: [] }])).toThrow(/customers/);
  });
});
