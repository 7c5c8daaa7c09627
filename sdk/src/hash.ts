/**
 * FNV-1a, 32 bits, over the UTF-8 bytes of `text`.
 * The server implements the same function (src/experiments/assignment.ts), so a
 * visitor's variant can be recomputed from the events alone.
 * @example fnv1a32('a') === 0xe40c292c
 */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * Deterministic bucket for an experiment: `u = fnv1a32(key + ':' + anonymousId) / 2^32`
 * in [0, 1) falls into the first arm `i` with `u * total < weights[0] + … + weights[i]`.
 * Weights need not sum to 1; non-positive or non-numeric weights get no traffic.
 * Returns -1 when no weight is positive.
 * @example bucket('hero', 'a1', [1, 1]) // 0 or 1, the same every time
 */
export function bucket(experimentKey: string, anonymousId: string, weights: number[]): number {
  const clean = weights.map((w) => (w > 0 ? w : 0));
  const total = clean.reduce((sum, w) => sum + w, 0);
  const point = (fnv1a32(experimentKey + ':' + anonymousId) / 4294967296) * total;
  let cumulative = 0;
  for (let i = 0; i < clean.length; i++) {
    cumulative += clean[i];
    if (clean[i] > 0 && point < cumulative) return i;
  }
  return -1;
}
