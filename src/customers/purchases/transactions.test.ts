import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.js';
import { cdnowTransactions } from '../__fixtures__/cdnow.js';
import { parseTransactionRows, summarizeTransactions, type Transaction } from './transactions.js';

const tx = (customer_id: string, date: string, amount: number): Transaction => ({ customer_id, date, amount });

describe('summarizeTransactions', () => {
  const rows = [
    tx('a', '2024-01-01', 10),
    tx('a', '2024-01-01', 5), // same day: merged with the first purchase
    tx('a', '2024-01-08', 20),
    tx('a', '2024-01-15', 40),
    tx('a', '2024-02-01', 99), // after calibration end: holdout
    tx('b', '2024-01-10', 7),
    tx('c', '2024-01-20', 3), // first purchase after the calibration end: left out
  ];

  it('counts repeat purchase days, recency, age and mean repeat spend (hand-computed)', () => {
    const s = summarizeTransactions(rows, { timeUnit: 'day', calibrationEnd: '2024-01-15' });
    expect(s).toEqual([
      { customer_id: 'a', frequency: 2, recency: 14, T: 14, monetary_value: 30, first_purchase: '2024-01-01' },
      { customer_id: 'b', frequency: 0, recency: 0, T: 5, monetary_value: 0, first_purchase: '2024-01-10' },
    ]);
  });

  it('divides days by 7 in weeks and fills the holdout period', () => {
    const [a, b] = summarizeTransactions(rows, { timeUnit: 'week', calibrationEnd: '2024-01-15', observationEnd: '2024-02-12' });
    expect(a.recency).toBe(2);
    expect(a.T).toBe(2);
    expect(a.holdout_frequency).toBe(1);
    expect(a.holdout_value).toBe(99);
    expect(a.holdout_duration).toBe(4);
    expect(b.holdout_frequency).toBe(0);
  });

  it('reproduces the CDNOW calibration summary (FHL 2005: 2,357 customers, 946 with repeat purchases)', () => {
    const s = summarizeTransactions(cdnowTransactions(), { timeUnit: 'week', calibrationEnd: '1997-09-30' });
    expect(s.length).toBe(2357);
    expect(s.filter((c) => c.frequency > 0).length).toBe(946);
    // customer 1 in Hardie's / lifetimes' cdnow_customers summary: x = 2, t_x = 30.43, T = 38.86
    const one = s.find((c) => c.customer_id === '1')!;
    expect(one.frequency).toBe(2);
    expect(one.recency).toBeCloseTo(30.43, 2);
    expect(one.T).toBeCloseTo(38.86, 2);
  });
});

describe('parseTransactionRows', () => {
  it('reports every bad row with its line number', () => {
    const rows = [
      { line: 2, fields: { customer_id: 'a', date: '2024-01-01', amount: '5' } },
      { line: 3, fields: { customer_id: 'a', date: '2024-02-30', amount: '5' } },
      { line: 5, fields: { customer_id: '', date: '2024-01-01', amount: '-2' } },
      { line: 6, fields: { customer_id: 'b', date: '2024-01-01', amount: 'abc', order_id: 'o1' } },
      { line: 7, fields: { customer_id: 'b', date: '2024-01-02', amount: '1', order_id: 'o1' } },
    ];
    try {
      parseTransactionRows(rows);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).issues.map((i) => i.path)).toEqual([
        'line 3: date',
        'line 5: customer_id',
        'line 5: amount',
        'line 6: amount',
        'line 7: order_id',
      ]);
    }
  });

  it('accepts good rows and normalises timestamps to days', () => {
    const out = parseTransactionRows([{ line: 2, fields: { customer_id: 'x', date: '2024-03-05T23:10:00Z', amount: '12.5' } }]);
    expect(out).toEqual([{ customer_id: 'x', date: '2024-03-05', amount: 12.5 }]);
  });
});
