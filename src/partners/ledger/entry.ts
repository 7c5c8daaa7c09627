import type { LedgerEntry, Program } from '../../records/partners.js';
import { createHash } from 'node:crypto';

/** What a new entry states; the rest (ids, programme, currency, empty references) is filled in by `ledgerEntry`. */
export type EntryFields = Pick<LedgerEntry, 'partner_id' | 'kind' | 'amount' | 'key' | 'occurred_at' | 'created_at'> & Partial<LedgerEntry>;

/** A ledger entry of `program` with its id derived from its key (the same entry made twice is the same entry). */
export function ledgerEntry(program: Program, fields: EntryFields): LedgerEntry {
  return {
    id: entryId(program.workspace_id, fields.key),
    workspace_id: program.workspace_id,
    program_id: program.id,
    currency: program.currency,
    ref: null,
    order_id: null,
    rule_id: null,
    refund_id: null,
    payout_run_id: null,
    reason: null,
    fraud_score: null,
    held: false,
    note: null,
    ...fields,
  };
}

/**
 * The id of the ledger entry with idempotency `key` in `workspaceId`: `le_` and 128 bits of
 * SHA-256(workspace, key) in base64url. Computing the same entry again gives the same id, so a
 * recomputed batch is the same batch.
 * @example entryId('default', 'commission:o-1:r1') // 'le_…' (22 characters after the prefix)
 */
export function entryId(workspaceId: string, key: string): string {
  return `le_${createHash('sha256').update(`${workspaceId}\u0000${key}`).digest('base64url').slice(0, 22)}`;
}
