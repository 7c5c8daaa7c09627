/**
 * Bayesian comparison of two conversion rates with independent Beta(1, 1)
 * priors: posteriors Beta(1 + x, 1 + n − x). Every number is a deterministic
 * integral (composite Gauss–Legendre), not a Monte Carlo draw.
 */
import { betaCdf, betaPdf, betaQuantile } from '../stats/distributions.js';
import { type PositivePosterior, liftQuantile } from './bayes-ratio.js';
import { integrate } from '../stats/numeric.js';
import type { BinomialCounts } from '../frequentist/proportions.js';

/** Bayesian summary of treatment against control. */
export interface BayesResult {
  /** P(treatment > control) */
  chanceToWin: number;
  /** E[max(control − treatment, 0)]: expected loss (in metric units) if the treatment ships and is worse */
  risk: number;
  /** E[max(treatment − control, 0)]: expected loss if the control is kept and is worse */
  controlRisk: number;
  /** equal-tailed credible interval of treatment/control − 1; null when not defined */
  liftLow: number | null;
  liftHigh: number | null;
}

interface BetaParams {
  a: number;
  b: number;
}

const TAIL = 1e-15;

/** Posterior Beta(1 + conversions, 1 + users − conversions) of a variant. */
export function betaPosterior(v: BinomialCounts): BetaParams {
  return { a: 1 + v.conversions, b: 1 + v.users - v.conversions };
}

function asPosterior({ a, b }: BetaParams): PositivePosterior {
  return {
    pdf: (x) => (x > 0 && x < 1 ? betaPdf(x, a, b) : 0),
    cdf: (x) => betaCdf(x, a, b),
    support: [betaQuantile(TAIL, a, b), betaQuantile(1 - TAIL, a, b)],
  };
}

/** P(X > Y) for independent X ~ Beta(x), Y ~ Beta(y): ∫ f_Y(u)(1 − F_X(u)) du over Y's support. */
export function probBetaGreater(x: BetaParams, y: BetaParams): number {
  const [lo, hi] = asPosterior(y).support;
  const p = integrate((u) => betaPdf(u, y.a, y.b) * (1 - betaCdf(u, x.a, x.b)), lo, hi, 96);
  return Math.min(1, Math.max(0, p));
}

/**
 * E[max(X − Y, 0)] for independent Betas, through the identity
 * u·Beta(a, b) density = a/(a + b)·Beta(a + 1, b) density:
 * E[X·1{X>Y}] − E[Y·1{X>Y}] = m_X·P(X⁺ > Y) − m_Y·P(X > Y⁺).
 */
export function expectedBetaExcess(x: BetaParams, y: BetaParams): number {
  const mX = x.a / (x.a + x.b);
  const mY = y.a / (y.a + y.b);
  const value = mX * probBetaGreater({ a: x.a + 1, b: x.b }, y) - mY * probBetaGreater(x, { a: y.a + 1, b: y.b });
  return Math.max(0, value);
}

/**
 * Chance to beat control, expected loss and the credible interval of the
 * relative lift for two conversion rates.
 */
export function bayesBinomial(treatment: BinomialCounts, control: BinomialCounts, level = 0.95): BayesResult {
  const t = betaPosterior(treatment);
  const c = betaPosterior(control);
  const estimate = t.a / (t.a + t.b) / (c.a / (c.a + c.b));
  const tail = (1 - level) / 2;
  return {
    chanceToWin: probBetaGreater(t, c),
    risk: expectedBetaExcess(c, t),
    controlRisk: expectedBetaExcess(t, c),
    liftLow: liftQuantile(asPosterior(t), asPosterior(c), tail, estimate),
    liftHigh: liftQuantile(asPosterior(t), asPosterior(c), 1 - tail, estimate),
  };
}
