/**
 * The assignment hashes, over the UTF-8 bytes of a string. The server
 * implements the same functions (src/experiments/assignment/assignment.ts, murmur3.ts), so
 * a visitor's variant can be recomputed from the events alone:
 * - version 1 (experiments created before hash versions): FNV-1a 32;
 * - version 2 (the default): MurmurHash3 x86 32, seed 0.
 */

/**
 * FNV-1a, 32 bits (hash version 1).
 * @example fnv1a32('a') === 0xe40c292c
 */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  }
  return hash;
}

const mix = (k: number): number => Math.imul(((k = Math.imul(k, 0xcc9e2d51)) << 15) | (k >>> 17), 0x1b873593);

/**
 * MurmurHash3_x86_32 with seed 0 (hash version 2).
 * @example murmur3('The quick brown fox jumps over the lazy dog') === 0x2e4ff723
 */
export function murmur3(text: string): number {
  const bytes = new TextEncoder().encode(text);
  const n = bytes.length;
  let h = 0;
  let k = 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    h ^= mix(bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24));
    h = (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
  }
  for (let shift = 0; i < n; shift += 8) k |= bytes[i++] << shift;
  if (n & 3) h ^= mix(k);
  h ^= n;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Deterministic bucket for an experiment: `u = hash(key + ':' + anonymousId) / 2^32`
 * (hash version 1: FNV-1a, anything else: MurmurHash3) in [0, 1) falls into the
 * first arm `i` with `u * total < weights[0] + … + weights[i]`.
 * Weights need not sum to 1; non-positive or non-numeric weights get no traffic.
 * Returns -1 when no weight is positive.
 * @example bucket('hero', 'a1', [1, 1], 2) // 0 or 1, the same every time
 */
export function bucket(experimentKey: string, anonymousId: string, weights: number[], version: number): number {
  const clean = weights.map((w) => (w > 0 ? w : 0));
  const total = clean.reduce((sum, w) => sum + w, 0);
  const text = experimentKey + ':' + anonymousId;
  const point = ((version == 1 ? fnv1a32(text) : murmur3(text)) / 4294967296) * total;
  let cumulative = 0;
  for (let i = 0; i < clean.length; i++) {
    cumulative += clean[i];
    if (clean[i] > 0 && point < cumulative) return i;
  }
  return -1;
}
