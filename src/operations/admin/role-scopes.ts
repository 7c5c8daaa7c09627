/**
 * What each role of a workspace may do (design.md "Scopes of operations"), as the scopes a signed-in
 * person holds there: a viewer every `<area>:read`; an analyst also writes experiments, customers
 * (segments), goals (alerts, reports, annotations, saved budgets) and attribution; an admin and an
 * owner hold `admin` (everything), but only an owner may grant or take the owner role or archive the
 * workspace (`mayChangeOwners`, operations marked `ownerOnly`); a partner holds no scope: only the
 * partner portal's operations on its own id, which check the membership themselves.
 */
import { scopeAreas, type KeyScope } from '../core/define.js';
import type { Role } from '../../records/people.js';

const reads: readonly KeyScope[] = scopeAreas.map((area) => `${area}:read` as const);
const analystWrites: readonly KeyScope[] = ['experiments:write', 'customers:write', 'goals:write', 'attribution:write'];

const scopesByRole: Readonly<Record<Role, readonly KeyScope[]>> = {
  owner: ['admin'],
  admin: ['admin'],
  analyst: [...reads, ...analystWrites],
  viewer: reads,
  partner: [],
};

/**
 * The scopes a member of `role` holds in the workspace.
 *
 * @example
 * roleScopes('viewer').includes('kpis:read')        // true
 * roleScopes('analyst').includes('experiments:write') // true
 * roleScopes('partner')                              // []
 */
export function roleScopes(role: Role): readonly KeyScope[] {
  return scopesByRole[role];
}

/** Whether a member of `role` may grant or take the owner role, and archive the workspace: only an owner. */
export function mayChangeOwners(role: Role): boolean {
  return role === 'owner';
}
