import { getRevenueSources } from '../revenue-settings.js';
import { idempotencyRepoMethods, type IdempotencyRepo } from '../ports/keys-and-idempotency.js';
import { keyRepoMethods, type KeyRepo } from '../ports/keys-and-idempotency.js';
import { personRepoMethods, personSessionRepoMethods, type PersonRepo, type PersonSessionRepo } from '../ports/person-repo.js';
import { auditRepoMethods, shareLinkRepoMethods, type AuditRepo, type ShareLinkRepo } from '../ports/audit-and-share-links.js';
import { documentRepoMethods, type DocumentRepo } from '../ports/document-repo.js';
import { eventLogMethods, type EventLog } from '../ports/event-log.js';
import type { FactQueries } from '../ports/fact-queries.js';
import { linkRepoMethods, type LinkRepo } from '../ports/link-repo.js';
import { ledgerRepoMethods, partnerRepoMethods, type LedgerRepo, type PartnerRepo } from '../ports/partner-ledger.js';
import { dropClickHouseWorkspace, exportLeads, exportOrders, exportSpend } from '../clickhouse/transfer/workspace-export.js';
import { auditPagesOf, membersOf, settingOfWorkspace, type StoreSnapshot } from '../snapshot/store-snapshot.js';
import { partnerSnapshotOf } from '../snapshot/partner-copies.js';
import { delegatePort } from '../ports/port-methods.js';
import type { SettingsRepo } from '../ports/settings-repo.js';
import { spendAndImportsMethods, type SpendAndImports } from '../ports/spend-and-imports.js';
import { workspaceRepoMethods, type WorkspaceRepo } from '../ports/workspace-repo.js';
import type { ChannelRule } from '../../records/channel-rule.js';
import type { EventRecord } from '../../records/events.js';
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
import type { AcquiredRevenue, ChannelDay, ClvSummaries, ExperimentVariantStats, LinkStatsRow, RfmScoreCounts, Store } from '../store.js';
import type { Workspace } from '../../records/workspace.js';
import { clickHousePartnerFacts, linkStats } from '../clickhouse/link-stats-sql.js';
import { partnerFactsPage, type PartnerFactsPage, type PartnerFactsQuery } from '../partner-facts.js';
import { localRange } from '../../metrics/time-zone.js';

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
/** The ports, whole or in part, that `ScaleStore` hands to the metadata repositories and the ClickHouse event store (`delegatePort` in its static block). */
export interface ScaleStore
  extends WorkspaceRepo, DocumentRepo, LinkRepo, IdempotencyRepo, KeyRepo, PersonRepo, PersonSessionRepo, AuditRepo, ShareLinkRepo, PartnerRepo, LedgerRepo, Pick<SettingsRepo, 'getSetting' | 'setSetting' | 'getChannelRules' | 'upsertRates' | 'listRates'>,
    EventLog, SpendAndImports, Pick<FactQueries, 'dataRange'> {}

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

  /** The KPI rollups in the workspace's time zone (attribution pushes its aggregates down: no journey rollups here). */
  async refreshRollups(workspaceId: string): Promise<void> {
    const ws = await this.workspace(workspaceId);
    await this.events.rollups.ensureFresh(workspaceId, ws.timezone);
  }

  /** Deletes a workspace and all it holds in both engines (`roilens restore --replace`); its KPI rollups rebuild from nothing. */
  async dropWorkspace(workspaceId: string): Promise<void> {
    await dropClickHouseWorkspace(this.events.erasureTarget(), workspaceId);
    await this.events.rollups.dropAll(workspaceId);
    await this.events.rollups.mark(workspaceId);
    await this.repos.workspaces.dropWorkspaceMetadata(workspaceId, (key) => settingOfWorkspace(key, workspaceId));
  }

  /** The store's contents as records, for `roilens backup` (events paged through `listEvents`). */
  async exporter(): Promise<StoreSnapshot & { close(): void }> {
    const meta = this.repos.export;
    const ch = this.events.erasureTarget();
    const listEvents = (ws: string, after?: { ts: string; id: string }) => this.listEvents(ws, { limit: 10_000, ...(after ? { after } : {}) });
    return {
      workspaces: () => meta.workspaces(), settings: () => meta.settings(), documents: (ws) => meta.documents(ws), links: (ws) => meta.links(ws), apiKeys: (ws) => meta.apiKeys(ws), members: (ws) => membersOf(this, ws), audit: (ws) => auditPagesOf(this, ws),
      channelRules: (ws) => this.getChannelRules(ws), rates: (ws) => this.listRates(ws), ...partnerSnapshotOf(this),
      spend: (ws) => exportSpend(ch, ws), orders: (ws) => exportOrders(ch, ws), leads: (ws) => exportLeads(ch, ws),
      events: async function* (ws) {
        for (let page = await listEvents(ws); page.length; page = await listEvents(ws, { ts: page[page.length - 1].ts, id: page[page.length - 1].id })) yield page;
      },
      close: () => undefined,
    };
  }

  private async workspace(workspaceId: string): Promise<Workspace> {
    const ws = await this.repos.workspaces.getWorkspace(workspaceId);
    if (!ws) throw new AppError('not_found', `workspace ${workspaceId} does not exist`);
    // Every analysis reads the workspace first: its queries then count the sales revenue_sources allows (issue 12 #1).
    this.events.rememberRevenueSources(workspaceId, await getRevenueSources(this, workspaceId));
    return ws;
  }

  // ---- metadata (PostgreSQL, through the repositories DuckDB uses too) ----

  async setChannelRules(workspaceId: string, rules: ChannelRule[], classify: (e: Pick<EventRecord, 'utm' | 'referrer' | 'click_id' | 'properties' | 'url'>) => string): Promise<number> {
    await this.repos.settings.saveChannelRules(workspaceId, rules);
    return this.events.reclassify(workspaceId, classify);
  }

  static {
    delegatePort(ScaleStore, workspaceRepoMethods, (s) => s.repos.workspaces);
    delegatePort(ScaleStore, documentRepoMethods, (s) => s.repos.documents);
    delegatePort(ScaleStore, linkRepoMethods, (s) => s.repos.links);
    delegatePort(ScaleStore, idempotencyRepoMethods, (s) => s.repos.idempotency);
    delegatePort(ScaleStore, keyRepoMethods, (s) => s.repos.keys);
    delegatePort(ScaleStore, personRepoMethods, (s) => s.repos.people);
    delegatePort(ScaleStore, personSessionRepoMethods, (s) => s.repos.personSessions);
    delegatePort(ScaleStore, auditRepoMethods, (s) => s.repos.audit);
    delegatePort(ScaleStore, shareLinkRepoMethods, (s) => s.repos.shareLinks);
    delegatePort(ScaleStore, partnerRepoMethods, (s) => s.meta.partners);
    delegatePort(ScaleStore, ledgerRepoMethods, (s) => s.meta.ledger);
    delegatePort(ScaleStore, ['getSetting', 'setSetting', 'getChannelRules'], (s) => s.repos.settings);
    // ---- events and money (ClickHouse) ----
    delegatePort(ScaleStore, eventLogMethods, (s) => s.events);
    delegatePort(ScaleStore, spendAndImportsMethods, (s) => s.events);
    delegatePort(ScaleStore, ['upsertRates', 'listRates', 'dataRange'], (s) => s.events);
  }

  // ---- analysis (ClickHouse SQL) ----

  async kpiFacts(workspaceId: string, query: KpiQuery): Promise<KpiFacts> {
    const ws = await this.workspace(workspaceId);
    return this.events.kpiFacts(workspaceId, ws.currency, query, ws.timezone, await getRevenueSources(this, workspaceId));
  }

  /** The KPI facts by the full query over the events (the rollups' reference: tests, benches). */
  async kpiFactsFromEvents(workspaceId: string, query: KpiQuery): Promise<KpiFacts> {
    const ws = await this.workspace(workspaceId);
    return this.events.kpiFactsFromEvents(workspaceId, ws.currency, query, ws.timezone, await getRevenueSources(this, workspaceId));
  }

  /** How many KPI reads found the rollups fresh or rebuilt them (tests, benches). */
  rollupRefreshes(): Readonly<Record<'fresh' | 'rebuilt', number>> {
    return { ...this.events.rollups.counts };
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

  async partnerFacts(workspaceId: string, query: PartnerFactsQuery): Promise<PartnerFactsPage> {
    const ws = await this.workspace(workspaceId);
    const { start, end } = localRange(query.from, query.to, ws.timezone);
    return partnerFactsPage(clickHousePartnerFacts(this.events, workspaceId, ws.currency, ws.timezone), { fromMs: start, toMs: end }, query);
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
