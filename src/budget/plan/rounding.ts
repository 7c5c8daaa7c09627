/**
 * Rounds a plan to cents so that channel totals respect their bounds and the
 * grand total equals the budget exactly (largest-remainder rounding, first on
 * channel totals, then on each channel's weeks).
 */
import type { ChannelBounds } from './projection.js';

/**
 * @returns plan in integer cents (channel × week).
 * @example roundPlanToCents([[0.333], [0.667]], [{ min: 0, max: 1 }, { min: 0, max: 1 }], 1) // [[33], [67]]
 */
export function roundPlanToCents(plan: readonly (readonly number[])[], bounds: readonly ChannelBounds[], total: number, equality = true): number[][] {
  const totalCents = Math.round(total * 100);
  const channelTotals = plan.map((row) => row.reduce((a, b) => a + b, 0) * 100);
  const low = bounds.map((b) => Math.ceil(b.min * 100 - 1e-6));
  const high = bounds.map((b) => Math.floor(b.max * 100 + 1e-6));
  const target = equality ? totalCents : Math.min(totalCents, Math.round(channelTotals.reduce((a, b) => a + b, 0)));
  const channelCents = largestRemainder(channelTotals, target, low, high);
  return plan.map((row, c) => {
    const cents = row.map((v) => v * 100);
    return largestRemainder(cents, channelCents[c], cents.map(() => 0), cents.map(() => Number.POSITIVE_INFINITY));
  });
}

/** Integer values near `values`, within [low, high], summing to `target` (when feasible). */
export function largestRemainder(values: readonly number[], target: number, low: readonly number[], high: readonly number[]): number[] {
  const out = values.map((v, i) => Math.min(high[i], Math.max(low[i], Math.floor(v + 1e-9))));
  let diff = target - out.reduce((a, b) => a + b, 0);
  const order = values.map((v, i) => i).sort((a, b) => (values[b] - Math.floor(values[b])) - (values[a] - Math.floor(values[a])) || a - b);
  // Add (or remove) one unit at a time, by largest (or smallest) remainder, within bounds.
  for (let pass = 0; diff !== 0 && pass < 1_000_000; pass++) {
    let changed = false;
    const sequence = diff > 0 ? order : [...order].reverse();
    for (const i of sequence) {
      if (diff > 0 && out[i] < high[i]) {
        out[i]++;
        diff--;
        changed = true;
      } else if (diff < 0 && out[i] > low[i]) {
        out[i]--;
        diff++;
        changed = true;
      }
      if (diff === 0) break;
    }
    if (!changed) break;
  }
  return out;
}
