import { Kysely } from 'kysely';
import type { EventRecord } from '../../records/events.js';
import type { ChannelRule } from '../../records/channel-rule.js';
import { DuckDbDialect, metadataRepos, type MetadataRepos, type MetadataTables } from '../kysely/index.js';
import type { KpiFacts, KpiQuery } from '../../metrics/kpi-query.js';
import type { CustomerProfile, CustomerTransaction } from '../customers.js';
import type { Aggregates } from '../ports/aggregates.js';
import { customerFactsMethods, type CustomerFacts } from '../ports/customer-facts.js';
import { documentRepoMethods, type DocumentRepo } from '../ports/document-repo.js';
import { eventLogMethods, type EventLog } from '../ports/event-log.js';
import type { FactQueries } from '../ports/fact-queries.js';
import { idempotencyRepoMethods, type IdempotencyRepo } from '../ports/keys-and-idempotency.js';
import { keyRepoMethods, type KeyRepo } from '../ports/keys-and-idempotency.js';
import { personRepoMethods, personSessionRepoMethods, type PersonRepo, type PersonSessionRepo } from '../ports/person-repo.js';
import { auditRepoMethods, shareLinkRepoMethods, type AuditRepo, type ShareLinkRepo } from '../ports/audit-and-share-links.js';
import { linkRepoMethods, type LinkRepo } from '../ports/link-repo.js';
import { ledgerRepoMethods, partnerRepoMethods, type LedgerRepo, type PartnerRepo } from '../ports/partner-ledger.js';
import { KyselyLedgerRepo } from '../kysely/partners/ledger-repo.js';
import { KyselyPartnerRepo } from '../kysely/partners/partner-repo.js';
import { delegatePort } from '../ports/port-methods.js';
import type { SettingsRepo } from '../ports/settings-repo.js';
import { spendAndImportsMethods, type SpendAndImports } from '../ports/spend-and-imports.js';
import { workspaceRepoMethods, type WorkspaceRepo } from '../ports/workspace-repo.js';
import { acquiredRevenueFrom, clvSummariesFrom, clvSummaryMembersFrom, cohortCountsFrom } from './aggregates/customer-aggregates.js';
import { DuckDbJourneyRollups } from './journey-rollups/duckdb-journey-rollups.js';
import {
  channelSetsFromRollups, markovTransitionsFromRollups, pathCountsFromRollups, ruleCreditsFromRollups, type JourneyRollupSource,
} from './journey-rollups/journey-rollup-reads.js';
import type { ExperimentSample, ExperimentVariantStats, LinkStatsRow, Store } from '../store.js';
import { dataVersion } from '../data-version.js';
import { DuckDbAnalysis } from './duckdb-analysis.js';
import { DuckDbDatabase } from './duckdb-database.js';
import { DuckDbEvents } from './duckdb-events.js';
import { DuckDbExport, dropDuckDbWorkspace } from './duckdb-export.js';
import { DuckDbRollups } from './rollups/duckdb-rollups.js';
import { AppError } from '../../shared/errors.js';

/** The query argument of an aggregate. */
type AggregateQuery<K extends keyof Aggregates> = Parameters<Aggregates[K]>[1];

/** The ports, whole or in part, that `DuckDbStore` hands to its parts (`delegatePort` in its static block). */
export interface DuckDbStore
  extends WorkspaceRepo, DocumentRepo, LinkRepo, IdempotencyRepo, KeyRepo, PersonRepo, PersonSessionRepo, AuditRepo, ShareLinkRepo, PartnerRepo, LedgerRepo, Pick<SettingsRepo, 'getSetting' | 'setSetting' | 'getChannelRules' | 'upsertRates' | 'listRates'>,
    EventLog, SpendAndImports, FactQueries, CustomerFacts, Pick<Aggregates, 'rfmScoreCounts' | 'firstPurchasesByDay'> {}

/**
 * The embedded store: one DuckDB file, zero setup. Metadata goes through the Kysely
 * repositories PostgreSQL uses too (`../kysely`); events and money rows through
 * `DuckDbEvents`; analyses through `DuckDbAnalysis`; all on one `DuckDbDatabase`.
 */
export class DuckDbStore implements Store {
  readonly capabilities = { embedded: true };
  private readonly meta: MetadataRepos;
  private readonly partners: KyselyPartnerRepo;
  private readonly ledger: KyselyLedgerRepo;
  private readonly events: DuckDbEvents;
  private readonly analysis: DuckDbAnalysis;
  private readonly rollups: DuckDbRollups;
  private readonly journeyRollups: JourneyRollupSource;

