import type { EventRecord, LeadRecord, OrderRecord, RateRecord, SpendRecord, StoredEvent } from '../records/events.js';
import type { ResolvedLink, TrackingLink, TrackingLinkPatch, Workspace } from '../records/workspace.js';
import type { ChannelRule } from '../records/channel-rule.js';
import type { SpendReplaceOptions, SpendReplacement } from './spend-ranges.js';
import type { EventDeletionFilter } from './event-deletion.js';
import type { PersonErasureCounts, PersonIds, PersonLinks } from './person-erasure.js';
import type { KpiFacts, KpiQuery } from '../metrics/kpi-query.js';
import type { Journey, JourneyQuery } from './journeys.js';
import type { PackedJourneys } from './packed-journeys.js';
import type { CrmFunnelRow, CustomerProfile, CustomerTransaction, PeopleStats, SegmentQuery } from './customers.js';
import type { AggregateDimension, AggregateWindow, ChannelSetCounts, CreditRule, MarkovTransition, PathCounts, RuleCredits } from './attribution-aggregates.js';
import type { RfmScoreCount, RfmScoredCustomer } from '../customers/rfm-counts.js';
import type { CohortCount } from '../customers/cohort-counts.js';

/** Clicks on one link in a date range and the sales credited to it (see `Store.linkStats`). */
export interface LinkStatsRow {
  slug: string;
  clicks: number;
  /** Distinct visitors (anonymous ids) among the clicks. */
  unique_clicks: number;
  conversions: number;
  /** Revenue of the credited sales in the workspace currency, a decimal string with 6 places. */
  revenue: string;
}

export interface StoreCapabilities {
  /** The engine can answer `rawEvents` scans cheaply (embedded engines) or not (pushes everything down). */
  embedded: boolean;
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
  /** Leads per person after exposure. */
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

/** The make-up of an experiment's sample (see `Store.experimentSample`). */
export interface ExperimentSample {
  /** exposed people none of whose exposures is signed (left out of the results) */
  unsigned_units: number;
  /** per variant (of the first signed exposure), the source bucket that supplied the most people */
  top_sources: { variant: string; source: string; units: number }[];
}

/** One anonymous id's first exposure to an experiment (see `Store.experimentExposures`). */
export interface ExperimentExposure {
  anonymous_id: string;
  variant: string;
  /** the exposure's `properties.hash_version` as text ("2"), null when it had none */
  hash_version: string | null;
}

/** RFM scores counted in the engine (see `Store.rfmScoreCounts`). */
export interface RfmScoreCounts {
  /** The scoring day; null when there are no sales and none was asked for. */
  as_of: string | null;
  /** The earlier day movement is measured from. */
  previous_as_of: string | null;
  counts: RfmScoreCount[];
  /** The `rfmTopLimit` most valuable customers with their scores now, in `byValue` order. */
  top: RfmScoredCustomer[];
}

/** Customers with the same CLV statistics (see `Store.clvSummaries`); times in days, money in the workspace currency. */
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

/** Customers acquired in a range who bought in one period after their first sale, by acquisition channel (see `Store.acquiredRevenue`). */
export interface AcquiredRevenue {
  channel: string;
  /** Periods of `periodDays` since the first sale (0 = the period of the first sale, where every acquired customer bought). */
  period: number;
  buyers: number;
  revenue: number;
}

export interface DataRange {
  from: string | null;
  to: string | null;
}

/**
 * The one storage interface every engine implements (DuckDB now; PostgreSQL +
 * ClickHouse later). Events, spend, orders and leads are append-only and
 * idempotent: an id seen twice is stored once. Metadata (workspaces, rules,
 * links, rates) is separate. The shared contract suite in
 * `store/contract.case.ts` runs against every adapter.
 */
export interface Store {
  readonly capabilities: StoreCapabilities;
  migrate(): Promise<void>;
  close(): Promise<void>;

  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;

  ensureWorkspace(ws: Workspace): Promise<Workspace>;
  getWorkspace(id: string): Promise<Workspace | undefined>;
  findWorkspaceByWriteKey(key: string): Promise<Workspace | undefined>;
  updateWorkspace(id: string, patch: Partial<Omit<Workspace, 'id'>>): Promise<void>;

