/**
 * Special functions the customer-base models need: log-gamma (from jstat),
 * log-sum-exp and the Gauss hypergeometric function 2F1 for |z| < 1. Arguments outside their
 * domain (which the models reach only at fitted parameters the data cannot support) throw
 * 422 `not_computable`.
 */
// jstat ships no type declarations; this file is the one place that types what we use from it.
// @ts-ignore -- untyped CommonJS module
import jstatModule from 'jstat';
import { AppError, notComputable } from '../../shared/errors.js';

interface JStatSubset {
  gammaln(x: number): number;
}
const jStat = ((jstatModule as { jStat?: JStatSubset }).jStat ?? jstatModule) as JStatSubset;

/** ln Γ(x) for x > 0 (jstat's Lanczos approximation, ~1e-14 relative). */
export function lgamma(x: number): number {
  return jStat.gammaln(x);
}

/**
 * ψ(x) = d/dx ln Γ(x) for x > 0: the recurrence ψ(x) = ψ(x+1) − 1/x up to x ≥ 10, then the
 * asymptotic series ln x − 1/(2x) − Σ B₂ₖ/(2k x²ᵏ) (error below 1e-15 there).
 */
export function digamma(x: number): number {
  let shift = 0;
  while (x < 10) {
    shift -= 1 / x;
    x += 1;
  }
  const inv2 = 1 / (x * x);
  const series = inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132 - inv2 * (691 / 32760))))));
  return shift + Math.log(x) - 0.5 / x - series;
}

/** ln(e^a + e^b) without overflow; either argument may be -Infinity. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/** ln(e^a − e^b) for a ≥ b; -Infinity when they are equal. */
export function logSubExp(a: number, b: number): number {
  if (b === -Infinity) return a;
  if (b > a) throw notComputable(`logSubExp: ${b} > ${a}`);
  if (a === b) return -Infinity;
  return a + Math.log(-Math.expm1(b - a));
}

/** Terms the power series may take before Euler's integral takes over (≈ 37 / (1 − z) are needed). */
const seriesTerms = 20_000;

/** Raised when ₂F₁ has neither a convergent series nor an Euler integral at these parameters. */
export class Hyp2f1NotComputable extends AppError {
  constructor(a: number, b: number, c: number, z: number) {
    super('not_computable', `hyp2f1(${a}, ${b}; ${c}; ${z}): the power series does not converge in ${seriesTerms} terms and Euler's integral needs c > a > 0 or c > b > 0`);
    this.name = 'Hyp2f1NotComputable';
  }
}

/**
 * Gauss hypergeometric function ₂F₁(a, b; c; z) for 0 ≤ z < 1 and c > 0.
 *
 * First by its power series Σ (a)ₙ(b)ₙ / ((c)ₙ n!) zⁿ with a tail-bound convergence check. When
 * a + b − c > 0 the terms first grow like n^(a+b−c−1); Euler's transformation
 * ₂F₁(a,b;c;z) = (1−z)^(c−a−b) ₂F₁(c−a, c−b; c; z) then gives a series whose terms shrink from
 * the start, which is what keeps the BG/NBD conditional expectation accurate for heavy buyers.
 *
 * Near z = 1 the series needs about 37 / (1 − z) terms (a Pareto/NBD fit with α ≫ β asks for
 * z = 0.99995). Past 20,000 terms it gives way to Euler's integral (DLMF 15.6.1),
 *   ₂F₁(a,b;c;z) = Γ(c) / (Γ(b) Γ(c−b)) · ∫₀¹ t^(b−1) (1−t)^(c−b−1) (1−zt)^(−a) dt   for c > b > 0
 * (or with a and b swapped), by tanh-sinh quadrature in log space (`logEulerIntegral`), which
 * converges for every z < 1. Throws `Hyp2f1NotComputable` when neither applies.
 *
 * @example hyp2f1(1, 1, 2, 0.5) // = −ln(1 − 0.5)/0.5 = 1.386294…
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) throw notComputable(`hyp2f1: z must be in [0, 1), got ${z}`);
  if (!(c > 0)) throw notComputable(`hyp2f1: c must be positive, got ${c}`);
  if (z === 0) return 1;
  const excess = a + b - c;
  const series = excess > 0 ? hyp2f1Series(c - a, c - b, c, z) : hyp2f1Series(a, b, c, z);
  if (series !== undefined) return excess > 0 ? Math.pow(1 - z, -excess) * series : series;
  return Math.exp(logHyp2f1Integral(a, b, c, z));
}

/**
 * ln ₂F₁(a, b; c; z) for 0 ≤ z < 1 where the function is positive (e.g. a, b, c > 0). Applies
 * Euler's prefactor in log space, so huge prefactors that cancel against the caller's
 * (1−z)^k terms never overflow; the integral fallback works in log space throughout.
 */
