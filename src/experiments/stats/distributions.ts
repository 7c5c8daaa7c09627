/**
 * Typed access to the distribution functions of jstat (normal, Student t,
 * noncentral t, beta, chi-square, log-beta). jstat ships no type declarations,
 * so this file is the only place that touches it; everything else in
 * experiments/ calls these wrappers.
 *
 * Precision note: jstat computes its normal and chi-square CDFs as 1 − (a small
 * tail), so their small tails are only exact to ~1e-16 in absolute terms and
 * underflow to 0 below that. Every tail probability here that can be tiny (the
 * normal CDF below 0, two-sided normal p, chi-square upper tail) is therefore
 * computed directly as a regularized upper incomplete gamma function Q(a, x)
 * (`upperRegularizedGamma`), which keeps ~1e-12 relative accuracy (1e-10 for
 * df ≈ 100, limited by jstat's log-gamma) down to the smallest doubles. The Student t tail comes from jstat's incomplete beta
 * evaluated on the tail side (no cancellation); its continued fraction stops
 * at a relative change of 3e-7, which bounds the relative accuracy of t p-values.
 */
// @ts-ignore: jstat has no type declarations; its surface is typed by JStat below.
import jStatModule from 'jstat';

interface Dist2 {
  pdf(x: number, a: number, b: number): number;
  cdf(x: number, a: number, b: number): number;
  inv(p: number, a: number, b: number): number;
}
interface Dist1 {
  pdf(x: number, a: number): number;
  cdf(x: number, a: number): number;
  inv(p: number, a: number): number;
}
interface JStat {
  normal: Dist2;
  studentt: Dist1;
  noncentralt: { cdf(x: number, dof: number, ncp: number): number };
  beta: Dist2;
  chisquare: Dist1;
  betaln(a: number, b: number): number;
  gammaln(x: number): number;
}

const jStat = jStatModule as unknown as JStat;

/** Iteration cap of the incomplete-gamma series and continued fraction (both need O(√a) terms). */
const MAX_ITERATIONS = 100_000;

/**
 * Standard normal cumulative distribution Φ(x). The lower tail is computed
 * directly, Φ(−z) = ½·erfc(z/√2) = ½·Q(½, z²/2), so Φ(−30) ≈ 4.9e-198 instead of 0.
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const half = 0.5 * upperRegularizedGamma(0.5, (x * x) / 2);
  return x < 0 ? half : 1 - half;
}

/** Standard normal density φ(x). */
export function normalPdf(x: number): number {
  return jStat.normal.pdf(x, 0, 1);
}

/** Standard normal quantile Φ⁻¹(p). */
export function normalQuantile(p: number): number {
  return jStat.normal.inv(p, 0, 1);
}

/**
 * Two-sided normal p-value P(|Z| ≥ |z|) = erfc(|z|/√2) = Q(½, z²/2), computed
 * without forming 1 − Φ (z = 10 gives 1.52e-23, as R's 2*pnorm(-10)).
 */
export function normalTwoSidedP(z: number): number {
  if (Number.isNaN(z)) return NaN;
  return Math.min(1, upperRegularizedGamma(0.5, (z * z) / 2));
}

/** Student t cumulative distribution with `df` degrees of freedom. */
export function tCdf(x: number, df: number): number {
  return jStat.studentt.cdf(x, df);
}

/** Student t quantile. */
export function tQuantile(p: number, df: number): number {
  return jStat.studentt.inv(p, df);
}

/** Two-sided t p-value P(|T| ≥ |t|). */
export function tTwoSidedP(t: number, df: number): number {
  return Math.min(1, 2 * tCdf(-Math.abs(t), df));
}

/** Noncentral t cumulative distribution (used by the power of the t test). */
export function noncentralTCdf(x: number, df: number, ncp: number): number {
  return jStat.noncentralt.cdf(x, df, ncp);
}

/** Beta(a, b) density. */
export function betaPdf(x: number, a: number, b: number): number {
  return jStat.beta.pdf(x, a, b);
}

/** Beta(a, b) cumulative distribution. */
export function betaCdf(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return jStat.beta.cdf(x, a, b);
}

/** Beta(a, b) quantile. */
export function betaQuantile(p: number, a: number, b: number): number {
  return jStat.beta.inv(p, a, b);
}

/** log B(a, b). */
export function logBeta(a: number, b: number): number {
  return jStat.betaln(a, b);
}

/**
 * Upper tail P(χ²_df ≥ x) = Q(df/2, x/2), as R's `pchisq(x, df, lower.tail = FALSE)`.
 * Computed directly, so a huge statistic gives a tiny p rather than 0:
 * chiSquareUpper(2000 / 3, 1) ≈ 5.30e-147.
 */
export function chiSquareUpper(x: number, df: number): number {
  if (x <= 0) return 1;
  return upperRegularizedGamma(df / 2, x / 2);
}

/**
 * Regularized upper incomplete gamma function Q(a, x) = Γ(a, x)/Γ(a) for a > 0,
 * x ≥ 0 (Numerical Recipes §6.2): for x < a + 1 the power series of P = 1 − Q
 * (Q is not small there), otherwise Legendre's continued fraction for Q
 * itself, evaluated by the modified Lentz method, so Q never comes from 1 − P
 * where it is small. The prefactor e^(−x) x^a / Γ(a) is formed in logs.
 *
 * @example upperRegularizedGamma(0.5, 1) // = erfc(1) = 0.1572992070502851
 */
export function upperRegularizedGamma(a: number, x: number): number {
  if (!(a > 0) || Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  const logPrefactor = a * Math.log(x) - x - jStat.gammaln(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < MAX_ITERATIONS; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * Number.EPSILON) break;
    }
    return Math.min(1, Math.max(0, 1 - sum * Math.exp(logPrefactor)));
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < Number.EPSILON) break;
  }
  return Math.exp(logPrefactor) * h;
}

