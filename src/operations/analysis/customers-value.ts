/**
 * Customer value as operations: the CLV answer sized by the picture (`GET /v1/customers/clv`: the fit,
 * the total and the distribution binned on the server, issue 14), the per-customer predictions only
 * through the paged export (`GET /v1/customers/clv/customers`, which `roilens clv predict --db` reads
 * page by page), and LTV:CAC by acquisition channel (`GET /v1/customers/ltv-cac`).
 * `roilens clv fit|predict` stay in cli/commands/clv.ts: they also fit a transactions CSV (no database).
 */
import { z } from 'zod';
import { clvCustomersPage, clvSortKey, clvSummaryReport, ltvCacReport } from '../../reports/customers/customers.js';
import { AppError } from '../../shared/errors.js';
import { defineOperation } from '../core/define.js';
import { day } from '../core/shapes.js';
import { alias, int } from './customers.js';

const tags = ['customers'];

const clvInput = {
  horizon: int(1, 3650).describe('days of the prediction, default 90'),
  model: z.enum(['bgnbd', 'pareto']).optional().describe('the frequency model, default bgnbd'),
  time_unit: z.enum(['day', 'week']).optional().describe('the unit the model is fitted in, default week'),
  calibration_end: day.optional().describe('last day of the sales fitted (default the last sale)'),
  discount_rate: z.coerce.number().min(0).max(10).optional().describe('discount rate per 30-day month, default 0.01'),
};

const numbers = z.object({ r: z.number(), alpha: z.number() });

export const clvFitSchema = z.object({
  model: z.enum(['bgnbd', 'pareto']),
  params: z.union([numbers.extend({ a: z.number(), b: z.number() }), numbers.extend({ s: z.number(), beta: z.number() })]).describe('BG/NBD r, alpha, a, b or Pareto/NBD r, alpha, s, beta'),
  stderr: z.record(z.string(), z.number().nullable()).describe('standard errors of the parameters (null where the Hessian gives none)'),
  loglik: z.number(),
  gamma_gamma: z.object({ p: z.number(), q: z.number(), v: z.number() }).nullable().describe('the spend model; null when fewer than 3 customers have repeat purchases with positive value'),
  time_unit: z.enum(['day', 'week']),
  calibration_end: z.string(),
  customers: z.number(),
  converged: z.boolean(),
});

const bins = <T extends z.ZodType>(edge: T, description: string) =>
  z.object({ edges: z.array(edge).describe('n + 1 edges of n bins: bin i holds edges[i] ≤ value < edges[i + 1], the last bin its upper edge too'), counts: z.array(z.number()).describe('customers per bin') }).describe(description);

export const clvReportSchema = z.object({
  fit: clvFitSchema.describe('the frequency model (and Gamma-Gamma) fit'),
  horizon_days: z.number(),
  currency: z.string().describe('ISO 4217 code of every amount'),
  customers: z.number().describe('customers predicted'),
  total_clv: z.number().describe('predicted CLV summed over every customer'),
  median_clv: z.number().nullable(),
  mean_p_alive: z.number().nullable(),
  likely_alive: z.number().nullable().describe('share of the customers with P(alive) ≥ 0.5'),
  distribution: z.object({
    clv: bins(z.string(), 'predicted CLV in about 24 bins 1, 2 or 5 × 10^k minor units wide; edges are exact decimal amounts'),
    p_alive: bins(z.number(), 'P(alive) in tenths: edges 0, 0.1, …, 1'),
  }),
});

export const customersClvOperation = defineOperation({
  name: 'customers.clv',
  cached: true,
  webType: 'ClvAnswer',
  summary: 'BG/NBD (or Pareto/NBD) + Gamma-Gamma fit, total and distribution of the predicted CLV over a horizon (per customer: /v1/customers/clv/customers)',
  tags,
  scope: 'customers:read',
  http: { method: 'GET', path: '/v1/customers/clv' },
  input: z.object(clvInput),
  output: clvReportSchema,
  cli: { none: 'roilens clv fit (cli/commands/clv.ts) fits a transactions CSV too; on the database it reads this answer\'s fit' },
  handler: async (ctx, input) => {
    await ctx.ingest.drain();
    return clvSummaryReport(ctx.store, ctx.workspaceId, input);
  },
});

