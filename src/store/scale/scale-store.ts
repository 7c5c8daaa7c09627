import { getRevenueSources } from '../revenue-settings.js';
import type { IdempotencyClaim, IdempotencyState } from '../ports/idempotency-repo.js';
import type { ChannelRule } from '../../records/channel-rule.js';
import type { EventRecord, LeadRecord, OrderRecord, RateRecord, SpendRecord, StoredEvent } from '../../records/events.js';
import type { SpendReplaceOptions, SpendReplacement } from '../spend-ranges.js';
import type { EventDeletionFilter } from '../event-deletion.js';
import type { PersonErasureCounts, PersonIds, PersonLinks } from '../person-erasure.js';
import type { KpiFacts, KpiQuery } from '../../metrics/kpi-query.js';
import { AppError } from '../../shared/errors.js';
import { ClickHouseEventStore } from '../clickhouse/clickhouse-event-store.js';
import type { ClickHouseTopology } from '../clickhouse/clickhouse-schema.js';
import { customerProfiles, customerTransactions, crmFunnel, experimentExposures, experimentSample, experimentStats, journeys, peopleStats } from '../clickhouse/analysis.js';
import type { ExperimentCounting, ExperimentExposure, ExperimentSample } from '../store.js';
import { attributionChannelSets, attributionMarkovTransitions, attributionPathCounts, attributionRuleCredits } from '../clickhouse/attribution-analysis.js';
import type { AggregateDimension, AggregateWindow, ChannelSetCounts, CreditRule, MarkovTransition, PathCounts, RuleCredits } from '../attribution-aggregates.js';
import { acquiredRevenue, clvSummaries, clvSummaryMembers, cohortCounts, firstPurchasesByDay, rfmScoreCounts } from '../clickhouse/customer-aggregates.js';
import type { CohortCount } from '../../customers/cohorts/cohort-counts.js';
import type { CrmFunnelRow, CustomerProfile, CustomerTransaction, PeopleStats, SegmentQuery } from '../customers.js';
import type { Journey, JourneyQuery } from '../journeys.js';
import { packJourneys, type PackedJourneys } from '../packed-journeys.js';
import { PostgresMetadata, type PostgresConfig } from '../postgres/postgres-metadata.js';
import type { MetadataRepos } from '../kysely/index.js';
import type { AcquiredRevenue, ChannelDay, ClvSummaries, DataRange, ExperimentVariantStats, LinkStatsRow, RfmScoreCounts, Store } from '../store.js';
import type { ResolvedLink, TrackingLink, TrackingLinkPatch, Workspace } from '../../records/workspace.js';
import { linkStats } from '../clickhouse/link-stats-sql.js';

export interface ScaleConfig {
  postgres: PostgresConfig;
  clickhouse: ClickHouseTopology;
}

/**
 * The scale-out store: metadata (workspaces, settings, documents, links, channel
 * rules) in PostgreSQL; events, spend, orders, leads and rates in ClickHouse, on
 * one server or a sharded cluster. Analysis runs in ClickHouse with the
 * workspace's currency and time zone read from PostgreSQL.
 */
export class ScaleStore implements Store {
  readonly capabilities = { embedded: false };

  private readonly repos: MetadataRepos;

  private constructor(readonly meta: PostgresMetadata, readonly events: ClickHouseEventStore) {
    this.repos = meta.repos;
  }

  /** Connects to both engines and brings their schemas up to date. */
  static async open(config: ScaleConfig): Promise<ScaleStore> {
    const store = new ScaleStore(await PostgresMetadata.open(config.postgres), new ClickHouseEventStore(config.clickhouse));
    await store.migrate();
    return store;
  }

  async migrate(): Promise<void> {
    await this.meta.migrate();
    await this.events.migrate();
  }

  async close(): Promise<void> {
    await this.meta.close();
  }

  /** Nothing to rewrite: ClickHouse removes deleted rows when it merges parts, PostgreSQL when it vacuums. */
  async compact(): Promise<boolean> {
    return false;
  }

