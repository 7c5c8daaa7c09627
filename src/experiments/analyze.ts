/**
 * analyzeExperiment: the one entry point the CLI and the HTTP API call.
 * normalize (weights, moments) → compute (SRM, comparisons, CUPED,
 * adjustments) → format (the contract's snake_case JSON, control fields null).
 */
import { type CompareOptions, type Comparison, compareBinomial, compareMeans, compareRatioMetric } from './compare.js';
import { cupedAdjust } from './frequentist/cuped.js';
import type { ExperimentInput, VariantInput } from './input-schema.js';
import { parseExperimentInput } from './input-schema.js';
import { momentsFromSums, type Moments } from './stats/moments.js';
import { holmAdjust } from './frequentist/multiple-testing.js';
import { ratioEstimate, type RatioSums } from './frequentist/ratio-metric.js';
import { DEFAULT_TUNING_USERS, stoppingRule } from './frequentist/sequential.js';
import { SRM_THRESHOLD, sampleRatioMismatch } from './frequentist/srm.js';

/** The six headline comparison figures, as observed (no CUPED adjustment). */
export interface UnadjustedFigures {
  lift: number | null;
  ci_low: number | null;
  ci_high: number | null;
  p_value: number | null;
  chance_to_win: number | null;
  risk: number | null;
}

/** The CUPED adjustment behind a treatment's headline figures (θ pooled over the control and this variant). */
export interface CupedVariantResult {
  theta: number;
  /** adjusted means of this variant and of the control within the pair */
  mean: number;
  control_mean: number;
  /** 1 − adjusted variance / raw variance of this variant */
  variance_reduction: number;
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
  /** with pre-period sums: the raw figures; the headline ones above are CUPED-adjusted */
  unadjusted?: UnadjustedFigures;
  /** with pre-period sums, on treatments: θ and the adjusted means behind the headline */
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
  /** θ of the CUPED adjustment when there is one treatment (per treatment: `variants[i].cuped.theta`) */
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

const CUPED_METHOD =
  ' CUPED (pre-period sums given): lift, ci_low, ci_high, p_value, chance_to_win, risk and the other comparison fields are computed on ' +
  'Y − θ(X − X̄) with θ pooled over the control and that variant (Welch, Fieller, normal model); rate/mean stay observed; the raw six figures are in unadjusted.';

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
  const raw = treatments.map((t) => compare(input.metric, t, control, options));
  // With pre-period sums the headline comparison is the CUPED one (θ pooled over the control and that variant).
  const cuped = variants.every(hasCuped) ? treatments.map((t) => cupedComparison(input.metric, t, control, options)) : null;
  const comparisons = cuped ? cuped.map((c) => c.comparison) : raw;
  const adjusted = holmAdjust(comparisons.map((c) => c.pValue));

  const rows = variants.map((v, i): VariantResult => {
    const c = i === 0 ? null : comparisons[i - 1];
    return {
      name: v.name,
      users: v.users,
      ...metricValue(input.metric, v),
      ...headline(c),
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
      ...(cuped ? { unadjusted: headline(i === 0 ? null : raw[i - 1]) } : {}),
      ...(cuped && i > 0 ? { cuped: cuped[i - 1].detail } : {}),
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
    cuped_theta: cuped?.length === 1 ? cuped[0].detail.theta : null,
    stopping_rule: stoppingRule(alpha),
    methods: METHODS[input.metric] + (cuped ? CUPED_METHOD : ''),
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

/** The six contract figures of a comparison (all null for the control). */
function headline(c: Comparison | null): UnadjustedFigures {
  return {
    lift: c?.lift ?? null,
    ci_low: c?.ciLow ?? null,
    ci_high: c?.ciHigh ?? null,
    p_value: c?.pValue ?? null,
    chance_to_win: c?.bayes.chanceToWin ?? null,
    risk: c?.bayes.risk ?? null,
  };
}

/**
 * CUPED comparison of one treatment with the control: θ pooled over the two
 * variants only, X centred on their common mean, then Welch, Fieller and the
 * normal Bayesian model on the adjusted moments. For rates Y is the 0/1
 * conversion, so Σy = Σy² = conversions.
 */
function cupedComparison(metric: ExperimentInput['metric'], t: VariantInput, c: VariantInput, o: CompareOptions): { comparison: Comparison; detail: CupedVariantResult } {
  const sums = (v: VariantInput) => {
    const sum = metric === 'binomial' ? num(v.conversions) : num(v.sum);
    const sumSquares = metric === 'binomial' ? num(v.conversions) : num(v.sum_squares);
    return { users: v.users, sum, sumSquares, preSum: num(v.pre_sum), preSumSquares: num(v.pre_sum_squares), sumCross: num(v.sum_cross) };
  };
  const adjusted = cupedAdjust([sums(c), sums(t)]);
  const [control, treatment] = adjusted.moments;
  return {
    comparison: compareMeans(treatment, control, o),
    detail: { theta: adjusted.theta, mean: treatment.mean, control_mean: control.mean, variance_reduction: adjusted.varianceReduction[1] },
  };
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
