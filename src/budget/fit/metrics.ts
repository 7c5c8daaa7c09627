/** Fit-quality measures of the marketing-mix model. */
import type { FitQuality } from '../model/types.js';

/**
 * R², NRMSE (RMSE over the range of the actuals, as Robyn reports it) and MAPE
 * (over periods with a non-zero actual, as a fraction).
 * @example fitQuality([1, 2, 3], [1, 2, 4]) // { r2: 0.5, nrmse: 0.2887, mape: 0.1111 }
 */
export function fitQuality(actual: readonly number[], predicted: readonly number[]): FitQuality {
  const n = actual.length;
  const mean = actual.reduce((a, b) => a + b, 0) / n;
  let sse = 0;
  let sst = 0;
  let ape = 0;
  let apeCount = 0;
  for (let t = 0; t < n; t++) {
    const e = actual[t] - predicted[t];
    sse += e * e;
    sst += (actual[t] - mean) ** 2;
    if (actual[t] !== 0) {
      ape += Math.abs(e / actual[t]);
      apeCount++;
    }
  }
  const range = Math.max(...actual) - Math.min(...actual);
  return {
    r2: sst > 0 ? 1 - sse / sst : 0,
    nrmse: range > 0 ? Math.sqrt(sse / n) / range : 0,
    mape: apeCount > 0 ? ape / apeCount : 0,
  };
}
