import { Kysely } from 'kysely';
import type { EventRecord, LeadRecord, OrderRecord, RateRecord, SpendRecord, StoredEvent } from '../../records/events.js';
import type { ChannelRule } from '../../records/channel-rule.js';
import type { ResolvedLink, TrackingLink, TrackingLinkPatch, Workspace } from '../../records/workspace.js';
import type { KpiFacts, KpiQuery } from '../../metrics/kpi-query.js';
import type { CrmFunnelRow, CustomerProfile, CustomerTransaction, PeopleStats, SegmentQuery } from '../customers.js';
import type { EventDeletionFilter } from '../event-deletion.js';
import type { Journey, JourneyQuery } from '../journeys.js';
import { DuckDbDialect, metadataRepos, type MetadataRepos, type MetadataTables } from '../kysely/index.js';
import type { PackedJourneys } from '../packed-journeys.js';
import type { PersonErasureCounts, PersonIds, PersonLinks } from '../person-erasure.js';
import type { Aggregates, RfmScoreCounts } from '../ports/aggregates.js';
import { acquiredRevenueFrom, clvSummariesFrom, clvSummaryMembersFrom, cohortCountsFrom } from './aggregates/customer-aggregates.js';
import { channelSetsFrom, markovTransitionsFrom, pathCountsFrom, ruleCreditsFrom } from './aggregates/journey-aggregates.js';
import type { SpendReplaceOptions, SpendReplacement } from '../spend-ranges.js';
import type { ChannelDay, DataRange, ExperimentCounting, ExperimentExposure, ExperimentSample, ExperimentVariantStats, IdempotencyClaim, IdempotencyState, LinkStatsRow, Store } from '../store.js';
import { DuckDbAnalysis } from './duckdb-analysis.js';
import { DuckDbDatabase } from './duckdb-database.js';
import { DuckDbEvents } from './duckdb-events.js';
import { DuckDbExport } from './duckdb-export.js';
import { DuckDbRollups } from './rollups/duckdb-rollups.js';

/** The query argument of an aggregate. */
type AggregateQuery<K extends keyof Aggregates> = Parameters<Aggregates[K]>[1];

/**
 * The embedded store: one DuckDB file, zero setup. Metadata goes through the Kysely
 * repositories PostgreSQL uses too (`../kysely`); events and money rows through
 * `DuckDbEvents`; analyses through `DuckDbAnalysis`; all on one `DuckDbDatabase`.
 */
export class DuckDbStore implements Store {
  readonly capabilities = { embedded: true };
  private readonly meta: MetadataRepos;
  private readonly events: DuckDbEvents;
  private readonly analysis: DuckDbAnalysis;
  private readonly rollups: DuckDbRollups;

  private constructor(private readonly db: DuckDbDatabase) {
    this.meta = metadataRepos(new Kysely<MetadataTables>({ dialect: new DuckDbDialect(db.runner) }));
    const rollups = (this.rollups = new DuckDbRollups(db));
    this.events = new DuckDbEvents(db, rollups);
    this.analysis = new DuckDbAnalysis(db, this, rollups);
  }

  /** Opens (creating when missing) the database file; `:memory:` for tests. */
  static async open(path: string, opts: { memoryLimit?: string } = {}): Promise<DuckDbStore> {
    return new DuckDbStore(await DuckDbDatabase.open(path, opts));
  }

  migrate(): Promise<void> { return this.db.migrate(); }
  close(): Promise<void> { return this.db.close(); }

  /** Rewrites the file so deleted rows leave no bytes behind (see `DuckDbDatabase.compact`); false in memory. */
  compact(): Promise<boolean> { return this.db.compact(); }

  /** Reads whole tables back out, for `roilens migrate` (an embedded-store capability). */
  async exporter(): Promise<DuckDbExport> {
    return new DuckDbExport(await this.db.connect(), this.meta.export);
  }

  // ---- metadata (one set of Kysely queries with PostgreSQL: ../kysely) ----

  getSetting(key: string): Promise<string | undefined> { return this.meta.settings.getSetting(key); }
  setSetting(key: string, value: string): Promise<void> { return this.meta.settings.setSetting(key, value); }
  ensureWorkspace(ws: Workspace): Promise<Workspace> { return this.meta.workspaces.ensureWorkspace(ws); }
  getWorkspace(id: string): Promise<Workspace | undefined> { return this.meta.workspaces.getWorkspace(id); }
  findWorkspaceByWriteKey(key: string): Promise<Workspace | undefined> { return this.meta.workspaces.findWorkspaceByWriteKey(key); }
  updateWorkspace(id: string, patch: Partial<Omit<Workspace, 'id'>>): Promise<void> { return this.meta.workspaces.updateWorkspace(id, patch); }
  getChannelRules(workspaceId: string): Promise<ChannelRule[] | undefined> { return this.meta.settings.getChannelRules(workspaceId); }

