/**
 * RFM quintiles by rank: how `rfmScores` (and the ClickHouse push-down in
 * `store/clickhouse/rfm-sql.ts`) turn each customer's recency, frequency and monetary value into
 * scores 1–5 when many customers share a value.
 *
 * The method is quintile coding as in RFM cell analysis (Hughes, "Strategic Database Marketing"),
 * each measure sorted on its own: sort the customers on the measure and cut the list into five
 * equal fifths. A customer at 0-based rank i among n scores 1 + ⌊5·i / n⌋, so every score holds
 * ⌊n/5⌋ or ⌈n/5⌉ customers and none is empty once there are five customers. Ties on the measure are broken by value, by
 * the other two measures, and finally by the customer id, so the order is total and the same on
 * every engine:
 *
 * | score | sorted on (worst first) |
 * |---|---|
 * | R | days since the last purchase (more is worse), then orders, then revenue, then id |
 * | F | orders, then revenue, then days since the last purchase (more is worse), then id |
 * | M | revenue, then orders, then days since the last purchase (more is worse), then id |
 *
 * Revenue is compared in whole micro-units (exact), ids in UTF-8 byte order (ClickHouse's
 * string order). Consequence to read the grid by: when 70% of the customers bought once, F = 1,
 * 2 and 3 all hold one-time buyers, told apart by what they spent; F ranks "who buys most",
 * not "how many orders". Value ties (R's days, F's orders) are the rule on real data: with
 * value-only scores (R's `findInterval` on `quantile(x, c(.2, .4, .6, .8))`), F = 2 and 3 were
 * empty by construction and "Potential loyalist" and "Need attention" could never be reached.
 */

/** What the scoring compares for one customer. */
export interface RfmMeasures {
  customer_id: string;
  /** Days from the last purchase to the as-of day. */
  recency_days: number;
  /** Orders. */
  frequency: number;
  /** Revenue in whole micro-units of the currency (exact, so equal sums tie on every engine). */
  micros: number;
}

/** Orders UTF-16 strings by code point, which is UTF-8 byte order (ClickHouse compares strings bytewise). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (code points ≥ U+10000) sort after every other BMP unit in code point order.
    if (x >= 0xd800) x += x >= 0xe000 ? -0x800 : 0x2000;
    if (y >= 0xd800) y += y >= 0xe000 ? -0x800 : 0x2000;
    return x - y;
  }
  return a.length - b.length;
}

type Compare = (a: RfmMeasures, b: RfmMeasures) => number;

/** Worst first for each score; see the table above. */
export const rfmOrder: Record<'recency' | 'frequency' | 'monetary', Compare> = {
  recency: (a, b) => b.recency_days - a.recency_days || a.frequency - b.frequency || a.micros - b.micros || compareCodePoints(a.customer_id, b.customer_id),
  frequency: (a, b) => a.frequency - b.frequency || a.micros - b.micros || b.recency_days - a.recency_days || compareCodePoints(a.customer_id, b.customer_id),
  monetary: (a, b) => a.micros - b.micros || a.frequency - b.frequency || b.recency_days - a.recency_days || compareCodePoints(a.customer_id, b.customer_id),
};

/**
 * Scores 1–5 by rank: the item at 0-based rank i of n in `compare` order (worst first) scores
 * 1 + ⌊5·i / n⌋. `compare` must be a total order (no two items equal) for the result not to
 * depend on the input order.
 *
 * @example quintilesByRank([3, 1, 2, 5, 4, 0, 9, 8, 7, 6], (a, b) => a - b) // [2, 1, 2, 3, 3, 1, 5, 5, 4, 4]
 */
export function quintilesByRank<T>(items: readonly T[], compare: (a: T, b: T) => number): number[] {
  const n = items.length;
  const order = items.map((_, i) => i).sort((i, j) => compare(items[i], items[j]));
  const scores = new Array<number>(n);
  order.forEach((item, rank) => (scores[item] = 1 + Math.floor((5 * rank) / n)));
  return scores;
}

/** Whole micro-units of an amount (amounts are stored with at most six decimals). */
export const toMicros = (amount: number): number => Math.round(amount * 1e6);

/**
 * Most valuable first: revenue, then orders, then the more recent last purchase, then id (so
 * the list is the same on every engine). Revenue separates customers far better than
 * predicted CLV, which is equal for every one-time buyer of the same day.
 */
export const byValue: Compare = (a, b) => b.micros - a.micros || b.frequency - a.frequency || a.recency_days - b.recency_days || compareCodePoints(a.customer_id, b.customer_id);
