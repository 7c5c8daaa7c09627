import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { dayNumber, dayString, parseTransactionRows, summarizePurchaseLog, summarizeTransactions } from '../customers/index.js';
import { AppError } from '../shared/errors.js';
import { mulberry32 } from '../shared/random.js';
import { readPurchaseLog } from './transactions-file.js';

const dir = mkdtempSync(join(tmpdir(), 'roilens-transactions-file-'));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The reference reading: csv-parse with line numbers, `parseTransactionRows`, `summarizeTransactions` (the object path). */
function reference(text: string) {
  const records = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true, info: true }) as { record: Record<string, string>; info: { lines: number } }[];
  return parseTransactionRows(records.map(({ record, info }) => ({ line: info.lines, fields: record })));
}

/**
 * A seeded file with the edge cases: same-day repeat orders, one-order customers, a customer
 * whose rows come back later in the file, a heavy buyer (> 64 rows), CRLF and blank lines,
 * blanks around fields, amounts the fast path leaves to `Number` ("5.", "1e2", 17 digits,
 * "0.10"), non-ASCII ids, a BOM, and a quoted field two thirds in (the rest then goes through
 * the CSV scanner).
 */
function seededFile(seed: number, rows: number): string {
  const u = mulberry32(seed);
  const start = dayNumber('2024-01-01')!;
  const ids = ['a', 'b', 'ü-kunde', 'c,quoted', 'heavy', ...Array.from({ length: 60 }, (_, i) => `c${i}`)];
  const amounts = ['12.34', '5.', '1e2', '0.10', '12345678901234567', '7', '00.50', '3.999999999999999'];
  const lines = ['\uFEFFcustomer_id,date,amount'];
  let current = 'a';
  for (let i = 0; i < rows; i++) {
    if (u() < 0.3) current = u() < 0.2 ? 'heavy' : ids[Math.floor(u() * ids.length)];
    const id = current === 'c,quoted' ? (i > (2 * rows) / 3 ? '"c,quoted"' : 'c-quoted') : current;
    const date = dayString(start + Math.floor(u() * 40));
    const amount = u() < 0.2 ? amounts[Math.floor(u() * amounts.length)] : (Math.round(u() * 100_000) / 100).toString();
    const pad = u() < 0.05 ? ' ' : '';
    lines.push(`${pad}${id}${pad},${date},${amount}${pad}`);
    if (u() < 0.03) lines.push('');
    // One-order customers, and one whose two orders fall on the same day (x = 0 either way).
    if (i % 500 === 250) lines.push(`solo${i},${date},9.99`, `twice${i},${date},1.25`, `twice${i},${date},2.5`);
  }
  const text = lines.join('\n') + '\n';
  return seed % 2 ? text.replace(/\n/g, '\r\n') : text;
}

describe('readPurchaseLog', () => {
  it('gives each customer the (x, t_x, T, monetary) of the object path, however the file is cut (issue 14)', () => {
    for (const seed of [1, 2, 3, 4]) {
      const text = seededFile(seed, 3000);
      const path = file(`seeded-${seed}.csv`, text);
      const transactions = reference(text);
      for (const [timeUnit, calibrationEnd] of [['day', undefined], ['week', '2024-02-01']] as const) {
        const expected = summarizeTransactions(transactions, { timeUnit, calibrationEnd });
        expect(expected.some((c) => c.frequency === 0)).toBe(true);
        for (const chunkBytes of [5, 64, 4096, 4 << 20]) {
          const columns = summarizePurchaseLog(readPurchaseLog(path, '--transactions', chunkBytes), { timeUnit, calibrationEnd: calibrationEnd && dayNumber(calibrationEnd) });
          expect(columns.customerIds).toEqual(expected.map((c) => c.customer_id));
          expected.forEach((c, i) => {
            expect([columns.frequency[i], columns.recency[i], columns.T[i], columns.monetary[i]]).toEqual([c.frequency, c.recency, c.T, c.monetary_value]);
          });
        }
      }
    }
  });

  it('reports every bad row by its line number, as parseTransactionRows does: refunds, bad dates, missing ids, repeated order ids', () => {
    const text = [
      'order_id,customer_id,date,amount',
      'o1,a,2024-01-01,5',
      'o2,a,2024-01-01,-4.50',
      'o3,b,2024-02-30,3',
      '',
      'o4,,2024-01-02,1',
      'o1,c,2024-01-03,2',
      'o5,c,2024-01-03,x',
      ' o6 , d , 2024-01-04 , 7 ',
      'o6,d,2024-01-05,8',
      // A good day read first, then bad ones that a (year, month, day) cache could mistake for it.
      'o7,e,2025-01-05,1',
      'o8,e,2024-14-05,1',
      'o9,e,2024-12-101,1',
      'o10,e,2025-00-37,1',
    ].join('\r\n');
    let expected: AppError | undefined;
    try {
      reference(text);
    } catch (err) {
      expected = err as AppError;
    }
    expect(expected?.issues.map((i) => i.path)).toEqual(['line 3: amount', 'line 4: date', 'line 6: customer_id', 'line 7: order_id', 'line 8: amount', 'line 10: order_id', 'line 12: date', 'line 13: date', 'line 14: date']);
    for (const chunkBytes of [5, 4 << 20]) {
      let got: AppError | undefined;
      try {
        readPurchaseLog(file('bad.csv', text), '--transactions', chunkBytes);
      } catch (err) {
        got = err as AppError;
      }
      expect(got).toBeInstanceOf(AppError);
      expect(got!.issues).toEqual(expected!.issues);
      expect(got!.message).toBe(expected!.message);
    }
  });
});
