/**
 * The output schema of an experiment's results (`GET /v1/experiments/:id/results`, `roilens experiment
 * results`), exact to the last key (issue 13: the dashboard's types are generated from it). The shapes
 * are those of `experiments/analyze.ts` (the analysis of one metric) and
 * `reports/experiments/experiments-results.ts` (the document around it).
 */
import { z } from 'zod';
import { reportMetrics } from '../../reports/experiments/experiments-definition.js';

const num = z.number().nullable();

/** The six headline comparison figures. */
const figures = { lift: num, ci_low: num, ci_high: num, p_value: num, chance_to_win: num, risk: num };

/** One variant of a tested metric (the first is the control: its comparison fields are null). */
export const variantResultSchema = z.object({
  name: z.string(),
  users: z.number(),
  rate: z.number().optional().describe('conversion rate (binomial metrics)'),
  mean: z.number().optional().describe('mean per user (mean metrics)'),
  ratio: z.number().optional().describe('ΣN/ΣD (ratio metrics)'),
  ...figures,
  weight: z.number().describe('planned traffic share (normalised weight)'),
  abs_lift: num,
  abs_ci_low: num,
  abs_ci_high: num,
  adjusted_p_value: num.describe('Holm-adjusted across the treatments'),
  control_risk: num,
  credible_low: num,
  credible_high: num,
  sequential_p_value: num.describe('always-valid mSPRT p-value'),
  sequential_ci_low: num,
  sequential_ci_high: num,
  unadjusted: z.object(figures).optional().describe('with pre-period data: the raw figures (the headline ones are CUPED-adjusted)'),
  cuped: z.object({ theta: z.number(), mean: z.number(), control_mean: z.number(), variance_reduction: z.number() }).optional(),
});

/** A variant before a metric can be tested: counts only. */
const descriptiveRowSchema = z.object({ name: z.string(), users: z.number(), value: num, lift: num });

const metricReportSchema = z.discriminatedUnion('tested', [
  z.object({ tested: z.literal(true), srm_p_value: z.number(), variants: z.array(variantResultSchema.extend({ value: num })) }),
  z.object({ tested: z.literal(false), note: z.string(), variants: z.array(descriptiveRowSchema) }),
]);

const analysisSchema = z.object({
  metric: z.enum(['binomial', 'mean', 'ratio']),
  alpha: z.number(),
  srm_p_value: z.number(),
  srm_chi_square: z.number(),
  srm_warning: z.string().nullable(),
  multiple_testing: z.literal('holm'),
  cuped_theta: num,
  stopping_rule: z.string(),
  methods: z.string(),
  variants: z.array(variantResultSchema),
});

const variantStatsSchema = z.object({
  variant: z.string(),
  users: z.number(),
  converters: z.number(),
  conversions: z.number(),
  revenue_sum: z.number(),
  revenue_sum_squares: z.number(),
  leads: z.number(),
});

const metricRecord = <T extends z.ZodType>(value: T) => z.object(Object.fromEntries(reportMetrics.map((m) => [m, value.optional()])) as Record<(typeof reportMetrics)[number], z.ZodOptional<T>>);

/** The results document around the analysis; `experiment` is the definition's schema. */
export const resultsShape = {
  analysis: analysisSchema.nullable().describe('the analysis of the primary metric; null until every variant has enough users'),
  srm_p_value: num,
  srm_warning: z.string().nullable(),
  variants: z.union([z.array(variantResultSchema), z.array(descriptiveRowSchema)]).describe('the analysis rows, or counts before there is enough data'),
  secondary: metricRecord(metricReportSchema).describe('per secondary metric'),
  guardrails: metricRecord(z.object({ report: metricReportSchema, breached: z.array(z.string()).describe('treatments significantly worse than the control') })),
  stats: z.array(variantStatsSchema).describe("per-variant counts as stored, in the definition's order"),
  unknown_variants: z.array(variantStatsSchema).describe('exposures whose variant is not in the definition (left out)'),
  assignment_check: z.object({
    hash_version: z.number(),
    checked: z.number(),
    mismatched: z.number(),
    other_version: z.number(),
    without_version: z.number(),
    limit: z.number(),
    examples: z.array(z.object({ anonymous_id: z.string(), variant: z.string(), expected: z.string(), hash_version: z.string().nullable() })).describe('at most 5 mismatched exposures'),
  }).nullable().describe("the server's recomputation of the exposures' assignments"),
  assignment_warning: z.string().nullable(),
  unsigned_users: num.describe('exposed people none of whose exposures the server signed (left out of every count)'),
  sample_flags: z.array(z.object({
    id: z.enum(['experiments.flag.source_share', 'experiments.flag.rate_near_one']),
    params: z.record(z.string(), z.union([z.string(), z.number()])),
    text: z.string(),
  })).describe('sample anomalies: i18n message ids with parameters'),
  stopping_rule: z.string().nullable(),
  days_running: z.number(),
  planned_users_per_variant: num,
  planned_from: z.enum(['definition', 'mde']).nullable(),
  progress: num,
  more_days_needed: num,
  verdict: z.string(),
  notes: z.array(z.string()),
};
