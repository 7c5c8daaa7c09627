/**
 * `GET|POST /v1/budget/fit`, `GET|POST /v1/budget/plan`: the marketing-mix model and the plan made from it,
 * on the workspace's own data; the POSTs also take extra holidays and lift measurements (calibration).
 * `roilens budget fit|optimize --db` run them by name (in process or through these routes); the same
 * commands also fit a CSV (`--data`), so they stay written by hand around these.
 */
import { z } from 'zod';
import type { MmmFit } from '../../budget/index.js';
import { budgetFit, budgetPlan, type FitMemo } from '../../reports/budget/budget.js';
import type { Store } from '../../store/store.js';
import { defineOperation } from '../core/define.js';
import { day } from '../core/shapes.js';

/** Fits kept for a few minutes; the key holds range, outcome and data version, so new data misses the cache. */
class TtlMemo implements FitMemo {
  private readonly entries = new Map<string, { fit: MmmFit; expires: number }>();
  constructor(private readonly ttlMs: number, private readonly maxEntries: number) {}

  get(key: string): MmmFit | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.expires < Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return hit.fit;
  }

  set(key: string, fit: MmmFit): void {
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { fit, expires: Date.now() + this.ttlMs });
  }
}

/** One memo per store and workspace (a fit takes seconds; a server keeps its store, the CLI opens one per run). */
const memos = new WeakMap<Store, Map<string, TtlMemo>>();
function memoOf(store: Store, workspaceId: string): FitMemo {
  let byWorkspace = memos.get(store);
  if (!byWorkspace) memos.set(store, (byWorkspace = new Map()));
  let memo = byWorkspace.get(workspaceId);
  if (!memo) byWorkspace.set(workspaceId, (memo = new TtlMemo(5 * 60_000, 16)));
  return memo;
}

const params = z.record(z.string(), z.union([z.string(), z.number()]));
/** A budget message: an i18n id (`budget.msg.*`) with parameters, and the English text. */
const messageBase = z.object({ id: z.string(), params, text: z.string().describe('English wording (CLI, logs)') });
export const budgetMessageSchema = messageBase.extend({ because: messageBase.optional().describe('why (simple-mode moves: the rule behind the move)') });

const outcome = z.enum(['new_customers', 'conversions', 'revenue']);
const pair = z.tuple([z.number(), z.number()]);
const quality = z.object({ r2: z.number(), nrmse: z.number(), mape: z.number() });

const rangeInput = {
  from: day.optional().describe('first day of the history (default: the first day with data)'),
  to: day.optional().describe('last day of the history (default: the last day with data)'),
  outcome: outcome.optional().describe('what the model explains: new_customers (first purchases, the default), conversions (all sales) or revenue'),
};
const planInput = {
  ...rangeInput,
  total: z.coerce.number().min(0).optional().describe('budget over the horizon (default: the current weekly spend × weeks)'),
  weeks: z.coerce.number().int().min(1).max(104).optional().describe('weeks the total covers (default 4)'),
  mode: z.enum(['auto', 'model', 'simple']).optional().describe('auto: the model unless the history is under 8 weeks or the fit is unreliable'),
};
/** Extra holidays and lift measurements (experiments, geo holdouts) that pull the fit toward them; the POSTs take them. */
const calendarInput = {
  holidays: z.array(z.object({ date: day, name: z.string().max(200).optional() })).max(1000).optional().describe("dated events added to the workspace calendar's holidays"),
  calibration: z
    .array(
      z.object({
        channel: z.string().min(1),
        from: day.optional().describe('first day of the measured window (default the whole history)'),
        to: day.optional(),
        roi: z.number().optional().describe('measured return per unit of spend'),
        incremental: z.number().optional().describe('measured incremental outcome'),
        standard_error: z.number().positive().describe('standard error of the measured value, in its unit'),
      }),
    )
    .max(100)
    .optional()
    .describe('lift measurements: each gives roi or incremental with its standard error'),
};