export const clvAliasOperation = alias(customersClvOperation, 'clv', '/v1/clv');

const clvCustomer = z.object({ customer_id: z.string(), p_alive: z.number(), expected_purchases: z.number(), clv: z.number() });

/** Most customers one page of the export may hold (`roilens clv predict --db` reads in pages of this many). */
export const clvExportPageLimit = 100_000;

export const customersClvCustomersOperation = defineOperation({
  name: 'customers.clv_customers',
  webType: 'ClvCustomersAnswer',
  summary: 'Export: per customer P(alive), expected purchases and CLV over the horizon, most valuable first, paged (or only the customers named by ids)',
  tags,
  scope: 'customers:read',
  http: { method: 'GET', path: '/v1/customers/clv/customers' },
  input: z.object({
    ...clvInput,
    ids: z.string().max(25_600).optional().describe('comma-separated customer ids (at most 100): only those customers'),
  }),
  output: z.object({
    horizon_days: z.number(),
    currency: z.string(),
    customers: z.array(clvCustomer).describe('most valuable first, then by customer id'),
  }),
  list: { items: 'customers', order: [{ by: clvSortKey, desc: true }, { by: (c) => c.customer_id }], store: true, maxLimit: clvExportPageLimit },
  cli: { none: 'roilens clv predict --db (cli/commands/clv.ts) reads every page of it' },
  // An export of personal data: recorded (its parameters; person ids as pseudonyms).
  audit: { kind: 'export' },
  handler: async (ctx, input) => {
    await ctx.ingest.drain();
    const ids = input.ids === undefined ? undefined : [...new Set(input.ids.split(',').map((id) => id.trim()).filter(Boolean))];
    if (ids && ids.length > 100) throw new AppError('invalid_input', `${ctx.surface === 'cli' ? '--ids' : 'querystring.ids'}: at most 100 ids, got ${ids.length}`, [{ path: ctx.surface === 'cli' ? '--ids' : 'querystring.ids', message: 'at most 100 ids' }]);
    return clvCustomersPage(ctx.store, ctx.workspaceId, { ...input, ids }, ctx.page ?? { after: null, limit: clvExportPageLimit });
  },
});

export const ltvCacReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  period_days: z.number(),
  channels: z.array(z.object({
    channel: z.string(),
    customers: z.number(),
    spend: z.number(),
    cac: z.number().nullable(),
    ltv: z.number().nullable(),
    ltv_cac: z.number().nullable(),
    payback_periods: z.number().nullable(),
    payback_days: z.number().nullable(),
  })),
});

export const customersLtvCacOperation = defineOperation({
  name: 'customers.ltv_cac',
  cached: true,
  webType: 'LtvCacAnswer',
  summary: 'LTV:CAC and payback by acquisition channel',
  tags,
  scope: 'customers:read',
  http: { method: 'GET', path: '/v1/customers/ltv-cac' },
  input: z.object({
    from: day.optional().describe('first day of acquisition (default 29 days before --to)'),
    to: day.optional().describe('last day of acquisition (default the last day with data)'),
    period_days: int(1, 365).describe('payback period length in days'),
  }),
  output: ltvCacReportSchema,
  cli: {
    command: 'customers ltv-cac',
    description: 'LTV:CAC and payback by acquisition channel (CAC = channel spend / new customers it acquired in the range)',
    flags: { from: { value: '<date>' }, to: { value: '<date>' }, period_days: { value: '<days>', default: '30' } },
  },
  handler: async (ctx, input) => {
    await ctx.ingest.drain();
    return ltvCacReport(ctx.store, ctx.workspaceId, input);
  },
});
