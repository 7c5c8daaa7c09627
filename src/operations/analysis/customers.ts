/**
 * Customer analysis as operations (issue 13 #1): RFM, cohorts, the CRM funnel, CLV, LTV:CAC and one
 * person's profile, each `GET /v1/customers/…` ↔ its `roilens` command from one definition.
 * `GET /v1/cohorts` and `GET /v1/clv` (the paths issue 5 names) answer as their `/v1/customers/…` twins.
 * `roilens rfm` and `roilens clv fit|predict` stay in cli/commands/clv.ts: they also read a transactions
 * CSV (no database) and print a part of the answer; on the store they call these reports.
 */
import { z } from 'zod';
import { clvReport, cohortsReport, customerProfileReport, funnelReport, ltvCacReport, rfmReport } from '../../reports/customers/customers.js';
import { crmStages } from '../../store/customers.js';
import { defineOperation, type AnyOperation } from '../core/define.js';
import { day } from '../core/shapes.js';

const tags = ['customers'];
/** An integer from the query string or a flag. */
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max).optional();

export const rfmReportSchema = z.object({
  as_of: z.string(),
  previous_as_of: z.string(),
  customers: z.number(),
  revenue: z.number(),
  segments: z.array(z.looseObject({})).describe('customers, revenue and share per named RFM segment'),
  grid: z.array(z.looseObject({})).describe('the R×F grid'),
  movement: z.array(z.looseObject({})).describe('customers moving between segments since previous_as_of'),
  top_customers: z.array(z.looseObject({ customer_id: z.string() })),
});

export const customersRfmOperation = defineOperation({
  name: 'customers.rfm',
  summary: 'RFM segments, the R×F grid and segment movement',
  tags,
  scope: 'admin',
  http: { method: 'GET', path: '/v1/customers/rfm' },
  input: z.object({ as_of: day.optional(), compare_days: int(1, 3650) }),
  output: rfmReportSchema,
  cli: { none: 'roilens rfm (cli/commands/clv.ts) scores a transactions CSV too; on the database it reads this report' },
  handler: async (ctx, input) => {
    await ctx.ingest.drain();
    // The report's interfaces have no index signature; answers are checked against the schema in tests.
    return (await rfmReport(ctx.store, ctx.workspaceId, input)) as unknown as z.input<typeof rfmReportSchema>;
  },
});

export const cohortsReportSchema = z.object({
  period: z.enum(['month', 'week']),
  by: z.enum(['channel', 'campaign']).nullable(),
  cohorts: z.array(z.object({
    cohort: z.string().describe('acquisition period (Monday YYYY-MM-DD or YYYY-MM), or the channel / campaign when grouped'),
    size: z.number(),
    retention: z.array(z.number()).describe('share of the cohort buying in period 0, 1, 2, … after acquisition'),
    revenue_per_customer: z.array(z.number()).describe('cumulative revenue per cohort customer by the end of period 0, 1, 2, …'),
    repeat_purchase_rate: z.number(),
  })),
});

export const customersCohortsOperation = defineOperation({
  name: 'customers.cohorts',
  summary: 'Retention and cumulative revenue per customer by acquisition month or week, or by acquisition channel',
  tags,
  scope: 'admin',
  http: { method: 'GET', path: '/v1/customers/cohorts' },
  input: z.object({
    period: z.enum(['month', 'week']).optional().describe('month or week'),
    by: z.enum(['channel', 'campaign']).optional().describe('channel or campaign: one row per acquisition channel (campaign)'),
  }),
  output: cohortsReportSchema,
  cli: {
    command: 'cohorts',
    description: 'retention and cumulative revenue per customer by acquisition month or week, or by acquisition channel',
    flags: { period: { value: '<period>', default: 'month' }, by: { value: '<group>' } },
    print: (report, format, _input, { printResult }) => {
      if (format === 'json') return printResult(report, format);
      const rows = report.cohorts.map((c) => {
        const row: Record<string, unknown> = { cohort: c.cohort, size: c.size };
        c.retention.forEach((r, k) => (row[`p${k}`] = `${(r * 100).toFixed(1)}%`));
        return row;
      });
      printResult({ rows }, format);
    },
  },
  handler: async (ctx, input) => {
    await ctx.ingest.drain();
    return cohortsReport(ctx.store, ctx.workspaceId, input);
  },
});

const funnelStage = z.object({
  stage: z.enum(crmStages),
  count: z.number(),
  rate_from_previous: z.number().nullable(),
  median_days: z.number().nullable(),
});

export const funnelReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  by: z.enum(['channel', 'campaign']).nullable(),
  stages: z.array(funnelStage),
  spend: z.number(),
  mqls_in_range: z.number(),
  sqls_in_range: z.number(),
  cost_per_mql: z.number().nullable(),
  cost_per_sql: z.number().nullable(),
  rows: z.array(z.object({
    key: z.string(),
    channel: z.string().optional(),
    stages: z.array(funnelStage),
    spend: z.number(),
    cost_per_mql: z.number().nullable(),
    cost_per_sql: z.number().nullable(),
  })),
});

