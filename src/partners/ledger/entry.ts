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

/** Keys written into the id as they are: short, URL-safe, and with a colon (which no hashed id has). */
const plainKey = /^[A-Za-z0-9._~-]+:[A-Za-z0-9._~:-]*$/;
const plainMax = 160;

/**
 * The id of the ledger entry with idempotency `key` in `workspaceId`, the same whenever the same
 * entry is made again (a recomputed batch is the same batch):
 *
 * - `le_<key>` when the key is at most 160 characters of `A–Z a–z 0–9 . _ ~ - :` with a colon
 *   (every key the engine writes for a URL-safe order, rule and partner id: `le_commission:o-1:r1`).
 *   Free (no hash per entry: a million commissions make 1.7M entries) and unique by construction.
 * - Otherwise `le_` and 128 bits of SHA-256(workspace, key) in base64url (22 characters, no colon:
 *   never equal to a plain id), as every id was before (`hashedId`).
 *
 * Ids stay unique per workspace either way; what makes one commission per order and rule is the
 * key (unique per workspace in the store, and in `LedgerIndex.keys` within a batch), not the id.
 * @example entryId('default', 'commission:o-1:r1') // 'le_commission:o-1:r1'
 * @example entryId('default', 'commission:order #1:r1') // 'le_…' (22 characters after the prefix)
 */
export function entryId(workspaceId: string, key: string): string {
  return key.length <= plainMax && plainKey.test(key) ? `le_${key}` : hashedId(workspaceId, key);
}

/**
 * `le_` and 128 bits of SHA-256(workspace, key) in base64url: an opaque id of `key` (payout runs).
 * @example hashedId('default', 'payout-run:prg_1:2026-03-31') // 'le_…' (22 characters after the prefix)
 */
export function hashedId(workspaceId: string, key: string): string {
  return `le_${createHash('sha256').update(`${workspaceId}\u0000${key}`).digest('base64url').slice(0, 22)}`;
}
