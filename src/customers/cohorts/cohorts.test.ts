import { describe, expect, it } from 'vitest';
import { cohortTable } from './cohorts.js';
import type { Transaction } from '../purchases/transactions.js';

const tx: Transaction[] = [
  { customer_id: 'a', date: '2024-01-05', amount: 10 },
  { customer_id: 'a', date: '2024-02-10', amount: 20 },
  { customer_id: 'a', date: '2024-03-01', amount: 30 },
  { customer_id: 'b', date: '2024-01-20', amount: 40 },
  { customer_id: 'c', date: '2024-02-02', amount: 5 },
  { customer_id: 'c', date: '2024-02-03', amount: 5 },
];

describe('cohortTable', () => {
  it('computes monthly retention, churn and cumulative revenue per customer (hand-computed)', () => {
    const rows = cohortTable(tx, { period: 'month', asOf: '2024-03-31' });
    expect(rows.map((r) => [r.cohort, r.customers])).toEqual([
      ['2024-01', 2],
      ['2024-02', 1],
    ]);
    const jan = rows[0];
    expect(jan.repeat_purchase_rate).toBe(0.5);
    expect(jan.periods.map((p) => p.retention)).toEqual([1, 0.5, 0.5]);
    expect(jan.periods.map((p) => p.churn)).toEqual([null, 0.5, 0]);
    expect(jan.periods.map((p) => p.cumulative_revenue_per_customer)).toEqual([25, 35, 50]);
    expect(rows[1].repeat_purchase_rate).toBe(1); // two distinct days
    expect(rows[1].periods).toHaveLength(2);
  });

  it('uses Monday-based weeks and splits by group', () => {
    const rows = cohortTable(tx, { period: 'week', asOf: '2024-03-01', groupOf: { a: 'search', b: 'social' } });
    // 2024-01-05 is a Friday → week of Monday 2024-01-01
    expect(rows[0]).toMatchObject({ cohort: '2024-01-01', group: 'search', customers: 1 });
    expect(rows.find((r) => r.group === '(unknown)')?.cohort).toBe('2024-01-29');
    expect(rows[0].periods.at(-1)!.offset).toBe(8); // 2024-03-01 lies in the week of 2024-02-26
  });
});
