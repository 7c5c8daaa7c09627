/**
 * What a bearer credential is (issue 15), looked up once and cached: the workspace's own write key
 * (the `write_key` column) or a write key made by `keys create` (`rl_pub_…`), a secret key
 * (`rl_sk_…`, the owner key among them), `ROILENS_ADMIN_TOKEN` (held in memory: an owner's secret key of
 * the default workspace), or the
 * operator key of the running server (the CLI's, in `<db>.server.json`). Keys are found by their
 * SHA-256; a key used is stamped `last_used_at` at most once a minute.
 */
import { timingSafeEqual } from 'node:crypto';
import type { KeyScope } from '../operations/core/define.js';
import { keyHash, keyPrefixes } from '../operations/admin/key-material.js';
import type { Workspace } from '../records/workspace.js';
import type { ShareLink } from '../records/audit.js';
import { shareTokenHash, shareTokenPrefix } from '../operations/sharing/share-links.js';
import type { Store } from '../store/store.js';

export type Credential =
  | { kind: 'write-key'; workspace: Workspace; keyId?: string; origins: readonly string[] }
  | { kind: 'secret-key'; workspaceId: string; scopes: readonly KeyScope[]; keyId?: string }
  | { kind: 'operator' }
  | { kind: 'share'; link: ShareLink };

/** How often a key's `last_used_at` is written (a busy key would otherwise write on every request). */
const touchEveryMs = 60_000;
const maxCached = 10_000;

function sameSecret(a: string, b: string | undefined): boolean {
  if (b === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class Credentials {
  private readonly cache = new Map<string, Credential | null>();
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly owner: { adminToken?: string; workspaceId: string; operatorKey?: string },
    private readonly now: () => number = Date.now,
  ) {}

  /** What `raw` is, or undefined for a credential nobody issued (or a revoked key). */
  async resolve(raw: string): Promise<Credential | undefined> {
    if (sameSecret(raw, this.owner.adminToken)) return { kind: 'secret-key', workspaceId: this.owner.workspaceId, scopes: ['admin'] };
    if (sameSecret(raw, this.owner.operatorKey)) return { kind: 'operator' };
    const hash = keyHash(raw);
    let found = this.cache.get(hash);
    if (found === undefined) {
      found = (await this.lookup(raw, hash)) ?? null;
      if (this.cache.size > maxCached) this.cache.clear();
      this.cache.set(hash, found);
    }
    if (found && (found.kind === 'write-key' || found.kind === 'secret-key') && found.keyId) this.touch(found.keyId);
    return found ?? undefined;
  }

  /** Forgets every cached answer (a key revoked, a workspace archived or its write key changed). */
  forget(): void {
    this.cache.clear();
  }

  private async lookup(raw: string, hash: string): Promise<Credential | undefined> {
    if (raw.startsWith(shareTokenPrefix)) {
      const link = await this.store.findShareLink(shareTokenHash(raw));
      return link && { kind: 'share', link };
    }
    // Any text may be a stored key: the owner key upgraded from an older release's admin token has no prefix.
    const key = await this.store.findApiKey(hash);
    if (key && key.revoked_at === null) {
      if (key.kind === 'secret') return { kind: 'secret-key', workspaceId: key.workspace_id, scopes: key.scopes as KeyScope[], keyId: key.id };
      const workspace = await this.store.getWorkspace(key.workspace_id);
      if (workspace) return { kind: 'write-key', workspace, keyId: key.id, origins: key.allowed_origins };
    }
    if (key || raw.startsWith(keyPrefixes.secret)) return undefined;
    const workspace = await this.store.findWorkspaceByWriteKey(raw);
    return workspace && { kind: 'write-key', workspace, origins: [] };
  }

  private touch(id: string): void {
    const now = this.now();
    if (now - (this.touched.get(id) ?? 0) < touchEveryMs) return;
    this.touched.set(id, now);
    if (this.touched.size > maxCached) this.touched.clear();
    this.store.touchApiKey(id, new Date(now).toISOString()).catch(() => this.touched.delete(id));
  }
}
