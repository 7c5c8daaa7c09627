/**
 * Which workspaces a principal can see (issue 15): the one rule behind `GET /v1/workspaces`, the
 * dashboard's switcher (`X-Roilens-Workspace`, src/server/auth.ts) and the agency view. A principal
 * kind that reaches more than its own workspace (people with memberships) is added here, and only here.
 */
import type { Workspace } from '../../records/workspace.js';
import type { Store } from '../../store/store.js';
import type { Principal } from '../core/define.js';

/**
 * The workspaces a principal reaches: `all` for the installation's operator and the dashboard's
 * session (today the admin token's, the installation owner's), else the ids it may act in.
 *
 * @example workspaceReach({ kind: 'secret-key', workspaceId: 'ws_b', scopes: ['kpis:read'] }) // → ['ws_b']
 */
export function workspaceReach(principal: Pick<Principal, 'kind' | 'workspaceId'>): 'all' | readonly string[] {
  switch (principal.kind) {
    case 'operator':
    case 'session':
      return 'all';
    case 'secret-key':
    case 'write-key':
    case 'anonymous':
      return [principal.workspaceId];
  }
}

/** Every workspace the principal can see, archived ones included (their data stays readable), by id. */
export async function visibleWorkspaces(principal: Pick<Principal, 'kind' | 'workspaceId'>, store: Pick<Store, 'listWorkspaces' | 'getWorkspace'>): Promise<Workspace[]> {
  const reach = workspaceReach(principal);
  if (reach === 'all') return store.listWorkspaces();
  const found = await Promise.all(reach.map((id) => store.getWorkspace(id)));
  return found.filter((ws): ws is Workspace => ws !== undefined).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The workspace `id` when the principal can see it, else undefined (callers answer 404, as if absent). */
export async function visibleWorkspace(principal: Pick<Principal, 'kind' | 'workspaceId'>, store: Pick<Store, 'getWorkspace'>, id: string): Promise<Workspace | undefined> {
  const reach = workspaceReach(principal);
  return reach === 'all' || reach.includes(id) ? store.getWorkspace(id) : undefined;
}
