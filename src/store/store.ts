import type { WorkspaceRepo } from './ports/workspace-repo.js';
import type { SettingsRepo } from './ports/settings-repo.js';
import type { LinkRepo } from './ports/link-repo.js';
import type { DocumentRepo } from './ports/document-repo.js';
import type { EventLog } from './ports/event-log.js';
import type { SpendAndImports } from './ports/spend-and-imports.js';
import type { FactQueries } from './ports/fact-queries.js';
import type { CustomerFacts } from './ports/customer-facts.js';
import type { Aggregates } from './ports/aggregates.js';
import type { StoreLifecycle } from './ports/lifecycle.js';
import type { IdempotencyRepo } from './ports/keys-and-idempotency.js';
import type { KeyRepo } from './ports/keys-and-idempotency.js';
import type { PersonRepo, PersonSessionRepo } from './ports/person-repo.js';
import type { AuditRepo, ShareLinkRepo } from './ports/audit-and-share-links.js';
import type { LedgerRepo, PartnerRepo } from './ports/partner-ledger.js';

export type { WorkspaceRepo, SettingsRepo, LinkRepo, DocumentRepo, EventLog, SpendAndImports, FactQueries, CustomerFacts, Aggregates, StoreLifecycle, IdempotencyRepo, KeyRepo, PersonRepo, PersonSessionRepo, AuditRepo, ShareLinkRepo, PartnerRepo, LedgerRepo };
export type { LedgerQuery, PartnerConflict, PartnerPatch } from './ports/partner-ledger.js';
export type { AuditQuery } from './ports/audit-and-share-links.js';
export type { IdempotencyClaim, IdempotencyState } from './ports/keys-and-idempotency.js';
export type { StoreCapabilities } from './ports/lifecycle.js';
export type { ChannelDay, DataRange, ExperimentCounting, ExperimentExposure, ExperimentSample, ExperimentVariantStats, LinkStatsRow } from './ports/fact-queries.js';
export type { AcquiredRevenue, ClvSummaries, ClvSummaryGroup, RfmScoreCounts } from './ports/aggregates.js';

/**
 * Everything a storage engine provides, as ports split by job (`store/ports/`): metadata
 * repositories per domain (workspaces, settings with channel rules and rates, links,
 * documents), the event log, imported spend, orders and leads, fact queries, customer
 * facts and aggregates. Every adapter (DuckDB; PostgreSQL + ClickHouse) implements every
 * port in full: no method is optional, and the shared contract suite in
 * `test/store/contract.case.ts` calls each of them on every engine (its last case fails when one
 * has no case). Code that needs only some ports takes only those.
 */
export interface Store
  extends StoreLifecycle, WorkspaceRepo, SettingsRepo, LinkRepo, DocumentRepo, EventLog, SpendAndImports, FactQueries, CustomerFacts, IdempotencyRepo, KeyRepo, PersonRepo, PersonSessionRepo, AuditRepo, ShareLinkRepo, PartnerRepo, LedgerRepo, Aggregates {}