export function logHyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) throw notComputable(`logHyp2f1: z must be in [0, 1), got ${z}`);
  if (!(c > 0)) throw notComputable(`logHyp2f1: c must be positive, got ${c}`);
  if (z === 0) return 0;
  const excess = a + b - c;
  const series = excess > 0 ? hyp2f1Series(c - a, c - b, c, z) : hyp2f1Series(a, b, c, z);
  if (series !== undefined) return (excess > 0 ? -excess * Math.log1p(-z) : 0) + Math.log(series);
  return logHyp2f1Integral(a, b, c, z);
}

/** The series' sum, or undefined when it has not converged within `seriesTerms` terms. */
function hyp2f1Series(a: number, b: number, c: number, z: number): number | undefined {
  let term = 1;
  let sum = 1;
  const settled = settledIndex(a, b, c);
  // About 37 / −ln z terms past `settled` reach 1e-16: do not start what cannot finish
  // (unless a or b is a non-positive integer and the series is a polynomial).
  const terminates = (v: number) => v <= 0 && Number.isInteger(v);
  if (!terminates(a) && !terminates(b) && settled + 37 / -Math.log(z) > seriesTerms) return undefined;
  for (let n = 0; n < seriesTerms; n++) {
    const ratio = ((a + n) * (b + n)) / ((c + n) * (n + 1)) * z;
    term *= ratio;
    sum += term;
    if (term === 0) return sum;
    // Past `settled` the term ratio moves monotonically towards z, so the geometric tail
    // term·ρ/(1−ρ) with ρ = max(ratio, z) bounds what is left.
    const rho = Math.max(Math.abs(ratio), z);
    if (rho < 1 && n >= settled) {
      const tail = (Math.abs(term) * rho) / (1 - rho);
      if (tail <= 1e-15 * Math.abs(sum)) return sum;
    }
  }
  return undefined;
}

/**
 * An index past which the term ratio f(n) = (a+n)(b+n) / ((c+n)(1+n)) has a constant sign and
 * moves monotonically: past −a, −b, −c and the last root of its log-derivative's numerator,
 * (c+1−a−b) n² + 2(c−ab) n + c(a+b) − ab(1+c) (the cubic terms cancel). One is added for the
 * rounding of that quadratic's coefficients.
 */
function settledIndex(a: number, b: number, c: number): number {
  const k2 = c + 1 - a - b;
  const k1 = 2 * (c - a * b);
  const k0 = c * (a + b) - a * b * (1 + c);
  let root = -Infinity;
  if (k2 === 0) {
    if (k1 !== 0) root = -k0 / k1;
  } else {
    const disc = k1 * k1 - 4 * k2 * k0;
    if (disc >= 0) root = Math.max((-k1 + Math.sqrt(disc)) / (2 * k2), (-k1 - Math.sqrt(disc)) / (2 * k2));
  }
  return Math.ceil(Math.max(2, -a, -b, -c, root)) + 1;
}

/**
 * ln ₂F₁ by Euler's integral with p = b (or a) where c > p > 0 and q the other parameter:
 * ln Γ(c) − ln Γ(p) − ln Γ(c−p) + ln ∫₀¹ t^(p−1) (1−t)^(c−p−1) (1−zt)^(−q) dt.
 */
function logHyp2f1Integral(a: number, b: number, c: number, z: number): number {
  // Of the two representations, the one with the smaller exponents on (1−t) and (1−zt): large
  // ones would cancel in the logs (c − b = 10⁶ against a = 10⁶ loses six digits).
  const choices = ([[b, a], [a, b]] as const).filter(([p]) => c > p && p > 0);
  if (choices.length === 0) throw new Hyp2f1NotComputable(a, b, c, z);
  const cost = ([p, q]: readonly [number, number]) => c - p + Math.abs(q);
  const [p, q] = choices.reduce((best, x) => (cost(x) < cost(best) ? x : best));
  const r = c - p;
  // Γ(p+1) / Γ(p) = p exactly: the Pareto/NBD case c = p + 1, where p can be 10⁶ and three
  // lgamma values of 10⁷ would cancel to ~1e-9.
  const logNorm = r === 1 ? Math.log(p) : lgamma(c) - lgamma(p) - lgamma(r);
  const integral = logEulerIntegral(p, r, q, z);
  if (!Number.isFinite(integral)) throw new Hyp2f1NotComputable(a, b, c, z);
  return logNorm + integral;
}

/**
 * ln ∫₀¹ t^(p−1) (1−t)^(r−1) (1−zt)^(−q) dt for p, r > 0 and 0 ≤ z < 1, by tanh-sinh
 * (double-exponential) quadrature: t = 1 / (1 + e^(−2u)), u = (π/2) sinh x, so
 * dt = π cosh x · t (1−t) dx and the integrand decays double-exponentially in x at both ends,
 * whatever the endpoint singularities (Takahasi & Mori 1974). Every factor is taken in logs
 * (t and 1−t straight from u, 1 − zt as (1−z) + z(1−t)), so peaks of width 10⁻⁶ at t = 1 and
 * values beyond a double's range are both fine. The step halves until Bailey's error estimate
 * (from the last three sums; Bailey, Jeyabalan & Li 2005) is below 1e-13.
 */
