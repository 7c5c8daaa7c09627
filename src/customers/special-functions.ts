/**
 * Special functions the customer-base models need: log-gamma (from jstat),
 * log-sum-exp and the Gauss hypergeometric function 2F1 for |z| < 1.
 */
// jstat ships no type declarations; this file is the one place that types what we use from it.
// @ts-ignore -- untyped CommonJS module
import jstatModule from 'jstat';

interface JStatSubset {
  gammaln(x: number): number;
}
const jStat = ((jstatModule as { jStat?: JStatSubset }).jStat ?? jstatModule) as JStatSubset;

/** ln Γ(x) for x > 0 (jstat's Lanczos approximation, ~1e-14 relative). */
export function lgamma(x: number): number {
  return jStat.gammaln(x);
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
  if (b > a) throw new RangeError(`logSubExp: ${b} > ${a}`);
  if (a === b) return -Infinity;
  return a + Math.log(-Math.expm1(b - a));
}

const maxTerms = 1_000_000;

/**
 * Gauss hypergeometric function ₂F₁(a, b; c; z) for 0 ≤ z < 1 and c > 0, by its power series
 * Σ (a)ₙ(b)ₙ / ((c)ₙ n!) zⁿ with a tail-bound convergence check.
 *
 * When a + b − c > 0 the terms first grow like n^(a+b−c−1); Euler's transformation
 * ₂F₁(a,b;c;z) = (1−z)^(c−a−b) ₂F₁(c−a, c−b; c; z) then gives a series whose terms shrink from
 * the start, which is what keeps the BG/NBD conditional expectation accurate for heavy buyers.
 * Throws a RangeError when the series has not converged after a million terms (z too close to 1).
 *
 * @example hyp2f1(1, 1, 2, 0.5) // = −ln(1 − 0.5)/0.5 = 1.386294…
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) throw new RangeError(`hyp2f1: z must be in [0, 1), got ${z}`);
  if (!(c > 0)) throw new RangeError(`hyp2f1: c must be positive, got ${c}`);
  if (z === 0) return 1;
  const excess = a + b - c;
  if (excess > 0) return Math.pow(1 - z, -excess) * hyp2f1Series(c - a, c - b, c, z);
  return hyp2f1Series(a, b, c, z);
}

function hyp2f1Series(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  // Past this index every factor is positive and the term ratio only drifts towards z.
  const settled = Math.max(2, Math.abs(a), Math.abs(b), Math.abs(c));
  for (let n = 0; n < maxTerms; n++) {
    const ratio = ((a + n) * (b + n)) / ((c + n) * (n + 1)) * z;
    term *= ratio;
    sum += term;
    if (term === 0) return sum;
    // Once the term ratio has settled below 1 and keeps falling towards z, the geometric tail
    // term·ρ/(1−ρ) with ρ = max(ratio, z) bounds what is left.
    const rho = Math.max(Math.abs(ratio), z);
    if (rho < 1 && n > settled) {
      const tail = (Math.abs(term) * rho) / (1 - rho);
      if (tail <= 1e-15 * Math.abs(sum)) return sum;
    }
  }
  throw new RangeError(`hyp2f1(${a}, ${b}; ${c}; ${z}) did not converge in ${maxTerms} terms`);
}

/**
 * ln ₂F₁(a, b; c; z) for 0 ≤ z < 1 where the function is positive (e.g. a, b, c > 0). Applies
 * Euler's prefactor in log space, so huge prefactors that cancel against the caller's
 * (1−z)^k terms never overflow.
 */
export function logHyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) throw new RangeError(`logHyp2f1: z must be in [0, 1), got ${z}`);
  if (z === 0) return 0;
  const excess = a + b - c;
  if (excess > 0) return -excess * Math.log1p(-z) + Math.log(hyp2f1Series(c - a, c - b, c, z));
  return Math.log(hyp2f1Series(a, b, c, z));
}
