/**
 * Which workspaces a principal can see (issue 15): the one rule behind `GET /v1/workspaces`, the
 * dashboard's switcher (`X-Roilens-Workspace`, src/server/auth.ts) and the agency view. A principal
 * kind that reaches more than its own workspace (people with memberships) is added here, and only here.
 */
import type { Workspace } from '../../records/workspace.js';
import type { Store } from '../../store/store.js';
import { grants, type Principal } from '../core/define.js';
import { roleScopes } from './role-scopes.js';

type Seer = Pick<Principal, 'kind' | 'workspaceId' | 'person'>;
type Lookup = Pick<Store, 'listWorkspaces' | 'getWorkspace' | 'membershipsOf'>;

/**
 * The workspaces a principal reaches: `all` for the installation's operator and the dashboard's
 * session (the admin token's, the installation owner's), else the ids it may act in (a person: the
 * workspace they act in here; `visibleWorkspaces` reads all their memberships).
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
    case 'person':
    case 'share':
      return [principal.workspaceId];
  }
}

/** A signed-in person's reach: the workspaces where their role reads the figures (a partner's membership is its portal only). */
async function personReach(principal: Seer, store: Pick<Store, 'membershipsOf'>): Promise<readonly string[] | undefined> {
  if (principal.kind !== 'person' || !principal.person) return undefined;
  return (await store.membershipsOf(principal.person.id)).filter((m) => grants(roleScopes(m.role), 'kpis:read')).map((m) => m.workspace_id);
}

/** Every workspace the principal can see, archived ones included (their data stays readable), by id. */
export async function visibleWorkspaces(principal: Seer, store: Lookup): Promise<Workspace[]> {
  const reach = (await personReach(principal, store)) ?? workspaceReach(principal);
  if (reach === 'all') return store.listWorkspaces();
  const found = await Promise.all(reach.map((id) => store.getWorkspace(id)));
  return found.filter((ws): ws is Workspace => ws !== undefined).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The workspace `id` when the principal can see it, else undefined (callers answer 404, as if absent). */
export async function visibleWorkspace(principal: Seer, store: Pick<Store, 'getWorkspace' | 'membershipsOf'>, id: string): Promise<Workspace | undefined> {
  const reach = (await personReach(principal, store)) ?? workspaceReach(principal);
  return reach === 'all' || reach.includes(id) ? store.getWorkspace(id) : undefined;
}
