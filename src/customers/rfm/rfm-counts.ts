/**
 * RFM summaries from score counts instead of customers: what a store that scores in SQL
 * returns (customers and revenue per combination of scores) turned into the same grid,
 * segments and movement `rfmScores` and `rfmMovement` give from per-customer scores.
 */
import { noSegment, rfmGrid, rfmScores, rfmSegment, rfmSegmentSummary, rfmTopCustomers, rfmTopLimit, sortMoves, type CustomerRfm, type RfmGridCell, type RfmSegmentSummary, type SegmentMove } from './rfm.js';
import { dayNumber, type Transaction } from '../purchases/transactions.js';

/** Customers with the same R, F and M scores now and the same R and F one period earlier. */
export interface RfmScoreCount {
  /** R and F as of the earlier day; null for customers who had not bought by then. */
  was: { r: number; f: number } | null;
  r: number;
  f: number;
  m: number;
  customers: number;
  /** Their revenue up to the as-of day. */
  revenue: number;
}

/** One customer's measures and scores as a store that scores in SQL returns them (the most valuable ones). */
export type RfmScoredCustomer = Pick<CustomerRfm, 'customer_id' | 'recency_days' | 'frequency' | 'monetary' | 'r' | 'f' | 'm'>;

/** A scored customer with its score string and segment, as `rfmScores` gives it. */
export function rfmCustomer(c: RfmScoredCustomer): CustomerRfm {
  return { ...c, score: `${c.r}${c.f}${c.m}`, segment: rfmSegment(c.r, c.f) };
}

export interface RfmCountsSummary {
  customers: number;
  revenue: number;
  grid: RfmGridCell[];
  segments: RfmSegmentSummary[];
  /** From the segment one period earlier to the one now; customers new since come from "(none)". */
  movement: SegmentMove[];
}

/**
 * Grid, segments and movement from score counts.
 *
 * @example rfmFromCounts([{ was: null, r: 5, f: 1, m: 3, customers: 2, revenue: 80 }]).movement // [{ from: '(none)', to: 'New', customers: 2 }]
 */
export function rfmFromCounts(counts: readonly RfmScoreCount[]): RfmCountsSummary {
  const grid = rfmGrid(counts);
  const moves = new Map<string, SegmentMove>();
  for (const c of counts) {
    const from = c.was ? rfmSegment(c.was.r, c.was.f) : noSegment;
    const to = rfmSegment(c.r, c.f);
    const key = `${from}\u0000${to}`;
    const move = moves.get(key);
    if (move) move.customers += c.customers;
    else moves.set(key, { from, to, customers: c.customers });
  }
  return {
    customers: counts.reduce((s, c) => s + c.customers, 0),
    revenue: counts.reduce((s, c) => s + c.revenue, 0),
    grid,
    segments: rfmSegmentSummary(grid),
    movement: sortMoves([...moves.values()]),
  };
}

/** Score counts as of a day and R/F `compareDays` earlier, with the most valuable customers (what `rfmScoreCountsOf` answers). */
export interface RfmScoreCountsResult {
  /** The scoring day; null when there are no sales and none was asked for. */
  as_of: string | null;
  previous_as_of: string | null;
  counts: RfmScoreCount[];
  top: RfmScoredCustomer[];
}

/**
 * Scores sales with `rfmScores` as of `asOf` (default: the last sale's day) and `compareDays`
 * earlier, and counts customers and revenue per combination: the counts a store that scores in
 * SQL returns, for stores that score in Node (give every sale up to `asOf`).
 *
 * @example rfmScoreCountsOf([{ customer_id: 'a', date: '2024-01-10', amount: 5 }], { compareDays: 5 }).previous_as_of // "2024-01-05"
 */
export function rfmScoreCountsOf(transactions: readonly Transaction[], options: { asOf?: string; compareDays: number }): RfmScoreCountsResult {
  const now = rfmScores(transactions, { asOf: options.asOf });
  const asOf = now.as_of || options.asOf || null;
  if (asOf === null) return { as_of: null, previous_as_of: null, counts: [], top: [] };
  const previousAsOf = new Date((dayNumber(asOf)! - options.compareDays) * 86_400_000).toISOString().slice(0, 10);
  const was = new Map(rfmScores(transactions, { asOf: previousAsOf }).customers.map((c) => [c.customer_id, c]));
  const counts = new Map<string, RfmScoreCount>();
  for (const c of now.customers) {
    const before = was.get(c.customer_id);
    const count: RfmScoreCount = { was: before ? { r: before.r, f: before.f } : null, r: c.r, f: c.f, m: c.m, customers: 0, revenue: 0 };
    const key = JSON.stringify([count.was, c.r, c.f, c.m]);
    const entry = counts.get(key) ?? counts.set(key, count).get(key)!;
    entry.customers++;
    entry.revenue += c.monetary;
  }
  const top = rfmTopCustomers(now.customers, rfmTopLimit).map(({ customer_id, recency_days, frequency, monetary, r, f, m }) => ({ customer_id, recency_days, frequency, monetary, r, f, m }));
  return { as_of: asOf, previous_as_of: previousAsOf, counts: [...counts.values()], top };
}
