/**
 * The programme manager's reports (issue 16), each sized by the programme (a row per partner, paged
 * with a cursor): `GET /v1/partners/leaderboard`, `GET /v1/partners/funnel`, `GET /v1/payouts/due`.
 */
import { z } from 'zod';
import { partnerKinds, partnerStatuses } from '../../records/partners.js';
import { AppError } from '../../shared/errors.js';
import { day } from '../core/shapes.js';
import { defineOperation } from '../core/define.js';
import { resolveRange } from '../../reports/common/date-range.js';
import { partnerLeaderboard, type PartnerShares, type SlugClicks } from '../../reports/partners/leaderboard.js';
import { dataMemoOf } from '../../reports/common/data-memo.js';
import { amountSortKey } from '../../reports/partners/leaderboard-figures.js';
import { recruitmentFunnel } from '../../reports/partners/recruitment-funnel.js';
import { payoutsDue, todayIn } from '../../reports/partners/payouts-due.js';
import { nextPayoutDate } from '../../reports/partners/payout-schedule.js';
import { ledgerOf, partnersOf, programNamed } from '../../reports/partners/partner-report-reads.js';
import { ledgerUpToDate } from '../ledger/ledger-schemas.js';

const program = z.string().min(1).max(100).describe('the programme id');
const programRef = z.object({ id: z.string(), name: z.string(), currency: z.string() });
const share = z.number().min(0).max(1).nullable();

export const partnersLeaderboardOperation = defineOperation({
  name: 'partners.leaderboard',
  summary: "A programme's partners ranked by commissions over a range: server-observed clicks, credited sales, their revenue, commissions net of reversals, earnings per click, roas (revenue ÷ commissions) and roas_after_commissions ((revenue − commissions) ÷ commissions), mean fraud score, and each partner's share of the touched sales' revenue under last click and under the data-driven (Markov) model",
  tags: ['partners'],
  scope: 'partners:read',
  http: { method: 'GET', path: '/v1/partners/leaderboard' },
  input: z.object({ program, from: day.optional().describe('first local day (default 29 days before to)'), to: day.optional().describe('last local day (default the last day with data)') }),
  output: z.object({
    program: programRef,
    from: z.string(),
    to: z.string(),
    model: z.literal('markov').describe('the data-driven model of data_driven_share'),
    partners: z.array(z.object({
      partner_id: z.string(), name: z.string(), kind: z.enum(partnerKinds), status: z.enum(partnerStatuses),
      clicks: z.number().int(), conversions: z.number().int(),
      revenue: z.string().describe("credited sales' revenue in the programme currency (order amount × the partner's share), before refunds"),
      commissions: z.string().describe('earned in the range net of reversals and clawbacks'),
      earnings_per_click: z.string().nullable().describe('commissions ÷ clicks'),
      roas: z.number().nullable().describe('revenue ÷ commissions'),
      roas_after_commissions: z.number().nullable().describe('(revenue − commissions) ÷ commissions'),
      fraud_score: z.number().int().nullable().describe("mean fraud score (0–100) of the partner's scored commissions"),
      last_click_share: share.describe("the partner's share of the touched sales' revenue under last click"),
      data_driven_share: share.describe('the same under the data-driven (Markov) model'),
    })),
  }),
  list: { items: 'partners', order: [{ by: (r) => amountSortKey(r.commissions), desc: true }, { by: (r) => r.partner_id }] },
  webType: 'PartnersLeaderboardAnswer',
  cli: {
    command: 'partners leaderboard',
    description: "rank a programme's partners (clicks, sales, revenue, commissions, EPC, ROAS after commissions, fraud, last-click vs data-driven share)",
    formats: ['table', 'json', 'csv'],
    flags: { program: { value: '<id>', required: true }, from: { value: '<date>' }, to: { value: '<date>' } },
  },
  handler: async (ctx, input) => {
    // Up to the stored conversions first, as every ledger read (a sale since the last sync counts); idle, the sync answers from its memo.
    await ledgerUpToDate(ctx);
    // The shares (every fact page of the range and a Markov fit) and the link clicks (a pass over the events) kept while the workspace's data is unchanged.
    return partnerLeaderboard(ctx.store, ctx.workspaceId, input, ctx.store, {
      shares: dataMemoOf<PartnerShares>(ctx.store, 'partners.leaderboard.shares'),
      clicks: dataMemoOf<SlugClicks>(ctx.store, 'partners.leaderboard.clicks'),
    });
  },
});

