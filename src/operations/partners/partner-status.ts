/**
 * `POST /v1/partners/:id/approve|suspend|ban` ↔ `roilens partners approve|suspend|ban <id>` (issue 16):
 * a partner's status, applied → approved → suspended → banned. A suspended partner may be approved
 * again; a ban is final. Asking for the status a partner has already changes nothing and answers it;
 * a move the lifecycle does not have is 409 `conflict` naming the status. Each change is in the audit
 * log (before and after) like every write.
 */
import { z } from 'zod';
import type { PartnerStatus } from '../../records/partners.js';
import { AppError } from '../../shared/errors.js';
import { defineOperation, type AnyOperation } from '../core/define.js';
import { partnerAnswer, partnerAnswerSchema } from './partner-schemas.js';
import { partnerOf } from './partner-checks.js';

/** The statuses each action moves a partner from (to its own status: no change). */
const moves: Record<'approve' | 'suspend' | 'ban', { to: PartnerStatus; from: readonly PartnerStatus[]; summary: string }> = {
  approve: { to: 'approved', from: ['applied', 'suspended'], summary: 'Approve a partner (an applicant, or a suspended partner again): its links and coupons earn commissions' },
  suspend: { to: 'suspended', from: ['approved'], summary: 'Suspend an approved partner: nothing new is credited to it until it is approved again' },
  ban: { to: 'banned', from: ['applied', 'approved', 'suspended'], summary: 'Ban a partner (final): nothing is credited to it again' },
};

function statusOperation(action: keyof typeof moves): AnyOperation {
  const move = moves[action];
  return defineOperation({
    name: `partners.${action}`,
    summary: move.summary,
    tags: ['partners'],
    scope: 'partners:write',
    http: { method: 'POST', path: `/v1/partners/:id/${action}` },
    input: z.object({ id: z.string().min(1).max(100) }),
    output: partnerAnswerSchema,
    cli: { command: `partners ${action}`, description: move.summary.split(':')[0].toLowerCase(), args: ['id'], formats: ['table', 'json'] },
    audit: { state: async (ctx, input) => (await ctx.store.getPartner(ctx.workspaceId, input.id)) ?? null },
    handler: async (ctx, input) => {
      const partner = await partnerOf(ctx, input.id);
      if (partner.status === move.to) return partnerAnswer(partner);
      if (!move.from.includes(partner.status)) {
        const why = partner.status === 'banned' ? 'a ban is final' : `only a partner ${move.from.join(' or ')} can be ${move.to}`;
        throw new AppError('conflict', `status: partner ${partner.id} is ${partner.status}; ${why}`, [{ path: 'status', message: `is ${partner.status}; ${why}` }]);
      }
      const updated = await ctx.store.updatePartner(ctx.workspaceId, partner.id, {
        status: move.to,
        ...(move.to === 'approved' && partner.approved_at === null ? { approved_at: new Date().toISOString() } : {}),
      });
      if (!updated || 'conflict' in updated) throw new AppError('not_found', `no partner ${input.id} in this workspace`);
      return partnerAnswer(updated);
    },
  });
}

export const partnerApproveOperation = statusOperation('approve');
export const partnerSuspendOperation = statusOperation('suspend');
export const partnerBanOperation = statusOperation('ban');
