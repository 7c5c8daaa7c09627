/**
 * The BG/NBD model of Fader, Hardie & Lee (2005), "Counting your customers the easy way":
 * purchases follow a Poisson process with gamma(r, α) heterogeneous rates while the customer is
 * alive; after each purchase the customer drops out with probability p ~ beta(a, b).
 */
import { AppError } from '../../shared/errors.js';
import { fitPositiveWithGradient, groupByFrequency, sumOf, totalWeight, weightOf, type FitResult } from '../maths/fit-support.js';
import { digamma, lgamma, logAddExp, logHyp2f1 } from '../maths/special-functions.js';

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** The sufficient statistics one customer contributes: repeat purchases x, recency t_x, age T. */
export interface Rft {
  frequency: number;
  recency: number;
  T: number;
  /** How many identical customers the row stands for in a fit (default 1). */
  weight?: number;
}

/**
 * Log-likelihood of one customer (FHL 2005, eq. 6), in log space:
 * ln L = ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b)
 *      + ln[ (α+T)^−(r+x) + δ(x>0) · a/(b+x−1) · (α+t_x)^−(r+x) ]
 * with the bracket evaluated by log-sum-exp.
 */
export function bgNbdLogLikelihood(params: BgNbdParams, c: Rft): number {
  const { r, alpha, a, b } = params;
  const x = c.frequency;
  const a1 = lgamma(r + x) - lgamma(r) + r * Math.log(alpha);
  const a2 = lgamma(a + b) + lgamma(b + x) - lgamma(b) - lgamma(a + b + x);
  const a3 = -(r + x) * Math.log(alpha + c.T);
  const a4 = x > 0 ? Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + c.recency) : -Infinity;
  return a1 + a2 + logAddExp(a3, a4);
}

/** Sum of per-customer log-likelihoods. */
export function bgNbdTotalLogLikelihood(params: BgNbdParams, customers: readonly Rft[]): number {
  let sum = 0;
  for (const c of customers) sum += bgNbdLogLikelihood(params, c);
  return sum;
}

/** Throws when the statistics cannot come from the model (negative counts, recency beyond age…). */
export function checkRft(customers: readonly (Rft & { customer_id?: string })[]): void {
  for (const c of customers) {
    const ok =
      Number.isInteger(c.frequency) && c.frequency >= 0 && c.recency >= 0 && c.T >= c.recency && Number.isFinite(c.T) &&
      (c.frequency > 0 || c.recency === 0) && (c.weight === undefined || (Number.isInteger(c.weight) && c.weight > 0));
    if (!ok) {
      const who = c.customer_id !== undefined ? `customer ${c.customer_id}` : 'a customer';
      throw new AppError('invalid_input', `${who}: inconsistent summary (frequency ${c.frequency}, recency ${c.recency}, T ${c.T})`);
    }
  }
}

/**
 * Fits BG/NBD by maximum likelihood (Nelder–Mead with restarts then BFGS, in log-parameter space)
 * and returns parameters, standard errors from the inverse Hessian, and the log-likelihood.
 * Throws an AppError when no customer has a repeat purchase (the dropout process is then not
 * identified) or the fit does not reach a finite likelihood.
 *
 * @example fitBgNbd(summarizeTransactions(rows, { timeUnit: 'week', calibrationEnd: '1997-09-30' }))
 *   // CDNOW: r ≈ 0.243, alpha ≈ 4.414, a ≈ 0.793, b ≈ 2.426, loglik ≈ −9582.4
 */
