/**
 * Sample ratio mismatch: is the observed split of users consistent with the
 * planned traffic weights? A tiny p-value means assignment or logging is
 * broken and the experiment's results should not be trusted.
 */
import { chiSquareUpper } from '../stats/distributions.js';

/** The p-value below which a mismatch is flagged (the common industry default). */
export const SRM_THRESHOLD = 0.001;

/** Chi-square goodness-of-fit result. */
export interface SrmResult {
  chiSquare: number;
  df: number;
  pValue: number;
  /** pValue < SRM_THRESHOLD */
  mismatch: boolean;
}

/**
 * Pearson chi-square goodness of fit of `users` against `weights` (relative
 * shares, normalised to sum 1; default equal), as R's
 * `chisq.test(users, p = weights)`. With no users at all p = 1.
 */
export function sampleRatioMismatch(users: readonly number[], weights?: readonly number[]): SrmResult {
  const k = users.length;
  const w = weights ?? users.map(() => 1);
  const totalWeight = w.reduce((a, b) => a + b, 0);
  const total = users.reduce((a, b) => a + b, 0);
  let chiSquare = 0;
  for (let i = 0; i < k; i++) {
    const expected = (total * w[i]) / totalWeight;
    if (expected > 0) chiSquare += (users[i] - expected) ** 2 / expected;
  }
  const pValue = total > 0 && k > 1 ? chiSquareUpper(chiSquare, k - 1) : 1;
  return { chiSquare, df: k - 1, pValue, mismatch: pValue < SRM_THRESHOLD };
}