  private async workspace(workspaceId: string): Promise<Workspace> {
    const ws = await this.repos.workspaces.getWorkspace(workspaceId);
    if (!ws) throw new AppError('not_found', `workspace ${workspaceId} does not exist`);
    // Every analysis reads the workspace first: its queries then count the sales revenue_sources allows (issue 12 #1).
    this.events.rememberRevenueSources(workspaceId, await getRevenueSources(this, workspaceId));
    return ws;
  }

  // ---- metadata (PostgreSQL, through the repositories DuckDB uses too) ----

  getSetting(key: string): Promise<string | undefined> { return this.repos.settings.getSetting(key); }
  setSetting(key: string, value: string): Promise<void> { return this.repos.settings.setSetting(key, value); }
  ensureWorkspace(ws: Workspace): Promise<Workspace> { return this.repos.workspaces.ensureWorkspace(ws); }
  getWorkspace(id: string): Promise<Workspace | undefined> { return this.repos.workspaces.getWorkspace(id); }
  findWorkspaceByWriteKey(key: string): Promise<Workspace | undefined> { return this.repos.workspaces.findWorkspaceByWriteKey(key); }
  updateWorkspace(id: string, patch: Partial<Omit<Workspace, 'id'>>): Promise<void> { return this.repos.workspaces.updateWorkspace(id, patch); }
  getChannelRules(workspaceId: string): Promise<ChannelRule[] | undefined> { return this.repos.settings.getChannelRules(workspaceId); }

  async setChannelRules(workspaceId: string, rules: ChannelRule[], classify: (e: Pick<EventRecord, 'utm' | 'referrer' | 'click_id' | 'properties' | 'url'>) => string): Promise<number> {
    await this.repos.settings.saveChannelRules(workspaceId, rules);
    return this.events.reclassify(workspaceId, classify);
  }

  putDocument(workspaceId: string, collection: string, id: string, body: unknown): Promise<void> { return this.repos.documents.putDocument(workspaceId, collection, id, body); }
  getDocument<T>(workspaceId: string, collection: string, id: string): Promise<T | undefined> { return this.repos.documents.getDocument<T>(workspaceId, collection, id); }
  listDocuments<T>(workspaceId: string, collection: string): Promise<T[]> { return this.repos.documents.listDocuments<T>(workspaceId, collection); }
  deleteDocument(workspaceId: string, collection: string, id: string): Promise<boolean> { return this.repos.documents.deleteDocument(workspaceId, collection, id); }
  createLink(workspaceId: string, link: TrackingLink & { deleted_at?: string }): Promise<boolean> { return this.repos.links.createLink(workspaceId, link); }
  getLink(workspaceId: string, slug: string): Promise<TrackingLink | undefined> { return this.repos.links.getLink(workspaceId, slug); }
  listLinks(workspaceId: string, page?: { after?: string; limit?: number }): Promise<TrackingLink[]> { return this.repos.links.listLinks(workspaceId, page); }
  claimIdempotencyKey(workspaceId: string, claim: IdempotencyClaim): Promise<IdempotencyState> { return this.repos.idempotency.claimIdempotencyKey(workspaceId, claim); }
  settleIdempotencyKey(workspaceId: string, operation: string, key: string, answer: { status: number; body: string } | null): Promise<void> { return this.repos.idempotency.settleIdempotencyKey(workspaceId, operation, key, answer); }
  updateLink(workspaceId: string, slug: string, patch: TrackingLinkPatch): Promise<TrackingLink | undefined> { return this.repos.links.updateLink(workspaceId, slug, patch); }
  deleteLink(workspaceId: string, slug: string): Promise<boolean> { return this.repos.links.deleteLink(workspaceId, slug); }
  resolveLink(slug: string): Promise<ResolvedLink | undefined> { return this.repos.links.resolveLink(slug); }

  // ---- events and money (ClickHouse) ----

