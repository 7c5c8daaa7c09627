/**
 * Seeded pseudo-random numbers so every search, bootstrap and simulation in
 * the budget engine is reproducible from its seed.
 */

import { mulberry32 } from '../../shared/random.js';

/** A uniform [0, 1) generator. */
export type Rng = () => number;

/** A seeded uniform generator (mulberry32, see src/shared/random.ts). */
export const seededRng: (seed: number) => Rng = mulberry32;

/** A standard normal draw (Box–Muller). */
export function normalDraw(rand: Rng): number {
  let u = rand();
  while (u <= 0) u = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** Linear-interpolated quantile (type 7, as R's default) of unsorted values. */
export function quantile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
