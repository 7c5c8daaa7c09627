/**
 * The Pareto/NBD model of Schmittlein, Morrison & Colombo (1987): Poisson purchases with
 * gamma(r, α) rates, exponential lifetimes with gamma(s, β) dropout rates. The likelihood follows
 * Fader & Hardie's "A note on deriving the Pareto/NBD model" and lifetimes' ParetoNBDFitter
 * (the ₂F₁ form of A₀, evaluated in log space).
 */
import { AppError } from '../../shared/errors.js';
import { checkRft, type Rft } from './bg-nbd.js';
import { fitPositive, groupByFrequency, totalWeight, weightOf, type FitResult } from '../maths/fit-support.js';
import { lgamma, logAddExp, logHyp2f1, logSubExp } from '../maths/special-functions.js';

export interface ParetoNbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

/**
 * ln A₀ where, with m = max(α, β), |α−β| and k = s+1 if α ≥ β else r+x,
 * A₀ = ₂F₁(r+s+x, k; r+s+x+1; |α−β|/(m+t_x)) / (m+t_x)^(r+s+x)
 *    − ₂F₁(r+s+x, k; r+s+x+1; |α−β|/(m+T))  / (m+T)^(r+s+x).
 * −Infinity when t_x = T (A₀ = 0).
 */
export function paretoLogA0(params: ParetoNbdParams, c: Rft): number {
  const { r, alpha, s, beta } = params;
  const x = c.frequency;
  const rsx = r + s + x;
  const [lo, hi, k] = alpha < beta ? [alpha, beta, r + x] : [beta, alpha, s + 1];
  const gap = hi - lo;
  const q1 = hi + c.recency;
  const q2 = hi + c.T;
  const log1 = logHyp2f1(rsx, k, rsx + 1, gap / q1) - rsx * Math.log(q1);
  const log2 = logHyp2f1(rsx, k, rsx + 1, gap / q2) - rsx * Math.log(q2);
  // Term 1 ≥ term 2 mathematically; rounding can flip them by an ulp when t_x ≈ T.
  return log1 > log2 ? logSubExp(log1, log2) : -Infinity;
}

/**
 * Log-likelihood of one customer:
 * ln L = ln Γ(r+x) − ln Γ(r) + r ln α + s ln β
 *      + ln[ (α+T)^−(r+x) (β+T)^−s + s/(r+s+x) · A₀ ].
 */
export function paretoNbdLogLikelihood(params: ParetoNbdParams, c: Rft): number {
  const { r, alpha, s, beta } = params;
  const x = c.frequency;
  const a1 = lgamma(r + x) - lgamma(r) + r * Math.log(alpha) + s * Math.log(beta);
  const stillAlive = -(r + x) * Math.log(alpha + c.T) - s * Math.log(beta + c.T);
  const diedBefore = Math.log(s) - Math.log(r + s + x) + paretoLogA0(params, c);
  return a1 + logAddExp(stillAlive, diedBefore);
}

/** Sum of per-customer log-likelihoods. */
export function paretoNbdTotalLogLikelihood(params: ParetoNbdParams, customers: readonly Rft[]): number {
  let sum = 0;
  for (const c of customers) sum += paretoNbdLogLikelihood(params, c);
  return sum;
}

/**
 * Fits Pareto/NBD by maximum likelihood (log-parameter space, Nelder–Mead with restarts then
 * BFGS), with standard errors from the inverse Hessian.
 *
 * @example fitParetoNbd(cdnowWeekly) // r ≈ 0.553, alpha ≈ 10.58, s ≈ 0.606, beta ≈ 11.67
 */
export function fitParetoNbd(customers: readonly Rft[]): FitResult<ParetoNbdParams> {
  checkRft(customers);
  if (customers.length === 0) throw new AppError('invalid_input', 'cannot fit Pareto/NBD: no customers');
  if (!customers.some((c) => c.frequency > 0)) {
    throw new AppError('invalid_input', 'cannot fit Pareto/NBD: no customer has a repeat purchase');
  }
  const byFrequency = groupByFrequency(customers);
  const loglik = ([r, alpha, s, beta]: number[]) => {
    const p = { r, alpha, s, beta };
    let sum = 0;
    for (const { x, recency, T, weight } of byFrequency) {
      for (let i = 0; i < weight.length; i++) sum += weight[i] * paretoNbdLogLikelihood(p, { frequency: x, recency: recency[i], T: T[i] });
    }
    return sum;
  };
  const n = totalWeight(customers);
  const meanT = customers.reduce((acc, c) => acc + weightOf(c) * c.T, 0) / n;
  const scale = Math.max(meanT, 1e-3);
  const starts = [
    [1, scale, 1, scale],
    [0.5, scale / 4, 0.5, scale / 4],
  ];
  return fitPositive(['r', 'alpha', 's', 'beta'] as const, loglik, starts, n);
}

/** P(alive | x, t_x, T) = 1 / (1 + s/(r+s+x) · (α+T)^(r+x) (β+T)^s · A₀). */
export function paretoNbdProbabilityAlive(params: ParetoNbdParams, c: Rft): number {
  const { r, alpha, s, beta } = params;
  const x = c.frequency;
  const logOdds = Math.log(s) - Math.log(r + s + x) + (r + x) * Math.log(alpha + c.T) + s * Math.log(beta + c.T) + paretoLogA0(params, c);
  return 1 / (1 + Math.exp(logOdds));
}

/** (1 − u^(s−1)) / (s−1) for u in (0, 1], with its limit −ln u at s = 1. */
function powerDifference(logU: number, s: number): number {
  if (Math.abs(s - 1) < 1e-10) return -logU;
  return -Math.expm1((s - 1) * logU) / (s - 1);
}

/**
 * Expected purchases in the next t periods of a customer with history (x, t_x, T):
 * E[Y(t)] = (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)] · P(alive).
 */
export function paretoNbdConditionalExpectedPurchases(params: ParetoNbdParams, t: number, c: Rft): number {
  if (t <= 0) return 0;
  const { r, alpha, s, beta } = params;
  const x = c.frequency;
  const rate = ((r + x) * (beta + c.T)) / (alpha + c.T);
  const logU = Math.log(beta + c.T) - Math.log(beta + c.T + t);
  return rate * powerDifference(logU, s) * paretoNbdProbabilityAlive(params, c);
}

/** Expected purchases in (0, t] of a new customer: rβ/(α(s−1)) · [1 − (β/(β+t))^(s−1)]. */
export function paretoNbdExpectedPurchases(params: ParetoNbdParams, t: number): number {
  if (t <= 0) return 0;
  const { r, alpha, s, beta } = params;
  return ((r * beta) / alpha) * powerDifference(Math.log(beta) - Math.log(beta + t), s);
}
