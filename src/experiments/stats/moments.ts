/**
 * Per-variant summaries as the statistics consume them: sample size, mean and
 * sample variance (n − 1 denominator), built from the sums that a warehouse
 * query or an event count can produce without per-user rows.
 */

/** Sample size, mean and unbiased sample variance of a per-user metric. */
export interface Moments {
  n: number;
  mean: number;
  variance: number;
}

/**
 * Moments from n, Σy and Σy². The variance is clamped at 0 against rounding
 * (Σy² − (Σy)²/n can come out at −1e-12 for constant data); callers validate
 * that Σy² is not meaningfully below (Σy)²/n.
 *
 * @example momentsFromSums(3, 6, 14) // { n: 3, mean: 2, variance: 1 }
 */
export function momentsFromSums(n: number, sum: number, sumSquares: number): Moments {
  const mean = sum / n;
  const variance = n > 1 ? Math.max(0, (sumSquares - (sum * sum) / n) / (n - 1)) : 0;
  return { n, mean, variance };
}

/** Moments of a 0/1 conversion indicator: mean p, sample variance p(1 − p)·n/(n − 1). */
export function momentsFromConversions(n: number, conversions: number): Moments {
  return momentsFromSums(n, conversions, conversions);
}

/** Variance of the mean, s²/n. */
export function varianceOfMean(m: Moments): number {
  return m.variance / m.n;
}
