/** `GET /v1/kpis` ↔ `roilens kpi`: every KPI by a dimension for a date range, with the previous period. */
import { z } from 'zod';
import { attributionModels } from '../../attribution/paths/types.js';
import { kpiDimensions } from '../../metrics/kpi-query.js';
import type { KpiReport } from '../../metrics/kpi-report.js';
import { kpiReport } from '../../reports/kpi/kpi.js';
import { defineOperation } from '../core/define.js';
import { day, given, metricValue } from '../core/shapes.js';

/** The metrics a table shows when `--metrics` is not given (json and csv print all). */
const tableMetrics = ['spend', 'impressions', 'clicks', 'sessions', 'leads', 'conversions', 'cpa', 'revenue', 'roas', 'roi'];

const paidTotals = z.object({
  spend: metricValue, revenue: metricValue, roas: metricValue, roi: metricValue, cpa: metricValue,
  channels: z.array(z.string()).describe('the channels with spend these figures cover'),
});

export const kpiReportSchema = z.object({
  by: z.enum(kpiDimensions).nullable(),
  from: z.string(),
  to: z.string(),
  currency: z.string(),
  attribution: z.string().describe('the attribution model that credited conversions and revenue'),
  calendar: z.enum(['gregorian', 'jalali']).describe('week and month rows follow it: jalali months are keyed 1405-09'),
  rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
  totals: z.object({ paid: paidTotals.optional() }).catchall(metricValue),
  previous: z.object({ from: z.string(), to: z.string(), totals: z.record(z.string(), metricValue), change: z.record(z.string(), metricValue) }).optional(),
  warnings: z.array(z.string()),
  fresh_as_of: z.string().optional().describe('when the aggregates these figures come from were last brought up to date with the events (ISO 8601, UTC): the freshness a page shows; absent when computed from the raw events'),
});

export const kpisOperation = defineOperation({
  name: 'kpis.report',
  cached: true,
  summary: 'Every KPI by a dimension for a date range, with the previous period',
  tags: ['kpis'],
  scope: 'kpis:read',
  http: { method: 'GET', path: '/v1/kpis' },
  input: z.object({
    by: z.enum([...kpiDimensions, 'total']).optional().describe('group rows by this dimension'),
    from: day.optional().describe('first day (YYYY-MM-DD); default 29 days before to'),
    to: day.optional().describe('last day (YYYY-MM-DD); default the last day with data'),
    compare: z.enum(['previous', 'none']).optional().describe('previous|none: compare with the previous period'),
    metrics: z.string().optional().describe('comma-separated metric names (default: all)'),
    lookback: z.coerce.number().int().min(1).max(365).optional().describe('last-click lookback window in days (default 30)'),
    model: z.enum(attributionModels).optional().describe('attribution model of conversions and revenue, with by=channel|campaign|ad (default last-non-direct)'),
  }),
  output: kpiReportSchema,
  webType: 'KpisAnswer',
  cli: {
    command: 'kpi',
    description: 'Every KPI by channel, campaign, ad, source_medium, landing_page, country, device, day, week or month',
    flags: {
      by: { value: '<dimension>', default: 'channel' },
      from: { value: '<date>' },
      to: { value: '<date>' },
      metrics: { value: '<list>', description: 'comma-separated metric names (default: all in json/csv, the main ones in a table)' },
      compare: { value: '<mode>', default: 'previous' },
      lookback: { value: '<days>', description: 'last-click lookback window in days', default: '30' },
      model: { value: '<model>', description: 'attribution model of conversions and revenue with --by channel|campaign|ad (default last-non-direct)' },
    },
    input: (opts, format) => {
      const { by, from, to, compare, lookback, model } = opts;
      return given({ by, from, to, compare, lookback, model, metrics: opts.metrics ?? (format === 'table' ? tableMetrics.join(',') : undefined) });
    },
    print: (report, format, _input, { printResult }) => {
      if (format !== 'table') return printResult(report, format);
      const { paid, ...totals } = report.totals;
      const totalRow = { [report.by ?? 'total']: 'TOTAL', ...totals };
      const paidRow = paid ? [{ [report.by ?? 'total']: 'PAID CHANNELS', spend: paid.spend, revenue: paid.revenue, cpa: paid.cpa, roas: paid.roas, roi: paid.roi }] : [];
      printResult({ rows: [...report.rows, totalRow, ...paidRow] }, 'table');
      for (const w of report.warnings) process.stderr.write(`warning: ${w}\n`);
    },
  },
  // A share link may show it, with the filters stored in the link (share-links.ts).
  share: { vary: [] },
  // `invoke` drains the accepted events into the store before a cached operation (this one) runs.
  handler: async (ctx, input) =>
    // KpiTotals' index signature (metrics, or `paid`) is looser than its JSON; answers are checked against the schema in tests.
    (await kpiReport(ctx.store, ctx.workspaceId, input)) as KpiReport as z.input<typeof kpiReportSchema>,
});