  /** Stores events; returns how many were new (duplicates by id are ignored). */
  insertEvents(workspaceId: string, events: StoredEvent[]): Promise<number>;
  /** Bulk-loads spool files (JSON lines `{"w": workspace, "e": [StoredEvent…]}`); a torn last line is skipped. Returns new events. */
  insertEventFiles(paths: string[]): Promise<number>;
  listEvents(workspaceId: string, filter: { anonymous_id?: string; user_id?: string; limit?: number }): Promise<StoredEvent[]>;
  findClick(workspaceId: string, clickId: string): Promise<StoredEvent | undefined>;
  countEvents(workspaceId: string): Promise<number>;
  /** Which of `ids` (at most 1,000) the workspace has stored: `POST /v1/events` answers them as duplicates (issue 12 #4). */
  existingEventIds(workspaceId: string, ids: string[]): Promise<string[]>;
  /**
   * Deletes the workspace's events matching every condition of the filter (issue 12 #2, see
   * `store/event-deletion.ts`); answers how many events were removed. Every report afterwards
   * reads only what is left.
   */
  deleteEvents(workspaceId: string, filter: EventDeletionFilter): Promise<number>;
  /** Every id one step away from `ids` in stored events, orders and leads (issue 12 #14, see `store/person-erasure.ts`). Engines without it cannot erase people. */
  personLinks?(workspaceId: string, ids: PersonIds): Promise<PersonLinks>;
  /** Deletes every event, order and lead of the person (issue 12 #14); answers the counts per kind. */
  erasePerson?(workspaceId: string, person: PersonLinks): Promise<PersonErasureCounts>;
  /** Optional: rewrites storage so erased rows leave no bytes behind (the embedded store's file); false when there was no file. */
  compact?(): Promise<boolean>;

  /**
   * Deletes the stored spend `rows` replace (by key, or the sources' date range with
   * `replace: 'range'`; see `store/spend-ranges.ts`), then inserts them. `dryRun`
   * only counts. Every engine answers through `summarizeSpendReplacement`.
   */
  replaceSpend(workspaceId: string, rows: SpendRecord[], opts?: SpendReplaceOptions): Promise<SpendReplacement>;
  upsertOrders(workspaceId: string, rows: OrderRecord[]): Promise<number>;
  upsertLeads(workspaceId: string, rows: LeadRecord[]): Promise<number>;
  upsertRates(workspaceId: string, rows: RateRecord[]): Promise<number>;
  listRates(workspaceId: string): Promise<RateRecord[]>;

  getChannelRules(workspaceId: string): Promise<ChannelRule[] | undefined>;
  /** Saves the rules and re-derives the channel of every stored event with `classify`. */
  setChannelRules(workspaceId: string, rules: ChannelRule[], classify: (e: Pick<EventRecord, 'utm' | 'referrer' | 'click_id' | 'properties' | 'url'>) => string): Promise<number>;

  /** Metadata documents (experiments, segments, goals, …): JSON by collection and id. */
  putDocument(workspaceId: string, collection: string, id: string, body: unknown): Promise<void>;
  getDocument<T>(workspaceId: string, collection: string, id: string): Promise<T | undefined>;
  listDocuments<T>(workspaceId: string, collection: string): Promise<T[]>;
  deleteDocument(workspaceId: string, collection: string, id: string): Promise<boolean>;

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
   * Tracking links. Slugs are unique per installation and a deleted link keeps its
   * slug: `createLink` answers false when the slug is taken by any link, deleted or
   * not, of any workspace (`deleted_at` is for copying a store). `getLink`,
   * `listLinks`, `updateLink` and `deleteLink` see the workspace's links that are not
   * deleted; `resolveLink` finds any stored slug for the redirect.
   */
  createLink(workspaceId: string, link: TrackingLink & { deleted_at?: string }): Promise<boolean>;
  getLink(workspaceId: string, slug: string): Promise<TrackingLink | undefined>;
  listLinks(workspaceId: string): Promise<TrackingLink[]>;
  updateLink(workspaceId: string, slug: string, patch: TrackingLinkPatch): Promise<TrackingLink | undefined>;
  deleteLink(workspaceId: string, slug: string): Promise<boolean>;
  resolveLink(slug: string): Promise<ResolvedLink | undefined>;
  /**
   * Per link slug with clicks or credited sales in [from, to]: link clicks (`click` events
   * that `/c/:slug` recorded: properties `link` and `rl_cid` equal to the click id), their
   * distinct visitors, and the sales credited to the person's last link click at or before
   * the sale within `lookbackDays` (sales as the KPIs count them, in the workspace currency).
   */
  linkStats(workspaceId: string, query: { from: string; to: string; lookbackDays: number }): Promise<LinkStatsRow[]>;

