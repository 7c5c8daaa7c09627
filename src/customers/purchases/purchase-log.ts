/**
 * Purchases kept as columns (customer index, day number, amount) and their per-customer RFM
 * summary computed in one pass without an object per row: the same statistics as
 * `summarizeTransactions`, for files of millions of transactions.
 */
import { AppError } from '../../shared/errors.js';
import { CustomerTable } from './customer-table.js';
import { daysPerUnit, type TimeUnit } from './transactions.js';

/** Purchases appended one by one; customers are numbered in order of first appearance. */
export class PurchaseLog {
  /** Customer ids by index (first appearance). */
  readonly customers = new CustomerTable();
  private lastId: string | undefined;
  private lastIndex = -1;
  customer: Int32Array;
  day: Int32Array;
  amount: Float64Array;
  size = 0;
  maxDay = -Infinity;

  /** `capacity`: rows to make room for at once (a guess from the file size saves regrowing). */
  constructor(capacity = 1 << 16) {
    const n = Math.max(16, Math.ceil(capacity));
    this.customer = new Int32Array(n);
    this.day = new Int32Array(n);
    this.amount = new Float64Array(n);
  }

  add(customerId: string, day: number, amount: number): void {
    if (customerId !== this.lastId) {
      this.lastIndex = this.customers.indexOf(customerId);
      this.lastId = customerId;
    }
    this.addRow(this.lastIndex, day, amount);
  }

  /** Appends a purchase of the customer with index `c` (from `customerIndex`). */
  addRow(c: number, day: number, amount: number): void {
    if (this.size === this.customer.length) this.grow();
    this.customer[this.size] = c;
    this.day[this.size] = day;
    this.amount[this.size] = amount;
    this.size++;
    if (day > this.maxDay) this.maxDay = day;
  }

  private grow(): void {
    const n = this.customer.length * 2;
    const customer = new Int32Array(n);
    customer.set(this.customer);
    const day = new Int32Array(n);
    day.set(this.day);
    const amount = new Float64Array(n);
    amount.set(this.amount);
    this.customer = customer;
    this.day = day;
    this.amount = amount;
  }
}

/** Per-customer statistics as columns, customers in order of first appearance. */
export interface SummaryColumns {
  /** Customer ids, decoded on first use (a fit needs none of them). */
  readonly customerIds: readonly string[];
  /** The id of the i-th customer. */
  customerId(i: number): string;
  frequency: Int32Array;
  recency: Float64Array;
  T: Float64Array;
  monetary: Float64Array;
  firstDay: Int32Array;
  /** Index into `histories` of each customer's (frequency, recency, T). */
  history: Int32Array;
  /** The distinct (frequency, recency, T) triples in order of first appearance, each with how many customers share it. */
  histories: { frequency: number; recency: number; T: number; weight: number }[];
  /** Calibration end as a day number. */
  calibrationEnd: number;
}

/**
 * Summarises a purchase log exactly as `summarizeTransactions` does (same-day purchases merged,
 * summed in file order; only days up to `calibrationEnd`, by default the last purchase day;
 * customers without a purchase by then left out), into columns.
 */
export function summarizePurchaseLog(log: PurchaseLog, options: { timeUnit: TimeUnit; calibrationEnd?: number }): SummaryColumns {
  const unit = daysPerUnit[options.timeUnit];
  if (!unit) throw new AppError('invalid_input', `time unit: expected day or week, got "${options.timeUnit}"`);
  const calEnd = options.calibrationEnd ?? log.maxDay;
  const customers = log.customers.size;
  // Rows grouped by customer, keeping file order within each customer (a stable counting sort);
  // a file already grouped by customer (indices never decrease) needs no reordering.
  const start = new Int32Array(customers + 1);
  let grouped = true;
  for (let i = 0; i < log.size; i++) {
    start[log.customer[i] + 1]++;
    if (i > 0 && log.customer[i] < log.customer[i - 1]) grouped = false;
  }
  for (let c = 0; c < customers; c++) start[c + 1] += start[c];
  let order: Int32Array | undefined;
  if (!grouped) {
    const next = start.slice(0, customers);
    order = new Int32Array(log.size);
    for (let i = 0; i < log.size; i++) order[next[log.customer[i]]++] = i;
  }

  const keptCustomer = new Int32Array(customers);
  const frequency = new Int32Array(customers);
  const recency = new Float64Array(customers);
  const T = new Float64Array(customers);
  const monetary = new Float64Array(customers);
  const firstDay = new Int32Array(customers);
  const history = new Int32Array(customers);
  const histories: SummaryColumns['histories'] = [];
  const historyIndex = new HistoryIndex();
  let days = new Float64Array(64);
  let sums = new Float64Array(64);
  let kept = 0;
  for (let c = 0; c < customers; c++) {
    const from = start[c];
    const rows = start[c + 1] - from;
    if (rows > days.length) {
      days = new Float64Array(rows);
      sums = new Float64Array(rows);
    }
    const distinct = mergeDays(log, order, from, rows, days, sums);
    let n = 0;
    while (n < distinct && days[n] <= calEnd) n++;
    if (n === 0) continue;
    const first = days[0];
    let repeatSum = 0;
    for (let i = 1; i < n; i++) repeatSum += sums[i];
    const x = n - 1;
    const recencyDays = days[n - 1] - first;
    const ageDays = calEnd - first;
    keptCustomer[kept] = c;
    frequency[kept] = x;
    recency[kept] = recencyDays / unit;
    T[kept] = ageDays / unit;
    monetary[kept] = n > 1 ? repeatSum / (n - 1) : 0;
    firstDay[kept] = first;
    let h = historyIndex.find(x, recencyDays, ageDays);
    if (h === -1) {
      h = histories.length;
      historyIndex.add(x, recencyDays, ageDays, h);
      histories.push({ frequency: x, recency: recency[kept], T: T[kept], weight: 0 });
    }
    histories[h].weight++;
    history[kept] = h;
    kept++;
  }
  let ids: string[] | undefined;
  return {
    get customerIds() {
      return (ids ??= Array.from(keptCustomer.subarray(0, kept), (c) => log.customers.id(c)));
    },
    customerId: (i) => log.customers.id(keptCustomer[i]),
    frequency: frequency.subarray(0, kept),
    recency: recency.subarray(0, kept),
    T: T.subarray(0, kept),
    monetary: monetary.subarray(0, kept),
    firstDay: firstDay.subarray(0, kept),
    history: history.subarray(0, kept),
    histories,
    calibrationEnd: calEnd,
  };
}

