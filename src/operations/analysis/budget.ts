/** `GET /v1/budget/funnel` ↔ `roilens budget funnel`: the funnel planner prefilled from the workspace's own data. */
import { z } from 'zod';
import { budgetFunnel } from '../../reports/budget/budget.js';
import { defineOperation } from '../core/define.js';
import { day } from '../core/shapes.js';

/** A non-negative number from the query string or a flag. */
const amount = (description: string) => z.coerce.number().min(0).optional().describe(description);

const message = z.object({
  id: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  text: z.string().describe('English wording (CLI, logs)'),
  because: z.object({ id: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])), text: z.string() }).optional(),
});

const assumption = z.object({
  value: z.number().nullable(),
  source: z.enum(['kpis', 'crm', 'override', 'missing']),
  basis: z.string().describe('how the value was computed (English)'),
  basis_message: message,
  capped_from: z.number().optional().describe('the ratio before it was capped at 1'),
});

const funnelKeys = ['cpm', 'ctr', 'visit_rate', 'cvr', 'close_rate', 'sales_rate', 'aov'] as const;

export const budgetFunnelSchema = z.object({
  from: z.string(),
  to: z.string(),
  mode: z.enum(['goal_seek', 'forward']),
  path: z.enum(['leads', 'visits']).describe('leads: visits → leads → sales; visits: sales per visit, leads beside'),
  path_basis: z.string(),
  path_message: message,
  assumptions: z.object(Object.fromEntries(funnelKeys.map((k) => [k, assumption])) as Record<(typeof funnelKeys)[number], typeof assumption>),
  paid_channels: z.array(z.string()),
  stages: z.array(z.object({ stage: z.string(), value: z.number() })),
  budget: z.number(),
  impressions: z.number(),
  clicks: z.number(),
  visits: z.number(),
  leads: z.number(),
  customers: z.number(),
  revenue: z.number(),
  cpa: z.number().nullable(),
  roas: z.number().nullable(),
});

export const budgetFunnelOperation = defineOperation({
  name: 'budget.funnel',
  cached: true,
  summary: 'Funnel planner: budget → impressions → clicks → visits → (leads →) sales → revenue, prefilled from the last 30 days of paid KPIs and CRM leads',
  tags: ['budget'],
  scope: 'budget:read',
  http: { method: 'GET', path: '/v1/budget/funnel' },
  input: z.object({
    from: day.optional(),
    to: day.optional(),
    target_sales: amount('budget that reaches this many sales'),
    target_revenue: amount('budget that reaches this revenue'),
    target_leads: amount('budget that reaches this many leads'),
    budget: amount('run this budget down the funnel'),
    cpm: amount('override: cost per 1000 impressions'),
    ctr: amount('override: clicks per impression'),
    visit_rate: amount('override: visits per click'),
    cvr: amount('override: leads per visit'),
    close_rate: amount('override: sales per lead (the leads path)'),
    sales_rate: amount('override: sales per visit (the visits path)'),
    path: z.enum(['leads', 'visits']).optional().describe('leads: visits → leads → sales; visits: visits → sales with leads beside (default: leads when at least half the paid sales were by leads of the window)'),
    aov: amount('override: revenue per sale'),
  }),
  output: budgetFunnelSchema,
  webType: 'BudgetFunnelAnswer',
  cli: {
    command: 'budget funnel',
    description: 'the funnel planner on the database: assumptions prefilled from the last 30 days of paid KPIs and CRM leads (flags override them); at most one of --budget and the --target-* flags (none: the current spend)',
    flags: { from: { value: '<date>' }, to: { value: '<date>' } },
    print: (report, format, _input, { printResult }) => {
      if (format !== 'table') return printResult(report, format);
      printResult({ stages: report.stages }, 'table');
      process.stdout.write(`\n${report.mode === 'goal_seek' ? 'goal seek' : 'forward'} over ${report.from} – ${report.to}, path ${report.path}; cpa ${report.cpa ?? '—'}, roas ${report.roas ?? '—'}\n`);
      for (const [key, a] of Object.entries(report.assumptions)) process.stdout.write(`- ${key}: ${a.value ?? '—'} (${a.source}: ${a.basis})\n`);
    },
  },
  handler: async (ctx, input) => {
    await ctx.ingest.drain();
    return budgetFunnel(ctx.store, ctx.workspaceId, input);
  },
});
