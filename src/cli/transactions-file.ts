/**
 * Reads a transactions CSV (customer_id, date, amount, optional order_id, any column order) into
 * a `PurchaseLog`, streaming: every bad row is reported by line number in one error, as
 * `parseTransactionRows` does.
 */
import { PurchaseLog, TransactionRowChecker, dayString } from '../customers/index.js';
import { AppError } from '../shared/errors.js';
import { scanCsvFile } from './read-input.js';

export function readPurchaseLog(path: string, flag = '--transactions'): PurchaseLog {
  const log = new PurchaseLog();
  const checker = new TransactionRowChecker();
  let customer = -1, date = -1, amount = -1, order = -1;
  let header = true;
  /** Days already seen valid, as written (YYYY-MM-DD). */
  const days = new Map<string, number>();
  scanCsvFile(path, flag, (fields, line) => {
    if (header) {
      header = false;
      [customer, date, amount, order] = ['customer_id', 'date', 'amount', 'order_id'].map((c) => fields.indexOf(c));
      const missing = ['customer_id', 'date', 'amount'].filter((_, i) => [customer, date, amount][i] === -1);
      if (missing.length) {
        throw new AppError('invalid_input', `${flag}: missing column(s) ${missing.join(', ')} (expected customer_id, date, amount)`, [
          { path: flag, message: `missing ${missing.join(', ')}` },
        ]);
      }
      return;
    }
    // Fast path for the usual row (plain id, a known good day, a non-negative number); anything
    // else goes through the checker, which records the problem with its line.
    const id = fields[customer];
    const day = days.get(fields[date]);
    const value = fields[amount] === '' ? NaN : Number(fields[amount]);
    if (order === -1 && day !== undefined && value >= 0 && value !== Infinity && (value > 0 || fields[amount].trim() !== '') && id !== '' && id.trim() === id) {
      log.add(id, day, value);
      return;
    }
    const row = checker.check(line, id, fields[date], fields[amount], order === -1 ? undefined : fields[order]);
    if (row) {
      log.add(row.customer, row.day, row.amount);
      if (days.size < 100_000 && fields[date].length === 10 && dayString(row.day) === fields[date]) days.set(fields[date], row.day);
    }
  });
  checker.finish();
  return log;
}
