/**
 * Customer analysis as operations (issue 13 #1): RFM, cohorts, the CRM funnel and one person's profile,
 * each `GET /v1/customers/…` ↔ its `roilens` command from one definition (CLV and LTV:CAC: customers-value.ts).
 * `GET /v1/cohorts` and `GET /v1/clv` (the paths issue 5 names) answer as their `/v1/customers/…` twins.
 * `roilens rfm` and `roilens clv fit|predict` stay in cli/commands/clv.ts: they also read a transactions
 * CSV (no database) and print a part of the answer; on the store they call these reports.
 */
import { z } from 'zod';
import { noSegment, rfmSegments } from '../../customers/index.js';
import { cohortsReport, customerProfileReport, funnelReport, rfmReport } from '../../reports/customers/customers.js';
import { crmStages } from '../../store/customers.js';
import { defineOperation, type AnyOperation } from '../core/define.js';
import { day } from '../core/shapes.js';
import { storedEventSchema } from '../tracking/events.js';

const tags = ['customers'];
/** An integer from the query string or a flag. */
export const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max).optional();

const rfmSegment = z.enum(rfmSegments);
const rfmOrNone = z.enum([...rfmSegments, noSegment]);

export const rfmReportSchema = z.object({
  as_of: z.string(),
  previous_as_of: z.string(),
  customers: z.number(),
  revenue: z.number(),
  segments: z.array(z.object({ segment: rfmSegment, customers: z.number(), revenue: z.number(), share_of_customers: z.number(), share_of_revenue: z.number() })).describe('customers, revenue and share per named RFM segment'),
  grid: z.array(z.object({ r: z.number(), f: z.number(), customers: z.number(), revenue: z.number() })).describe('the R×F grid: all 25 cells, R descending then F descending'),
  movement: z.array(z.object({ from: rfmOrNone, to: rfmOrNone, customers: z.number() })).describe('customers moving between segments since previous_as_of ("(none)": not a customer then)'),
  top_customers: z.array(z.object({
    customer_id: z.string(),
    recency_days: z.number().describe('days from the last purchase to as_of'),
    frequency: z.number().describe('orders'),
    monetary: z.number().describe('revenue'),
    r: z.number(),
    f: z.number(),
    m: z.number(),
    score: z.string().describe('the three scores joined, e.g. "545"'),
    segment: rfmSegment,
  })).describe('the 20 most valuable customers: by revenue, then orders, then the more recent last purchase'),
});

export const customersRfmOperation = defineOperation({
  name: 'customers.rfm',
  cached: true,
  summary: 'RFM segments, the R×F grid and segment movement',
  tags,
  scope: 'customers:read',
  http: { method: 'GET', path: '/v1/customers/rfm' },
  input: z.object({ as_of: day.optional(), compare_days: int(1, 3650) }),
  output: rfmReportSchema,
  webType: 'RfmAnswer',
  cli: { none: 'roilens rfm (cli/commands/clv.ts) scores a transactions CSV too; on the database it reads this report' },
  handler: async (ctx, input) => {
    await ctx.ingest.drain();
    return rfmReport(ctx.store, ctx.workspaceId, input);
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
  cached: true,
  summary: 'Retention and cumulative revenue per customer by acquisition month or week, or by acquisition channel',
  tags,
  scope: 'customers:read',
  http: { method: 'GET', path: '/v1/customers/cohorts' },
  input: z.object({
    period: z.enum(['month', 'week']).optional().describe('month or week'),
    by: z.enum(['channel', 'campaign']).optional().describe('channel or campaign: one row per acquisition channel (campaign)'),
  }),
  output: cohortsReportSchema,
  webType: 'CohortsAnswer',
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
  // A share link may show it, with the filters stored in the link (share-links.ts).
  share: { vary: [] },
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
  cached: true,
  webType: 'FunnelAnswer',
  summary: 'CRM funnel (lead → MQL → SQL → opportunity → customer) with cost per MQL and SQL',
  tags,
  scope: 'customers:read',
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
  events: z.array(storedEventSchema).describe("the person's events on every device, oldest first (the last 500)"),
});

export const customerProfileOperation = defineOperation({
  name: 'customers.profile',
  cached: true,
  summary: 'A customer profile and journey',
  tags,
  scope: 'customers:read',
  http: { method: 'GET', path: '/v1/customers/:id' },
  input: z.object({ id: z.string().min(1).max(256) }),
  output: customerProfileSchema,
  webType: 'CustomerAnswer',
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
    return customerProfileReport(ctx.store, ctx.workspaceId, input.id);
  },
});

/** The same operation at another path (the paths issue 5 names), with no command of its own. */
export function alias(op: AnyOperation, name: string, path: string): AnyOperation {
  return { ...op, name, http: { ...op.http, path }, webType: undefined, cli: { none: `the same answer as ${op.http.path} (roilens ${'command' in op.cli ? op.cli.command : 'clv'})` } };
}

export const cohortsAliasOperation = alias(customersCohortsOperation, 'cohorts', '/v1/cohorts');