  /** Additive base measures (spend, sessions, conversions, …) per dimension value and in total. */
  kpiFacts(workspaceId: string, query: KpiQuery): Promise<KpiFacts>;
  dataRange(workspaceId: string): Promise<DataRange>;
  /** Spend (decimal string), conversions and revenue per day and channel, conversions credited last non-direct click. */
  channelDaily(workspaceId: string, query: { from: string; to: string; lookbackDays: number }): Promise<ChannelDay[]>;
  /** Converting and non-converting journeys (touchpoints per person) for attribution. */
  journeys(workspaceId: string, query: JourneyQuery): Promise<Journey[]>;
  /** The same journeys packed for a worker thread (`packed-journeys.ts`): `unpackJourneys` of it equals `journeys`. */
  packedJourneys(workspaceId: string, query: JourneyQuery): Promise<PackedJourneys>;

  /** Every sale up to `to` (inclusive) per stitched person, in the workspace currency, oldest first. */
  customerTransactions(workspaceId: string, query: { to?: string }): Promise<CustomerTransaction[]>;
  /** Profiles of people (all, the given ids, or a segment's members), most revenue first. */
  customerProfiles(workspaceId: string, query: { ids?: string[]; segment?: SegmentQuery; limit?: number }): Promise<CustomerProfile[]>;
  /** People, buyers, orders and revenue of a segment's members (of everyone without one). */
  peopleStats(workspaceId: string, query: { segment?: SegmentQuery }): Promise<PeopleStats>;
  /** The CRM funnel of the leads created in the range, in total and per channel or campaign. */
  crmFunnel(workspaceId: string, query: { from: string; to: string; by: 'channel' | 'campaign' | null; lookbackDays?: number }): Promise<CrmFunnelRow[]>;

  /**
   * Optional push-down of attribution for engines that are not embedded (see
   * `store/attribution-aggregates.ts`): rule-based credits summed by channel,
   * campaign or ad; distinct windowed paths with their counts; converting
   * journeys by channel set (for Shapley and Markov); the k-order Markov
   * chain's transition counts. Only aggregates reach Node.
   */
  attributionRuleCredits?(workspaceId: string, query: AggregateWindow & { by: AggregateDimension; rule: CreditRule }): Promise<RuleCredits>;
  attributionPathCounts?(workspaceId: string, query: AggregateWindow & { includeNonConverting: boolean }): Promise<PathCounts>;
  attributionChannelSets?(workspaceId: string, query: AggregateWindow & { by: AggregateDimension }): Promise<ChannelSetCounts>;
  attributionMarkovTransitions?(workspaceId: string, query: AggregateWindow & { order: number }): Promise<MarkovTransition[]>;

  /**
   * Optional push-down for engines that are not embedded: customers and revenue per RFM score
   * as of `asOf` (default: the last sale's day) and R/F `compareDays` earlier, scored in the
   * engine as `rfmScores` scores them, so no per-sale rows reach Node.
   */
  rfmScoreCounts?(workspaceId: string, query: { asOf?: string; compareDays: number }): Promise<RfmScoreCounts>;
  /** Optional push-down: acquisition cohorts (by period, and by the first sale's channel or campaign) counted in the engine. */
  cohortCounts?(workspaceId: string, query: { period: 'week' | 'month'; by: 'channel' | 'campaign' | null }): Promise<CohortCount[]>;
  /** Optional push-down: the CLV models' per-customer statistics computed in the engine, identical ones counted together. */
  clvSummaries?(workspaceId: string, query: { calibrationEnd?: string }): Promise<ClvSummaries>;
  /** Up to `limit` customer ids (smallest first) of each named `clvSummaries` group (of every group without `keys`). */
  clvSummaryMembers?(workspaceId: string, query: { calibrationEnd: string; keys?: string[]; limit: number }): Promise<{ key: string; customer_id: string }[]>;
  /** Optional push-down for LTV:CAC: revenue of the customers first buying in the range, by acquisition channel and period since. */
  acquiredRevenue?(workspaceId: string, query: { from: string; to: string; periodDays: number }): Promise<AcquiredRevenue[]>;
  /** Optional push-down for the budget's new-customers outcome: people per day (YYYY-MM-DD) whose first sale up to `to` is that day. */
  firstPurchasesByDay?(workspaceId: string, query: { to: string }): Promise<Map<string, number>>;
}