  insertEvents(workspaceId: string, events: StoredEvent[]): Promise<number> { return this.events.insertEvents(workspaceId, events); }
  insertEventFiles(paths: string[]): Promise<number> { return this.events.insertEventFiles(paths); }
  listEvents(workspaceId: string, filter: { anonymous_id?: string; user_id?: string; limit?: number }): Promise<StoredEvent[]> { return this.events.listEvents(workspaceId, filter); }
  findClick(workspaceId: string, clickId: string): Promise<StoredEvent | undefined> { return this.events.findClick(workspaceId, clickId); }
  countEvents(workspaceId: string): Promise<number> { return this.events.countEvents(workspaceId); }
  existingEventIds(workspaceId: string, ids: string[]): Promise<string[]> { return this.events.existingEventIds(workspaceId, ids); }
  deleteEvents(workspaceId: string, filter: EventDeletionFilter): Promise<number> { return this.events.deleteEvents(workspaceId, filter); }
  personLinks(workspaceId: string, ids: PersonIds): Promise<PersonLinks> { return this.events.personLinks(workspaceId, ids); }
  erasePerson(workspaceId: string, person: PersonLinks): Promise<PersonErasureCounts> { return this.events.erasePerson(workspaceId, person); }
  replaceSpend(workspaceId: string, rows: SpendRecord[], opts?: SpendReplaceOptions): Promise<SpendReplacement> { return this.events.replaceSpend(workspaceId, rows, opts); }
  upsertOrders(workspaceId: string, rows: OrderRecord[]): Promise<number> { return this.events.upsertOrders(workspaceId, rows); }
  upsertLeads(workspaceId: string, rows: LeadRecord[]): Promise<number> { return this.events.upsertLeads(workspaceId, rows); }
  upsertRates(workspaceId: string, rows: RateRecord[]): Promise<number> { return this.events.upsertRates(workspaceId, rows); }
  listRates(workspaceId: string): Promise<RateRecord[]> { return this.events.listRates(workspaceId); }
  dataRange(workspaceId: string): Promise<DataRange> { return this.events.dataRange(workspaceId); }

  // ---- analysis (ClickHouse SQL) ----

  async kpiFacts(workspaceId: string, query: KpiQuery): Promise<KpiFacts> {
    const ws = await this.workspace(workspaceId);
    return this.events.kpiFacts(workspaceId, ws.currency, query, ws.timezone, await getRevenueSources(this, workspaceId));
  }

  async channelDaily(workspaceId: string, query: { from: string; to: string; lookbackDays: number }): Promise<ChannelDay[]> {
    const ws = await this.workspace(workspaceId);
    return this.events.channelDaily(workspaceId, ws.currency, query, ws.timezone, await getRevenueSources(this, workspaceId));
  }

  async journeys(workspaceId: string, query: JourneyQuery): Promise<Journey[]> {
    const ws = await this.workspace(workspaceId);
    return journeys(this.events, workspaceId, ws.currency, ws.timezone, query);
  }

  /** Journeys are read whole here (attribution pushes its aggregates down instead), then packed. */
  async packedJourneys(workspaceId: string, query: JourneyQuery): Promise<PackedJourneys> {
    return packJourneys(await this.journeys(workspaceId, query));
  }

  async attributionRuleCredits(workspaceId: string, query: AggregateWindow & { by: AggregateDimension; rule: CreditRule }): Promise<RuleCredits> {
    const ws = await this.workspace(workspaceId);
    return attributionRuleCredits(this.events, workspaceId, ws.currency, ws.timezone, query);
  }

  async attributionPathCounts(workspaceId: string, query: AggregateWindow & { includeNonConverting: boolean }): Promise<PathCounts> {
    const ws = await this.workspace(workspaceId);
    return attributionPathCounts(this.events, workspaceId, ws.currency, ws.timezone, query);
  }

  async attributionChannelSets(workspaceId: string, query: AggregateWindow & { by: AggregateDimension }): Promise<ChannelSetCounts> {
    const ws = await this.workspace(workspaceId);
    return attributionChannelSets(this.events, workspaceId, ws.currency, ws.timezone, query);
  }

  async attributionMarkovTransitions(workspaceId: string, query: AggregateWindow & { order: number }): Promise<MarkovTransition[]> {
    const ws = await this.workspace(workspaceId);
    return attributionMarkovTransitions(this.events, workspaceId, ws.currency, ws.timezone, query);
  }

