/**
 * Shared machinery for maximum-likelihood fits: grouping identical customers, fitting in
 * log-parameter space, and standard errors from the inverse Hessian in the original space.
 */
import { Matrix, inverse } from 'ml-matrix';
import { AppError } from '../../shared/errors.js';
import { bfgsWithGradient, minimize, newtonPolish, numericHessian } from './optimize.js';

/** A fitted model: parameters, their standard errors and the maximised log-likelihood. */
export interface FitResult<P> {
  params: P;
  /** Asymptotic standard errors (inverse observed information); null when the Hessian is not positive definite. */
  stderr: { [K in keyof P]: number | null };
  loglik: number;
  /** Customers the fit used. */
  customers: number;
  converged: boolean;
  iterations: number;
}

/** Customers with the same frequency, their distinct (recency, T) pairs and how many share each. */
export interface FrequencyGroup {
  x: number;
  recency: Float64Array;
  T: Float64Array;
  weight: Float64Array;
}

/** How many identical customers a summary row stands for (1 unless it carries a weight). */
export const weightOf = (row: { weight?: number }): number => row.weight ?? 1;

/** The number of customers a list of summary rows stands for. */
export const totalWeight = (rows: readonly { weight?: number }[]): number => rows.reduce((s, r) => s + weightOf(r), 0);

/**
 * Groups RFT summaries by frequency, merging identical (recency, T) pairs into weights; groups
 * and pairs in order of first appearance. Identical rows are found through a hash table over the
 * numbers' bits (no key string or map per row): a million summaries group in milliseconds.
 */
export function groupByFrequency(rows: readonly { frequency: number; recency: number; T: number; weight?: number }[]): FrequencyGroup[] {
  let capacity = 16;
  while (capacity < rows.length * 2) capacity *= 2;
  const slots = new Int32Array(capacity);
  const xs = new Float64Array(rows.length), recencies = new Float64Array(rows.length), ages = new Float64Array(rows.length), weights = new Float64Array(rows.length);
  const bits = new Float64Array(1);
  const words = new Int32Array(bits.buffer);
  const mix = (hash: number, value: number) => {
    bits[0] = value + 0; // −0 and 0 alike
    return Math.imul(Math.imul(hash ^ words[0], 0x01000193) ^ words[1], 0x01000193);
  };
  // FNV only carries bits upwards, and the low words of whole numbers and of whole days / 7 are
  // often 0: the slot comes from a final avalanche (MurmurHash3's fmix32), not the low bits.
  const finish = (h: number) => {
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return h ^ (h >>> 16);
  };
  let entries = 0;
  for (const c of rows) {
    const hash = finish(mix(mix(mix(0x811c9dc5, c.frequency), c.recency), c.T));
    let slot = hash & (capacity - 1);
    for (;;) {
      const e = slots[slot] - 1;
      if (e === -1) {
        slots[slot] = entries + 1;
        xs[entries] = c.frequency;
        recencies[entries] = c.recency;
        ages[entries] = c.T;
        weights[entries++] = weightOf(c);
        break;
      }
      if (xs[e] === c.frequency && recencies[e] === c.recency && ages[e] === c.T) {
        weights[e] += weightOf(c);
        break;
      }
      slot = (slot + 1) & (capacity - 1);
    }
  }
  const byX = new Map<number, number[]>();
  for (let e = 0; e < entries; e++) {
    const members = byX.get(xs[e]);
    if (members) members.push(e);
    else byX.set(xs[e], [e]);
  }
  return [...byX.entries()].map(([x, members]) => ({
    x,
    recency: Float64Array.from(members, (e) => recencies[e]),
    T: Float64Array.from(members, (e) => ages[e]),
    weight: Float64Array.from(members, (e) => weights[e]),
  }));
}