/**
 * Writes a customer's distinct purchase days (ascending) and the amount spent on each (summed in
 * file order) into `days` and `sums`; returns how many distinct days there are.
 */
function mergeDays(log: PurchaseLog, order: Int32Array | undefined, from: number, rows: number, days: Float64Array, sums: Float64Array): number {
  let distinct = 0;
  if (rows > 64) {
    const byDay = new Map<number, number>();
    for (let k = 0; k < rows; k++) {
      const i = order ? order[from + k] : from + k;
      byDay.set(log.day[i], (byDay.get(log.day[i]) ?? 0) + log.amount[i]);
    }
    const sorted = [...byDay.keys()].sort((a, b) => a - b);
    for (const d of sorted) {
      days[distinct] = d;
      sums[distinct++] = byDay.get(d)!;
    }
    return distinct;
  }
  for (let k = 0; k < rows; k++) {
    const i = order ? order[from + k] : from + k;
    const d = log.day[i];
    let j = 0;
    while (j < distinct && days[j] !== d) j++;
    if (j < distinct) sums[j] = sums[j] + log.amount[i];
    else {
      days[distinct] = d;
      sums[distinct++] = 0 + log.amount[i];
    }
  }
  // Insertion sort by day (distinct days, so order among equals does not arise).
  for (let a = 1; a < distinct; a++) {
    const d = days[a];
    const s = sums[a];
    let b = a - 1;
    while (b >= 0 && days[b] > d) {
      days[b + 1] = days[b];
      sums[b + 1] = sums[b];
      b--;
    }
    days[b + 1] = d;
    sums[b + 1] = s;
  }
  return distinct;
}

/**
 * The distinct (x, recency days, age days) histories, found by open addressing over typed arrays
 * (whole numbers of days; no key or `Map` per customer).
 */
class HistoryIndex {
  private slots = new Int32Array(1 << 16);
  /** Entry e's (x, recency, age) are keys[3e, 3e + 3), its history number values[e]. */
  private keys = new Float64Array(3 << 15);
  private values = new Int32Array(1 << 15);
  private size = 0;

  /** The history's number, or −1 when it is new. */
  find(x: number, recency: number, age: number): number {
    const mask = this.slots.length - 1;
    for (let slot = hashOf(x, recency, age) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot];
      if (entry === 0) return -1;
      const k = 3 * (entry - 1);
      if (this.keys[k] === x && this.keys[k + 1] === recency && this.keys[k + 2] === age) return this.values[entry - 1];
    }
  }

  add(x: number, recency: number, age: number, value: number): void {
    if (2 * (this.size + 1) > this.slots.length) this.grow();
    const e = this.size++;
    this.keys[3 * e] = x;
    this.keys[3 * e + 1] = recency;
    this.keys[3 * e + 2] = age;
    this.values[e] = value;
    this.place(e);
  }

  private place(e: number): void {
    const mask = this.slots.length - 1;
    let slot = hashOf(this.keys[3 * e], this.keys[3 * e + 1], this.keys[3 * e + 2]) & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = e + 1;
  }

  private grow(): void {
    const n = this.slots.length * 2;
    const keys = new Float64Array(3 * (n >> 1));
    keys.set(this.keys);
    this.keys = keys;
    const values = new Int32Array(n >> 1);
    values.set(this.values);
    this.values = values;
    this.slots = new Int32Array(n);
    for (let e = 0; e < this.size; e++) this.place(e);
  }
}

/** A well-mixed 32-bit hash of three numbers (whole numbers of days; any doubles work, only slower). */
function hashOf(x: number, recency: number, age: number): number {
  let h = Math.imul((x | 0) ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (recency | 0) ^ (h >>> 15), 0xc2b2ae35);
  h = Math.imul(h ^ (age | 0) ^ (h >>> 13), 0x85ebca6b);
  return h ^ (h >>> 16);
}