  async linkStats(workspaceId: string, query: { from: string; to: string; lookbackDays: number }): Promise<LinkStatsRow[]> {
    const ws = await this.workspace(workspaceId);
    return linkStats(this.events, workspaceId, ws.currency, ws.timezone, query);
  }

  async experimentStats(workspaceId: string, query: { experiment: string; from?: string; to?: string; counting?: ExperimentCounting }): Promise<ExperimentVariantStats[]> {
    const ws = await this.workspace(workspaceId);
    return experimentStats(this.events, workspaceId, ws.currency, ws.timezone, query);
  }

  async experimentSample(workspaceId: string, query: { experiment: string; from?: string; to?: string }): Promise<ExperimentSample> {
    const ws = await this.workspace(workspaceId);
    return experimentSample(this.events, workspaceId, ws.currency, ws.timezone, query);
  }

  async experimentExposures(workspaceId: string, query: { experiment: string; from?: string; to?: string; limit: number; signed_only?: boolean }): Promise<ExperimentExposure[]> {
    const ws = await this.workspace(workspaceId);
    return experimentExposures(this.events, workspaceId, ws.currency, ws.timezone, query);
  }

  async customerTransactions(workspaceId: string, query: { to?: string }): Promise<CustomerTransaction[]> {
    const ws = await this.workspace(workspaceId);
    return customerTransactions(this.events, workspaceId, ws.currency, ws.timezone, query);
  }

  async customerProfiles(workspaceId: string, query: { ids?: string[]; segment?: SegmentQuery; limit?: number }): Promise<CustomerProfile[]> {
    const ws = await this.workspace(workspaceId);
    return customerProfiles(this.events, workspaceId, ws.currency, ws.timezone, query);
  }

  async peopleStats(workspaceId: string, query: { segment?: SegmentQuery }): Promise<PeopleStats> {
    const ws = await this.workspace(workspaceId);
    return peopleStats(this.events, workspaceId, ws.currency, ws.timezone, query);
  }

  async crmFunnel(workspaceId: string, query: { from: string; to: string; by: 'channel' | 'campaign' | null; lookbackDays?: number }): Promise<CrmFunnelRow[]> {
    const ws = await this.workspace(workspaceId);
    return crmFunnel(this.events, workspaceId, ws.currency, ws.timezone, query);
  }

  async rfmScoreCounts(workspaceId: string, query: { asOf?: string; compareDays: number }): Promise<RfmScoreCounts> {
    const ws = await this.workspace(workspaceId);
    return rfmScoreCounts(this.events, workspaceId, ws.currency, ws.timezone, query);
  }

  async cohortCounts(workspaceId: string, query: { period: 'week' | 'month'; by: 'channel' | 'campaign' | null }): Promise<CohortCount[]> {
    const ws = await this.workspace(workspaceId);
    return cohortCounts(this.events, workspaceId, ws.currency, ws.timezone, query);
  }

  async clvSummaries(workspaceId: string, query: { calibrationEnd?: string }): Promise<ClvSummaries> {
    const ws = await this.workspace(workspaceId);
    return clvSummaries(this.events, workspaceId, ws.currency, ws.timezone, query);
  }

  async clvSummaryMembers(workspaceId: string, query: { calibrationEnd: string; keys?: string[]; limit: number }): Promise<{ key: string; customer_id: string }[]> {
    const ws = await this.workspace(workspaceId);
    return clvSummaryMembers(this.events, workspaceId, ws.currency, ws.timezone, query);
  }

  async acquiredRevenue(workspaceId: string, query: { from: string; to: string; periodDays: number }): Promise<AcquiredRevenue[]> {
    const ws = await this.workspace(workspaceId);
    return acquiredRevenue(this.events, workspaceId, ws.currency, ws.timezone, query);
  }

  async firstPurchasesByDay(workspaceId: string, query: { to: string }): Promise<Map<string, number>> {
    const ws = await this.workspace(workspaceId);
    return firstPurchasesByDay(this.events, workspaceId, ws.currency, ws.timezone, query);
  }
}