/** Sum of an array. */
export function sumOf(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

/**
 * Maximises `loglik` over positive parameters named `names`, optimising in log space from the
 * given starts, and derives standard errors from the numerical Hessian of −loglik at the optimum
 * in the original parameter space.
 */
export function fitPositive<N extends string>(
  names: readonly N[],
  loglik: (values: number[]) => number,
  starts: number[][],
  customers: number,
): FitResult<Record<N, number>> {
  const objective = (logValues: number[]) => {
    const v = -loglik(logValues.map(Math.exp));
    return Number.isFinite(v) ? v : Infinity;
  };
  const best = minimize(objective, starts.map((s) => s.map(Math.log)), { stopWhenConverged: true });
  const values = best.x.map(Math.exp);
  const ll = -best.value;
  if (!Number.isFinite(ll) || values.some((v) => !Number.isFinite(v))) {
    throw new AppError('invalid_input', 'the model fit did not converge (non-finite likelihood); the data may be too small or degenerate');
  }
  const stderrs = standardErrors((v) => -loglik(v), values);
  const params = Object.fromEntries(names.map((n, i) => [n, values[i]])) as Record<N, number>;
  const stderr = Object.fromEntries(names.map((n, i) => [n, stderrs[i]])) as Record<N, number | null>;
  return { params, stderr, loglik: ll, customers, converged: best.converged, iterations: best.iterations };
}

/**
 * `fitPositive` with the log-likelihood's gradient (`gradient(values, out)` returns ln L and
 * writes ∂ ln L/∂θ into `out`): BFGS in log-parameter space from each start until the step is
 * below 1e-10 (Newton steps on a Hessian differenced from the gradient finish the last digits), a
 * few dozen evaluations instead of hundreds. Falls back to `fitPositive` when no start converges. Standard errors as there.
 */
export function fitPositiveWithGradient<N extends string>(
  names: readonly N[],
  loglik: (values: number[]) => number,
  gradient: (values: number[], out: number[]) => number,
  starts: number[][],
  customers: number,
): FitResult<Record<N, number>> {
  const inner = new Array<number>(names.length).fill(0);
  const objective = (logValues: number[], out: number[]) => {
    const values = logValues.map(Math.exp);
    const v = -gradient(values, inner);
    for (let i = 0; i < values.length; i++) out[i] = -inner[i] * values[i];
    return Number.isFinite(v) && out.every(Number.isFinite) ? v : Infinity;
  };
  let best: ReturnType<typeof bfgsWithGradient> | undefined;
  for (const start of starts) {
    const result = newtonPolish(objective, bfgsWithGradient(objective, start.map(Math.log)));
    if (result.converged && (!best || result.value < best.value)) best = result;
    if (best) break;
  }
  if (!best) return fitPositive(names, loglik, starts, customers);
  const values = best.x.map(Math.exp);
  const stderrs = best.hessian && best.gradient ? standardErrorsOf(hessianInValues(best.hessian, best.gradient, values), values) : standardErrorsFromGradient(gradient, values);
  const params = Object.fromEntries(names.map((n, i) => [n, values[i]])) as Record<N, number>;
  const stderr = Object.fromEntries(names.map((n, i) => [n, stderrs[i]])) as Record<N, number | null>;
  return { params, stderr, loglik: loglik(values), customers, converged: true, iterations: best.iterations };
}

function standardErrors(negLoglik: (v: number[]) => number, at: number[]): (number | null)[] {
  return standardErrorsOf(numericHessian(negLoglik, at), at);
}

/**
 * Standard errors from the Hessian of −ln L by central differences of the analytic gradient
 * (2n gradient evaluations instead of 2n² + 1 values of ln L, and no second difference of a sum
 * over millions of customers), symmetrised.
 */
function standardErrorsFromGradient(gradient: (values: number[], out: number[]) => number, at: number[]): (number | null)[] {
  const n = at.length;
  const H: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const up = new Array<number>(n).fill(0);
  const down = new Array<number>(n).fill(0);
  for (let j = 0; j < n; j++) {
    const h = 1e-5 * Math.max(Math.abs(at[j]), 1e-2);
    const plus = at.slice();
    const minus = at.slice();
    plus[j] += h;
    minus[j] -= h;
    gradient(plus, up);
    gradient(minus, down);
    for (let i = 0; i < n; i++) H[i][j] = -(up[i] - down[i]) / (2 * h);
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) H[i][j] = H[j][i] = (H[i][j] + H[j][i]) / 2;
  return standardErrorsOf(H, at);
}

/**
 * The Hessian of −ln L in the parameters θ from the one in u = ln θ (where the fit works) and
 * the gradient g there: ∂²/∂u_i∂u_j = θ_i θ_j ∂²/∂θ_i∂θ_j + δ_ij g_i, so H_θ = (H_u − diag g) / (θ_i θ_j).
 */
function hessianInValues(Hu: number[][], gu: number[], values: number[]): number[][] {
  return Hu.map((row, i) => row.map((h, j) => (h - (i === j ? gu[i] : 0)) / (values[i] * values[j])));
}

function standardErrorsOf(H: number[][], at: number[]): (number | null)[] {
  if (H.some((row) => row.some((v) => !Number.isFinite(v)))) return at.map(() => null);
  try {
    const cov = inverse(new Matrix(H));
    return at.map((_, i) => {
      const v = cov.get(i, i);
      return v > 0 && Number.isFinite(v) ? Math.sqrt(v) : null;
    });
  } catch {
    return at.map(() => null);
  }
}
