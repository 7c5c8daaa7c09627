/**
 * Transactions and their per-customer RFM summary (frequency, recency, age, mean repeat spend),
 * the sufficient statistics of the BG/NBD, Pareto/NBD and Gamma-Gamma models.
 */
import { AppError, type FieldIssue } from '../../shared/errors.js';

/** One purchase. `date` is a calendar day, YYYY-MM-DD (from the store: the workspace's local day). */
export interface Transaction {
  customer_id: string;
  date: string;
  amount: number;
}

/** A transaction row as read from a CSV file, with its line number for error messages. */
export interface RawTransactionRow {
  line: number;
  fields: Record<string, string | undefined>;
}

export type TimeUnit = 'day' | 'week';

/** Days per model time unit. */
export const daysPerUnit: Record<TimeUnit, number> = { day: 1, week: 7 };

/** The calibration-period sufficient statistics of one customer, times in the chosen unit. */
export interface CustomerSummary {
  customer_id: string;
  /** Repeat purchases: distinct purchase days minus one. */
  frequency: number;
  /** Time from the first to the last purchase. */
  recency: number;
  /** Age: time from the first purchase to the calibration end. */
  T: number;
  /** Mean value of the repeat purchases (same-day purchases summed first); 0 when frequency is 0. */
  monetary_value: number;
  first_purchase: string;
  /** Purchase days after the calibration end up to the observation end (only with `observationEnd`). */
  holdout_frequency?: number;
  /** Length of the holdout period in the time unit (only with `observationEnd`). */
  holdout_duration?: number;
  /** Revenue in the holdout period (only with `observationEnd`). */
  holdout_value?: number;
}

export interface SummaryOptions {
  timeUnit: TimeUnit;
  /** Last day (inclusive) of the calibration period; defaults to the last transaction day. */
  calibrationEnd?: string;
  /** Last day (inclusive) of the holdout period; when given, holdout fields are filled. */
  observationEnd?: string;
}

const dayMs = 86_400_000;
const isoDay = /^(\d{4})-(\d{2})-(\d{2})/;

/** Day number (days since 1970-01-01) of a YYYY-MM-DD string or ISO timestamp; undefined if invalid. */
export function dayNumber(date: string): number | undefined {
  const m = isoDay.exec(date);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return undefined;
  if (date.length > 10) {
    const full = Date.parse(date);
    if (!Number.isFinite(full)) return undefined;
    return Math.floor(full / dayMs);
  }
  return ms / dayMs;
}

/**
 * A memoised `dayNumber` for bulk work: transaction files repeat the same few hundred dates
 * millions of times.
 */
export function dayNumberCache(): (date: string) => number | undefined {
  const cache = new Map<string, number | undefined>();
  return (date) => {
    if (cache.has(date)) return cache.get(date);
    const day = dayNumber(date);
    if (cache.size < 100_000) cache.set(date, day);
    return day;
  };
}

/** YYYY-MM-DD of a day number. */
export function dayString(day: number): string {
  return new Date(day * dayMs).toISOString().slice(0, 10);
}

/**
 * Checks transaction rows one at a time (line number, customer_id, date, amount, optional
 * order_id), collecting every problem; `finish` throws them all in one AppError. Negative amounts
 * and repeated order ids are errors. Used by `parseTransactionRows` and by streaming readers.
 */
export class TransactionRowChecker {
  readonly issues: FieldIssue[] = [];
  private readonly seenOrders = new Map<string, number>();
  private readonly toDay = dayNumberCache();

  /** The row's trimmed customer id, day number and amount, or undefined (with the problems recorded) when the row is bad. */
  check(line: number, customerField: string | undefined, dateField: string | undefined, amountField: string | undefined, orderField?: string): { customer: string; day: number; amount: number } | undefined {
    const customer = (customerField ?? '').trim();
    const date = (dateField ?? '').trim();
    const amountText = (amountField ?? '').trim();
    const amount = Number(amountText);
    let ok = true;
    const bad = (field: string, message: string) => {
      this.issues.push({ path: `line ${line}: ${field}`, message });
      ok = false;
    };
    if (!customer) bad('customer_id', 'missing');
    const day = this.toDay(date);
    if (day === undefined) bad('date', `expected a date YYYY-MM-DD, got "${date}"`);
    if (amountText === '' || !Number.isFinite(amount)) bad('amount', `expected a number, got "${amountText}"`);
    else if (amount < 0) bad('amount', `must not be negative, got ${amountText}`);
    if (!this.checkOrder(line, orderField)) ok = false;
    return ok ? { customer, day: day!, amount } : undefined;
  }

  /** Records the row's order id (trimmed; blank means none); false, with the problem recorded, when an earlier row had it. */
  checkOrder(line: number, orderField: string | undefined): boolean {
    const orderId = orderField?.trim();
    if (!orderId) return true;
    const first = this.seenOrders.get(orderId);
    if (first === undefined) {
      this.seenOrders.set(orderId, line);
      return true;
    }
    this.issues.push({ path: `line ${line}: order_id`, message: `duplicate of line ${first}` });
    return false;
  }

