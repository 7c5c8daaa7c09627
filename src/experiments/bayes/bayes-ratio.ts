/**
 * Quantiles of the relative lift T/C − 1 of two independent positive
 * posteriors, by numeric integration of the ratio's CDF
 * P(T/C ≤ r) = ∫ f_C(c) F_T(r·c) dc and root finding (deterministic).
 */
import { findRoot, integrate } from '../stats/numeric.js';

/** A posterior on (0, ∞) described by its density, CDF and an interval holding all but ~1e-30 of its mass. */
export interface PositivePosterior {
  pdf(x: number): number;
  cdf(x: number): number;
  support: [number, number];
}

/** P(T/C ≤ r) for r > 0. */
export function ratioCdf(t: PositivePosterior, c: PositivePosterior, r: number): number {
  const [lo, hi] = c.support;
  return integrate((x) => c.pdf(x) * t.cdf(r * x), lo, hi, 96);
}

/**
 * The `prob` quantile of T/C − 1, or null when it cannot be bracketed
 * (e.g. a ratio beyond 1e12).
 */
export function liftQuantile(t: PositivePosterior, c: PositivePosterior, prob: number, estimate: number): number | null {
  const g = (logR: number) => ratioCdf(t, c, Math.exp(logR)) - prob;
  const center = Math.log(estimate > 0 ? estimate : 1e-6);
  const gc = g(center);
  const dir = gc < 0 ? 1 : -1;
  let step = 0.05;
  let inner = center;
  while (step < 60) {
    const outer = center + dir * step;
    const go = g(outer);
    if (Math.sign(go) !== Math.sign(gc)) {
      const root = findRoot(g, Math.min(inner, outer), Math.max(inner, outer), 1e-12);
      return root === undefined ? null : Math.exp(root) - 1;
    }
    inner = outer;
    step *= 2;
  }
  return null;
}
