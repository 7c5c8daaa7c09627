/**
 * Sample size and duration planning for two-sided tests, matching R's
 * `power.prop.test` and `power.t.test` (two-sample, strict = FALSE: only the
 * tail in the direction of the effect counts towards power).
 */
import { noncentralTCdf, normalQuantile, tQuantile } from './stats/distributions.js';
import { findRoot } from './stats/numeric.js';
import { invalidArgument } from '../shared/errors.js';

/** Planning inputs for a conversion-rate test. */
export interface ProportionPlan {
  /** baseline (control) conversion rate p, 0 < p < 1 */
  baseline: number;
  /** relative minimum detectable effect m: the treatment rate is p·(1 + m) */
  mde: number;
  /** desired power, e.g. 0.8 */
  power: number;
  /** two-sided significance level, default 0.05 */
  alpha?: number;
}

/**
 * Users per variant (not rounded) to detect p → p(1 + m):
 * n = (z_{1−α/2}·√(2p̄q̄) + z_{power}·√(p₁q₁ + p₂q₂))² / (p₂ − p₁)², p̄ = (p₁ + p₂)/2.
 * This is the closed form of what R's power.prop.test solves numerically.
 *
 * @example sampleSizeProportions({ baseline: 0.05, mde: 0.1, power: 0.8 }) // ≈ 31233.44
 */
export function sampleSizeProportions({ baseline, mde, power, alpha = 0.05 }: ProportionPlan): number {
  const p1 = baseline;
  const p2 = baseline * (1 + mde);
  const pBar = (p1 + p2) / 2;
  const za = normalQuantile(1 - alpha / 2);
  const zb = normalQuantile(power);
  const root = za * Math.sqrt(2 * pBar * (1 - pBar)) + zb * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return (root * root) / ((p2 - p1) * (p2 - p1));
}

/** Planning inputs for a test on a mean. */
export interface MeanPlan {
  /** per-user standard deviation of the metric */
  sd: number;
  /** absolute minimum detectable difference in means */
  mde: number;
  power: number;
  alpha?: number;
}

/** Power of the two-sample t test with n per group (R's power.t.test, strict = FALSE). */
export function tTestPower(n: number, delta: number, sd: number, alpha = 0.05): number {
  const df = 2 * (n - 1);
  const crit = tQuantile(1 - alpha / 2, df);
  return 1 - noncentralTCdf(crit, df, Math.sqrt(n / 2) * (Math.abs(delta) / sd));
}

/**
 * Users per variant (not rounded) for the two-sample t test to reach `power`,
 * solved on the noncentral t like R's power.t.test.
 */
export function sampleSizeMeans({ sd, mde, power, alpha = 0.05 }: MeanPlan): number {
  const z = normalQuantile(1 - alpha / 2) + normalQuantile(power);
  const approx = 2 * ((z * sd) / mde) ** 2;
  const n = findRoot((x) => tTestPower(x, mde, sd, alpha) - power, 2, 2 * approx + 20, 1e-12);
  return n ?? approx;
}

/**
 * Days needed for every variant to reach `usersPerVariant` when `dailyUsers`
 * enter the experiment per day, split by `weights` (relative; default equal).
 * `currentUsers` (per variant) turns it into "how many more days" for a
 * running test. Never negative; rounded up to whole days.
 */
export function daysNeeded(
  usersPerVariant: number,
  dailyUsers: number,
  variants: number,
  options: { weights?: readonly number[]; currentUsers?: readonly number[] } = {},
): number {
  const weights = options.weights ?? Array.from({ length: variants }, () => 1);
  const total = weights.reduce((a, b) => a + b, 0);
  let days = 0;
  weights.forEach((w, i) => {
    const missing = usersPerVariant - (options.currentUsers?.[i] ?? 0);
    if (missing > 0) days = Math.max(days, missing / ((dailyUsers * w) / total));
  });
  return Math.max(0, Math.ceil(days - 1e-9));
}

/** Inputs of `roilens experiment plan` and the planning API. */
export interface PlanInput {
  metric?: 'binomial' | 'mean';
  /** baseline conversion rate (binomial) or baseline mean (mean) */
  baseline: number;
  /** relative minimum detectable effect: the treatment is baseline·(1 + mde) */
  mde: number;
  power: number;
  /** two-sided, default 0.05; split Bonferroni-style over the k − 1 comparisons when variants > 2 */
  alpha?: number;
  /** per-user standard deviation (metric mean only) */
  sd?: number;
  /** users entering the experiment per day (all variants together), for the duration */
  dailyUsers?: number;
  /** number of variants including the control, default 2 */
  variants?: number;
  /** users already in each variant, for "how many more days" */
  currentUsers?: number[];
}

/** The plan: users per variant rounded up (= ceiling of R's n), totals and duration. */
export interface PlanResult {
  users_per_variant: number;
  total_users: number;
  /** n before rounding */
  exact_n: number;
  /** alpha used for each treatment-vs-control comparison */
  alpha_per_comparison: number;
  days: number | null;
  days_remaining: number | null;
}

/**
 * Sample size per variant for a conversion-rate or mean test, and the days
 * it takes at `dailyUsers`. For two variants this is ceil(R power.prop.test n)
 * (p1 = baseline, p2 = baseline·(1 + mde)) or ceil(R power.t.test n)
 * (delta = baseline·mde, sd). Throws `invalid_input` naming the field on impossible inputs
 * (callers validate flags first).
 *
 * @example planSampleSize({ baseline: 0.05, mde: 0.1, power: 0.8 }).users_per_variant // 31234
 */
export function planSampleSize(input: PlanInput): PlanResult {
  const variants = input.variants ?? 2;
  const alpha = (input.alpha ?? 0.05) / Math.max(1, variants - 1);
  let exact: number;
  if ((input.metric ?? 'binomial') === 'binomial') {
    const p2 = input.baseline * (1 + input.mde);
    if (!(input.baseline > 0 && input.baseline < 1) || !(p2 > 0 && p2 < 1) || input.mde === 0) {
      const field = input.baseline > 0 && input.baseline < 1 ? 'mde' : 'baseline';
      throw invalidArgument(field, 'baseline and baseline·(1 + mde) must lie strictly between 0 and 1, and mde must not be 0');
    }
    exact = sampleSizeProportions({ baseline: input.baseline, mde: input.mde, power: input.power, alpha });
  } else {
    if (!(input.sd !== undefined && input.sd > 0)) throw invalidArgument('sd', 'sd must be positive for metric mean');
    const delta = Math.abs(input.baseline * input.mde);
    if (!(delta > 0)) throw invalidArgument('mde', 'baseline·mde must not be 0');
    exact = sampleSizeMeans({ sd: input.sd, mde: delta, power: input.power, alpha });
  }
  const n = Math.ceil(exact - 1e-9);
  const days = input.dailyUsers ? daysNeeded(n, input.dailyUsers, variants) : null;
  const remaining =
    input.dailyUsers && input.currentUsers ? daysNeeded(n, input.dailyUsers, variants, { currentUsers: input.currentUsers }) : null;
  return { users_per_variant: n, total_users: n * variants, exact_n: exact, alpha_per_comparison: alpha, days, days_remaining: remaining };
}
