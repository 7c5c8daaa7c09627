/** Two ports of issue 15 kept in one file (the ports folder is at its size limit): the audit log and share links. */
import type { AuditEntry, ShareLink } from '../../records/audit.js';
import { assertListed, type AllListed } from './port-methods.js';

/** Which entries a read wants: newest first, before `beforeSeq`, at most `limit`, filtered. */
export interface AuditQuery {
  actor_kind?: string;
  actor_id?: string;
  operation?: string;
  /** ISO instants: `from` inclusive, `to` exclusive. */
  from?: string;
  to?: string;
  /** Entries with a smaller `seq` only (the page after a cursor). */
  beforeSeq?: number;
  limit: number;
}

/**
 * The audit log (issue 15): append-only. There is no update and no delete: an entry, once
 * appended, can only be read. `appendAudit` reads the workspace's head (its last entry, or null)
 * and stores what `seal` makes of it, as the next `seq`; when another writer appended in between
 * (the key `(workspace_id, seq)` is taken) it reads the head again and seals anew.
 */
export interface AuditRepo {
  appendAudit(workspaceId: string, seal: (head: { seq: number; hash: string } | null) => AuditEntry): Promise<AuditEntry>;
  /** Newest first (see `AuditQuery`). */
  listAudit(workspaceId: string, query: AuditQuery): Promise<AuditEntry[]>;
  /** The chain in order: entries with `seq` > `afterSeq`, at most `limit` (verification reads it in batches). */
  auditChain(workspaceId: string, afterSeq: number, limit: number): Promise<AuditEntry[]>;
  /**
   * Appends entries as they are (seq and hashes kept: a backup restored, a store migrated), in seq
   * order, where they continue the workspace's chain: entries it already holds with the same hash
   * are skipped (a copy run again). `diverged` when the stored chain and these differ: nothing more
   * is appended, the stored log stays as it is.
   */
  continueAuditChain(workspaceId: string, entries: readonly AuditEntry[]): Promise<{ appended: number; diverged: boolean }>;
}

export const auditRepoMethods = ['appendAudit', 'listAudit', 'auditChain', 'continueAuditChain'] as const satisfies readonly (keyof AuditRepo)[];
assertListed<AllListed<AuditRepo, (typeof auditRepoMethods)[number]>>(true);

/**
 * Share links (issue 15), stored by the SHA-256 of their token (the token is shown once). A
 * revoked link stays listed with its `revoked_at`.
 */
export interface ShareLinkRepo {
  createShareLink(link: ShareLink, hash: string): Promise<void>;
  /** The link whose token's SHA-256 is `hash`, in any workspace, revoked or expired or not. */
  findShareLink(hash: string): Promise<ShareLink | undefined>;
  /** The workspace's links, newest first. */
  listShareLinks(workspaceId: string): Promise<ShareLink[]>;
  /** Revokes the workspace's link `id` at `at`; false when the workspace has no such link (already revoked: true, unchanged). */
  revokeShareLink(workspaceId: string, id: string, at: string): Promise<boolean>;
}

export const shareLinkRepoMethods = ['createShareLink', 'findShareLink', 'listShareLinks', 'revokeShareLink'] as const satisfies readonly (keyof ShareLinkRepo)[];
assertListed<AllListed<ShareLinkRepo, (typeof shareLinkRepoMethods)[number]>>(true);
