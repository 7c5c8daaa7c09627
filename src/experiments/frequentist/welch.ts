import { tQuantile, tTwoSidedP } from '../stats/distributions.js';
import { type Moments, varianceOfMean } from '../stats/moments.js';

/** Welch's unequal-variance t test of treatment − control. */
export interface WelchResult {
  /** treatment mean − control mean */
  diff: number;
  se: number;
  /** t statistic; null when both variances are 0 (no sampling noise to scale by) */
  t: number | null;
  /** Welch–Satterthwaite degrees of freedom */
  df: number;
  pValue: number;
  ciLow: number;
  ciHigh: number;
}

/**
 * Welch–Satterthwaite degrees of freedom for two means with variances of the
 * mean vT = s²_T/n_T and vC = s²_C/n_C.
 */
export function welchDf(treatment: Moments, control: Moments): number {
  const vT = varianceOfMean(treatment);
  const vC = varianceOfMean(control);
  const denom = (vT * vT) / (treatment.n - 1) + (vC * vC) / (control.n - 1);
  if (!(denom > 0)) return treatment.n + control.n - 2;
  return ((vT + vC) * (vT + vC)) / denom;
}

/**
 * Welch's t test, two-sided, with the (1 − alpha) interval on the absolute
 * difference; identical to R's `t.test(treatment, control)` (var.equal = FALSE).
 * Needs n ≥ 2 in each group. When both sample variances are 0 the test is
 * degenerate: p = 1 for equal means, 0 otherwise, and the interval is the point.
 */
export function welchTest(treatment: Moments, control: Moments, alpha = 0.05): WelchResult {
  const diff = treatment.mean - control.mean;
  const se = Math.sqrt(varianceOfMean(treatment) + varianceOfMean(control));
  const df = welchDf(treatment, control);
  if (!(se > 0)) {
    return { diff, se: 0, t: null, df, pValue: diff === 0 ? 1 : 0, ciLow: diff, ciHigh: diff };
  }
  const t = diff / se;
  const crit = tQuantile(1 - alpha / 2, df);
  return { diff, se, t, df, pValue: tTwoSidedP(t, df), ciLow: diff - crit * se, ciHigh: diff + crit * se };
}
