/**
 * What a partner's links, coupons and parent must be before the partner is stored (issue 16, "Bad
 * input"): each link a tracking link of the workspace; a link or coupon held by another partner is
 * refused by the store as a whole (one unique key each: 409 naming the slug's or code's field); the
 * parent a partner of the same programme that is not this one or its child.
 */
import type { Partner } from '../../records/partners.js';
import type { PartnerConflict } from '../../store/ports/partner-ledger.js';
import { AppError } from '../../shared/errors.js';
import type { OperationContext } from '../core/define.js';
import { fieldError } from './fields.js';

/** Every partner of the workspace, read page by page (id order). */
export async function everyPartner(ctx: OperationContext, programId?: string): Promise<Partner[]> {
  const all: Partner[] = [];
  for (;;) {
    const page = await ctx.store.listPartners(ctx.workspaceId, { ...(programId ? { program_id: programId } : {}), after: all.at(-1)?.id, limit: 1000 });
    all.push(...page);
    if (page.length < 1000) return all;
  }
}

/** The workspace's partner `id`, or 404 (another workspace's partner is not found either). */
export async function partnerOf(ctx: OperationContext, id: string): Promise<Partner> {
  const partner = await ctx.store.getPartner(ctx.workspaceId, id);
  if (!partner) throw new AppError('not_found', `no partner ${id} in this workspace`);
  return partner;
}

/** `values` without repeats, in their first order. */
export const distinct = <T>(values: readonly T[]): T[] => [...new Set(values)];

/**
 * Refuses a slug that is no tracking link of the workspace (400 naming `links.N`). A slug that
 * credits another partner is refused by the store when the partner is written (`storedOrConflict`):
 * a check here, read before the write, would let two partners created at once both take it.
 */
export async function checkLinks(ctx: OperationContext, links: readonly string[]): Promise<void> {
  for (const [n, slug] of links.entries()) {
    if (!(await ctx.store.getLink(ctx.workspaceId, slug))) throw fieldError(ctx, 'invalid_input', ['links', n], `no tracking link "${slug}" in this workspace (create it first: POST /v1/links)`);
  }
}

/** Refuses a parent that is not a partner of the programme, is the partner itself, or has it as its own parent. */
export async function checkParent(ctx: OperationContext, parentId: string | null | undefined, programId: string, self: string | undefined): Promise<void> {
  if (parentId === null || parentId === undefined) return;
  if (parentId === self) throw fieldError(ctx, 'invalid_input', ['parent'], 'a partner cannot be its own parent');
  const parent = await ctx.store.getPartner(ctx.workspaceId, parentId);
  if (!parent) throw fieldError(ctx, 'not_found', ['parent'], `no partner ${parentId} in this workspace`);
  if (parent.program_id !== programId) throw fieldError(ctx, 'invalid_input', ['parent'], `partner ${parentId} is in programme ${parent.program_id}, not ${programId}: an override pays within one programme`);
  if (self !== undefined && parent.parent_id === self) throw fieldError(ctx, 'invalid_input', ['parent'], `partner ${parentId} has this partner as its parent: overrides are two levels, not a loop`);
}

/** A stored partner, or the store's conflict as 409 naming the field of the link or coupon another partner holds. */
export function storedOrConflict(ctx: OperationContext, result: Partner | PartnerConflict, given: { links?: readonly string[]; coupons?: readonly string[] }): Partner {
  if (!('conflict' in result)) return result;
  if (result.conflict === 'link') {
    const n = Math.max(0, (given.links ?? []).indexOf(result.value));
    throw fieldError(ctx, 'conflict', ['links', n], `the link "${result.value}" credits another partner already`);
  }
  const n = Math.max(0, (given.coupons ?? []).findIndex((c) => c.toUpperCase() === result.value.toUpperCase()));
  throw fieldError(ctx, 'conflict', ['coupons', n], `the coupon ${result.value} is held by another partner`);
}
