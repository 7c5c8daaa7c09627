import type { AggregateDimension, AggregateWindow, CreditRule } from '../attribution-aggregates.js';
import { dayMs, type SqlContext } from './base-sql.js';
import { journeysSql } from './journeys-sql.js';
import { chValue } from './sql-literal.js';

/**
 * Attribution aggregated in ClickHouse: the journeys of `journeysSql` are
 * windowed, credited and grouped with array functions (18.16: no window
 * functions), so a result has one row per path, channel set or credited row,
 * never one per person. The windowing repeats `attribution/journeys/journey-window.ts`:
 *
 * - a converting journey is read back from its conversion, a non-converting
 *   one from the last millisecond of the range;
 * - touches after that time are dropped; clicks older than the click lookback,
 *   impressions older than the view lookback (all of them when the view weight
 *   is 0) too; the tuple order of `journeysSql` (time first) is kept;
 * - `collapse` keeps the first touch of each run of one channel (converting
 *   journeys only: non-converting paths keep their repeats, as the reports read them);
 * - a conversion left without touches gets one `(none)` touch at its time.
 *
 * Touch tuples: (ts, channel, campaign, ad, kind). Journeys are ordered by
 * (not converted, conversion time, person, touch), the order Node reads them in,
 * so `first_seen` reproduces the engines' order of first appearance.
 */

const NONE = '(none)';

export { journeyLookbackDays } from '../attribution-aggregates.js';

/** Columns person, conv_ts, value, converted, ref and `wt` (windowed touch tuples, never empty for a conversion). */
function windowed(c: SqlContext, w: AggregateWindow, includeNonConverting: boolean): string {
  const end = c.to - 1;
  const view = w.viewWeight === 0 ? '0' : `ref - t.1 <= ${chValue(w.lookbackViewDays * dayMs)}`;
  const keep = `t.1 <= ref AND if(t.5 = 'view', ${view}, ref - t.1 <= ${chValue(w.lookbackClickDays * dayMs)})`;
  const collapsed = `arrayFilter((t, i) -> i = 1 OR t.2 != kept[if(i = 1, 1, i - 1)].2, kept, arrayEnumerate(kept))`;
  const runs = w.repeats === 'collapse' ? `if(converted, ${collapsed}, kept)` : 'kept';
  // `ref` is also read outside a lambda (the (none) touch): 18.16 keeps a column a lambda captures only then.
  return `(SELECT person, conv_ts, value, converted, ref,
      if(converted AND length(runs) = 0, [(ref, ${chValue(NONE)}, '(not set)', '(not set)', 'click')], runs) AS wt
    FROM (SELECT *, ${runs} AS runs
      FROM (SELECT *, arrayFilter(t -> ${keep}, touches) AS kept
        FROM (SELECT person, conv_ts, value, conv_key != '' AS converted, if(converted, conv_ts, toInt64(${chValue(end)})) AS ref, touches
          FROM (${journeysSql(c, includeNonConverting)})))))`;
}

/**
 * Touch arrays of windowed converting journeys: ch, dim (the dimension's key), camp (by ad, the
 * touch's campaign: ad rows are keyed by channel, campaign and ad; else ''), tts, kw (kind weight).
 */
function touchArrays(c: SqlContext, w: AggregateWindow, by: AggregateDimension): string {
  const key = by === 'channel' ? 't.2' : by === 'campaign' ? 't.3' : 't.4';
  const campaign = by === 'ad' ? 't.3' : `''`;
  return `(SELECT person, conv_ts, value, converted, ref,
      arrayMap(t -> t.2, wt) AS ch, arrayMap(t -> ${key}, wt) AS dim, arrayMap(t -> ${campaign}, wt) AS camp, arrayMap(t -> t.1, wt) AS tts,
      arrayMap(t -> if(t.5 = 'view', toFloat64(${chValue(w.viewWeight)}), toFloat64(1)), wt) AS kw
    FROM ${windowed(c, w, false)})`;
}

const float = (x: number) => `toFloat64(${chValue(x)})`;

/**
 * `scalar` repeated to the length of `array`, to hand a lambda as an argument: 18.16 drops a
 * column that a lambda only captures when the query above does not read it ("Unknown identifier").
 */
