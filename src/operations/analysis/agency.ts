/**
 * `GET /v1/agency` ↔ `roilens agency` (issue 15): every workspace the caller can see
 * (`visibleWorkspaces`) with its headline KPIs, each from the KPI operation's totals (its result cache
 * included, never the raw events again), in its own currency and converted into a chosen one through
 * the installation's rates table: the default workspace's (`roilens import rates FILE --workspace
 * default`), quoted in its base currency.
 */
import { z } from 'zod';
import { isCurrency } from '../../money/currency.js';
import { defaultWorkspaceId } from '../../records/workspace.js';
import { agencyView, headlineMetrics, type HeadlineTotals, type WorkspaceHeadline } from '../../reports/agency/agency.js';
import { invalid } from '../../shared/errors.js';
import { defineOperation, type OperationContext } from '../core/define.js';
import { invoke } from '../core/invoke.js';
import { day, metricValue } from '../core/shapes.js';
import { visibleWorkspaces } from '../admin/visible-workspaces.js';
import { kpisOperation } from './kpis.js';

const money = z.string().nullable().describe('a decimal string at the currency\'s minor unit; null where undefined or without a rate');
const moneyFigures = z.object({ revenue: money, spend: money, cpa: money });

const agencySchema = z.object({
  from: z.string(),
  to: z.string(),
  currency: z.string().describe('the chosen currency of `converted` and `totals`'),
  rates_table: z.object({ workspace_id: z.string(), base: z.string() }).describe('the installation\'s rates table: the workspace whose table it is and the currency it is quoted in'),
  rates: z.array(z.object({ date: z.string(), from: z.string(), to: z.string(), rate: z.string().describe('one unit of `from` is `rate` units of `to` from `date` on') })).describe('the rows of the table the conversions used (the latest on or before `to`)'),
  workspaces: z.array(z.object({
    id: z.string(), name: z.string(), currency: z.string(), timezone: z.string(), archived_at: z.string().nullable(),
    sessions: z.number(), conversions: z.number(), roas: metricValue,
    own: moneyFigures.describe('in the workspace\'s own currency'),
    converted: moneyFigures.extend({ rate: z.string().nullable().describe('one unit of the workspace currency in the chosen one') }).describe('in the chosen currency; null without a rate'),
  })),
  totals: moneyFigures.extend({ sessions: z.number(), conversions: z.number(), roas: metricValue }).describe('every workspace summed in the chosen currency; money null when a workspace has no rate'),
  warnings: z.array(z.string()).describe('missing rates and each workspace\'s KPI warnings'),
});

export const agencyOperation = defineOperation({
  name: 'agency.report',
  summary: 'Every workspace the caller can see with its headline KPIs (sessions, conversions, revenue, spend, ROAS, CPA) in its own currency and converted into a chosen one through the installation\'s rates table',
  tags: ['kpis'],
  scope: 'kpis:read',
  http: { method: 'GET', path: '/v1/agency' },
  input: z.object({
    from: day.describe('first day (YYYY-MM-DD), in each workspace\'s own time zone'),
    to: day.describe('last day (YYYY-MM-DD); conversions use the rates on or before it'),
    currency: z.string().max(8).optional().describe('ISO 4217 currency to convert into (default: the rates table\'s base currency)'),
  }),
  output: agencySchema,
  webType: 'AgencyAnswer',
  cli: {
    command: 'agency',
    description: 'every workspace\'s headline KPIs side by side, in its own currency and in --currency',
    flags: { from: { value: '<date>', required: true }, to: { value: '<date>', required: true }, currency: { value: '<code>' } },
    print: (answer, format, _input, { printResult }) => {
      if (format === 'json') return printResult(answer, 'json');
      const rows = answer.workspaces.map((w) => ({
        workspace: w.name, currency: w.currency, sessions: w.sessions, conversions: w.conversions, revenue: w.own.revenue, spend: w.own.spend, roas: w.roas, cpa: w.own.cpa,
        [`revenue_${answer.currency}`]: w.converted.revenue, [`spend_${answer.currency}`]: w.converted.spend, [`cpa_${answer.currency}`]: w.converted.cpa,
      }));
      printResult({ rows: [...rows, { workspace: 'TOTAL', currency: answer.currency, sessions: answer.totals.sessions, conversions: answer.totals.conversions, roas: answer.totals.roas, [`revenue_${answer.currency}`]: answer.totals.revenue, [`spend_${answer.currency}`]: answer.totals.spend, [`cpa_${answer.currency}`]: answer.totals.cpa }] }, format);
      if (format === 'table') for (const r of answer.rates) process.stderr.write(`rate: ${r.date} 1 ${r.from} = ${r.rate} ${r.to}\n`);
      for (const w of answer.warnings) process.stderr.write(`warning: ${w}\n`);
    },
  },
  handler: async (ctx, input) => {
    const fieldOf = (key: string) => (ctx.surface === 'cli' ? `--${key}` : `querystring.${key}`);
    if (input.from > input.to) throw invalid(fieldOf('from'), `must be on or before to (${input.to})`);
    const owner = await ctx.store.getWorkspace(defaultWorkspaceId);
    const table = { workspace_id: defaultWorkspaceId, base: owner?.currency ?? 'EUR', rates: owner ? await ctx.store.listRates(defaultWorkspaceId) : [] };
    const currency = (input.currency ?? table.base).toUpperCase();
    if (!isCurrency(currency)) throw invalid(fieldOf('currency'), 'must be an ISO 4217 currency code, e.g. EUR, IRR or VND');
    const headlines: WorkspaceHeadline[] = [];
    for (const workspace of await visibleWorkspaces(ctx.principal, ctx.store)) headlines.push(await headlineOf(ctx, workspace, input));
    return agencyView({ from: input.from, to: input.to, currency, table, headlines });
  },
});

/** One workspace's totals from the KPI operation (the same answer `GET /v1/kpis` gives, from its cache when fresh). */
async function headlineOf(ctx: OperationContext, workspace: WorkspaceHeadline['workspace'], range: { from: string; to: string }): Promise<WorkspaceHeadline> {
  const input = { from: range.from, to: range.to, compare: 'none', metrics: headlineMetrics.join(',') };
  const report = (await invoke(kpisOperation, { ...ctx, workspaceId: workspace.id }, input, (k) => k)) as z.output<typeof kpisOperation.output>;
  return { workspace, totals: report.totals as Partial<HeadlineTotals>, warnings: report.warnings };
}
