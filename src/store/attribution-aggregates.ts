/**
 * Attribution aggregates a store can compute itself (stores that are not
 * embedded: ClickHouse), so that only small results reach Node. Each applies
 * the journey windows of `attribution/journeys/journey-window.ts` to the journeys of
 * `Store.journeys` inside the engine: clicks within the click lookback,
 * impressions within the view lookback (none when the view weight is 0),
 * consecutive repeats kept or collapsed, and a conversion with no touch left
 * credited to one `(none)` touch at the conversion time.
 */

export type AggregateDimension = 'channel' | 'campaign' | 'ad';

export interface AggregateWindow {
  /** Inclusive YYYY-MM-DD dates of the conversions (and of the non-converting people's touches). */
  from: string;
  to: string;
  lookbackClickDays: number;
  lookbackViewDays: number;
  viewWeight: number;
  /** Consecutive touches of one channel in converting journeys; non-converting paths always keep them (as the journey reports read them). */
  repeats: 'keep' | 'collapse';
}

/** Days of touches a window reads before each conversion (the longer of its two lookbacks, whole days). */
export function journeyLookbackDays(w: Pick<AggregateWindow, 'lookbackClickDays' | 'lookbackViewDays'>): number {
  return Math.max(w.lookbackClickDays, Math.ceil(w.lookbackViewDays));
}

/** A rule-based model and the options it reads (the meaning of `attribution/models/rule-weights.ts`; time decay by age in days). */
export type CreditRule =
  | { model: 'first' | 'last' | 'linear' }
  | { model: 'last-non-direct'; directChannel: string }
  | { model: 'time-decay'; halfLifeDays: number }
  | { model: 'position'; positionWeights: readonly [number, number, number] }
  | { model: 'custom'; channelWeights: Readonly<Record<string, number>>; defaultWeight: number };

/** Credit of one row of a dimension: `key` is the channel, the campaign or the ad (`(not set)` when unknown). */
export interface AggregateCredit {
  channel: string;
  /** By ad: the campaign the ad ran in (ad rows are keyed by channel, campaign and ad). */
  campaign?: string;
  key: string;
  conversions: number;
  value: number;
}

export interface AggregateTotals {
  conversions: number;
  value: number;
}

/** Rule-based credits summed by the dimension, rows in order of first credited touch (conversions by time, touches in order). */
export interface RuleCredits {
  rows: AggregateCredit[];
  totals: AggregateTotals;
}

/** A distinct windowed channel path: converting journeys on it, their value, and non-converting journeys on it. */
export interface PathCount {
  path: string[];
  conversions: number;
  value: number;
  nulls: number;
}

/** Paths in order of first appearance (converting journeys by time first, then people without a conversion), and days from first touch to conversion. */
export interface PathCounts {
  paths: PathCount[];
  days: { days: number; conversions: number; value: number }[];
}

/**
 * Converting journeys grouped by their set of channels (sorted). `sets` gives
 * each set's conversions and value; `touches` gives, per set and row of the
 * dimension, the touches' shares of their channel (a touch's kind weight over
 * its channel's total in the journey) summed over the set's conversions, and
 * the same weighted by conversion value. A model that splits each conversion
 * among its channels by the set alone (Shapley, Markov) credits a row with
 * share(set, channel) × `touches`. Rows in order of first touch; by ad, a row
 * is a (channel, campaign, ad) and says its `campaign`.
 */
export interface ChannelSetCounts {
  sets: { channels: string[]; conversions: number; value: number }[];
  touches: { channels: string[]; channel: string; campaign?: string; key: string; touches: number; value: number }[];
}

/**
 * Journeys moving between two states of the k-order Markov chain (the meaning
 * of `attribution/models/markov-chain.ts` `transitionCounts`, channels by name): a
 * state is a window of up to k channels after merging consecutive repeats;
 * `weight` counts journeys, `value` is conversion value (into `(conversion)` only).
 */
export interface MarkovTransition {
  from: string[] | '(start)';
  to: string[] | '(conversion)' | '(null)';
  weight: number;
  value: number;
}
