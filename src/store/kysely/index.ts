import type { Kysely } from 'kysely';
import type { MetadataTables } from './metadata-tables.js';
import { KyselyDocumentRepo } from './document-repo.js';
import { KyselyLinkRepo } from './link-repo.js';
import { KyselySettings } from './settings-repo.js';
import { KyselyWorkspaceRepo } from './workspace-repo.js';
import { MetadataExport } from './metadata-export.js';
import { KyselyIdempotencyRepo } from './idempotency-repo.js';
import { KyselyKeyRepo } from './key-repo.js';
import { KyselyPersonRepo } from './person-repo.js';
import { KyselyPersonSessionRepo } from './person-session-repo.js';
import { KyselyAuditRepo } from './audit-repo.js';
import { KyselyShareLinkRepo } from './share-link-repo.js';

export { DuckDbDialect, type DuckDbRunner } from './duckdb-dialect.js';
export type { MetadataTables } from './metadata-tables.js';
export { MetadataExport } from './metadata-export.js';
export { KyselyAuditRepo, KyselyDocumentRepo, KyselyIdempotencyRepo, KyselyKeyRepo, KyselyLinkRepo, KyselyPersonRepo, KyselyPersonSessionRepo, KyselySettings, KyselyShareLinkRepo, KyselyWorkspaceRepo };

/** The metadata repositories over one Kysely instance: the DuckDB store's and the PostgreSQL half of the scale store. */
export interface MetadataRepos {
  workspaces: KyselyWorkspaceRepo;
  settings: KyselySettings;
  links: KyselyLinkRepo;
  documents: KyselyDocumentRepo;
  idempotency: KyselyIdempotencyRepo;
  keys: KyselyKeyRepo;
  people: KyselyPersonRepo;
  personSessions: KyselyPersonSessionRepo;
  audit: KyselyAuditRepo;
  shareLinks: KyselyShareLinkRepo;
  /** Every row, for copying a store (`roilens migrate`). */
  export: MetadataExport;
}

export function metadataRepos(db: Kysely<MetadataTables>): MetadataRepos {
  return { workspaces: new KyselyWorkspaceRepo(db), settings: new KyselySettings(db), links: new KyselyLinkRepo(db), documents: new KyselyDocumentRepo(db), idempotency: new KyselyIdempotencyRepo(db), keys: new KyselyKeyRepo(db),
    people: new KyselyPersonRepo(db), personSessions: new KyselyPersonSessionRepo(db),
    audit: new KyselyAuditRepo(db), shareLinks: new KyselyShareLinkRepo(db),
    export: new MetadataExport(db) };
}
