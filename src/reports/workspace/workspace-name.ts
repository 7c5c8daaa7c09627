/**
 * Workspace names are unique per installation (issue 15): creating or renaming to a name another
 * workspace has, archived ones included, answers 409 `conflict`. Names compare trimmed, in Unicode
 * NFC and without case ("Client B" and " client b" are one name), so two clients in the switcher and
 * the agency view are never told apart by case or stray spaces only.
 */
import { AppError } from '../../shared/errors.js';
import type { Store } from '../../store/store.js';

/** The form two names are compared in. */
export function workspaceNameKey(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('en');
}

/** Throws 409 `conflict` when a workspace other than `exceptId` already has `name` (saying only that it is taken). */
export async function assertWorkspaceNameFree(store: Pick<Store, 'listWorkspaces'>, name: string, exceptId?: string): Promise<void> {
  const key = workspaceNameKey(name);
  const taken = (await store.listWorkspaces()).some((ws) => ws.id !== exceptId && workspaceNameKey(ws.name) === key);
  if (taken) throw new AppError('conflict', `a workspace named "${name.trim()}" already exists: choose another name`);
}