type CalendarInput = { holidays?: { date: string; name?: string }[]; calibration?: { channel: string; from?: string; to?: string; roi?: number; incremental?: number; standard_error: number }[] };

/** The request's extra holidays and lift measurements in the budget report's names. */
function calendarOf(input: CalendarInput) {
  return { holidays: input.holidays, calibration: input.calibration?.map(({ standard_error, ...rest }) => ({ ...rest, standardError: standard_error })) };
}

const bound = z.object({ min: z.number().min(0).optional(), max: z.number().min(0).optional(), min_pct: z.number().min(-100).optional(), max_pct: z.number().min(-100).optional() });

export const budgetFitSchema = z.object({
  from: z.string(),
  to: z.string(),
  outcome,
  frequency: z.enum(['daily', 'weekly']),
  periods: z.number(),
  spend_total: z.string(),
  channels: z.array(
    z.object({
      channel: z.string(),
      theta: z.number(),
      k: z.number(),
      s: z.number(),
      beta: z.number(),
      spend: z.number().describe('spend over the fitted history'),
      contribution: z.number(),
      roi: z.number(),
      mroi: z.number().describe('extra outcome per extra unit of spend at the historical spend level'),
      roi_ci: pair.describe('bootstrap interval of the ROI at ci_level'),
      identifiable: z.boolean().describe('false when spend is zero or constant, so the effect cannot be estimated'),
    }),
  ),
  fit: quality.extend({ holdout: quality.extend({ periods: z.number(), skill: z.number() }), in_sample: quality }),
  ci_level: z.number(),
  baseline: z.record(z.string(), z.number()),
  calendar: z.object({ calendar: z.enum(['gregorian', 'jalali']), holiday_sets: z.array(z.enum(['iran', 'vietnam', 'international'])), holidays: z.array(z.object({ date: z.string(), name: z.string().optional() })) }),
  usable: z.boolean().describe('whether a plan may use this fit in auto mode (false: the page draws no curves)'),
  unusable_reason: budgetMessageSchema.nullable(),
  warnings: z.array(z.string()),
  warning_messages: z.array(budgetMessageSchema),
});

export const budgetPlanSchema = z.object({
  mode: z.enum(['model', 'simple']),
  reason: z.string().nullable().describe('why simple mode was used (null for the model), in English'),
  reason_message: budgetMessageSchema.nullable(),
  from: z.string(),
  to: z.string(),
  outcome,
  total: z.number(),
  weeks: z.number(),
  allocation: z.array(
    z.object({
      channel: z.string(),
      current: z.number().describe('the current split (recent run-rate shares) scaled to the plan total'),
      spend: z.number().describe('recommended spend over the horizon; the rows sum to the total exactly'),
      current_spend: z.number().describe('spend at the recent run-rate over the horizon, not scaled'),
      change_pct: z.number(),
      weekly: z.array(z.number()),
    }),
  ),
  expected_outcome: z.number(),
  interval: pair.nullable(),
  current_outcome: z.number(),
  current_interval: pair.nullable(),
  moves: z.array(z.string()),
  move_messages: z.array(budgetMessageSchema),
  move_details: z.array(
    z.object({ from: z.string(), to: z.string(), amount: z.number(), share_pct: z.number(), delta_outcome: z.number(), efficiency_change_pct: z.number(), text: z.string(), message: budgetMessageSchema }),
  ),
  decisions: z
    .array(
      z.object({
        channel: z.string(),
        action: z.enum(['scale_up', 'hold', 'trim', 'cut']),
        current_spend: z.number(),
        suggested_spend: z.number(),
        average_cpa: z.number().nullable(),
        marginal_cpa: z.number().nullable(),
        reason: z.string(),
      }),
    )
    .optional()
    .describe('simple mode: the rule applied to each channel, with its reasoning'),
  weekly: z.array(z.object({ week: z.number(), start: z.string(), spend: z.number(), outcome_current: z.number(), outcome_recommended: z.number(), interval_recommended: pair.nullable() })),
  warnings: z.array(z.string()),
  warning_messages: z.array(budgetMessageSchema),
});

