/**
 * Opening a store's workspace, apart from the server (issue 14: CLI start-up): every CLI command on
 * a database file opens its workspace without loading the HTTP server, the queue or the scale store.
 */
import { newWriteKey } from '../operations/admin/key-material.js';
import { defaultWorkspaceId, type Workspace } from '../records/workspace.js';
import type { Store } from '../store/store.js';
import { ensureOwnerKey } from './owner-key.js';

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

