/** The store's ports by job and the methods each one has (see `store/store.ts`). */
import { aggregatesMethods } from './aggregates.js';
import { auditRepoMethods, shareLinkRepoMethods } from './audit-and-share-links.js';
import { customerFactsMethods } from './customer-facts.js';
import { documentRepoMethods } from './document-repo.js';
import { eventLogMethods } from './event-log.js';
import { factQueriesMethods } from './fact-queries.js';
import { idempotencyRepoMethods, keyRepoMethods } from './keys-and-idempotency.js';
import { personRepoMethods, personSessionRepoMethods } from './person-repo.js';
import { lifecycleMethods } from './lifecycle.js';
import { ledgerRepoMethods, partnerRepoMethods } from './partner-ledger.js';
import { linkRepoMethods } from './link-repo.js';
import { settingsRepoMethods } from './settings-repo.js';
import { spendAndImportsMethods } from './spend-and-imports.js';
import { workspaceRepoMethods } from './workspace-repo.js';

/** Every port and its methods: what the contract suite must call on every engine. */
export const storePorts = {
  lifecycle: lifecycleMethods,
  workspaces: workspaceRepoMethods,
  settings: settingsRepoMethods,
  links: linkRepoMethods,
  documents: documentRepoMethods,
  events: eventLogMethods,
  imports: spendAndImportsMethods,
  facts: factQueriesMethods,
  customers: customerFactsMethods,
  aggregates: aggregatesMethods,
  idempotency: idempotencyRepoMethods,
  keys: keyRepoMethods,
  people: personRepoMethods,
  personSessions: personSessionRepoMethods,
  audit: auditRepoMethods,
  shareLinks: shareLinkRepoMethods,
  partners: partnerRepoMethods,
  ledger: ledgerRepoMethods,
} as const;

export type StorePortName = keyof typeof storePorts;

/** The largest a port may grow (issue 13: no port over about 12 methods). */
export const maxPortMethods = 12;
