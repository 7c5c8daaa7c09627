/**
 * RFM summaries from score counts instead of customers: what a store that scores in SQL
 * returns (customers and revenue per combination of scores) turned into the same grid,
 * segments and movement `rfmScores` and `rfmMovement` give from per-customer scores.
 */
import { noSegment, rfmGrid, rfmSegment, rfmSegmentSummary, sortMoves, type CustomerRfm, type RfmGridCell, type RfmSegmentSummary, type SegmentMove } from './rfm.js';

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