  /** Throws every problem found so far in one AppError. */
  finish(): void {
    const { issues } = this;
    if (issues.length > 0) {
      throw new AppError('invalid_input', `${issues.length} bad transaction row(s); first: ${issues[0].path}: ${issues[0].message}`, issues);
    }
  }
}

/**
 * Validates raw rows (columns `customer_id`, `date`, `amount`, optional `order_id`) into
 * transactions. Every bad row is reported with its line number in one AppError; nothing is
 * skipped silently. Negative amounts and repeated order ids are errors.
 */
export function parseTransactionRows(rows: RawTransactionRow[]): Transaction[] {
  const checker = new TransactionRowChecker();
  const out: Transaction[] = [];
  for (const { line, fields } of rows) {
    const row = checker.check(line, fields.customer_id, fields.date, fields.amount, fields.order_id);
    if (row) out.push({ customer_id: row.customer, date: dayString(row.day), amount: row.amount });
  }
  checker.finish();
  return out;
}

/** Per customer, the purchase days (sorted day numbers) and the amount spent on each. */
export function purchaseDays(transactions: readonly Transaction[]): Map<string, { days: number[]; amounts: number[] }> {
  const byCustomer = new Map<string, Map<number, number>>();
  const toDay = dayNumberCache();
  for (const t of transactions) {
    const day = toDay(t.date);
    if (day === undefined) throw new AppError('invalid_input', `transaction of ${t.customer_id}: bad date "${t.date}"`);
    let days = byCustomer.get(t.customer_id);
    if (!days) byCustomer.set(t.customer_id, (days = new Map()));
    days.set(day, (days.get(day) ?? 0) + t.amount);
  }
  const out = new Map<string, { days: number[]; amounts: number[] }>();
  for (const [customer, days] of byCustomer) {
    const sorted = [...days.keys()].sort((a, b) => a - b);
    out.set(customer, { days: sorted, amounts: sorted.map((d) => days.get(d)!) });
  }
  return out;
}

function requiredDay(date: string, field: string): number {
  const day = dayNumber(date);
  if (day === undefined) throw new AppError('invalid_input', `${field}: expected a date YYYY-MM-DD, got "${date}"`, [{ path: field, message: 'bad date' }]);
  return day;
}

/**
 * Summarises transactions into the RFM statistics of the customer-base models, following
 * Fader, Hardie & Lee (2005) and lifetimes' `summary_data_from_transaction_data`: same-day
 * purchases are merged, the first purchase is not counted in frequency, times are days divided by
 * the unit length, and only transactions up to `calibrationEnd` (inclusive) are used. Customers
 * whose first purchase is after the calibration end are left out.
 *
 * @example summarizeTransactions(rows, { timeUnit: 'week', calibrationEnd: '1997-09-30' })
 */
export function summarizeTransactions(transactions: readonly Transaction[], options: SummaryOptions): CustomerSummary[] {
  const unit = daysPerUnit[options.timeUnit];
  if (!unit) throw new AppError('invalid_input', `time unit: expected day or week, got "${options.timeUnit}"`);
  const perCustomer = purchaseDays(transactions);
  let lastDay = -Infinity;
  for (const { days } of perCustomer.values()) lastDay = Math.max(lastDay, days[days.length - 1]);
  const calEnd = options.calibrationEnd !== undefined ? requiredDay(options.calibrationEnd, 'calibration end') : lastDay;
  const obsEnd = options.observationEnd !== undefined ? requiredDay(options.observationEnd, 'observation end') : undefined;
  if (obsEnd !== undefined && obsEnd <= calEnd) {
    throw new AppError('invalid_input', 'observation end must be after the calibration end', [{ path: 'observation end', message: 'not after calibration end' }]);
  }
  const out: CustomerSummary[] = [];
  for (const [customer_id, { days, amounts }] of perCustomer) {
    let n = 0;
    while (n < days.length && days[n] <= calEnd) n++;
    if (n === 0) continue;
    const first = days[0];
    let repeatSum = 0;
    for (let i = 1; i < n; i++) repeatSum += amounts[i];
    const summary: CustomerSummary = {
      customer_id,
      frequency: n - 1,
      recency: (days[n - 1] - first) / unit,
      T: (calEnd - first) / unit,
      monetary_value: n > 1 ? repeatSum / (n - 1) : 0,
      first_purchase: dayString(first),
    };
    if (obsEnd !== undefined) {
      let count = 0;
      let value = 0;
      for (let i = n; i < days.length && days[i] <= obsEnd; i++) {
        count++;
        value += amounts[i];
      }
      summary.holdout_frequency = count;
      summary.holdout_duration = (obsEnd - calEnd) / unit;
      summary.holdout_value = value;
    }
    out.push(summary);
  }
  return out;
}