  private constructor(private readonly db: DuckDbDatabase, rebuildChunkEvents?: number) {
    const kysely = new Kysely<MetadataTables>({ dialect: new DuckDbDialect(db.runner) });
    this.meta = metadataRepos(kysely);
    this.partners = new KyselyPartnerRepo(kysely);
    this.ledger = new KyselyLedgerRepo(kysely);
    const rollups = (this.rollups = new DuckDbRollups(db, rebuildChunkEvents));
    const journeys = new DuckDbJourneyRollups(db);
    this.journeyRollups = { db, rollups: journeys, workspace: (id) => this.getWorkspace(id), version: (id) => dataVersion(this, id) };
    this.events = new DuckDbEvents(db, rollups, { journeys });
    this.analysis = new DuckDbAnalysis(db, this, rollups);
  }

  /** Opens (creating when missing) the database file; `:memory:` for tests. */
  static async open(path: string, opts: { memoryLimit?: string; rebuildChunkEvents?: number } = {}): Promise<DuckDbStore> {
    return new DuckDbStore(await DuckDbDatabase.open(path, { memoryLimit: opts.memoryLimit }), opts.rebuildChunkEvents);
  }

  migrate(): Promise<void> { return this.db.migrate(); }
  async close(): Promise<void> {
    await this.rollups.close();
    await this.db.close();
  }

  /** The KPI rollups in the workspace's time zone, then the journey rollups (each a no-op when fresh). */
  async refreshRollups(workspaceId: string): Promise<void> {
    const ws = await this.getWorkspace(workspaceId);
    if (!ws) throw new AppError('not_found', `workspace ${workspaceId} does not exist`);
    await this.rollups.ensureFresh(workspaceId, ws.timezone);
    await this.journeyRollups.rollups.ensureFresh(workspaceId);
  }

  /** Rewrites the file so deleted rows leave no bytes behind (see `DuckDbDatabase.compact`); false in memory. */
  compact(): Promise<boolean> { return this.db.compact(); }

  /** Deletes a workspace and all it holds (`roilens restore --replace`; see `duckdb-export.ts`). */
  dropWorkspace(workspaceId: string): Promise<void> { return dropDuckDbWorkspace(this.db, workspaceId); }

  /** Reads whole tables back out, for `roilens migrate` and `roilens backup` (an embedded-store capability). */
  async exporter(): Promise<DuckDbExport> {
    return new DuckDbExport(await this.db.connect(), this.meta.export, this);
  }

  // ---- metadata (one set of Kysely queries with PostgreSQL: ../kysely), events and money rows, analyses: delegated below ----

  /** Saves the rules, then re-derives the stored events' channels (as the scale store does). */
  async setChannelRules(workspaceId: string, rules: ChannelRule[], classify: (e: Pick<EventRecord, 'utm' | 'referrer' | 'click_id' | 'properties' | 'url'>) => string): Promise<number> {
    await this.meta.settings.saveChannelRules(workspaceId, rules);
    return this.events.reclassify(workspaceId, classify);
  }

  /** How many KPI reads found the rollups fresh, refreshed or rebuilt them. */
  rollupRefreshes(): Readonly<Record<'fresh' | 'refreshed' | 'rebuilt', number>> { return { ...this.rollups.counts }; }
  /** What the KPI rollups' delta refreshes derived from their batches and what they read back from the events. */
  rollupPaths(): Readonly<DuckDbRollups['paths']> { return { ...this.rollups.paths }; }
  /** How many attribution reads found the journey rollups fresh, refreshed or rebuilt them. */
  journeyRollupRefreshes(): Readonly<Record<'fresh' | 'refreshed' | 'rebuilt', number>> { return { ...this.journeyRollups.rollups.counts }; }
  /** The KPI facts computed from the raw events, not the rollups: the reference they are held to (issue 14). */
  kpiFactsFromEvents(workspaceId: string, query: KpiQuery): Promise<KpiFacts> { return this.analysis.kpiFacts(workspaceId, query, true); }
  /** The sales up to `to` stitched from the raw events, not read from the rollups: the reference they are held to. */
  customerTransactionsFromEvents(workspaceId: string, query: { to?: string }): Promise<CustomerTransaction[]> { return this.analysis.customerTransactions(workspaceId, query, true); }
  /** Clicks and credited sales per link from the raw events, not the rollups: the reference they are held to (issue 14). */
  linkStatsFromEvents(workspaceId: string, query: { from: string; to: string; lookbackDays: number }): Promise<LinkStatsRow[]> { return this.analysis.linkStats(workspaceId, query, true); }
  /** The profiles of the people `ids` read from the events alone: the reference the profile by id from the rollups is held to. */
  customerProfilesFromEvents(workspaceId: string, ids: string[]): Promise<CustomerProfile[]> { return this.analysis.customerProfiles(workspaceId, { ids }, true); }

