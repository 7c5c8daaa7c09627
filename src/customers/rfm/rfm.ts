/**
 * RFM analysis: recency, frequency and monetary scores 1–5 (quintiles by rank, see
 * `rfm-rank.ts`, or fixed thresholds), named segments from the R and F scores, a grid of counts
 * and revenue, the most valuable customers, and segment movement between two periods.
 */
import { AppError } from '../../shared/errors.js';
import { byValue, quintilesByRank, rfmOrder, toMicros, type RfmMeasures } from './rfm-rank.js';
import { dayNumber, dayNumberCache, type Transaction } from '../purchases/transactions.js';

export const rfmSegments = [
  'Champions',
  'Loyal',
  'Potential loyalist',
  'New',
  'Promising',
  'Need attention',
  'About to sleep',
  'At risk',
  "Can't lose",
  'Hibernating',
  'Lost',
] as const;
export type RfmSegment = (typeof rfmSegments)[number];

/**
 * Four ascending cut points per dimension. Recency (days since the last purchase): ≤ c1 → 5,
 * ≤ c2 → 4, ≤ c3 → 3, ≤ c4 → 2, else 1. Frequency and monetary: ≥ c4 → 5, ≥ c3 → 4, ≥ c2 → 3,
 * ≥ c1 → 2, else 1.
 */
export interface RfmThresholds {
  recency: [number, number, number, number];
  frequency: [number, number, number, number];
  monetary: [number, number, number, number];
}

export interface RfmOptions {
  /** Scoring day (inclusive); later transactions are ignored. Default: the last transaction day. */
  asOf?: string;
  /** Fixed thresholds instead of quintiles by rank. */
  thresholds?: RfmThresholds;
}

export interface CustomerRfm {
  customer_id: string;
  /** Days from the last purchase to the as-of day. */
  recency_days: number;
  /** Number of transactions (orders). */
  frequency: number;
  /** Total revenue. */
  monetary: number;
  r: number;
  f: number;
  m: number;
  /** The three scores joined, e.g. "545". */
  score: string;
  segment: RfmSegment;
}

export interface RfmGridCell {
  r: number;
  f: number;
  customers: number;
  revenue: number;
}

export interface RfmSegmentSummary {
  segment: RfmSegment;
  customers: number;
  revenue: number;
  share_of_customers: number;
  share_of_revenue: number;
}

export interface RfmResult {
  as_of: string;
  customers: CustomerRfm[];
  /** All 25 R×F cells, R descending then F descending. */
  grid: RfmGridCell[];
  segments: RfmSegmentSummary[];
}

/**
 * The segment of an (R, F) pair, following the ten-segment R/F map that circulates in most RFM
 * segmentation write-ups (R and F scores only; M is reported but does not change the name), with
 * R1F1 split out of Hibernating as Lost:
 *
 * | R \ F | 1 | 2 | 3 | 4 | 5 |
 * |---|---|---|---|---|---|
 * | 5 | New | Potential loyalist | Potential loyalist | Champions | Champions |
 * | 4 | Promising | Potential loyalist | Potential loyalist | Loyal | Loyal |
 * | 3 | About to sleep | About to sleep | Need attention | Loyal | Loyal |
 * | 2 | Hibernating | Hibernating | At risk | At risk | Can't lose |
 * | 1 | Lost | Hibernating | At risk | At risk | Can't lose |
 */
export function rfmSegment(r: number, f: number): RfmSegment {
  if (r <= 2) {
    if (f === 5) return "Can't lose";
    if (f >= 3) return 'At risk';
    return r === 1 && f === 1 ? 'Lost' : 'Hibernating';
  }
  if (r === 3) {
    if (f >= 4) return 'Loyal';
    return f === 3 ? 'Need attention' : 'About to sleep';
  }
  if (f >= 4) return r === 5 ? 'Champions' : 'Loyal';
  if (f >= 2) return 'Potential loyalist';
  return r === 5 ? 'New' : 'Promising';
}

