import { describe, expect, it } from 'vitest';
import { dailySeries } from './daily';

describe('daily chart series', () => {
  it('draws every day of the range, days without data as zeros', () => {
    // The API answers only the days that have data: the 2nd and the 5th.
    const rows = [
      { day: '2026-11-02', spend: 120.5, revenue: 300, conversions: 3 },
      { day: '2026-11-05', spend: 80, revenue: 0, conversions: 0 },
    ];
    const { days, series } = dailySeries(rows, { from: '2026-11-01', to: '2026-11-06' }, ['spend', 'revenue', 'conversions']);
    expect(days).toEqual(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06']);
    expect(series.spend).toEqual([0, 120.5, 0, 0, 80, 0]);
    expect(series.revenue).toEqual([0, 300, 0, 0, 0, 0]);
    expect(series.conversions).toEqual([0, 3, 0, 0, 0, 0]);
  });

  it('keeps a null the API gave (undefined metric) and ignores rows outside the range', () => {
    const rows = [
      { day: '2026-10-31', spend: 99 },
      { day: '2026-11-01', spend: 10, revenue: null },
    ];
    const { days, series } = dailySeries(rows, { from: '2026-11-01', to: '2026-11-02' }, ['spend', 'revenue']);
    expect(days).toEqual(['2026-11-01', '2026-11-02']);
    expect(series.spend).toEqual([10, 0]);
    expect(series.revenue).toEqual([null, 0]);
  });
});
