/**
 * Who may change whom (issue 15): only an owner grants or takes the owner role (the operator and an
 * owner's secret key — the admin token, a key with `admin` — act as owners); a workspace keeps at
 * least one owner; a person is found by id or e-mail within the caller's workspace only.
 */
import type { Member, Role } from '../../records/people.js';
import { AppError } from '../../shared/errors.js';
import type { OperationContext } from '../core/define.js';
import { mayChangeOwners } from './role-scopes.js';

/** 403 unless the caller may grant or take the owner role. */
export function requireOwnerChange(ctx: OperationContext, what: string): void {
  const role = ctx.principal.person?.role;
  if (role !== undefined && !mayChangeOwners(role)) throw new AppError('forbidden', `only an owner may ${what} (your role: ${role})`);
}

/** The workspace's member named by id or e-mail, else 404 (a person of another workspace is not found either). */
export async function memberOf(ctx: OperationContext, idOrEmail: string): Promise<Member> {
  const key = idOrEmail.trim().toLowerCase();
  const member = (await ctx.store.listMembers(ctx.workspaceId)).find((m) => m.person_id === idOrEmail || m.email === key);
  if (!member) throw new AppError('not_found', `no person ${idOrEmail} in this workspace`);
  return member;
}

/** 409 when taking the role `from` away would leave the workspace without an owner. */
export async function keepAnOwner(ctx: OperationContext, member: Member, to: Role | undefined): Promise<void> {
  if (member.role !== 'owner' || to === 'owner') return;
  const owners = (await ctx.store.listMembers(ctx.workspaceId)).filter((m) => m.role === 'owner');
  if (owners.length <= 1) throw new AppError('conflict', `${member.email} is the workspace's last owner: make another person owner first`);
}

/** The CLI or HTTP spelling of an input key in errors. */
export function fieldOf(ctx: OperationContext, key: string): string {
  return ctx.surface === 'cli' ? `--${key.replace(/_/g, '-')}` : `body.${key}`;
}