  /** Saves the rules, then re-derives the stored events' channels (as the scale store does). */
  async setChannelRules(workspaceId: string, rules: ChannelRule[], classify: (e: Pick<EventRecord, 'utm' | 'referrer' | 'click_id' | 'properties' | 'url'>) => string): Promise<number> {
    await this.meta.settings.saveChannelRules(workspaceId, rules);
    return this.events.reclassify(workspaceId, classify);
  }

  putDocument(workspaceId: string, collection: string, id: string, body: unknown): Promise<void> { return this.meta.documents.putDocument(workspaceId, collection, id, body); }
  getDocument<T>(workspaceId: string, collection: string, id: string): Promise<T | undefined> { return this.meta.documents.getDocument<T>(workspaceId, collection, id); }
  listDocuments<T>(workspaceId: string, collection: string): Promise<T[]> { return this.meta.documents.listDocuments<T>(workspaceId, collection); }
  deleteDocument(workspaceId: string, collection: string, id: string): Promise<boolean> { return this.meta.documents.deleteDocument(workspaceId, collection, id); }
  createLink(workspaceId: string, link: TrackingLink & { deleted_at?: string }): Promise<boolean> { return this.meta.links.createLink(workspaceId, link); }
  getLink(workspaceId: string, slug: string): Promise<TrackingLink | undefined> { return this.meta.links.getLink(workspaceId, slug); }
  listLinks(workspaceId: string, page?: { after?: string; limit?: number }): Promise<TrackingLink[]> { return this.meta.links.listLinks(workspaceId, page); }
  claimIdempotencyKey(workspaceId: string, claim: IdempotencyClaim): Promise<IdempotencyState> { return this.meta.idempotency.claimIdempotencyKey(workspaceId, claim); }
  settleIdempotencyKey(workspaceId: string, operation: string, key: string, answer: { status: number; body: string } | null): Promise<void> { return this.meta.idempotency.settleIdempotencyKey(workspaceId, operation, key, answer); }
  updateLink(workspaceId: string, slug: string, patch: TrackingLinkPatch): Promise<TrackingLink | undefined> { return this.meta.links.updateLink(workspaceId, slug, patch); }
  deleteLink(workspaceId: string, slug: string): Promise<boolean> { return this.meta.links.deleteLink(workspaceId, slug); }
  resolveLink(slug: string): Promise<ResolvedLink | undefined> { return this.meta.links.resolveLink(slug); }

  // ---- events and money rows ----

  insertEvents(workspaceId: string, events: StoredEvent[]): Promise<number> { return this.events.insertEvents(workspaceId, events); }
  insertEventFiles(paths: string[]): Promise<number> { return this.events.insertEventFiles(paths); }
  listEvents(workspaceId: string, filter: { anonymous_id?: string; user_id?: string; limit?: number }): Promise<StoredEvent[]> { return this.events.listEvents(workspaceId, filter); }
  findClick(workspaceId: string, clickId: string): Promise<StoredEvent | undefined> { return this.events.findClick(workspaceId, clickId); }
  existingEventIds(workspaceId: string, ids: string[]): Promise<string[]> { return this.events.existingEventIds(workspaceId, ids); }
  countEvents(workspaceId: string): Promise<number> { return this.events.countEvents(workspaceId); }
  deleteEvents(workspaceId: string, filter: EventDeletionFilter): Promise<number> { return this.events.deleteEvents(workspaceId, filter); }
  personLinks(workspaceId: string, ids: PersonIds): Promise<PersonLinks> { return this.events.personLinks(workspaceId, ids); }
  erasePerson(workspaceId: string, person: PersonLinks): Promise<PersonErasureCounts> { return this.events.erasePerson(workspaceId, person); }
  replaceSpend(workspaceId: string, rows: SpendRecord[], opts?: SpendReplaceOptions): Promise<SpendReplacement> { return this.events.replaceSpend(workspaceId, rows, opts); }
  upsertOrders(workspaceId: string, rows: OrderRecord[]): Promise<number> { return this.events.upsertOrders(workspaceId, rows); }
  upsertLeads(workspaceId: string, rows: LeadRecord[]): Promise<number> { return this.events.upsertLeads(workspaceId, rows); }
  upsertRates(workspaceId: string, rows: RateRecord[]): Promise<number> { return this.events.upsertRates(workspaceId, rows); }
  listRates(workspaceId: string): Promise<RateRecord[]> { return this.events.listRates(workspaceId); }
  dataRange(workspaceId: string): Promise<DataRange> { return this.events.dataRange(workspaceId); }