export function fitBgNbd(customers: readonly Rft[]): FitResult<BgNbdParams> {
  checkRft(customers);
  if (customers.length === 0) throw new AppError('invalid_input', 'cannot fit BG/NBD: no customers');
  if (!customers.some((c) => c.frequency > 0)) {
    throw new AppError('invalid_input', 'cannot fit BG/NBD: no customer has a repeat purchase');
  }
  const byFrequency = groupByFrequency(customers);
  // Terms that depend on x only are computed once per distinct x per evaluation, ln(α+T) and
  // ln(α+t_x) once per distinct T and t_x (a few hundred days); the per-customer work is one
  // log-sum-exp.
  const ages = distinctValues(byFrequency.map((g) => g.T));
  const recencies = distinctValues(byFrequency.map((g) => g.recency));
  const logAge = new Float64Array(ages.values.length);
  const logRecency = new Float64Array(recencies.values.length);
  const loglik = ([r, alpha, a, b]: number[]) => {
    for (let j = 0; j < logAge.length; j++) logAge[j] = Math.log(alpha + ages.values[j]);
    for (let j = 0; j < logRecency.length; j++) logRecency[j] = Math.log(alpha + recencies.values[j]);
    const logA = Math.log(a);
    const base = lgamma(a + b) - lgamma(b) - lgamma(r) + r * Math.log(alpha);
    let sum = 0;
    for (let g = 0; g < byFrequency.length; g++) {
      const { x, weight } = byFrequency[g];
      const ageIndex = ages.index[g];
      const recencyIndex = recencies.index[g];
      const perX = base + lgamma(r + x) + lgamma(b + x) - lgamma(a + b + x);
      const dropTerm = x > 0 ? logA - Math.log(b + x - 1) : -Infinity;
      let part = 0;
      for (let i = 0; i < weight.length; i++) {
        const a3 = -(r + x) * logAge[ageIndex[i]];
        const a4 = x > 0 ? dropTerm - (r + x) * logRecency[recencyIndex[i]] : -Infinity;
        part += weight[i] * logAddExp(a3, a4);
      }
      sum += part + perX * sumOf(weight);
    }
    return sum;
  };
  // The same sum with its gradient. Per customer, with A = −(r+x) ln(α+T), B = ln a − ln(b+x−1)
  // − (r+x) ln(α+t_x), ℓ = ln(e^A + e^B) and s = e^(B−ℓ) (the dropout term's share):
  // ∂ℓ/∂r = −(1−s) ln(α+T) − s ln(α+t_x), ∂ℓ/∂α = −(r+x)((1−s)/(α+T) + s/(α+t_x)),
  // ∂ℓ/∂a = s/a, ∂ℓ/∂b = −s/(b+x−1); the x-only terms differentiate through ψ.
  const invAge = new Float64Array(ages.values.length);
  const invRecency = new Float64Array(recencies.values.length);
  const withGradient = ([r, alpha, a, b]: number[], out: number[]) => {
    for (let j = 0; j < logAge.length; j++) {
      logAge[j] = Math.log(alpha + ages.values[j]);
      invAge[j] = 1 / (alpha + ages.values[j]);
    }
    for (let j = 0; j < logRecency.length; j++) {
      logRecency[j] = Math.log(alpha + recencies.values[j]);
      invRecency[j] = 1 / (alpha + recencies.values[j]);
    }
    const logA = Math.log(a);
    const base = lgamma(a + b) - lgamma(b) - lgamma(r) + r * Math.log(alpha);
    const dBase = [-digamma(r) + Math.log(alpha), r / alpha, digamma(a + b), digamma(a + b) - digamma(b)];
    let sum = 0;
    out.fill(0);
    for (let g = 0; g < byFrequency.length; g++) {
      const { x, weight } = byFrequency[g];
      const ageIndex = ages.index[g];
      const recencyIndex = recencies.index[g];
      const rx = r + x;
      let total = 0, part = 0, share = 0, byLogAge = 0, byLogRecency = 0, byInvAge = 0, byInvRecency = 0;
      if (x === 0) {
        for (let i = 0; i < weight.length; i++) {
          const w = weight[i];
          total += w;
          part -= w * rx * logAge[ageIndex[i]];
          byLogAge += w * logAge[ageIndex[i]];
          byInvAge += w * invAge[ageIndex[i]];
        }
      } else {
        const dropTerm = logA - Math.log(b + x - 1);
        for (let i = 0; i < weight.length; i++) {
          const w = weight[i];
          const la = logAge[ageIndex[i]];
          const lr = logRecency[recencyIndex[i]];
          const A = -rx * la;
          const B = dropTerm - rx * lr;
          const e = Math.exp(-Math.abs(A - B));
          const s = A >= B ? e / (1 + e) : 1 / (1 + e);
          total += w;
          part += w * (Math.max(A, B) + Math.log1p(e));
          share += w * s;
          byLogAge += w * (1 - s) * la;
          byLogRecency += w * s * lr;
          byInvAge += w * (1 - s) * invAge[ageIndex[i]];
          byInvRecency += w * s * invRecency[recencyIndex[i]];
        }
      }
      sum += part + (base + lgamma(rx) + lgamma(b + x) - lgamma(a + b + x)) * total;
      out[0] += total * (dBase[0] + digamma(rx)) - byLogAge - byLogRecency;
      out[1] += total * dBase[1] - rx * (byInvAge + byInvRecency);
      out[2] += total * (dBase[2] - digamma(a + b + x)) + share / a;
      out[3] += total * (dBase[3] + digamma(b + x) - digamma(a + b + x)) - (x > 0 ? share / (b + x - 1) : 0);
    }
    return sum;
  };
  const n = totalWeight(customers);
  const meanT = customers.reduce((s, c) => s + weightOf(c) * c.T, 0) / n;
  const scale = Math.max(meanT, 1e-3);
  const starts = [
    [1, scale, 1, 1],
    [0.5, scale / 4, 0.5, 2],
  ];
  return fitPositiveWithGradient(['r', 'alpha', 'a', 'b'] as const, loglik, withGradient, starts, n);
}