export const customersFunnelOperation = defineOperation({
  name: 'customers.funnel',
  webType: 'FunnelAnswer',
  summary: 'CRM funnel (lead → MQL → SQL → opportunity → customer) with cost per MQL and SQL',
  tags,
  scope: 'admin',
  http: { method: 'GET', path: '/v1/customers/funnel' },
  input: z.object({
    from: day.optional().describe('first day leads were created (default 29 days before --to)'),
    to: day.optional().describe('last day (default the last day with data)'),
    by: z.enum(['channel', 'campaign', 'total']).optional().describe('channel or campaign (rows per credited channel or campaign)'),
  }),
  output: funnelReportSchema,
  cli: {
    command: 'funnel',
    description: 'CRM funnel: lead → MQL → SQL → opportunity → customer, rates, median days, cost per MQL and SQL',
    flags: { from: { value: '<date>' }, to: { value: '<date>' }, by: { value: '<group>' } },
    print: (report, format, _input, { printResult }) => {
      if (format === 'json') return printResult(report, format);
      printResult({ rows: report.stages }, format);
      if (format === 'table') process.stdout.write(`spend ${report.spend.toFixed(2)}; cost per MQL ${report.cost_per_mql?.toFixed(2) ?? '—'}; cost per SQL ${report.cost_per_sql?.toFixed(2) ?? '—'}\n`);
    },
  },
  handler: async (ctx, input) => {
    await ctx.ingest.drain();
    return funnelReport(ctx.store, ctx.workspaceId, input);
  },
});

export const clvReportSchema = z.object({
  fit: z.looseObject({ params: z.record(z.string(), z.number()) }).describe('the frequency model (and Gamma-Gamma) fit'),
  horizon_days: z.number(),
  total_clv: z.number(),
  customers: z.array(z.looseObject({ customer_id: z.string(), clv: z.number() })).describe('most valuable first, at most limit'),
});

export const customersClvOperation = defineOperation({
  name: 'customers.clv',
  summary: 'BG/NBD (or Pareto/NBD) + Gamma-Gamma fit and per-customer CLV over a horizon',
  tags,
  scope: 'admin',
  http: { method: 'GET', path: '/v1/customers/clv' },
  input: z.object({
    horizon: int(1, 3650),
    model: z.enum(['bgnbd', 'pareto']).optional(),
    time_unit: z.enum(['day', 'week']).optional(),
    calibration_end: day.optional(),
    discount_rate: z.coerce.number().min(0).max(10).optional(),
    limit: int(1, 1_000_000),
  }),
  output: clvReportSchema,
  cli: { none: 'roilens clv fit|predict (cli/commands/clv.ts) fit a transactions CSV too and print the fit or the customers; on the database they read this report' },
  handler: async (ctx, input) => {
    await ctx.ingest.drain();
    return (await clvReport(ctx.store, ctx.workspaceId, { ...input, limit: input.limit ?? 1000 })) as unknown as z.input<typeof clvReportSchema>;
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
  webType: 'LtvCacAnswer',
  summary: 'LTV:CAC and payback by acquisition channel',
  tags,
  scope: 'admin',
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

export const customerProfileSchema = z.object({
  profile: z.object({
    customer_id: z.string(),
    anonymous_ids: z.array(z.string()),
    first_seen: z.string().nullable(),
    last_seen: z.string().nullable(),
    first_touch: z.object({ channel: z.string(), campaign: z.string() }).nullable(),
    acquisition: z.object({ channel: z.string(), campaign: z.string(), date: z.string() }).nullable(),
    orders: z.number(),
    revenue: z.number(),
    country: z.string().nullable(),
    city: z.string().nullable(),
    device: z.string().nullable(),
    language: z.string().nullable(),
    email_hash: z.string().nullable(),
    traits: z.record(z.string(), z.unknown()),
  }),
  events: z.array(z.looseObject({})).describe("the person's events on every device, oldest first"),
});

export const customerProfileOperation = defineOperation({
  name: 'customers.profile',
  summary: 'A customer profile and journey',
  tags,
  scope: 'admin',
  http: { method: 'GET', path: '/v1/customers/:id' },
  input: z.object({ id: z.string().min(1).max(256) }),
  output: customerProfileSchema,
  cli: {
    command: 'customers profile',
    description: 'one person: devices, first touch, acquisition channel, orders, revenue, traits and journey',
    args: ['id'],
    print: (report, format, _input, { printResult }) => {
      if (format === 'json') return printResult(report, format);
      const { traits, ...profile } = report.profile;
      printResult({ rows: [{ ...profile, anonymous_ids: profile.anonymous_ids.join(' '), traits: JSON.stringify(traits) }] }, format);
    },
  },
  handler: async (ctx, input) => {
    await ctx.ingest.drain();
    return (await customerProfileReport(ctx.store, ctx.workspaceId, input.id)) as unknown as z.input<typeof customerProfileSchema>;
  },
});

/** The same operation at another path (the paths issue 5 names), with no command of its own. */
function alias(op: AnyOperation, name: string, path: string): AnyOperation {
  return { ...op, name, http: { ...op.http, path }, webType: undefined, cli: { none: `the same answer as ${op.http.path} (roilens ${'command' in op.cli ? op.cli.command : 'clv'})` } };
}

export const cohortsAliasOperation = alias(customersCohortsOperation, 'cohorts', '/v1/cohorts');
export const clvAliasOperation = alias(customersClvOperation, 'clv', '/v1/clv');
