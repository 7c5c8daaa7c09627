import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../shared/random.js';
import { PurchaseLog, summarizePurchaseLog } from './purchase-log.js';
import { dayNumber, dayString, summarizeTransactions, type Transaction } from './transactions.js';

function randomTransactions(seed: number, rows: number): Transaction[] {
  const u = mulberry32(seed);
  const start = dayNumber('2024-01-01')!;
  // Unsorted, same-day repeats, a heavy buyer (> 64 rows) and cents amounts.
  return Array.from({ length: rows }, () => ({
    customer_id: u() < 0.15 ? 'heavy' : `c${Math.floor(u() * 40)}`,
    date: dayString(start + Math.floor(u() * 60)),
    amount: Math.round(u() * 10_000) / 100,
  }));
}

describe('summarizePurchaseLog', () => {
  it('gives exactly what summarizeTransactions gives, customer by customer, with and without a calibration end', () => {
    for (const seed of [1, 2, 3]) {
      const transactions = randomTransactions(seed, 900);
      // The same rows grouped by customer (file order kept within each): read without reordering.
      const firstSeen = new Map<string, number>();
      transactions.forEach((t, i) => firstSeen.set(t.customer_id, firstSeen.get(t.customer_id) ?? i));
      const grouped = [...transactions].sort((a, b) => firstSeen.get(a.customer_id)! - firstSeen.get(b.customer_id)!);
      for (const [timeUnit, calibrationEnd] of [['day', undefined], ['week', '2024-02-10']] as const) for (const rows of [transactions, grouped]) {
        const log = new PurchaseLog();
        for (const t of rows) log.add(t.customer_id, dayNumber(t.date)!, t.amount);
        const expected = summarizeTransactions(transactions, { timeUnit, calibrationEnd });
        const columns = summarizePurchaseLog(log, { timeUnit, calibrationEnd: calibrationEnd && dayNumber(calibrationEnd) });
        expect(columns.customerIds).toEqual(expected.map((c) => c.customer_id));
        expected.forEach((c, i) => {
          expect([columns.frequency[i], columns.recency[i], columns.T[i], columns.monetary[i], dayString(columns.firstDay[i])]).toEqual([c.frequency, c.recency, c.T, c.monetary_value, c.first_purchase]);
          const h = columns.histories[columns.history[i]];
          expect([h.frequency, h.recency, h.T]).toEqual([c.frequency, c.recency, c.T]);
        });
        // Each distinct history counts its customers.
        const counts = new Map<string, number>();
        for (const c of expected) counts.set(`${c.frequency}|${c.recency}|${c.T}`, (counts.get(`${c.frequency}|${c.recency}|${c.T}`) ?? 0) + 1);
        expect(columns.histories.map((h) => [`${h.frequency}|${h.recency}|${h.T}`, h.weight])).toEqual([...counts.entries()]);
      }
    }
  });
});
