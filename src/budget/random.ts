/**
 * Seeded pseudo-random numbers so every search, bootstrap and simulation in
 * the budget engine is reproducible from its seed.
 */

/** A uniform [0, 1) generator. */
export type Rng = () => number;

/**
 * Mulberry32: a small 32-bit generator with good statistical quality for
 * simulation work (not for cryptography).
 * @example const rand = seededRng(42); rand(); // 0.6011…
 */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