const filled = (scalar: string, array: string, type: string) => `arrayResize(CAST([] AS Array(${type})), length(${array}), ${scalar})`;

/** The rule's raw weight of each touch (array `rw`), before kind weights and normalising. */
function ruleWeightsSql(rule: CreditRule): string {
  switch (rule.model) {
    case 'first':
      return 'arrayMap(i -> toFloat64(i = 1), arrayEnumerate(ch))';
    case 'last':
      return 'arrayMap(i -> toFloat64(i = length(ch)), arrayEnumerate(ch))';
    case 'last-non-direct': {
      const fromEnd = `arrayFirstIndex(x -> x != ${chValue(rule.directChannel)}, arrayReverse(ch))`;
      return `arrayMap(i -> toFloat64(i = if(${fromEnd} = 0, toInt64(length(ch)), toInt64(length(ch)) + 1 - ${fromEnd})), arrayEnumerate(ch))`;
    }
    case 'linear':
      return 'arrayMap(x -> toFloat64(1), ch)';
    case 'time-decay':
      return `arrayMap((t, r) -> pow(2, -((r - t) / ${dayMs} / ${float(rule.halfLifeDays)})), tts, ${filled('ref', 'tts', 'Int64')})`;
    case 'position': {
      const [first, middle, last] = rule.positionWeights;
      return `arrayMap(i -> multiIf(i = 1, ${float(first)}, i = length(ch), ${float(last)}, ${float(middle)} / (toFloat64(length(ch)) - 2)), arrayEnumerate(ch))`;
    }
    case 'custom': {
      const names = Object.keys(rule.channelWeights);
      if (names.length === 0) return `arrayMap(x -> ${float(rule.defaultWeight)}, ch)`;
      const weights = `CAST(${chValue(names.map((n) => rule.channelWeights[n]))} AS Array(Float64))`;
      return `arrayMap(x -> transform(x, ${chValue(names)}, ${weights}, ${float(rule.defaultWeight)}), ch)`;
    }
  }
}

/**
 * Rule-based credits by dimension row. A touch's share is rule weight × kind
 * weight over the journey's sum (kind weights alone when every rule weight is
 * 0, as `normalise` makes them equal first); touches with no share credit no
 * row. The total row (is_total = 1) counts the conversions and their value.
 */
export function ruleCreditsSql(c: SqlContext, w: AggregateWindow, by: AggregateDimension, rule: CreditRule): string {
  const normalised = (a: string) => `arrayMap((x, s) -> x / s, ${a}, ${filled(`arraySum(${a})`, a, 'Float64')})`;
  const shares = `(SELECT *, if(arraySum(rw) > 0, ${normalised('rk')}, ${normalised('kw')}) AS share
    FROM (SELECT *, arrayMap((r, k) -> r * k, rw, kw) AS rk
      FROM (SELECT *, ${ruleWeightsSql(rule)} AS rw FROM ${touchArrays(c, w, by)})))`;
  const touches = `(SELECT *, arrayJoin(arrayPushFront(arrayFilter(i -> share[i] > 0, arrayEnumerate(share)), 0)) AS i FROM ${shares})`;
  return `SELECT i = 0 AS is_total, if(is_total, '', ch[i]) AS channel, if(is_total, '', camp[i]) AS row_campaign, if(is_total, '', dim[i]) AS key,
      sum(if(is_total, toFloat64(1), share[i])) AS conversions, sum(if(is_total, value, share[i] * value)) AS credit_value,
      min((conv_ts, person, i)) AS first_seen
    FROM ${touches}
    GROUP BY is_total, channel, row_campaign, key
    ORDER BY is_total DESC, first_seen`;
}

/**
 * Distinct windowed channel paths (part 0: conversions, value, non-converting
 * journeys) and days from the first touch to the conversion (part 1).
 */
