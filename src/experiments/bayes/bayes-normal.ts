/**
 * Bayesian comparison of two means with a flat prior: each posterior mean is
 * N(ȳ, s²/n) (the large-sample normal model). Chance to win and expected
 * loss are closed forms; the lift interval integrates the ratio's CDF.
 */
import { normalCdf, normalPdf } from '../stats/distributions.js';
import type { BayesResult } from './bayes-binomial.js';
import { type PositivePosterior, liftQuantile } from './bayes-ratio.js';

const SPAN = 12;

function normalPosterior(mean: number, sd: number): PositivePosterior {
  return {
    pdf: (x) => normalPdf((x - mean) / sd) / sd,
    cdf: (x) => normalCdf((x - mean) / sd),
    support: [mean - SPAN * sd, mean + SPAN * sd],
  };
}

/**
 * E[max(D, 0)] for D ~ N(mu, sigma²): σφ(μ/σ) + μΦ(μ/σ).
 * @example normalExcess(0, 1) // 1/√(2π) ≈ 0.39894
 */
export function normalExcess(mu: number, sigma: number): number {
  if (!(sigma > 0)) return Math.max(0, mu);
  return sigma * normalPdf(mu / sigma) + mu * normalCdf(mu / sigma);
}

/** A posterior mean and the variance of that estimate (s²/n for a sample mean). */
export interface NormalEstimate {
  mean: number;
  variance: number;
}

/**
 * Chance to beat control, expected loss (in metric units) and the credible
 * interval of treatment/control − 1. The lift interval is null when the
 * control's posterior puts non-negligible mass (> 1e-9) at or below 0, where a
 * ratio has no finite quantiles.
 */
export function bayesNormal(treatment: NormalEstimate, control: NormalEstimate, level = 0.95): BayesResult {
  const sdT = Math.sqrt(treatment.variance);
  const sdC = Math.sqrt(control.variance);
  const d = treatment.mean - control.mean;
  const sigma = Math.hypot(sdT, sdC);
  const chanceToWin = sigma > 0 ? normalCdf(d / sigma) : d > 0 ? 1 : d < 0 ? 0 : 0.5;
  const tail = (1 - level) / 2;
  let liftLow: number | null = null;
  let liftHigh: number | null = null;
  const positive = (m: number, sd: number) => m > 0 && (sd === 0 || normalCdf(-m / sd) < 1e-9);
  if (positive(control.mean, sdC) && positive(treatment.mean, sdT) && sdT > 0 && sdC > 0) {
    const t = normalPosterior(treatment.mean, sdT);
    const c = normalPosterior(control.mean, sdC);
    c.support = [Math.max(c.support[0], 0), c.support[1]];
    const estimate = treatment.mean / control.mean;
    liftLow = liftQuantile(t, c, tail, estimate);
    liftHigh = liftQuantile(t, c, 1 - tail, estimate);
  }
  return {
    chanceToWin,
    risk: normalExcess(-d, sigma),
    controlRisk: normalExcess(d, sigma),
    liftLow,
    liftHigh,
  };
}
