/**
 * Mulberry32: a small seeded 32-bit generator, uniform in [0, 1). Good enough
 * statistically for simulation, bootstraps and Monte-Carlo estimates (not for
 * cryptography); the same seed always gives the same sequence.
 * @example const rand = mulberry32(42); rand(); // 0.6011…
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
