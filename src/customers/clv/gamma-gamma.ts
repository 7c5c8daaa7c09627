/**
 * The Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"; Colombo & Jiang 1999):
 * a customer's transaction values are gamma(p, ν) with ν ~ gamma(q, γ) across customers. Here
 * γ is called `v`, as in lifetimes.
 */
import { AppError } from '../../shared/errors.js';
import { fitPositiveWithGradient, weightOf, type FitResult } from '../maths/fit-support.js';
import { digamma, lgamma } from '../maths/special-functions.js';

export interface GammaGammaParams {
  p: number;
  q: number;
  v: number;
}

/** A customer's repeat-purchase count x and mean repeat value m. */
export interface SpendSummary {
  frequency: number;
  monetary_value: number;
  /** How many identical customers the row stands for in a fit (default 1). */
  weight?: number;
}

/**
 * Log-density of the mean spend m of x transactions:
 * ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln v + (px−1) ln m + px ln x − (px+q) ln(v + m x).
 */
export function gammaGammaLogLikelihood(params: GammaGammaParams, c: SpendSummary): number {
  const { p, q, v } = params;
  const x = c.frequency;
  const m = c.monetary_value;
  const px = p * x;
  return lgamma(px + q) - lgamma(px) - lgamma(q) + q * Math.log(v) + (px - 1) * Math.log(m) + px * Math.log(x) - (px + q) * Math.log(v + m * x);
}

/**
 * Fits Gamma-Gamma by maximum likelihood on the customers with at least one repeat purchase and
 * a positive mean repeat value (others carry no spend information and are left out; `customers`
 * in the result counts those used).
 *
 * @example fitGammaGamma(cdnowWeekly) // CDNOW: p ≈ 6.25, q ≈ 3.74, v ≈ 15.44
 */
export function fitGammaGamma(customers: readonly SpendSummary[]): FitResult<GammaGammaParams> {
  const used = customers.filter((c) => c.frequency > 0 && c.monetary_value > 0);
  return fitGammaGammaColumns(
    Float64Array.from(used, (c) => c.frequency),
    Float64Array.from(used, (c) => c.monetary_value),
    Float64Array.from(used, weightOf),
  );
}

/**
 * `fitGammaGamma` over columns (frequency, mean repeat value and optional weight per customer),
 * for customer bases too large for an object each; rows without a repeat purchase or with a zero
 * mean value are left out as there.
 */
export function fitGammaGammaColumns(frequency: ArrayLike<number>, monetary: ArrayLike<number>, weights?: ArrayLike<number>): FitResult<GammaGammaParams> {
  // Per distinct x: the customers' m with their weights, and Σ w ln m; the lgamma terms are then computed once per x.
  const byX = new Map<number, { m: number[]; w: number[]; n: number; sumLogM: number }>();
  let usedCount = 0;
  let spendSum = 0;
  for (let i = 0; i < frequency.length; i++) {
    const x = frequency[i];
    const m = monetary[i];
    if (!(x > 0 && m > 0)) continue;
    if (!Number.isFinite(m)) throw new AppError('invalid_input', 'Gamma-Gamma: non-finite monetary value');
    const w = weights ? weights[i] : 1;
    let g = byX.get(x);
    if (!g) byX.set(x, (g = { m: [], w: [], n: 0, sumLogM: 0 }));
    g.m.push(m);
    g.w.push(w);
    g.n += w;
    g.sumLogM += w * Math.log(m);
    usedCount += w;
    spendSum += w * m;
  }
  if (usedCount < 3) throw new AppError('invalid_input', `cannot fit Gamma-Gamma: ${usedCount} customer(s) with repeat purchases, need at least 3`);
  const groups = [...byX.entries()].map(([x, g]) => ({ x, m: Float64Array.from(g.m), w: Float64Array.from(g.w), n: g.n, sumLogM: g.sumLogM }));
  const loglik = ([p, q, v]: number[]) => {
    const perCustomer = q * Math.log(v) - lgamma(q);
    let sum = 0;
    for (const { x, m, w, n, sumLogM } of groups) {
      const px = p * x;
      sum += n * (lgamma(px + q) - lgamma(px) + perCustomer + px * Math.log(x)) + (px - 1) * sumLogM;
      let tail = 0;
      for (let i = 0; i < m.length; i++) tail += w[i] * Math.log(v + m[i] * x);
      sum -= (px + q) * tail;
    }
    return sum;
  };
  // With L = Σ w ln(v + m x) and I = Σ w/(v + m x) per x: ∂/∂p = x(n(ψ(px+q) − ψ(px) + ln x) + Σ w ln m − L),
  // ∂/∂q = n(ψ(px+q) + ln v − ψ(q)) − L, ∂/∂v = n q/v − (px+q) I.
  const withGradient = ([p, q, v]: number[], out: number[]) => {
    const logV = Math.log(v);
    const perCustomer = q * logV - lgamma(q);
    const digammaQ = digamma(q);
    let sum = 0;
    out.fill(0);
    for (const { x, m, w, n, sumLogM } of groups) {
      const px = p * x;
      let tail = 0;
      let inverse = 0;
      for (let i = 0; i < m.length; i++) {
        const t = v + m[i] * x;
        tail += w[i] * Math.log(t);
        inverse += w[i] / t;
      }
      sum += n * (lgamma(px + q) - lgamma(px) + perCustomer + px * Math.log(x)) + (px - 1) * sumLogM - (px + q) * tail;
      const digammaPxq = digamma(px + q);
      out[0] += x * (n * (digammaPxq - digamma(px) + Math.log(x)) + sumLogM - tail);
      out[1] += n * (digammaPxq + logV - digammaQ) - tail;
      out[2] += (n * q) / v - (px + q) * inverse;
    }
    return sum;
  };
  const meanSpend = spendSum / usedCount;
  const starts = [
    [1, 2, meanSpend],
    [5, 4, meanSpend],
  ];
  return fitPositiveWithGradient(['p', 'q', 'v'] as const, loglik, withGradient, starts, usedCount);
}

/**
 * Expected mean transaction value of a customer given x repeat purchases with mean m:
 * E[M | x, m] = p(v + x m) / (px + q − 1), a weighted mean of the population mean pv/(q−1) and m.
 * For x = 0 it is the population mean. Throws when q ≤ 1 (the population mean is infinite).
 */
export function gammaGammaExpectedSpend(params: GammaGammaParams, c: SpendSummary): number {
  const { p, q, v } = params;
  if (q <= 1) throw new AppError('invalid_input', `Gamma-Gamma q = ${q} ≤ 1: the expected spend is infinite; the spend data do not support a CLV`);
  const x = c.frequency;
  const m = x > 0 ? c.monetary_value : 0;
  return (p * (v + x * m)) / (p * x + q - 1);
}
