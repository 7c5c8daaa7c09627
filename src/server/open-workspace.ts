/**
 * Opening a store's workspace with its credentials, apart from the HTTP server (issue 14: every CLI
 * command on a database file opens its workspace without loading the server, the queue or the scale
 * store).
 *
 * The installation's first owner secret key (design.md: "the old single admin token becomes an owner's
 * secret key on upgrade"). Releases before issue 15 kept a generated admin token in plain text in the
 * `admin_token` setting; now it is an API key of the default workspace (scope `admin`) stored by its
 * SHA-256 like every other key, and the setting is emptied. `ROILENS_ADMIN_TOKEN` is never stored: the
 * server holds it in memory for as long as it is set.
 */
import { randomBytes } from 'node:crypto';
import type { ApiKey } from '../records/api-keys.js';
import { defaultWorkspaceId, type Workspace } from '../records/workspace.js';
import type { Store } from '../store/store.js';
import { keyHash, keyPrefixes, newWriteKey } from '../operations/admin/key-material.js';

/** The setting older releases kept the generated admin token in (plain text). */
export const legacyAdminTokenSetting = 'admin_token';
/** The id of the owner key made from the generated (or upgraded) admin token. */
export const ownerKeyId = 'key_admin_token';

function ownerKeyRecord(workspaceId: string, token: string, createdAt: string): ApiKey {
  const shown = token.startsWith(keyPrefixes.secret) ? keyPrefixes.secret.length + 6 : 4;
  return {
    id: ownerKeyId, workspace_id: workspaceId, kind: 'secret', prefix: token.slice(0, shown), scopes: ['admin'],
    allowed_origins: [], created_at: createdAt, last_used_at: null, revoked_at: null,
  };
}

/**
 * Makes sure the default workspace has its owner key: a plain admin token left by an older release
 * becomes that key (stored hashed; the setting is emptied), and a new database gets a fresh one
 * unless `generate` is false (`ROILENS_ADMIN_TOKEN` is set). Answers the plain key only when it was
 * made now (shown once, at this start), else undefined.
 */
export async function ensureOwnerKey(store: Store, workspaceId: string, generate: boolean): Promise<string | undefined> {
  const legacy = await store.getSetting(legacyAdminTokenSetting);
  if (legacy) {
    if (!(await store.findApiKey(keyHash(legacy)))) await store.createApiKey(ownerKeyRecord(workspaceId, legacy, new Date().toISOString()), keyHash(legacy));
    await store.setSetting(legacyAdminTokenSetting, '');
    // The freed bytes of the old value would stay in the embedded store's file until rewritten.
    await store.compact();
    return undefined;
  }
  if (!generate || (await store.listApiKeys(workspaceId)).some((key) => key.id === ownerKeyId)) return undefined;
  const token = `${keyPrefixes.secret}${randomBytes(32).toString('base64url')}`;
  await store.createApiKey(ownerKeyRecord(workspaceId, token, new Date().toISOString()), keyHash(token));
  return token;
}

/** Where a running server leaves its address for CLI commands that find the database locked. */
export const serverInfoPath = (dbPath: string) => `${dbPath}.server.json`;

/** Opens the workspace of a store, creating it (and its credentials) on first use. */
export async function openWorkspace(store: Store, opts: { writeKey?: string; adminToken?: string }): Promise<{ workspace: Workspace; adminToken: string | undefined }> {
  let workspace = await store.ensureWorkspace({
    id: defaultWorkspaceId, name: 'My shop', currency: 'EUR', timezone: 'UTC', margin: '1',
    write_key: opts.writeKey ?? newWriteKey(),
  });
  if (opts.writeKey && workspace.write_key !== opts.writeKey) {
    await store.updateWorkspace(workspace.id, { write_key: opts.writeKey });
    workspace = { ...workspace, write_key: opts.writeKey };
  }
  // The owner's secret key (hashed; an older release's plain admin token is upgraded to it), shown only when made now.
  const generated = await ensureOwnerKey(store, workspace.id, opts.adminToken === undefined);
  return { workspace, adminToken: opts.adminToken ?? generated };
}

