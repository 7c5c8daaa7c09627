/**
 * Deterministic, sticky variant assignment shared by the server, the Node
 * helper and the browser snippet (sdk/), which must produce the same buckets:
 *
 *   u = fnv1a32(UTF-8 bytes of `${experimentKey}:${anonymousId}`) / 2^32
 *
 * and the variant is the first whose cumulative (normalised) weight exceeds u.
 *
 * Known limit of plain FNV-1a: its top bits diffuse poorly when ids differ only
 * in their last characters, so sequential ids (`user-1`, `user-2`, …) split
 * up to ~1.5 points off the weights over 20 000 users; random ids (the
 * snippet's UUIDs) split as expected. A murmur3 fmix32 finaliser would fix
 * this but must change in the snippet at the same time.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const encoder = new TextEncoder();

/**
 * 32-bit FNV-1a hash of the UTF-8 bytes of `text`, as an unsigned integer.
 * @example fnv1a32('a') // 0xe40c292c
 */
export function fnv1a32(text: string): number {
  let hash = FNV_OFFSET;
  for (const byte of encoder.encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash >>> 0;
}

/** The assignment unit interval value u ∈ [0, 1) of a user in an experiment. */
export function assignmentUnit(experimentKey: string, anonymousId: string): number {
  return fnv1a32(`${experimentKey}:${anonymousId}`) / 2 ** 32;
}

/**
 * Index of the variant a user sees, from relative `weights` (any positive
 * numbers; normalised). Same user and key → same variant, always.
 *
 * @example assignVariant('checkout-cta', 'anon-123', [0.5, 0.5]) // 0 or 1, stable
 */
export function assignVariant(experimentKey: string, anonymousId: string, weights: readonly number[]): number {
  if (weights.length === 0) throw new RangeError('assignVariant: at least one weight is required');
  const total = weights.reduce((a, b) => a + b, 0);
  if (!(total > 0) || weights.some((w) => !(w >= 0))) {
    throw new RangeError('assignVariant: weights must be non-negative numbers with a positive sum');
  }
  const u = assignmentUnit(experimentKey, anonymousId);
  let cumulative = 0;
  for (let i = 0; i < weights.length; i++) {
    cumulative += weights[i] / total;
    if (u < cumulative) return i;
  }
  // u is below 1 but rounding can leave the cumulative sum at 0.999…: the last variant with weight takes it
  for (let i = weights.length - 1; i >= 0; i--) if (weights[i] > 0) return i;
  return weights.length - 1;
}
