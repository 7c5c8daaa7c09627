/** Two ports of issue 16 kept in one file (the ports folder is at its size limit): partner programmes and partners, and the partner ledger. */
import type { LedgerEntry, Partner, PayoutRun, Program } from '../../records/partners.js';
import { assertListed, type AllListed } from './port-methods.js';

/** Why a partner could not be stored: a coupon code or tracking link slug already held by another partner of the workspace. */
export interface PartnerConflict {
  conflict: 'coupon' | 'link';
  value: string;
}

/** What `updatePartner` may change. */
export type PartnerPatch = Partial<Omit<Partner, 'id' | 'workspace_id' | 'created_at'>>;

/**
 * Programmes and partners. Coupon codes (compared upper-case) and tracking link slugs are each one
 * partner's per workspace, held by the store itself (a unique key, so two writes at the same time
 * cannot both take one): a create or update that would give a code or slug to a second partner
 * stores nothing and answers the conflict (links are checked first).
 * `listPartners` lists in id order, optionally one page (ids after `after`, at most `limit`).
 * Payout details are stored as the sealed (encrypted) text the caller gives; the store never sees them in clear.
 */
export interface PartnerRepo {
  putProgram(program: Program): Promise<void>;
  getProgram(workspaceId: string, id: string): Promise<Program | undefined>;
  listPrograms(workspaceId: string): Promise<Program[]>;
  createPartner(partner: Partner): Promise<Partner | PartnerConflict>;
  updatePartner(workspaceId: string, id: string, patch: PartnerPatch): Promise<Partner | PartnerConflict | undefined>;
  getPartner(workspaceId: string, id: string): Promise<Partner | undefined>;
  listPartners(workspaceId: string, query?: { program_id?: string; after?: string; limit?: number }): Promise<Partner[]>;
  putPayoutDetails(workspaceId: string, partnerId: string, sealed: string): Promise<void>;
  getPayoutDetails(workspaceId: string, partnerId: string): Promise<string | undefined>;
}

export const partnerRepoMethods = [
  'putProgram', 'getProgram', 'listPrograms', 'createPartner', 'updatePartner', 'getPartner', 'listPartners', 'putPayoutDetails', 'getPayoutDetails',
] as const satisfies readonly (keyof PartnerRepo)[];
assertListed<AllListed<PartnerRepo, (typeof partnerRepoMethods)[number]>>(true);

/** Which ledger rows a read wants, in `(created_at, id)` order: after the cursor entry `after`, at most `limit`. */
export interface LedgerQuery {
  partner_id?: string;
  program_id?: string;
  order_id?: string;
  after?: string;
  limit?: number;
}

/**
 * The partner ledger: append-only (design.md "Money that is owed"). There is no update and no delete.
 * `appendLedger` stores, in one transaction, the entries whose `key` the workspace does not hold yet
 * and answers those it stored (a re-sent order, a retried refund change nothing).
 * `createPayoutRun` stores the run and its `payout` entries in one transaction, or nothing and
 * `already_paid` when the programme has a run through the same date or later.
 */
export interface LedgerRepo {
  appendLedger(workspaceId: string, entries: readonly LedgerEntry[]): Promise<LedgerEntry[]>;
  listLedger(workspaceId: string, query: LedgerQuery): Promise<LedgerEntry[]>;
  createPayoutRun(run: PayoutRun, entries: readonly LedgerEntry[]): Promise<'created' | 'already_paid'>;
  listPayoutRuns(workspaceId: string, programId: string): Promise<PayoutRun[]>;
  markPayoutRunPaid(workspaceId: string, runId: string, reference: string, at: string): Promise<boolean>;
}

export const ledgerRepoMethods = ['appendLedger', 'listLedger', 'createPayoutRun', 'listPayoutRuns', 'markPayoutRunPaid'] as const satisfies readonly (keyof LedgerRepo)[];
assertListed<AllListed<LedgerRepo, (typeof ledgerRepoMethods)[number]>>(true);
