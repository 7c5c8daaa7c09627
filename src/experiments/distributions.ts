/**
 * Typed access to the distribution functions of jstat (normal, Student t,
 * noncentral t, beta, chi-square, log-beta). jstat ships no type declarations,
 * so this file is the only place that touches it; everything else in
 * experiments/ calls these wrappers.
 *
 * Precision note: jstat's normal tail is computed as 1 - erf(x), so it is exact
 * to about 1e-16 in absolute terms; p-values below ~1e-15 round to 0.
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
}

const jStat = jStatModule as unknown as JStat;

/** Standard normal cumulative distribution Φ(x). */
export function normalCdf(x: number): number {
  return jStat.normal.cdf(x, 0, 1);
}

/** Standard normal density φ(x). */
export function normalPdf(x: number): number {
  return jStat.normal.pdf(x, 0, 1);
}

/** Standard normal quantile Φ⁻¹(p). */
export function normalQuantile(p: number): number {
  return jStat.normal.inv(p, 0, 1);
}

/** Two-sided normal p-value P(|Z| ≥ |z|), computed from the smaller tail. */
export function normalTwoSidedP(z: number): number {
  return Math.min(1, 2 * normalCdf(-Math.abs(z)));
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

/** Upper tail P(χ²_df ≥ x). */
export function chiSquareUpper(x: number, df: number): number {
  if (x <= 0) return 1;
  return Math.max(0, 1 - jStat.chisquare.cdf(x, df));
}