export const partnersFunnelOperation = defineOperation({
  name: 'partners.funnel',
  summary: 'The recruitment funnel: partners who applied in the range (optionally of one programme), how many were approved and how many made a first sale, with rates and median days per step',
  tags: ['partners'],
  scope: 'partners:read',
  http: { method: 'GET', path: '/v1/partners/funnel' },
  input: z.object({ program: program.optional(), from: day.optional(), to: day.optional() }),
  output: z.object({
    from: z.string(),
    to: z.string(),
    steps: z.array(z.object({ step: z.enum(['applied', 'approved', 'first_sale']), count: z.number().int(), rate: z.number().nullable(), median_days: z.number().nullable() })),
  }),
  webType: 'PartnersFunnelAnswer',
  cli: { command: 'partners funnel', description: 'applied → approved → first sale: counts, rates and median days', formats: ['table', 'json', 'csv'], flags: { program: { value: '<id>' }, from: { value: '<date>' }, to: { value: '<date>' } } },
  handler: async (ctx, input) => {
    const workspace = await ctx.store.getWorkspace(ctx.workspaceId);
    if (!workspace) throw new AppError('not_found', `no workspace ${ctx.workspaceId}`);
    if (input.program) await programNamed(ctx.store, ctx.workspaceId, input.program, 'program');
    // A first sale since the last sync counts: the ledger is brought up to the stored conversions first.
    await ledgerUpToDate(ctx);
    const { from, to } = await resolveRange(ctx.store, ctx.workspaceId, input.from, input.to);
    const partners = await partnersOf(ctx.store, ctx.workspaceId, input.program);
    const entries = await ledgerOf(ctx.store, ctx.workspaceId, input.program ? { program_id: input.program } : {});
    return { from, to, steps: recruitmentFunnel(partners, entries, { from, to, timeZone: workspace.timezone }) };
  },
});

export const payoutsDueOperation = defineOperation({
  name: 'payouts.due',
  summary: "Per partner of a programme, the approved balance net of clawbacks against the programme's minimum (due or carried over), pending and held amounts, and the next payout date of its schedule (weekly: Mondays, monthly: the 1st, manual: none)",
  tags: ['partners'],
  scope: 'partners:read',
  http: { method: 'GET', path: '/v1/payouts/due' },
  input: z.object({ program, only_due: z.enum(['true', 'false']).optional().describe('true: only partners at or over the minimum') }),
  output: z.object({
    program: programRef,
    minimum: z.string(),
    schedule: z.enum(['weekly', 'monthly', 'manual']),
    next_payout: z.string().nullable().describe('the next local day of the schedule (null: manual)'),
    partners: z.array(z.object({ partner_id: z.string(), name: z.string(), approved: z.string(), pending: z.string(), held: z.string(), due: z.boolean() })),
  }),
  list: { items: 'partners', order: [{ by: (r) => r.partner_id }] },
  webType: 'PayoutsDueAnswer',
  cli: {
    command: 'payouts due',
    description: "what each partner would be paid now against the programme's minimum, and the next payout date",
    formats: ['table', 'json', 'csv'],
    flags: { program: { value: '<id>', required: true }, only_due: { value: 'true|false' } },
  },
  handler: async (ctx, input) => {
    const workspace = await ctx.store.getWorkspace(ctx.workspaceId);
    if (!workspace) throw new AppError('not_found', `no workspace ${ctx.workspaceId}`);
    const found = await programNamed(ctx.store, ctx.workspaceId, input.program, 'program');
    // Up to the stored conversions first, as every ledger read (else zeros until the scheduler's next sync).
    await ledgerUpToDate(ctx);
    const now = new Date();
    const [partners, entries] = await Promise.all([partnersOf(ctx.store, ctx.workspaceId, found.id), ledgerOf(ctx.store, ctx.workspaceId, { program_id: found.id })]);
    const rows = payoutsDue(found, partners, entries, now.toISOString());
    return {
      program: { id: found.id, name: found.name, currency: found.currency },
      minimum: found.min_payout,
      schedule: found.payout_schedule,
      next_payout: nextPayoutDate(found.payout_schedule, todayIn(workspace.timezone, now)),
      partners: input.only_due === 'true' ? rows.filter((r) => r.due) : rows,
    };
  },
});
