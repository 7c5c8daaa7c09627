import { randomBytes } from 'node:crypto';
import type { SettingsRepo } from '../store/ports/settings-repo.js';

/**
 * The per-workspace secret that keys e-mail and phone pseudonyms (issue 12 #14). Created once,
 * on first need, and kept with the workspace's settings (copied by `roilens migrate` with them);
 * no API or CLI answer ever includes it. Losing it would stop new pseudonyms from joining old
 * ones, so it is never rotated.
 */
const saltKey = (workspaceId: string) => `workspace.${workspaceId}.privacy_salt`;

const cache = new WeakMap<SettingsRepo, Map<string, Promise<string>>>();

/** The workspace's salt, created and stored the first time it is asked for. */
export function workspaceSalt(store: SettingsRepo, workspaceId: string): Promise<string> {
  let perStore = cache.get(store);
  if (!perStore) cache.set(store, (perStore = new Map()));
  let salt = perStore.get(workspaceId);
  if (!salt) {
    salt = readOrCreate(store, workspaceId);
    salt.catch(() => perStore!.delete(workspaceId));
    perStore.set(workspaceId, salt);
  }
  return salt;
}

async function readOrCreate(store: SettingsRepo, workspaceId: string): Promise<string> {
  const stored = await store.getSetting(saltKey(workspaceId));
  if (stored) return stored;
  await store.setSetting(saltKey(workspaceId), randomBytes(32).toString('hex'));
  // Read back: when two processes create it at once, both use the one that was kept.
  return (await store.getSetting(saltKey(workspaceId)))!;
}

/** True for the settings key of a salt, so that nothing lists it. */
export function isSaltSetting(key: string): boolean {
  return /^workspace\..+\.privacy_salt$/.test(key);
}
