/**
 * The partner portal (issue 16): what a signed-in partner sees of itself. `GET /v1/portal/me` answers
 * its profile, its programme's terms, its tracking links with the URLs to share, and its coupon codes.
 * A person with the role `partner` is always answered their own partner (`principal.person.partnerId`):
 * naming another partner's id is 404, as if it did not exist. A manager (scope `partners:read`) names
 * the partner to see its portal as the partner does. Nothing here is another partner's or a customer's.
 * The ledger and statements pages come with the money (ledger, payouts).
 */
import { z } from 'zod';
import { publicUrl } from '../../config/people-config.js';
import { partnerKinds, partnerStatuses, type Partner } from '../../records/partners.js';
import { AppError, invalid } from '../../shared/errors.js';
import { defineOperation, type OperationContext } from '../core/define.js';

/** The partner the caller may see: a partner person's own (another id: 404), or the one a manager names. */
export async function portalPartner(ctx: OperationContext, named: string | undefined): Promise<Partner> {
  const person = ctx.principal.person;
  if (person?.role === 'partner') {
    const own = person.partnerId;
    const partner = own === null ? undefined : await ctx.store.getPartner(ctx.workspaceId, own);
    if (!partner || (named !== undefined && named !== own)) throw new AppError('not_found', named !== undefined && named !== own ? `no partner ${named}` : 'no partner is linked to your membership: ask the programme manager');
    return partner;
  }
  if (named === undefined) {
    const field = ctx.surface === 'cli' ? '--partner' : 'querystring.partner';
    throw invalid(field, 'name the partner whose portal to see (a partner person sees its own)');
  }
  const partner = await ctx.store.getPartner(ctx.workspaceId, named);
  if (!partner) throw new AppError('not_found', `no partner ${named} in this workspace`);
  return partner;
}

export const portalMeOperation = defineOperation({
  name: 'portal.me',
  summary: 'The partner portal\'s own page: the partner\'s profile, its programme\'s terms, its tracking links with their URLs and its coupon codes (a partner person: its own only)',
  tags: ['partners'],
  scope: 'partners:read',
  portal: true,
  http: { method: 'GET', path: '/v1/portal/me', headers: { 'cache-control': 'no-store' } },
  input: z.object({ partner: z.string().min(1).max(100).optional().describe('a manager names the partner; a partner person sees its own (another id: 404)') }),
  output: z.object({
    partner: z.object({
      id: z.string(), name: z.string(), email: z.string(), kind: z.enum(partnerKinds), status: z.enum(partnerStatuses), group: z.string().nullable(),
      language: z.enum(['en', 'fa', 'vi']), country: z.string().nullable(), created_at: z.string(), approved_at: z.string().nullable(),
    }),
    program: z.object({
      id: z.string(), name: z.string(), currency: z.string(), window_days: z.number().int(), hold_days: z.number().int(), min_payout: z.string(),
      payout_schedule: z.enum(['weekly', 'monthly', 'manual']),
      rules: z.array(z.object({ id: z.string(), event: z.string(), type: z.enum(['percent', 'flat']), amount: z.string(), tiers: z.array(z.object({ min_sales: z.number().int(), amount: z.string() })).optional(), product: z.string().optional(), months: z.number().int().optional() })),
    }).nullable().describe('null when the programme is gone'),
    links: z.array(z.object({ slug: z.string(), url: z.string().describe('the address to share: <server>/c/<slug>'), path: z.string().describe('/c/<slug>'), destination: z.string(), disabled: z.boolean() })),
    coupons: z.array(z.string()),
  }),
  webType: 'PortalMeAnswer',
  cli: { command: 'partners portal', description: 'print a partner\'s portal page as the partner sees it (--partner ID)', formats: ['json', 'table'], flags: { partner: { value: '<id>', required: true } } },
  handler: async (ctx, input) => {
    const partner = await portalPartner(ctx, input.partner);
    const program = await ctx.store.getProgram(ctx.workspaceId, partner.program_id);
    const base = (ctx.http?.origin ?? publicUrl()).replace(/\/+$/, '');
    const links = [];
    for (const slug of partner.links) {
      const link = await ctx.store.getLink(ctx.workspaceId, slug);
      if (link) links.push({ slug, url: `${base}/c/${slug}`, path: `/c/${slug}`, destination: link.destination, disabled: link.disabled });
    }
    return {
      partner: {
        id: partner.id, name: partner.name, email: partner.email, kind: partner.kind, status: partner.status, group: partner.group,
        language: partner.language, country: partner.country, created_at: partner.created_at, approved_at: partner.approved_at,
      },
      program: program
        ? {
            id: program.id, name: program.name, currency: program.currency, window_days: program.window_days, hold_days: program.hold_days,
            min_payout: program.min_payout, payout_schedule: program.payout_schedule,
            rules: program.rules.map((r) => ({ id: r.id, event: r.event, type: r.type, amount: r.amount, ...(r.tiers ? { tiers: r.tiers } : {}), ...(r.product !== undefined ? { product: r.product } : {}), ...(r.months !== undefined ? { months: r.months } : {}) })),
          }
        : null,
      links,
      coupons: partner.coupons,
    };
  },
});