  // ---- analysis (DuckDB SQL) ----

  kpiFacts(workspaceId: string, query: KpiQuery): Promise<KpiFacts> { return this.analysis.kpiFacts(workspaceId, query); }
  /** How many KPI reads found the rollups fresh, refreshed or rebuilt them. */
  rollupRefreshes(): Readonly<Record<'fresh' | 'refreshed' | 'rebuilt', number>> { return { ...this.rollups.counts }; }
  /** The KPI facts computed from the raw events, not the rollups: the reference they are held to (issue 14). */
  kpiFactsFromEvents(workspaceId: string, query: KpiQuery): Promise<KpiFacts> { return this.analysis.kpiFacts(workspaceId, query, true); }
  channelDaily(workspaceId: string, query: { from: string; to: string; lookbackDays: number }): Promise<ChannelDay[]> { return this.analysis.channelDaily(workspaceId, query); }
  journeys(workspaceId: string, query: JourneyQuery): Promise<Journey[]> { return this.analysis.journeys(workspaceId, query); }
  packedJourneys(workspaceId: string, query: JourneyQuery): Promise<PackedJourneys> { return this.analysis.packedJourneys(workspaceId, query); }
  linkStats(workspaceId: string, query: { from: string; to: string; lookbackDays: number }): Promise<LinkStatsRow[]> { return this.analysis.linkStats(workspaceId, query); }
  experimentStats(workspaceId: string, query: { experiment: string; from?: string; to?: string; counting?: ExperimentCounting }): Promise<ExperimentVariantStats[]> { return this.analysis.experimentStats(workspaceId, query); }
  experimentSample(workspaceId: string, query: { experiment: string; from?: string; to?: string }): Promise<ExperimentSample> { return this.analysis.experimentSample(workspaceId, query); }
  experimentExposures(workspaceId: string, query: { experiment: string; from?: string; to?: string; limit: number; signed_only?: boolean }): Promise<ExperimentExposure[]> { return this.analysis.experimentExposures(workspaceId, query); }

  // ---- customers and aggregates ----

  customerTransactions(workspaceId: string, query: { to?: string }): Promise<CustomerTransaction[]> { return this.analysis.customerTransactions(workspaceId, query); }
  customerProfiles(workspaceId: string, query: { ids?: string[]; segment?: SegmentQuery; limit?: number }): Promise<CustomerProfile[]> { return this.analysis.customerProfiles(workspaceId, query); }
  peopleStats(workspaceId: string, query: { segment?: SegmentQuery }): Promise<PeopleStats> { return this.analysis.peopleStats(workspaceId, query); }
  crmFunnel(workspaceId: string, query: { from: string; to: string; by: 'channel' | 'campaign' | null; lookbackDays?: number }): Promise<CrmFunnelRow[]> { return this.analysis.crmFunnel(workspaceId, query); }
  rfmScoreCounts(workspaceId: string, query: { asOf?: string; compareDays: number }): Promise<RfmScoreCounts> { return this.analysis.rfmScoreCounts(workspaceId, query); }
  firstPurchasesByDay(workspaceId: string, query: { to: string }): Promise<Map<string, number>> { return this.analysis.firstPurchasesByDay(workspaceId, query); }

  // ---- aggregates computed in Node from the store's own reads (aggregates/) ----

  cohortCounts(workspaceId: string, query: AggregateQuery<'cohortCounts'>) { return cohortCountsFrom(this, workspaceId, query); }
  clvSummaries(workspaceId: string, query: AggregateQuery<'clvSummaries'>) { return clvSummariesFrom(this, workspaceId, query); }
  clvSummaryMembers(workspaceId: string, query: AggregateQuery<'clvSummaryMembers'>) { return clvSummaryMembersFrom(this, workspaceId, query); }
  acquiredRevenue(workspaceId: string, query: AggregateQuery<'acquiredRevenue'>) { return acquiredRevenueFrom(this, workspaceId, query); }
  attributionRuleCredits(workspaceId: string, query: AggregateQuery<'attributionRuleCredits'>) { return ruleCreditsFrom(this, workspaceId, query); }
  attributionPathCounts(workspaceId: string, query: AggregateQuery<'attributionPathCounts'>) { return pathCountsFrom(this, workspaceId, query); }
  attributionChannelSets(workspaceId: string, query: AggregateQuery<'attributionChannelSets'>) { return channelSetsFrom(this, workspaceId, query); }
  attributionMarkovTransitions(workspaceId: string, query: AggregateQuery<'attributionMarkovTransitions'>) { return markovTransitionsFrom(this, workspaceId, query); }
}
