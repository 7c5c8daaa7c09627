/**
 * Is a partner's conversion rate far from its programme's? An exact binomial test: with n clicks
 * and the rate p₀ of the programme's other partners (leave-one-out, so a large fraudulent
 * partner does not pull the reference towards itself), the partner's k conversions are
 *
 *   too many  when P(X ≥ k) = I_{p₀}(k, n − k + 1) < α   and k / n ≥ ratio × p₀,
 *   too few   when P(X ≤ k) = I_{1−p₀}(n − k, k + 1) < α  and k / n ≤ p₀ / ratio,
 *
 * X ~ Binomial(n, p₀), I the regularized incomplete beta function. Both tails need at least
 * `minExpected` expected conversions (n·p₀): below that no rate is far from anything. The ratio
 * keeps a huge partner with a slightly different audience from being flagged on significance alone.
 */
import { betaCdf } from '../../experiments/stats/distributions.js';

export interface RateTest {
  /** Significance level of each one-sided tail. */
  alpha: number;
  /** How many times the reference rate (or its fraction) the partner's rate must also be. */
  ratio: number;
  /** Minimum expected conversions n·p₀ before the test says anything. */
  minExpected: number;
}

export const defaultRateTest: RateTest = { alpha: 0.001, ratio: 2, minExpected: 5 };

export type RateVerdict = 'high' | 'low' | null;

/**
 * Compares k conversions of n clicks with the reference rate p₀.
 * @example conversionRateOutlier(40, 200, 0.05) // 'high': P(X ≥ 40 | 200, 0.05) ≈ 2e-13, 20% ≥ 2 × 5%
 * @example conversionRateOutlier(12, 200, 0.05) // null: 6% is within chance of 5%
 */
export function conversionRateOutlier(k: number, n: number, p0: number, test: RateTest = defaultRateTest): RateVerdict {
  if (n <= 0 || !(p0 > 0 && p0 < 1) || n * p0 < test.minExpected) return null;
  const rate = k / n;
  if (rate >= test.ratio * p0 && k >= 1 && binomialUpperTail(k, n, p0) < test.alpha) return 'high';
  if (rate <= p0 / test.ratio && k < n && binomialLowerTail(k, n, p0) < test.alpha) return 'low';
  return null;
}

/** P(X ≥ k) for X ~ Binomial(n, p). */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  return betaCdf(p, k, n - k + 1);
}

/** P(X ≤ k) for X ~ Binomial(n, p). */
export function binomialLowerTail(k: number, n: number, p: number): number {
  if (k >= n) return 1;
  if (k < 0) return 0;
  return betaCdf(1 - p, n - k, k + 1);
}
