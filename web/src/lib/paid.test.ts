import { describe, expect, it } from 'vitest';
import { paidOf } from './paid';

describe('paidOf', () => {
  it('reads totals.paid, nulls kept as null (shown as —)', () => {
    expect(paidOf({ spend: 40, roas: 3.75, paid: { spend: 40, revenue: 100, roas: 2.5, roi: 1.5, cpa: 40, channels: ['paid_search'] } })).toEqual({
      spend: 40, revenue: 100, roas: 2.5, roi: 1.5, cpa: 40, channels: ['paid_search'],
    });
    expect(paidOf({ paid: { spend: 0, revenue: 0, roas: null, roi: null, cpa: null, channels: [] } })).toEqual({ spend: 0, revenue: 0, roas: null, roi: null, cpa: null, channels: [] });
  });

  it('is undefined without paid totals', () => {
    expect(paidOf({ spend: 1 })).toBeUndefined();
    expect(paidOf(null)).toBeUndefined();
    expect(paidOf(undefined)).toBeUndefined();
  });
});
