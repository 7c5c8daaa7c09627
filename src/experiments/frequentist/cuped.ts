/**
 * CUPED (Deng, Xu, Kohavi & Walker 2013): reduce the variance of a metric Y
 * with a pre-experiment covariate X that the treatment cannot affect.
 * Y' = Y − θ(X − X̄), with θ = pooled within-variant cov(Y, X) / var(X).
 * Everything is computed from per-variant sums, so no per-user rows are needed.
 */
import type { Moments } from '../stats/moments.js';

/** Per-variant sums of the metric Y and the pre-period covariate X. */
export interface CupedSums {
  users: number;
  sum: number;
  sumSquares: number;
  preSum: number;
  preSumSquares: number;
  /** Σ X·Y over users */
  sumCross: number;
}

/** Adjusted moments per variant, θ, and the variance reduction achieved. */
export interface CupedAdjustment {
  theta: number;
  /** adjusted moments, same order as the input */
  moments: Moments[];
  /** 1 − adjusted variance / raw variance, per variant (0 when raw variance is 0) */
  varianceReduction: number[];
}

/**
 * θ and the CUPED-adjusted mean and variance of every variant. θ pools the
 * within-variant covariance and covariate variance (so a treatment effect on
 * the mean does not leak into θ); X̄ is the mean of X over all users. With no
 * covariate variance θ = 0 and the moments are the raw ones.
 */
export function cupedAdjust(variants: readonly CupedSums[]): CupedAdjustment {
  const centered = variants.map((v) => ({
    syy: v.sumSquares - (v.sum * v.sum) / v.users,
    sxx: v.preSumSquares - (v.preSum * v.preSum) / v.users,
    sxy: v.sumCross - (v.preSum * v.sum) / v.users,
  }));
  const sxx = centered.reduce((a, c) => a + c.sxx, 0);
  const sxy = centered.reduce((a, c) => a + c.sxy, 0);
  const theta = sxx > 0 ? sxy / sxx : 0;
  const grandPreMean = variants.reduce((a, v) => a + v.preSum, 0) / variants.reduce((a, v) => a + v.users, 0);
  const moments = variants.map((v, i) => {
    const c = centered[i];
    const n = v.users;
    const mean = v.sum / n - theta * (v.preSum / n - grandPreMean);
    const variance = n > 1 ? Math.max(0, (c.syy - 2 * theta * c.sxy + theta * theta * c.sxx) / (n - 1)) : 0;
    return { n, mean, variance };
  });
  const varianceReduction = variants.map((v, i) => {
    const raw = v.users > 1 ? Math.max(0, centered[i].syy / (v.users - 1)) : 0;
    return raw > 0 ? 1 - moments[i].variance / raw : 0;
  });
  return { theta, moments, varianceReduction };
}
