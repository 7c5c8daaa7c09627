import type { KpiFacts, KpiQuery } from '../../metrics/kpi-query.js';
import type { Journey, JourneyQuery } from '../journeys.js';
import type { PackedJourneys } from '../packed-journeys.js';
import type { CrmFunnelRow } from '../customers.js';
import type { PartnerFactsPage, PartnerFactsQuery } from '../partner-facts.js';
import { assertListed, type AllListed } from './port-methods.js';

/** Clicks on one link in a date range and the sales credited to it (see `FactQueries.linkStats`). */
export interface LinkStatsRow {
  slug: string;
  clicks: number;
  /** Distinct visitors (anonymous ids) among the clicks. */
  unique_clicks: number;
  conversions: number;
  /** Revenue of the credited sales in the workspace currency, a decimal string with 6 places. */
  revenue: string;
}

export interface ChannelDay {
  date: string;
  channel: string;
  spend: string;
  conversions: number;
  revenue: string;
}

export interface ExperimentVariantStats {
  variant: string;
  /** People exposed (stitched by user id), counted in the variant of their first exposure. */
  users: number;
  /** Exposed people with at least one conversion after their first exposure. */
  converters: number;
  conversions: number;
  /** Revenue per person after exposure, in the workspace currency: sum and sum of squares over people. */
  revenue_sum: number;
  revenue_sum_squares: number;
  /** Leads per person after exposure (one per lead id). */
  leads: number;
}

/**
 * What experiment results count (issue 12 #5): only exposures the server signed (`rl_signed`:
 * a verified assignment token, its own assignment, a trusted sender) and only the sales the
 * workspace's `revenue_sources` counts (null: verified once any verified source exists).
 */
export interface ExperimentCounting {
  signed_only: boolean;
  revenue_sources: 'verified' | 'all' | null;
}

/** The make-up of an experiment's sample (see `FactQueries.experimentSample`). */
export interface ExperimentSample {
  /** exposed people none of whose exposures is signed (left out of the results) */
  unsigned_units: number;
  /** per variant (of the first signed exposure), the source bucket that supplied the most people */
  top_sources: { variant: string; source: string; units: number }[];
}

/** One anonymous id's first exposure to an experiment (see `FactQueries.experimentExposures`). */
export interface ExperimentExposure {
  anonymous_id: string;
  variant: string;
  /** the exposure's `properties.hash_version` as text ("2"), null when it had none */
  hash_version: string | null;
}

export interface DataRange {
  from: string | null;
  to: string | null;
}

/** Fact queries: the measures, series and journeys reports read, computed from the event log and the imports. */
export interface FactQueries {
  /** Additive base measures (spend, sessions, conversions, …) per dimension value and in total. */
  kpiFacts(workspaceId: string, query: KpiQuery): Promise<KpiFacts>;
  dataRange(workspaceId: string): Promise<DataRange>;
  /** Spend (decimal string), conversions and revenue per day and channel, conversions credited last non-direct click. */
  channelDaily(workspaceId: string, query: { from: string; to: string; lookbackDays: number }): Promise<ChannelDay[]>;
  /** Converting and non-converting journeys (touchpoints per person) for attribution. */
  journeys(workspaceId: string, query: JourneyQuery): Promise<Journey[]>;
  /** The same journeys packed for a worker thread (`packed-journeys.ts`): `unpackJourneys` of it equals `journeys`. */
  packedJourneys(workspaceId: string, query: JourneyQuery): Promise<PackedJourneys>;
  /** The CRM funnel of the leads created in the range, in total and per channel or campaign. */
  crmFunnel(workspaceId: string, query: { from: string; to: string; by: 'channel' | 'campaign' | null; lookbackDays?: number }): Promise<CrmFunnelRow[]>;
  /**
   * Per link slug with clicks or credited sales in [from, to]: link clicks (`click` events
   * that `/c/:slug` recorded: properties `link` and `rl_cid` equal to the click id), their
   * distinct visitors, and the sales credited to the person's last link click at or before
   * the sale within `lookbackDays` (sales as the KPIs count them, in the workspace currency).
   */
  linkStats(workspaceId: string, query: { from: string; to: string; lookbackDays: number }): Promise<LinkStatsRow[]>;
  /** Per variant of an experiment: exposed people, those who converted after exposure, and their revenue sums. */
  experimentStats(workspaceId: string, query: { experiment: string; from?: string; to?: string; counting?: ExperimentCounting }): Promise<ExperimentVariantStats[]>;
  /**
   * The first exposure of each anonymous id to an experiment in [from, to] (up to `limit`
   * ids, smallest first): the variant and the `hash_version` property it carried (null
   * when absent), so the server can recompute the assignment and flag mismatches.
   */
  experimentExposures(workspaceId: string, query: { experiment: string; from?: string; to?: string; limit: number; signed_only?: boolean }): Promise<ExperimentExposure[]>;
  /** Who an experiment's sample is made of: unsigned people and each variant's largest source (issue 12 #5). */
  experimentSample(workspaceId: string, query: { experiment: string; from?: string; to?: string }): Promise<ExperimentSample>;
  /**
   * Partner crediting's facts (issue 16), a page at a time: verified sales (imported orders and
   * verified conversion events) and leads, and server clicks on `slugs`, in the local days [from, to];
   * the server clicks on `slugs` of their persons within `windowDays` before each (sub-ids, address
   * prefix, user agent, ad click id, whether a page view followed within 30 minutes); with `touches`,
   * the persons' other non-direct touches in those windows.
   */
  partnerFacts(workspaceId: string, query: PartnerFactsQuery): Promise<PartnerFactsPage>;
}

export const factQueriesMethods = [
  'kpiFacts', 'dataRange', 'channelDaily', 'journeys', 'packedJourneys', 'crmFunnel', 'linkStats', 'experimentStats', 'experimentExposures', 'experimentSample', 'partnerFacts',
] as const satisfies readonly (keyof FactQueries)[];
assertListed<AllListed<FactQueries, (typeof factQueriesMethods)[number]>>(true);
