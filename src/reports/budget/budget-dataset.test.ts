import { describe, expect, it } from 'vitest';
import type { ChannelDay } from '../../store/store.js';
import { channelSeries, eachDay, firstPurchasesByDay } from './budget-dataset.js';

const rows: ChannelDay[] = [
  { date: '2025-12-31', channel: 'search', spend: '99.000000', conversions: 9, revenue: '900' },
  { date: '2026-01-01', channel: 'direct', spend: '0.000000', conversions: 2, revenue: '30.000000' },
  { date: '2026-01-01', channel: 'search', spend: '10.100000', conversions: 1, revenue: '20.050000' },
  { date: '2026-01-03', channel: 'email', spend: '0.000000', conversions: 1, revenue: '1.000000' },
  { date: '2026-01-03', channel: 'search', spend: '5.250000', conversions: 0, revenue: '0.000000' },
  { date: '2026-01-03', channel: 'social', spend: '7.500000', conversions: 1, revenue: '9.950000' },
];

describe('channelSeries', () => {
  it('lists every day of the range, inclusive', () => {
    expect(eachDay('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(eachDay('2026-01-01', '2026-01-01')).toEqual(['2026-01-01']);
  });

  it('fills missing days with zero, keeps only channels that spent, and sums the outcome over all channels', () => {
    const s = channelSeries(rows, { from: '2026-01-01', to: '2026-01-04', outcome: 'conversions' });
    expect(s.dataset).toEqual({
      dates: ['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04'],
      channels: ['search', 'social'],
      spend: [
        [10.1, 0, 5.25, 0],
        [0, 0, 7.5, 0],
      ],
      outcome: [3, 0, 2, 0],
    });
    expect(s.credited).toEqual([
      [1, 0, 0, 0],
      [0, 0, 1, 0],
    ]);
    // Money is summed exactly (10.10 + 5.25 + 7.50), the out-of-range row ignored.
    expect(s.spendTotal).toBe('22.85');
    expect(s.spendByChannel).toEqual({ search: '15.35', social: '7.5' });
  });

  it('sums revenue exactly when revenue is the outcome', () => {
    const s = channelSeries(rows, { from: '2026-01-01', to: '2026-01-04', outcome: 'revenue' });
    expect(s.dataset.outcome).toEqual([50.05, 0, 10.95, 0]);
    expect(s.credited).toEqual([
      [20.05, 0, 0, 0],
      [0, 0, 9.95, 0],
    ]);
  });

  it('gives no channels when nothing was spent', () => {
    const s = channelSeries(rows, { from: '2026-01-02', to: '2026-01-02', outcome: 'conversions' });
    expect(s.dataset.channels).toEqual([]);
    expect(s.dataset.outcome).toEqual([0]);
    expect(s.spendTotal).toBe('0');
  });
});

describe('firstPurchasesByDay', () => {
  it('counts each customer once, on their earliest sale, whatever the input order', () => {
    const sale = (customer_id: string, date: string) => ({ customer_id, date, amount: 10, order_id: `${customer_id}-${date}` });
    const byDay = firstPurchasesByDay([sale('a', '2026-01-05'), sale('b', '2026-01-02'), sale('a', '2026-01-02'), sale('c', '2026-01-05'), sale('b', '2026-01-09')]);
    expect([...byDay].sort()).toEqual([['2026-01-02', 2], ['2026-01-05', 1]]);
  });

  it('feeds the new_customers outcome and scales last-click credit to the day’s share of first purchases', () => {
    const rows = [
      { date: '2026-01-01', channel: 'search', spend: '10', conversions: 4, revenue: '100' },
      { date: '2026-01-02', channel: 'search', spend: '10', conversions: 2, revenue: '50' },
      { date: '2026-01-02', channel: 'direct', spend: '0', conversions: 2, revenue: '50' },
    ];
    const series = channelSeries(rows, { from: '2026-01-01', to: '2026-01-02', outcome: 'new_customers' }, new Map([['2026-01-01', 1], ['2026-01-02', 3]]));
    expect(series.dataset.outcome).toEqual([1, 3]);
    // Day 1: 1 of 4 sales was a first purchase → 4 · 1/4; day 2: 3 of 4 → 2 · 3/4.
    expect(series.credited).toEqual([[1, 1.5]]);
    expect(() => channelSeries(rows, { from: '2026-01-01', to: '2026-01-02', outcome: 'new_customers' })).toThrow(/needs first purchases/);
  });
});
