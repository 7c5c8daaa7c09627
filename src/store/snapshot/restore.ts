import { AppError } from '../../shared/errors.js';
import type { Store } from '../store.js';
import { backupSnapshot, type BackupHeader } from './backup-file.js';
import { copyWorkspace, type WorkspaceCopy } from './copy-workspace.js';
import { settingOfWorkspace } from './store-snapshot.js';

/** A store a backup can be restored into: every port, and dropping a workspace for `--replace`. */
export type RestoreTarget = Store & { dropWorkspace(workspaceId: string): Promise<void> };

export interface RestoreReport {
  backup: Pick<BackupHeader, 'version' | 'created_at' | 'scope'>;
  workspaces: WorkspaceCopy[];
  /** Workspaces that existed and were replaced (`--replace`). */
  replaced: string[];
  settings: number;
}

/**
 * Restores a checked backup file into `target`: every workspace it holds, or only `workspaceId`,
 * with their settings (an installation backup restored whole brings the installation's settings
 * too). A workspace that already exists is refused (409) unless `replace`, which deletes it first.
 */
export async function restoreBackup(file: string, target: RestoreTarget, opts: { workspaceId?: string; replace?: boolean } = {}, onProgress?: (msg: string) => void): Promise<RestoreReport> {
  const { header, snapshot } = await backupSnapshot(file);
  const all = await snapshot.workspaces();
  const chosen = opts.workspaceId === undefined ? all : all.filter((w) => w.id === opts.workspaceId);
  if (opts.workspaceId !== undefined && chosen.length === 0) {
    throw new AppError('not_found', `--workspace: the backup holds no workspace ${opts.workspaceId} (it holds ${header.workspaces.join(', ') || 'none'})`, [{ path: '--workspace', message: `not in the backup` }]);
  }
  const existing: string[] = [];
  for (const ws of chosen) if (await target.getWorkspace(ws.id)) existing.push(ws.id);
  if (existing.length && !opts.replace) {
    throw new AppError('conflict', `workspace ${existing.join(', ')} exists in this installation: pass --replace to replace it with the backup's (its current data is deleted)`, [{ path: '--replace', message: `${existing.join(', ')} exists` }]);
  }
  for (const id of existing) await target.dropWorkspace(id);
  let settings = 0;
  for (const { key, value } of await snapshot.settings()) {
    if (opts.workspaceId !== undefined && !settingOfWorkspace(key, opts.workspaceId)) continue;
    await target.setSetting(key, value);
    settings += 1;
  }
  const workspaces: WorkspaceCopy[] = [];
  for (const ws of chosen) workspaces.push(await copyWorkspace(snapshot, target, ws, onProgress));
  return { backup: { version: header.version, created_at: header.created_at, scope: header.scope }, workspaces, replaced: existing, settings };
}