export function logEulerIntegral(p: number, r: number, q: number, z: number): number {
  const oneMinusZ = 1 - z;
  const logNode = (j: number): number => {
    const i = j + nodeCount;
    if (Number.isNaN(nodeLogT[i])) fillNode(i, j * finestStep);
    return nodeLogWeight[i] + p * nodeLogT[i] + r * nodeLogOneMinusT[i] - q * Math.log(oneMinusZ + z * nodeOneMinusT[i]);
  };
  // Coarse nodes (step ½) on [−6.5, 6.5] (at x = ±6.5, 1 − t ≈ e^(−1040), past anything that
  // counts); finer levels only where the coarse ones came within e^(−80) of the peak, one step beyond.
  const coarse: number[] = [];
  for (let k = -13; k <= 13; k++) coarse.push(k * finestPerCoarse);
  const coarseLogs = coarse.map(logNode);
  let peak = Math.max(...coarseLogs);
  if (!Number.isFinite(peak)) return peak;
  const live = coarse.filter((_, i) => coarseLogs[i] >= peak - 80);
  const lo = Math.max(-nodeCount, live[0] - 2 * finestPerCoarse);
  const hi = Math.min(nodeCount, live[live.length - 1] + 2 * finestPerCoarse);
  let h = 0.5;
  let sum = coarseLogs.reduce((acc, l) => acc + Math.exp(l - peak), 0);
  const estimates = [Math.log(h * sum) + peak];
  for (let level = 1; level <= maxLevel; level++) {
    h /= 2;
    const stride = finestPerCoarse >> level;
    const midLogs: number[] = [];
    for (let j = lo + stride; j < hi; j += 2 * stride) midLogs.push(logNode(j));
    const newPeak = Math.max(peak, ...midLogs);
    sum = sum * Math.exp(peak - newPeak) + midLogs.reduce((acc, l) => acc + Math.exp(l - newPeak), 0);
    peak = newPeak;
    estimates.push(Math.log(h * sum) + peak);
    if (level >= 2 && baileyError(estimates) <= 1e-13) return estimates[level];
  }
  return estimates[estimates.length - 1];
}

/**
 * The quadrature's nodes do not depend on the integrand: x = j · 2⁻¹¹ for |j| ≤ 13 · 2¹⁰, with
 * ln(π cosh x), ln t, ln(1−t) and 1−t kept once computed (a Pareto/NBD fit asks for thousands
 * of integrals over the same nodes).
 */
const maxLevel = 10;
const finestPerCoarse = 1 << maxLevel;
const finestStep = 0.5 / finestPerCoarse;
const nodeCount = 13 * finestPerCoarse;
const nodeLogWeight = new Float64Array(2 * nodeCount + 1);
const nodeLogT = new Float64Array(2 * nodeCount + 1).fill(NaN);
const nodeLogOneMinusT = new Float64Array(2 * nodeCount + 1);
const nodeOneMinusT = new Float64Array(2 * nodeCount + 1);

function fillNode(i: number, x: number): void {
  const u = (Math.PI / 2) * Math.sinh(x);
  // ln t = −ln(1 + e^(−2u)), ln(1−t) = −ln(1 + e^(2u)), written to stay exact for |u| large.
  const tail = Math.log1p(Math.exp(-2 * Math.abs(u)));
  nodeLogT[i] = u >= 0 ? -tail : 2 * u - tail;
  nodeLogOneMinusT[i] = u >= 0 ? -2 * u - tail : -tail;
  nodeOneMinusT[i] = Math.exp(nodeLogOneMinusT[i]);
  nodeLogWeight[i] = Math.log(Math.PI * Math.cosh(x));
}

/**
 * Bailey's estimate of the error of the last of a sequence of tanh-sinh sums (here of
 * logarithms, so the error is relative): with d₁ = log₁₀|S_k − S_{k−1}| and d₂ = log₁₀|S_k − S_{k−2}|,
 * 10^(d₁²/d₂), since each halving of the step about squares the error.
 */
function baileyError(estimates: readonly number[]): number {
  const k = estimates.length - 1;
  const d1 = Math.abs(estimates[k] - estimates[k - 1]);
  const d2 = Math.abs(estimates[k] - estimates[k - 2]);
  if (d1 === 0) return 0;
  if (d2 === 0 || d1 >= d2) return d1;
  const l1 = Math.log10(d1);
  const l2 = Math.log10(d2);
  return l2 < 0 ? Math.min(d1, 10 ** ((l1 * l1) / l2)) : d1;
}