  /** The experiment's per variant outcomes and sample from the raw events, not the rollups: the reference they are held to. */
  experimentStatsFromEvents(workspaceId: string, query: Parameters<DuckDbAnalysis['experimentStats']>[1]): Promise<ExperimentVariantStats[]> { return this.analysis.experimentStats(workspaceId, query, true); }
  experimentSampleFromEvents(workspaceId: string, query: Parameters<DuckDbAnalysis['experimentSample']>[1]): Promise<ExperimentSample> { return this.analysis.experimentSample(workspaceId, query, true); }

  static {
    delegatePort(DuckDbStore, workspaceRepoMethods, (s) => s.meta.workspaces);
    delegatePort(DuckDbStore, documentRepoMethods, (s) => s.meta.documents);
    delegatePort(DuckDbStore, linkRepoMethods, (s) => s.meta.links);
    delegatePort(DuckDbStore, idempotencyRepoMethods, (s) => s.meta.idempotency);
    delegatePort(DuckDbStore, keyRepoMethods, (s) => s.meta.keys);
    delegatePort(DuckDbStore, personRepoMethods, (s) => s.meta.people);
    delegatePort(DuckDbStore, personSessionRepoMethods, (s) => s.meta.personSessions);
    delegatePort(DuckDbStore, auditRepoMethods, (s) => s.meta.audit);
    delegatePort(DuckDbStore, shareLinkRepoMethods, (s) => s.meta.shareLinks);
    delegatePort(DuckDbStore, partnerRepoMethods, (s) => s.partners);
    delegatePort(DuckDbStore, ledgerRepoMethods, (s) => s.ledger);
    delegatePort(DuckDbStore, ['getSetting', 'setSetting', 'getChannelRules'], (s) => s.meta.settings);
    delegatePort(DuckDbStore, eventLogMethods, (s) => s.events);
    delegatePort(DuckDbStore, spendAndImportsMethods, (s) => s.events);
    delegatePort(DuckDbStore, ['upsertRates', 'listRates', 'dataRange'], (s) => s.events);
    delegatePort(DuckDbStore, ['kpiFacts', 'channelDaily', 'journeys', 'packedJourneys', 'crmFunnel', 'linkStats', 'experimentStats', 'experimentExposures', 'experimentSample', 'partnerFacts'], (s) => s.analysis);
    delegatePort(DuckDbStore, customerFactsMethods, (s) => s.analysis);
    delegatePort(DuckDbStore, ['rfmScoreCounts', 'firstPurchasesByDay'], (s) => s.analysis);
  }

  // ---- aggregates computed in Node from the store's own reads (aggregates/; attribution: journey-rollups/) ----

  cohortCounts(workspaceId: string, query: AggregateQuery<'cohortCounts'>) { return cohortCountsFrom(this.analysis, workspaceId, query); }
  clvSummaries(workspaceId: string, query: AggregateQuery<'clvSummaries'>) { return clvSummariesFrom(this.analysis, workspaceId, query); }
  clvSummaryMembers(workspaceId: string, query: AggregateQuery<'clvSummaryMembers'>) { return clvSummaryMembersFrom(this.analysis, workspaceId, query); }
  acquiredRevenue(workspaceId: string, query: AggregateQuery<'acquiredRevenue'>) { return acquiredRevenueFrom(this.analysis, workspaceId, query); }
  attributionRuleCredits(workspaceId: string, query: AggregateQuery<'attributionRuleCredits'>) { return ruleCreditsFromRollups(this.journeyRollups, workspaceId, query); }
  attributionPathCounts(workspaceId: string, query: AggregateQuery<'attributionPathCounts'>) { return pathCountsFromRollups(this.journeyRollups, workspaceId, query); }
  attributionChannelSets(workspaceId: string, query: AggregateQuery<'attributionChannelSets'>) { return channelSetsFromRollups(this.journeyRollups, workspaceId, query); }
  attributionMarkovTransitions(workspaceId: string, query: AggregateQuery<'attributionMarkovTransitions'>) { return markovTransitionsFromRollups(this.journeyRollups, workspaceId, query); }
}