export function pathCountsSql(c: SqlContext, w: AggregateWindow, includeNonConverting: boolean): string {
  const journeys = `(SELECT *, arrayMap(t -> t.2, wt) AS path, if(converted, intDiv(conv_ts - wt[1].1, ${dayMs}), toInt64(-1)) AS days,
      arrayJoin(if(converted, [0, 1], [0])) AS part
    FROM ${windowed(c, w, includeNonConverting)} WHERE length(wt) > 0)`;
  return `SELECT part, if(part = 0, path, emptyArrayString()) AS g_path, if(part = 1, days, toInt64(-1)) AS g_days,
      toFloat64(sum(converted)) AS conversions, sum(if(converted, value, toFloat64(0))) AS path_value, toFloat64(sum(NOT converted)) AS nulls,
      min((NOT converted, conv_ts, person)) AS first_seen
    FROM ${journeys}
    GROUP BY part, g_path, g_days
    ORDER BY part, g_days, first_seen`;
}

/**
 * Converting journeys by channel set: per set and dimension row, the touches'
 * shares of their channel (kind weight over the channel's kind weights in the
 * journey) and those shares × value; the total row of each set (is_total = 1)
 * counts its conversions and value.
 */
export function channelSetsSql(c: SqlContext, w: AggregateWindow, by: AggregateDimension): string {
  const withShares = `(SELECT *, arraySort(arrayDistinct(ch)) AS channel_set,
      arrayMap((k, x) -> k / arraySum(arrayMap((d, kk) -> if(d = x, kk, toFloat64(0)), ch, kw)), kw, ch) AS q
    FROM ${touchArrays(c, w, by)})`;
  const touches = `(SELECT *, arrayJoin(arrayPushFront(arrayEnumerate(ch), 0)) AS i FROM ${withShares})`;
  return `SELECT channel_set, i = 0 AS is_total, if(is_total, '', ch[i]) AS channel, if(is_total, '', camp[i]) AS row_campaign, if(is_total, '', dim[i]) AS key,
      sum(if(is_total, toFloat64(1), q[i])) AS touch_share, sum(if(is_total, value, q[i] * value)) AS credit_value,
      min((conv_ts, person, i)) AS first_seen
    FROM ${touches}
    GROUP BY channel_set, is_total, channel, row_campaign, key
    ORDER BY is_total DESC, first_seen`;
}

/**
 * The summed transitions of the k-order Markov chain (`attribution/models/markov-chain.ts`
 * `transitionCounts`) over converting and non-converting journeys: a path's
 * consecutive repeats merged, its windows of `order` channels (one, shorter,
 * when the path is), and the moves `(start)` → first window → … → last window
 * → end. `g_from` = [] is `(start)`; `g_to` = [] is the end, `(conversion)`
 * when `ends` = 1 and `(null)` when 2. Each journey weighs 1. Rows in order of
 * first appearance: journeys in `pathCountsSql`'s order, moves in path order.
 */
export function markovTransitionsSql(c: SqlContext, w: AggregateWindow, order: number): string {
  const merged = `arrayFilter((x, i) -> i = 1 OR x != p[if(i = 1, 1, i - 1)], p, arrayEnumerate(p))`;
  const states = `arrayMap(i -> arraySlice(m, i, ${chValue(order)}), arrayFilter(i -> i <= greatest(1, toInt64(length(m)) - ${chValue(order - 1)}), arrayEnumerate(m)))`;
  const moves = `(SELECT person, conv_ts, value, converted, arrayPushFront(states, emptyArrayString()) AS froms, arrayPushBack(states, emptyArrayString()) AS tos,
      arrayJoin(arrayEnumerate(froms)) AS i
    FROM (SELECT *, ${states} AS states
      FROM (SELECT *, ${merged} AS m
        FROM (SELECT *, arrayMap(t -> t.2, wt) AS p FROM ${windowed(c, w, true)} WHERE length(wt) > 0))))`;
  return `SELECT froms[i] AS g_from, tos[i] AS g_to, if(i < length(froms), 0, if(converted, 1, 2)) AS ends,
      toFloat64(count()) AS weight, sum(if(ends = 1, value, toFloat64(0))) AS conv_value,
      min((NOT converted, conv_ts, person, i)) AS first_seen
    FROM ${moves}
    GROUP BY g_from, g_to, ends
    ORDER BY first_seen`;
}
