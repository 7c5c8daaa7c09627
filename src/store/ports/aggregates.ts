import type { AggregateDimension, AggregateWindow, ChannelSetCounts, CreditRule, MarkovTransition, PathCounts, RuleCredits } from '../attribution-aggregates.js';
import type { RfmScoreCount, RfmScoredCustomer } from '../../customers/rfm/rfm-counts.js';
import type { CohortCount } from '../../customers/cohorts/cohort-counts.js';
import { assertListed, type AllListed } from './port-methods.js';

/** RFM scores counted in the engine (see `Aggregates.rfmScoreCounts`). */
export interface RfmScoreCounts {
  /** The scoring day; null when there are no sales and none was asked for. */
  as_of: string | null;
  /** The earlier day movement is measured from. */
  previous_as_of: string | null;
  counts: RfmScoreCount[];
  /** The `rfmTopLimit` most valuable customers with their scores now, in `byValue` order. */
  top: RfmScoredCustomer[];
}

/** Customers with the same CLV statistics (see `Aggregates.clvSummaries`); times in days, money in the workspace currency. */
export interface ClvSummaryGroup {
  /** Names the group for `clvSummaryMembers`. */
  key: string;
  /** Repeat purchase days. */
  frequency: number;
  recency_days: number;
  /** Days from the first purchase to the calibration end. */
  age_days: number;
  /** Total value of the repeat purchase days. */
  repeat_value: number;
  customers: number;
}

export interface ClvSummaries {
  /** Null when there are no sales and no calibration end was asked for. */
  calibration_end: string | null;
  groups: ClvSummaryGroup[];
}

/** Customers acquired in a range who bought in one period after their first sale, by acquisition channel (see `Aggregates.acquiredRevenue`). */
export interface AcquiredRevenue {
  channel: string;
  /** Periods of `periodDays` since the first sale (0 = the period of the first sale, where every acquired customer bought). */
  period: number;
  buyers: number;
  revenue: number;
}

/**
 * Aggregates every adapter computes as suits its engine, so that only aggregates reach
 * the reports: attribution (see `store/attribution-aggregates.ts`: rule-based credits
 * summed by channel, campaign or ad; distinct windowed paths with their counts; converting
 * journeys by channel set for Shapley and Markov; the k-order Markov chain's transition
 * counts) and customers (RFM, cohorts, CLV, LTV:CAC, first purchases).
 */
export interface Aggregates {
  attributionRuleCredits(workspaceId: string, query: AggregateWindow & { by: AggregateDimension; rule: CreditRule }): Promise<RuleCredits>;
  attributionPathCounts(workspaceId: string, query: AggregateWindow & { includeNonConverting: boolean }): Promise<PathCounts>;
  attributionChannelSets(workspaceId: string, query: AggregateWindow & { by: AggregateDimension }): Promise<ChannelSetCounts>;
  attributionMarkovTransitions(workspaceId: string, query: AggregateWindow & { order: number }): Promise<MarkovTransition[]>;
  /**
   * Customers and revenue per RFM score as of `asOf` (default: the last sale's day) and R/F
   * `compareDays` earlier, scored as `rfmScores` scores them.
   */
  rfmScoreCounts(workspaceId: string, query: { asOf?: string; compareDays: number }): Promise<RfmScoreCounts>;
  /** Acquisition cohorts (by period, and by the first sale's channel or campaign). */
  cohortCounts(workspaceId: string, query: { period: 'week' | 'month'; by: 'channel' | 'campaign' | null }): Promise<CohortCount[]>;
  /** The CLV models' per-customer statistics, identical ones counted together. */
  clvSummaries(workspaceId: string, query: { calibrationEnd?: string }): Promise<ClvSummaries>;
  /** Up to `limit` customer ids (smallest first) of each named `clvSummaries` group (of every group without `keys`). */
  clvSummaryMembers(workspaceId: string, query: { calibrationEnd: string; keys?: string[]; limit: number }): Promise<{ key: string; customer_id: string }[]>;
  /** For LTV:CAC: revenue of the customers first buying in the range, by acquisition channel and period since. */
  acquiredRevenue(workspaceId: string, query: { from: string; to: string; periodDays: number }): Promise<AcquiredRevenue[]>;
  /** For the budget's new-customers outcome: people per day (YYYY-MM-DD) whose first sale up to `to` is that day. */
  firstPurchasesByDay(workspaceId: string, query: { to: string }): Promise<Map<string, number>>;
}

export const aggregatesMethods = [
  'attributionRuleCredits', 'attributionPathCounts', 'attributionChannelSets', 'attributionMarkovTransitions',
  'rfmScoreCounts', 'cohortCounts', 'clvSummaries', 'clvSummaryMembers', 'acquiredRevenue', 'firstPurchasesByDay',
] as const satisfies readonly (keyof Aggregates)[];
assertListed<AllListed<Aggregates, (typeof aggregatesMethods)[number]>>(true);