function thresholdScore(value: number, cuts: readonly number[], lowerIsBetter: boolean): number {
  if (lowerIsBetter) {
    const idx = cuts.findIndex((c) => value <= c);
    return idx === -1 ? 1 : 5 - idx;
  }
  let score = 1;
  for (const c of cuts) if (value >= c) score++;
  return score;
}

function checkThresholds(t: RfmThresholds): void {
  for (const key of ['recency', 'frequency', 'monetary'] as const) {
    const cuts = t[key];
    if (cuts.length !== 4 || cuts.some((c, i) => !Number.isFinite(c) || (i > 0 && c < cuts[i - 1]))) {
      throw new AppError('invalid_input', `thresholds.${key}: expected 4 ascending numbers`, [{ path: `thresholds.${key}`, message: 'expected 4 ascending numbers' }]);
    }
  }
}

/**
 * Scores every customer's recency, frequency and monetary value 1–5 as of a day, names their
 * segment, and summarises the R×F grid and the segments with counts and revenue.
 *
 * @example rfmScores(transactions, { asOf: '2024-06-30' }).segments
 */
export function rfmScores(transactions: readonly Transaction[], options: RfmOptions = {}): RfmResult {
  if (options.thresholds) checkThresholds(options.thresholds);
  let asOf = options.asOf !== undefined ? dayNumber(options.asOf) : -Infinity;
  if (asOf === undefined) throw new AppError('invalid_input', `as-of: expected a date YYYY-MM-DD, got "${options.asOf}"`, [{ path: 'as-of', message: 'bad date' }]);
  if (options.asOf === undefined) {
    const toDay = dayNumberCache();
    for (const t of transactions) asOf = Math.max(asOf, toDay(t.date) ?? -Infinity);
  }
  const stats = new Map<string, { last: number; frequency: number; micros: number }>();
  const toDay = dayNumberCache();
  for (const t of transactions) {
    const day = toDay(t.date);
    if (day === undefined) throw new AppError('invalid_input', `transaction of ${t.customer_id}: bad date "${t.date}"`);
    if (day > asOf) continue;
    const s = stats.get(t.customer_id);
    if (s) {
      s.last = Math.max(s.last, day);
      s.frequency++;
      s.micros += toMicros(t.amount);
    } else stats.set(t.customer_id, { last: day, frequency: 1, micros: toMicros(t.amount) });
  }
  const measures: RfmMeasures[] = [...stats].map(([customer_id, s]) => ({ customer_id, recency_days: asOf - s.last, frequency: s.frequency, micros: s.micros }));
  const th = options.thresholds;
  const r = th ? measures.map((c) => thresholdScore(c.recency_days, th.recency, true)) : quintilesByRank(measures, rfmOrder.recency);
  const f = th ? measures.map((c) => thresholdScore(c.frequency, th.frequency, false)) : quintilesByRank(measures, rfmOrder.frequency);
  const m = th ? measures.map((c) => thresholdScore(c.micros / 1e6, th.monetary, false)) : quintilesByRank(measures, rfmOrder.monetary);
  const customers: CustomerRfm[] = measures.map((c, i) => ({
    customer_id: c.customer_id,
    recency_days: c.recency_days,
    frequency: c.frequency,
    monetary: c.micros / 1e6,
    r: r[i],
    f: f[i],
    m: m[i],
    score: `${r[i]}${f[i]}${m[i]}`,
    segment: rfmSegment(r[i], f[i]),
  }));
  const grid = rfmGrid(customers.map((c) => ({ r: c.r, f: c.f, customers: 1, revenue: c.monetary })));
  return {
    as_of: Number.isFinite(asOf) ? new Date(asOf * 86_400_000).toISOString().slice(0, 10) : '',
    customers,
    grid,
    segments: rfmSegmentSummary(grid),
  };
}

/** How many most valuable customers the RFM report lists. */
export const rfmTopLimit = 20;

