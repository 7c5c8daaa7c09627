/**
 * The audit log and share links (issue 15) as stored. An audit entry is one change (or one export or
 * share-link view) in one workspace, sealed into the workspace's hash chain: `hash` is the SHA-256 of
 * the entry's content and `prev_hash`, the hash of the entry before it (`seq` − 1; the first entry's
 * `prev_hash` is 64 zeros), so a row edited or deleted in the table breaks the chain.
 */

/** Who made a change: a person (`person`, id the person's), a key (`key`: a key's id, or `admin-token`), the CLI (`operator`), a share link (`share`: its id). */
export type AuditActorKind = 'person' | 'key' | 'operator' | 'share' | 'session' | 'anonymous';

export interface AuditEntry {
  id: string;
  workspace_id: string;
  /** Position in the workspace's chain, from 1. */
  seq: number;
  /** ISO 8601 instant, milliseconds, UTC (`toISOString`). */
  at: string;
  actor_kind: AuditActorKind;
  actor_id: string;
  /** `http`, `cli` or `schedule`. */
  surface: string;
  /** The client's address and user agent (HTTP); null elsewhere. */
  ip: string | null;
  user_agent: string | null;
  /** The operation's name (`links.update`). */
  operation: string;
  target_kind: string;
  target_id: string | null;
  /** JSON text of the state before and after (secrets redacted), or null when the operation cannot say. */
  before: string | null;
  after: string | null;
  prev_hash: string;
  hash: string;
}

/** What the runner knows of an entry before it is sealed into the chain (`seq`, `prev_hash` and `hash` come from the chain's head). */
export type AuditDraft = Omit<AuditEntry, 'seq' | 'prev_hash' | 'hash'>;

/** A read-only link to one view (an operation) with stored params; the token itself is never stored, only its SHA-256. */
export interface ShareLink {
  id: string;
  workspace_id: string;
  /** The operation the link may call (`kpis.report`). */
  view: string;
  /** The view's input as stored when the link was made. */
  params: Record<string, unknown>;
  /** The first characters of the token, so links can be told apart. */
  prefix: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

/** The `prev_hash` of a workspace's first audit entry. */
export const genesisHash = '0'.repeat(64);