const byCli = (command: string) => `\`roilens ${command} --db\` runs it (in process or through this route); the same command also works on a CSV (--data), so it is written by hand around the operation`;

export const budgetFitOperation = defineOperation({
  name: 'budget.fit',
  cached: true,
  summary: 'Marketing-mix model: response curve, ROI (with interval) and marginal ROI per channel, fit quality',
  tags: ['budget'],
  scope: 'budget:read',
  http: { method: 'GET', path: '/v1/budget/fit' },
  input: z.object(rangeInput),
  output: budgetFitSchema,
  webType: 'BudgetFitAnswer',
  cli: { none: byCli('budget fit') },
  handler: async (ctx, input) => {
    await ctx.ingest.drain();
    return budgetFit(ctx.store, ctx.workspaceId, input, memoOf(ctx.store, ctx.workspaceId));
  },
});

export const budgetFitCalibratedOperation = defineOperation({
  name: 'budget.fit-calibrated',
  summary: 'The marketing-mix model with extra holidays and lift measurements (calibration) pulling the fit toward them',
  tags: ['budget'],
  scope: 'budget:read',
  http: { method: 'POST', path: '/v1/budget/fit' },
  input: z.object({ ...rangeInput, ...calendarInput }),
  output: budgetFitSchema,
  cli: { none: `${byCli('budget fit')}; --holidays and --calibration files choose this one` },
  // A POST only because its input is large: it reads.
  audit: { kind: 'read' },
  handler: async (ctx, input) => {
    await ctx.ingest.drain();
    return budgetFit(ctx.store, ctx.workspaceId, { ...input, ...calendarOf(input) }, memoOf(ctx.store, ctx.workspaceId));
  },
});

export const budgetPlanOperation = defineOperation({
  name: 'budget.plan',
  summary: 'Best split of a total over the next weeks, against the current split, with moves',
  tags: ['budget'],
  scope: 'budget:read',
  http: { method: 'GET', path: '/v1/budget/plan' },
  input: z.object(planInput),
  output: budgetPlanSchema,
  webType: 'BudgetPlanAnswer',
  cli: { none: `the plan with bounds (budget.plan-with-bounds, POST /v1/budget/plan) answers the same: ${byCli('budget optimize')}` },
  // A share link may show it, with the filters stored in the link (share-links.ts).
  share: { vary: [] },
  handler: async (ctx, input) => {
    await ctx.ingest.drain();
    return budgetPlan(ctx.store, ctx.workspaceId, input, memoOf(ctx.store, ctx.workspaceId));
  },
});

export const budgetPlanWithBoundsOperation = defineOperation({
  name: 'budget.plan-with-bounds',
  summary: 'The budget plan with per-channel bounds (absolute min/max over the horizon or ±% of the current run-rate)',
  tags: ['budget'],
  scope: 'budget:read',
  http: { method: 'POST', path: '/v1/budget/plan' },
  input: z.object({
    ...planInput,
    bounds: z.record(z.string(), bound).optional().describe('{"<channel>": {"min": n, "max": n} | {"min_pct": -20, "max_pct": 50}}'),
    spend_all: z.boolean().optional().describe('spend the whole total (default true)'),
    flighting: z.boolean().optional().describe('let weekly spend vary (default true)'),
    ...calendarInput,
  }),
  output: budgetPlanSchema,
  webType: 'BudgetWhatIfAnswer',
  cli: { none: byCli('budget optimize') },
  // A POST only because its input is large: it reads.
  audit: { kind: 'read' },
  handler: async (ctx, input) => {
    await ctx.ingest.drain();
    return budgetPlan(ctx.store, ctx.workspaceId, { ...input, ...calendarOf(input) }, memoOf(ctx.store, ctx.workspaceId));
  },
});
