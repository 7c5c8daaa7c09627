/**
 * Deterministic, sticky variant assignment shared by the server, the Node
 * helper and the browser snippet (sdk/), which must produce the same buckets:
 *
 *   u = hash_v(UTF-8 bytes of `${experimentKey}:${anonymousId}`) / 2^32
 *
 * and the variant is the first whose cumulative (normalised) weight exceeds u.
 *
 * Hash versions (stored with each experiment as `hash_version`, carried by
 * every exposure):
 * - 1: FNV-1a 32. Its top bits diffuse poorly when ids differ only in their
 *   last characters: `hero` over `exp_anon_0…599` put 56.7% in B. Kept only so
 *   that experiments created before version 2 keep their assignment.
 * - 2: MurmurHash3 x86 32 (seed 0), full avalanche; the default for new experiments.
 */
import { murmur3_32 } from './murmur3.js';
import { invalidArgument } from '../../shared/errors.js';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const encoder = new TextEncoder();

/** The assignment hash versions; a stored experiment without one is version 1. */
export const HASH_VERSIONS = [1, 2] as const;
export type HashVersion = (typeof HASH_VERSIONS)[number];
/** The version new experiments get. */
export const CURRENT_HASH_VERSION: HashVersion = 2;

/**
 * 32-bit FNV-1a hash of the UTF-8 bytes of `text`, as an unsigned integer (hash version 1).
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

/** The 32-bit assignment hash of `text` under `version`. */
export function assignmentHash(text: string, version: HashVersion): number {
  return version === 1 ? fnv1a32(text) : murmur3_32(text);
}

/** The assignment unit interval value u ∈ [0, 1) of a user in an experiment. */
export function assignmentUnit(experimentKey: string, anonymousId: string, version: HashVersion): number {
  return assignmentHash(`${experimentKey}:${anonymousId}`, version) / 2 ** 32;
}

/**
 * Index of the variant a user sees, from relative `weights` (any positive
 * numbers; normalised). Same user, key and hash version → same variant, always.
 *
 * @example assignVariant('checkout-cta', 'anon-123', [0.5, 0.5], 2) // 0 or 1, stable
 */
export function assignVariant(experimentKey: string, anonymousId: string, weights: readonly number[], version: HashVersion): number {
  if (weights.length === 0) throw invalidArgument('weights', 'assignVariant: at least one weight is required');
  const total = weights.reduce((a, b) => a + b, 0);
  if (!(total > 0) || weights.some((w) => !(w >= 0))) {
    throw invalidArgument('weights', 'assignVariant: weights must be non-negative numbers with a positive sum');
  }
  const u = assignmentUnit(experimentKey, anonymousId, version);
  let cumulative = 0;
  for (let i = 0; i < weights.length; i++) {
    cumulative += weights[i] / total;
    if (u < cumulative) return i;
  }
  // u is below 1 but rounding can leave the cumulative sum at 0.999…: the last variant with weight takes it
  for (let i = weights.length - 1; i >= 0; i--) if (weights[i] > 0) return i;
  return weights.length - 1;
}

/** A known hash version from a stored or sent value (a number or a numeric string), else undefined. */
export function parseHashVersion(value: unknown): HashVersion | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return (HASH_VERSIONS as readonly unknown[]).includes(n) ? (n as HashVersion) : undefined;
}
