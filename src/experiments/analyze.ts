/**
 * analyzeExperiment: the one entry point the CLI and the HTTP API call.
 * normalize (weights, moments) → compute (SRM, comparisons, CUPED,
 * adjustments) → format (the contract's snake_case JSON, control fields null).
 */
import { type CompareOptions, type Comparison, compareBinomial, compareMeans, compareRatioMetric } from './compare.js';
import { cupedAdjust } from './cuped.js';
import type { ExperimentInput, VariantInput } from './input-schema.js';
import { parseExperimentInput } from './input-schema.js';
import { momentsFromSums, type Moments } from './moments.js';
import { holmAdjust } from './multiple-testing.js';
import { ratioEstimate, type RatioSums } from './ratio-metric.js';
import { DEFAULT_TUNING_USERS, stoppingRule } from './sequential.js';
import { SRM_THRESHOLD, sampleRatioMismatch } from './srm.js';

/** CUPED-adjusted figures of one variant (comparison fields null for the control). */
export interface CupedVariantResult {
  mean: number;
  variance_reduction: number;
  lift: number | null;
  ci_low: number | null;
  ci_high: number | null;
  p_value: number | null;
  abs_lift: number | null;
  abs_ci_low: number | null;
  abs_ci_high: number | null;
}

/**
 * One variant's row. The contract fields come first; the control's comparison
 * fields (lift … risk, and every other comparison) are null because it is the
 * baseline. `risk` is the expected loss of shipping this variant instead of the
 * control; the loss of keeping the control is `control_risk` on each treatment.
 */
export interface VariantResult {
  name: string;
  users: number;
  /** conversion rate (metric binomial) */
  rate?: number;
  /** mean per user (metric mean) */
  mean?: number;
  /** ΣN/ΣD (metric ratio) */
  ratio?: number;
  /** relative lift vs control, treatment/control − 1 */
  lift: number | null;
  /** interval of the relative lift that agrees with p_value (Koopman score for rates, Fieller otherwise) */
  ci_low: number | null;
  ci_high: number | null;
  /** two-sided p-value of no difference (pooled two-proportion z / Welch t / delta-method z) */
  p_value: number | null;
  /** posterior P(variant beats control) */
  chance_to_win: number | null;
  /** posterior E[max(control − variant, 0)] in metric units */
  risk: number | null;
  /** planned traffic share (normalised weight) */
  weight: number;
  abs_lift: number | null;
  abs_ci_low: number | null;
  abs_ci_high: number | null;
  /** Holm-adjusted p-value across the treatment variants */
  adjusted_p_value: number | null;
  control_risk: number | null;
  /** Bayesian credible interval of the relative lift */
  credible_low: number | null;
  credible_high: number | null;
  /** always-valid mSPRT p-value and confidence sequence on the absolute difference */
  sequential_p_value: number | null;
  sequential_ci_low: number | null;
  sequential_ci_high: number | null;
  cuped?: CupedVariantResult;
}

/** The whole analysis. */
export interface ExperimentResult {
  metric: ExperimentInput['metric'];
  alpha: number;
  srm_p_value: number;
  srm_chi_square: number;
  /** null when the split matches the plan; otherwise a loud message */
  srm_warning: string | null;
  multiple_testing: 'holm';
  cuped_theta: number | null;
  stopping_rule: string;
  methods: string;
  variants: VariantResult[];
}

const METHODS: Record<ExperimentInput['metric'], string> = {
  binomial:
    'p_value: two-proportion z test with pooled SE (= R prop.test, correct = FALSE); abs interval: unpooled Wald (= prop.test conf.int); ' +
    'lift interval: Koopman score interval for the rate ratio (excludes 0 iff p_value < alpha); Bayesian: Beta(1,1) priors, exact quadrature.',
  mean:
    "p_value: Welch's t test (= R t.test); lift interval: Fieller's theorem at the Welch critical value (excludes 0 iff p_value < alpha); " +
    'Bayesian: normal model with flat prior.',
  ratio: 'p_value: delta-method z test on ΣN/ΣD; lift interval: Fieller with the z critical value; Bayesian: normal model on the delta-method estimates.',
};

/**
 * Analyses an A/B/n test; the first variant is the control.
 *
 * @example
 * analyzeExperiment({ metric: 'binomial', variants: [
 *   { name: 'A', users: 5000, conversions: 200 },
 *   { name: 'B', users: 5000, conversions: 250 } ] })
 * // variants[1]: lift 0.25, p_value 0.01587, chance_to_win 0.992, …
 */
