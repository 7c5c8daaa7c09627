/**
 * Ratio metrics (revenue per order, clicks per impression) whose numerator and
 * denominator are both random per user. The estimator ΣN/ΣD is compared with
 * the delta method: Var(N̄/D̄) ≈ (1/n)(σ²_N/μ_D² − 2μ_Nσ_ND/μ_D³ + μ_N²σ²_D/μ_D⁴).
 */
import { normalQuantile, normalTwoSidedP } from '../stats/distributions.js';
import { fiellerLift, type LiftInterval } from '../stats/relative-interval.js';

/** Per-variant sums for a ratio metric; n is the number of users (the randomisation unit). */
export interface RatioSums {
  users: number;
  numeratorSum: number;
  numeratorSumSquares: number;
  denominatorSum: number;
  denominatorSumSquares: number;
  /** Σ numerator·denominator over users */
  sumProduct: number;
}

/** The ratio estimate and the delta-method variance of the estimator. */
export interface RatioEstimate {
  ratio: number;
  variance: number;
}

/** Delta-method estimate of ΣN/ΣD and its variance (sample moments with n − 1). Needs ΣD > 0. */
export function ratioEstimate(s: RatioSums): RatioEstimate {
  const n = s.users;
  const mN = s.numeratorSum / n;
  const mD = s.denominatorSum / n;
  const varN = (s.numeratorSumSquares - n * mN * mN) / (n - 1);
  const varD = (s.denominatorSumSquares - n * mD * mD) / (n - 1);
  const cov = (s.sumProduct - n * mN * mD) / (n - 1);
  const variance = (varN / mD ** 2 - (2 * mN * cov) / mD ** 3 + (mN ** 2 * varD) / mD ** 4) / n;
  return { ratio: mN / mD, variance: Math.max(0, variance) };
}

/** Comparison of two ratio metrics. */
export interface RatioComparison {
  diff: number;
  z: number | null;
  pValue: number;
  ciLow: number;
  ciHigh: number;
  lift: number | null;
  /** Fieller interval with the z critical value: excludes 0 iff pValue < alpha */
  liftInterval: LiftInterval;
}

/** z test of treatment − control ratio with delta-method variances (large-sample). */
export function compareRatios(treatment: RatioSums, control: RatioSums, alpha = 0.05): RatioComparison {
  const t = ratioEstimate(treatment);
  const c = ratioEstimate(control);
  const diff = t.ratio - c.ratio;
  const se = Math.sqrt(t.variance + c.variance);
  const z = se > 0 ? diff / se : null;
  const crit = normalQuantile(1 - alpha / 2);
  return {
    diff,
    z,
    pValue: z === null ? (diff === 0 ? 1 : 0) : normalTwoSidedP(z),
    ciLow: diff - crit * se,
    ciHigh: diff + crit * se,
    lift: c.ratio !== 0 ? t.ratio / c.ratio - 1 : null,
    liftInterval: fiellerLift(t.ratio, t.variance, c.ratio, c.variance, crit),
  };
}
