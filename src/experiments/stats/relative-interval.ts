/**
 * Confidence intervals for the relative lift (treatment / control − 1) that
 * agree with the p-value of the matching test: the interval excludes 0 exactly
 * when p < alpha. A delta-method interval does not have this property (a
 * significant result can come with an interval that spans zero), so we invert
 * the test itself:
 *
 * - means: Fieller's theorem with the Welch critical value;
 * - proportions: Koopman's (1984) score interval for the ratio of two binomial
 *   proportions, whose statistic at ratio 1 is the pooled two-proportion z².
 */
import { findRoot } from './numeric.js';

/** A relative-lift interval; a bound is null when it is unbounded (the control is not clearly away from 0). */
export interface LiftInterval {
  low: number | null;
  high: number | null;
}

/**
 * Fieller's interval for the lift mT/mC − 1 of two independent estimates with
 * variances vT, vC (variances of the means), at critical value `crit` (e.g. a
 * t or z quantile). The set {ρ : (mT − ρ·mC)² ≤ crit²·(vT + ρ²·vC)} contains
 * ρ = 1 exactly when |mT − mC| / √(vT + vC) ≤ crit, which is Welch's test.
 * Unbounded sets (control mean not significantly different from 0) give nulls.
 */
export function fiellerLift(mT: number, vT: number, mC: number, vC: number, crit: number): LiftInterval {
  const q = crit * crit;
  const a = mC * mC - q * vC;
  const b = -2 * mT * mC;
  const c = mT * mT - q * vT;
  if (!(a > 0)) return { low: null, high: null };
  const disc = b * b - 4 * a * c;
  const root = Math.sqrt(Math.max(0, disc));
  // numerically stable pair of quadratic roots
  const qq = -0.5 * (b + (b >= 0 ? root : -root));
  const r1 = qq / a;
  const r2 = qq !== 0 ? c / qq : r1;
  return { low: Math.min(r1, r2) - 1, high: Math.max(r1, r2) - 1 };
}

/**
 * Constrained maximum-likelihood rate of the control under H0: pT = ρ·pC
 * (Miettinen & Nurminen 1985, eq. for the risk ratio), from the quadratic
 * ρN·p² − (ρ·nT + xT + nC + ρ·xC)·p + (xT + xC) = 0, smaller root.
 */
function constrainedControlRate(xT: number, nT: number, xC: number, nC: number, rho: number): number {
  const A = rho * (nT + nC);
  const B = -(rho * nT + xT + nC + rho * xC);
  const C = xT + xC;
  if (C === 0) return 0;
  const disc = Math.max(0, B * B - 4 * A * C);
  return (2 * C) / (-B + Math.sqrt(disc));
}

/**
 * Koopman's score statistic for H0: pT / pC = ρ:
 * Returns (p̂T − ρ·p̂C)² / Var₀ where Var₀ uses the constrained MLEs. At ρ = 1 this is
 * the square of the pooled two-proportion z statistic.
 */
export function ratioScoreStatistic(xT: number, nT: number, xC: number, nC: number, rho: number): number {
  const pC0 = constrainedControlRate(xT, nT, xC, nC, rho);
  const pT0 = Math.min(1, rho * pC0);
  const num = xT / nT - (rho * xC) / nC;
  const variance = (pT0 * (1 - pT0)) / nT + (rho * rho * pC0 * (1 - pC0)) / nC;
  if (!(variance > 0)) return num === 0 ? 0 : Number.POSITIVE_INFINITY;
  return (num * num) / variance;
}

/**
 * Koopman score interval for the relative lift pT/pC − 1 of two binomial
 * proportions at critical value `crit` (z quantile). Agrees with the pooled
 * two-proportion test: it excludes 0 iff that test's p < alpha. Null bounds:
 * when the control has no conversions (lift undefined) both are null; a
 * high bound is null when the ratio is unbounded above.
 *
 * Reference: Koopman (1984), Biometrics 40:513–517; 36/40 vs 16/80 gives the
 * ratio interval (2.9396, 7.1522).
 */
export function scoreRatioLift(xT: number, nT: number, xC: number, nC: number, crit: number): LiftInterval {
  if (xC === 0) return { low: null, high: null };
  const q = crit * crit;
  const g = (logRho: number) => ratioScoreStatistic(xT, nT, xC, nC, Math.exp(logRho)) - q;
  // with no treatment conversions the estimate is 0: search upward from a tiny ratio instead
  const center = xT > 0 ? Math.log(xT / nT / (xC / nC)) : Math.log(1e-9);
  const MAX_LOG_SPAN = 60;
  let low = -1;
  if (xT > 0) {
    const root = expandAndFind(g, center, -1, MAX_LOG_SPAN);
    if (root !== undefined) low = Math.exp(root) - 1;
  }
  const upper = expandAndFind(g, center, 1, MAX_LOG_SPAN);
  const high = upper === undefined ? null : Math.exp(upper) - 1;
  return { low, high };
}

/** Steps away from `center` in direction `dir` (doubling) until g changes sign, then solves. */
function expandAndFind(g: (x: number) => number, center: number, dir: 1 | -1, maxSpan: number): number | undefined {
  let step = 0.05;
  let inner = center;
  while (step <= maxSpan) {
    const outer = center + dir * step;
    if (g(outer) > 0) return findRoot(g, Math.min(inner, outer), Math.max(inner, outer), 1e-14);
    inner = outer;
    step *= 2;
  }
  return undefined;
}