export function analyzeExperiment(input: ExperimentInput): ExperimentResult {
  const alpha = input.alpha ?? 0.05;
  const options: CompareOptions = { alpha, tuningUsers: input.sequential_tuning_users ?? DEFAULT_TUNING_USERS };
  const variants = input.variants;
  const rawWeights = variants.map((v) => v.weight ?? 1);
  const weightTotal = rawWeights.reduce((a, b) => a + b, 0);

  const srm = sampleRatioMismatch(
    variants.map((v) => v.users),
    rawWeights,
  );
  const [control, ...treatments] = variants;
  const comparisons = treatments.map((t) => compare(input.metric, t, control, options));
  const adjusted = holmAdjust(comparisons.map((c) => c.pValue));
  const cuped = variants.every(hasCuped) ? computeCuped(input, options) : null;

  const rows = variants.map((v, i): VariantResult => {
    const c = i === 0 ? null : comparisons[i - 1];
    return {
      name: v.name,
      users: v.users,
      ...metricValue(input.metric, v),
      lift: c?.lift ?? null,
      ci_low: c?.ciLow ?? null,
      ci_high: c?.ciHigh ?? null,
      p_value: c?.pValue ?? null,
      chance_to_win: c?.bayes.chanceToWin ?? null,
      risk: c?.bayes.risk ?? null,
      weight: rawWeights[i] / weightTotal,
      abs_lift: c?.absLift ?? null,
      abs_ci_low: c?.absCiLow ?? null,
      abs_ci_high: c?.absCiHigh ?? null,
      adjusted_p_value: i === 0 ? null : adjusted[i - 1],
      control_risk: c?.bayes.controlRisk ?? null,
      credible_low: c?.bayes.liftLow ?? null,
      credible_high: c?.bayes.liftHigh ?? null,
      sequential_p_value: c?.sequential.pValue ?? null,
      sequential_ci_low: c?.sequential.ciLow ?? null,
      sequential_ci_high: c?.sequential.ciHigh ?? null,
      ...(cuped ? { cuped: cuped.rows[i] } : {}),
    };
  });

  return {
    metric: input.metric,
    alpha,
    srm_p_value: srm.pValue,
    srm_chi_square: srm.chiSquare,
    srm_warning: srm.mismatch
      ? `Sample ratio mismatch: the users per variant do not match the planned split (p = ${srm.pValue.toExponential(2)} < ${SRM_THRESHOLD}). ` +
        'Assignment or tracking is broken; do not trust these results until it is fixed.'
      : null,
    multiple_testing: 'holm',
    cuped_theta: cuped?.theta ?? null,
    stopping_rule: stoppingRule(alpha),
    methods: METHODS[input.metric],
    variants: rows,
  };
}

/** Validates raw JSON (throws AppError naming the bad field) and analyses it. */
export function analyzeExperimentJson(raw: unknown): ExperimentResult {
  return analyzeExperiment(parseExperimentInput(raw));
}

function compare(metric: ExperimentInput['metric'], t: VariantInput, c: VariantInput, o: CompareOptions): Comparison {
  if (metric === 'binomial') return compareBinomial(binomial(t), binomial(c), o);
  if (metric === 'mean') return compareMeans(moments(t), moments(c), o);
  return compareRatioMetric(ratioSums(t), ratioSums(c), o);
}

function metricValue(metric: ExperimentInput['metric'], v: VariantInput): Pick<VariantResult, 'rate' | 'mean' | 'ratio'> {
  if (metric === 'binomial') return { rate: num(v.conversions) / v.users };
  if (metric === 'mean') return { mean: num(v.sum) / v.users };
  return { ratio: ratioEstimate(ratioSums(v)).ratio };
}

function hasCuped(v: VariantInput): boolean {
  return v.pre_sum !== undefined && v.pre_sum_squares !== undefined && v.sum_cross !== undefined;
}

/** CUPED on the metric (for rates Y is the 0/1 conversion, so Σy = Σy² = conversions), compared with Welch. */
function computeCuped(input: ExperimentInput, o: CompareOptions): { theta: number; rows: CupedVariantResult[] } {
  const sums = input.variants.map((v) => {
    const sum = input.metric === 'binomial' ? num(v.conversions) : num(v.sum);
    const sumSquares = input.metric === 'binomial' ? num(v.conversions) : num(v.sum_squares);
    return { users: v.users, sum, sumSquares, preSum: num(v.pre_sum), preSumSquares: num(v.pre_sum_squares), sumCross: num(v.sum_cross) };
  });
  const adjusted = cupedAdjust(sums);
  const [control] = adjusted.moments;
  const rows = adjusted.moments.map((m, i): CupedVariantResult => {
    const c = i === 0 ? null : compareMeans(m, control, o);
    return {
      mean: m.mean,
      variance_reduction: adjusted.varianceReduction[i],
      lift: c?.lift ?? null,
      ci_low: c?.ciLow ?? null,
      ci_high: c?.ciHigh ?? null,
      p_value: c?.pValue ?? null,
      abs_lift: c?.absLift ?? null,
      abs_ci_low: c?.absCiLow ?? null,
      abs_ci_high: c?.absCiHigh ?? null,
    };
  });
  return { theta: adjusted.theta, rows };
}

function binomial(v: VariantInput) {
  return { users: v.users, conversions: num(v.conversions) };
}

function moments(v: VariantInput): Moments {
  return momentsFromSums(v.users, num(v.sum), num(v.sum_squares));
}

function ratioSums(v: VariantInput): RatioSums {
  return {
    users: v.users,
    numeratorSum: num(v.sum),
    numeratorSumSquares: num(v.sum_squares),
    denominatorSum: num(v.denominator_sum),
    denominatorSumSquares: num(v.denominator_sum_squares),
    sumProduct: num(v.sum_product),
  };
}

/** Fields the schema guarantees for the metric; 0 only if that guarantee is broken. */
function num(x: number | undefined): number {
  return x ?? 0;
}
