/**
 * The audit log's hash chain (issue 15). Each entry's `hash` is the SHA-256 (hex) of its content
 * and the previous entry's hash (`prev_hash`; 64 zeros for the first), so editing, inserting or
 * deleting a stored row breaks the chain at that row: its own hash no longer matches its content,
 * or the next entry's `prev_hash` no longer matches it (`verifyAuditChain`). Deleting the newest
 * entries leaves a shorter valid chain: compare the head `audit verify` prints with one noted earlier.
 */
import { createHash } from 'node:crypto';
import { genesisHash, type AuditDraft, type AuditEntry } from '../../records/audit.js';

export { genesisHash };

/** The SHA-256 of an entry's content and `prev_hash`: every stored field but `hash`, in a fixed order. */
export function auditHash(e: Omit<AuditEntry, 'hash'>): string {
  const content = [e.id, e.workspace_id, e.seq, e.at, e.actor_kind, e.actor_id, e.surface, e.ip, e.user_agent, e.operation, e.target_kind, e.target_id, e.before, e.after, e.prev_hash];
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/** `draft` as the entry after `head` (the workspace's last entry, or null): its seq, prev_hash and hash. */
export function sealAuditEntry(draft: AuditDraft, head: { seq: number; hash: string } | null): AuditEntry {
  const unsealed = { ...draft, seq: (head?.seq ?? 0) + 1, prev_hash: head?.hash ?? genesisHash };
  return { ...unsealed, hash: auditHash(unsealed) };
}

/** Where a chain breaks: the entry's seq and why. */
export interface ChainBreak {
  seq: number;
  id: string;
  reason: 'hash' | 'prev_hash' | 'seq';
}

/**
 * Checks the entries after `head` (the last entry checked, null at the start), in seq order: the
 * first break, or the new head.
 *
 * @example
 *   verifyAuditChain([a1, a2], null)   // → { head: { seq: 2, hash: a2.hash } }
 *   verifyAuditChain([a1, edited], null) // → { break: { seq: 2, id, reason: 'hash' } }
 */
export function verifyAuditChain(entries: readonly AuditEntry[], head: { seq: number; hash: string } | null): { head: { seq: number; hash: string } | null; break?: ChainBreak } {
  let last = head;
  for (const e of entries) {
    if (e.seq !== (last?.seq ?? 0) + 1) return { head: last, break: { seq: e.seq, id: e.id, reason: 'seq' } };
    if (e.prev_hash !== (last?.hash ?? genesisHash)) return { head: last, break: { seq: e.seq, id: e.id, reason: 'prev_hash' } };
    const { hash, ...content } = e;
    if (auditHash(content) !== hash) return { head: last, break: { seq: e.seq, id: e.id, reason: 'hash' } };
    last = { seq: e.seq, hash };
  }
  return { head: last };
}