/**
 * The `limit` most valuable customers: by revenue, then orders, then the more recent last
 * purchase, then id (`byValue`), so two customers are never listed as equals unless they bought
 * the same number of times for the same amount on the same last day.
 *
 * @example rfmTopCustomers(rfmScores(transactions).customers, 20)
 */
export function rfmTopCustomers(customers: readonly CustomerRfm[], limit: number): CustomerRfm[] {
  const measured = customers.map((c) => ({ c, key: { customer_id: c.customer_id, recency_days: c.recency_days, frequency: c.frequency, micros: toMicros(c.monetary) } }));
  return measured.sort((a, b) => byValue(a.key, b.key)).slice(0, limit).map(({ c }) => c);
}

/** Customers and revenue with one (R, F) pair: one customer, or many counted together (`rfmFromCounts`). */
export interface RfmWeight {
  r: number;
  f: number;
  customers: number;
  revenue: number;
}

/** All 25 R×F cells, R descending then F descending, summing the weights that fall in each. */
export function rfmGrid(weights: Iterable<RfmWeight>): RfmGridCell[] {
  const cells: RfmGridCell[] = [];
  for (let r = 5; r >= 1; r--) for (let f = 5; f >= 1; f--) cells.push({ r, f, customers: 0, revenue: 0 });
  for (const w of weights) {
    const cell = cells[(5 - w.r) * 5 + (5 - w.f)];
    cell.customers += w.customers;
    cell.revenue += w.revenue;
  }
  return cells;
}

/** Customers and revenue per named segment (the segment is a function of R and F, so the grid holds all it needs). */
export function rfmSegmentSummary(grid: readonly RfmGridCell[]): RfmSegmentSummary[] {
  const customers = grid.reduce((s, c) => s + c.customers, 0);
  const totalRevenue = grid.reduce((s, c) => s + c.revenue, 0);
  return rfmSegments.map((segment) => {
    const members = grid.filter((c) => rfmSegment(c.r, c.f) === segment);
    const count = members.reduce((s, c) => s + c.customers, 0);
    const revenue = members.reduce((s, c) => s + c.revenue, 0);
    return {
      segment,
      customers: count,
      revenue,
      share_of_customers: customers ? count / customers : 0,
      share_of_revenue: totalRevenue > 0 ? revenue / totalRevenue : 0,
    };
  });
}

/** Placeholder segment for customers present in only one of the two periods. */
export const noSegment = '(none)';

export interface SegmentMove {
  from: RfmSegment | typeof noSegment;
  to: RfmSegment | typeof noSegment;
  customers: number;
}

/**
 * Movement between segments from one scoring to the next (e.g. `rfmScores` as of two dates):
 * one entry per non-empty (from, to) pair; customers new in the second period come from
 * "(none)", customers absent from it go to "(none)".
 */
export function rfmMovement(before: readonly CustomerRfm[], after: readonly CustomerRfm[]): SegmentMove[] {
  const was = new Map(before.map((c) => [c.customer_id, c.segment]));
  const now = new Map(after.map((c) => [c.customer_id, c.segment]));
  const counts = new Map<string, SegmentMove>();
  const add = (from: SegmentMove['from'], to: SegmentMove['to']) => {
    const key = `${from}\u0000${to}`;
    const move = counts.get(key);
    if (move) move.customers++;
    else counts.set(key, { from, to, customers: 1 });
  };
  for (const [id, from] of was) add(from, now.get(id) ?? noSegment);
  for (const [id, to] of now) if (!was.has(id)) add(noSegment, to);
  return sortMoves([...counts.values()]);
}

/** Moves in segment order (from, then to), "(none)" last. */
export function sortMoves(moves: SegmentMove[]): SegmentMove[] {
  const rank = (s: string) => (s === noSegment ? rfmSegments.length : rfmSegments.indexOf(s as RfmSegment));
  return moves.sort((a, b) => rank(a.from) - rank(b.from) || rank(a.to) - rank(b.to));
}