/** The distinct values of several columns, and each entry's index among them. */
function distinctValues(columns: Float64Array[]): { values: number[]; index: Int32Array[] } {
  const position = new Map<number, number>();
  const values: number[] = [];
  const index = columns.map((column) => {
    const out = new Int32Array(column.length);
    for (let i = 0; i < column.length; i++) {
      let k = position.get(column[i]);
      if (k === undefined) {
        k = values.length;
        position.set(column[i], k);
        values.push(column[i]);
      }
      out[i] = k;
    }
    return out;
  });
  return { values, index };
}

/**
 * P(alive | x, t_x, T) = 1 / (1 + δ(x>0) · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)); exactly 1 for
 * customers without repeat purchases (under BG/NBD one can only drop out right after a purchase).
 */
export function bgNbdProbabilityAlive(params: BgNbdParams, c: Rft): number {
  const { r, alpha, a, b } = params;
  const x = c.frequency;
  if (x === 0) return 1;
  const logOdds = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + c.T) - Math.log(alpha + c.recency));
  return 1 / (1 + Math.exp(logOdds));
}

/**
 * Expected repeat purchases in the next t periods of a customer with history (x, t_x, T)
 * (FHL 2005, eq. 10):
 * E[Y(t)] = (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))]
 *           / (1 + δ(x>0) a/(b+x−1) ((α+T)/(α+t_x))^(r+x)).
 * The bracket is computed as −expm1 of a log-space term so it keeps its digits for small t.
 * At a = 1 exactly (a removable singularity) the mean of a ± 1e−6 is used.
 */
export function bgNbdConditionalExpectedPurchases(params: BgNbdParams, t: number, c: Rft): number {
  if (t <= 0) return 0;
  if (Math.abs(params.a - 1) < 1e-6) {
    return (bgNbdConditionalExpectedPurchases({ ...params, a: 1 + 1e-6 }, t, c) + bgNbdConditionalExpectedPurchases({ ...params, a: 1 - 1e-6 }, t, c)) / 2;
  }
  const { r, alpha, a, b } = params;
  const x = c.frequency;
  const z = t / (alpha + c.T + t);
  const logTerm = (r + x) * Math.log1p(-z) + logHyp2f1(r + x, b + x, a + b + x - 1, z);
  const bracket = -Math.expm1(logTerm);
  const numerator = ((a + b + x - 1) / (a - 1)) * bracket;
  return numerator * bgNbdProbabilityAlive(params, c) ;
}

/**
 * Expected purchases in (0, t] of a new customer (FHL 2005, eq. 9):
 * E[X(t)] = (a+b−1)/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))].
 */
export function bgNbdExpectedPurchases(params: BgNbdParams, t: number): number {
  return bgNbdConditionalExpectedPurchases(params, t, { frequency: 0, recency: 0, T: 0 });
}

/**
 * P(X(t) = x) for a new customer (FHL 2005, eq. 8): the chance of exactly x purchases in (0, t].
 */
export function bgNbdProbabilityOfPurchases(params: BgNbdParams, t: number, x: number): number {
  const { r, alpha, a, b } = params;
  const lbeta = (p: number, q: number) => lgamma(p) + lgamma(q) - lgamma(p + q);
  const logP = Math.log(alpha) - Math.log(alpha + t);
  const logQ = Math.log(t) - Math.log(alpha + t);
  const logNb = (j: number) => lgamma(r + j) - lgamma(r) - lgamma(j + 1) + r * logP + j * logQ;
  const first = Math.exp(lbeta(a, b + x) - lbeta(a, b) + logNb(x));
  if (x === 0) return first;
  let cdf = 0;
  for (let j = 0; j < x; j++) cdf += Math.exp(logNb(j));
  return first + Math.exp(lbeta(a + 1, b + x - 1) - lbeta(a, b)) * Math.max(0, 1 - cdf);
}
