/**
 * Circular block bootstrap of residuals: resamples blocks of consecutive
 * residuals (keeping their autocorrelation) onto the fitted values.
 */
import type { Rng } from '../model/random.js';

/**
 * One bootstrap outcome series: fitted + residuals resampled in circular blocks.
 * @param blockLength periods per block (14 days or 4 weeks are typical).
 */
export function blockBootstrapSeries(fitted: readonly number[], residuals: readonly number[], blockLength: number, rand: Rng): number[] {
  const n = fitted.length;
  const length = Math.max(1, Math.min(blockLength, n));
  const out = new Array<number>(n);
  let t = 0;
  while (t < n) {
    const start = Math.floor(rand() * n);
    for (let i = 0; i < length && t < n; i++, t++) out[t] = fitted[t] + residuals[(start + i) % n];
  }
  return out;
}
