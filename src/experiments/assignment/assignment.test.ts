import { describe, expect, it } from 'vitest';
import { assignmentUnit, assignVariant, fnv1a32, parseHashVersion } from './assignment.js';

/*
 * ASSIGNMENT TEST VECTORS, hash version 1 (experiments created before hash versions)
 * The browser snippet (sdk/) must reproduce these exactly.
 * hash = FNV-1a 32-bit over the UTF-8 bytes of `${experimentKey}:${anonymousId}`
 *        (offset basis 0x811c9dc5, prime 0x01000193, unsigned);
 * u = hash / 2^32; variant = first index i with u < (w0 + … + wi) / Σw.
 * (Values computed independently with a Python FNV-1a.)
 *
 *   1. key "checkout-cta", id "anon-123", weights [0.5, 0.5]
 *      hash 3513182943 (0xd166eadf), u 0.817976645892486 -> variant 1
 *   2. key "pricing-page", id "7f3c2a9e-1b44-4c1d-9a0e-2f6d8b5e0c11", weights [0.2, 0.3, 0.5]
 *      hash 3765482372 (0xe070b384), u 0.8767196843400598 -> variant 2
 *   3. key "hero-copy", id "người-dùng-1" (non-ASCII: hash the UTF-8 bytes), weights [1, 1, 1, 1]
 *      hash 799694410 (0x2faa5e4a), u 0.18619336420670152 -> variant 0
 */
const VECTORS = [
  { key: 'checkout-cta', id: 'anon-123', weights: [0.5, 0.5], hash: 3513182943, u: 0.817976645892486, variant: 1 },
  { key: 'pricing-page', id: '7f3c2a9e-1b44-4c1d-9a0e-2f6d8b5e0c11', weights: [0.2, 0.3, 0.5], hash: 3765482372, u: 0.8767196843400598, variant: 2 },
  { key: 'hero-copy', id: 'người-dùng-1', weights: [1, 1, 1, 1], hash: 799694410, u: 0.18619336420670152, variant: 0 },
];

/*
 * Hash version 2: hash = MurmurHash3_x86_32 (seed 0) over the same UTF-8 bytes.
 * Hashes from a separate Python implementation of the SMHasher reference
 * (it reproduces the published vector 0x2e4ff723 for "The quick brown fox jumps over the lazy dog").
 *   1. checkout-cta / anon-123: 1264255957 (0x4b5b03d5), u 0.2943575282115489 -> variant 0 of [0.5, 0.5]
 *   2. pricing-page / 7f3c…0c11: 2296703385 (0x88e4e999), u 0.5347429274115711 -> variant 2 of [0.2, 0.3, 0.5]
 *   3. hero-copy / người-dùng-1: 533076555 (0x1fc61a4b), u 0.12411655741743743 -> variant 0 of four equal
 */
const VECTORS_V2 = [
  { key: 'checkout-cta', id: 'anon-123', weights: [0.5, 0.5], u: 1264255957 / 2 ** 32, variant: 0 },
  { key: 'pricing-page', id: '7f3c2a9e-1b44-4c1d-9a0e-2f6d8b5e0c11', weights: [0.2, 0.3, 0.5], u: 2296703385 / 2 ** 32, variant: 2 },
  { key: 'hero-copy', id: 'người-dùng-1', weights: [1, 1, 1, 1], u: 533076555 / 2 ** 32, variant: 0 },
];

describe('fnv1a32', () => {
  it('matches the published FNV-1a test vectors (Fowler/Noll/Vo reference suite)', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('hashes UTF-8 bytes (Persian id)', () => {
    // Python: FNV-1a over "hero-copy:کاربر-۴۲".encode("utf-8") = 3507454298
    expect(fnv1a32('hero-copy:کاربر-۴۲')).toBe(3507454298);
  });
});

describe('assignVariant', () => {
  for (const v of VECTORS) {
    it(`vector ${v.key} / ${v.id}`, () => {
      expect(fnv1a32(`${v.key}:${v.id}`)).toBe(v.hash);
      expect(assignmentUnit(v.key, v.id, 1)).toBe(v.u);
      expect(assignVariant(v.key, v.id, v.weights, 1)).toBe(v.variant);
    });
  }

  for (const v of VECTORS_V2) {
    it(`hash version 2 vector ${v.key} / ${v.id}`, () => {
      expect(assignmentUnit(v.key, v.id, 2)).toBe(v.u);
      expect(assignVariant(v.key, v.id, v.weights, 2)).toBe(v.variant);
    });
  }

  it('reads hash versions from stored or sent values', () => {
    expect(parseHashVersion(1)).toBe(1);
    expect(parseHashVersion('2')).toBe(2);
    for (const bad of [undefined, null, 0, 3, '', 'x', 1.5]) expect(parseHashVersion(bad)).toBeUndefined();
  });

  it('splits random (UUID-like) ids by weight: 20 000 ids, 20/30/50 within 1 point (~3.5 SE)', () => {
    let state = 12345;
    const rand = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0; // LCG is enough to make ids, not to assign them
      return state / 4294967296;
    };
    const uuid = () => 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, () => Math.floor(rand() * 16).toString(16));
    const counts = [0, 0, 0];
    for (let i = 0; i < 20000; i++) counts[assignVariant('split-check', uuid(), [2, 3, 5], 1)]++;
    expect(Math.abs(counts[0] / 20000 - 0.2)).toBeLessThan(0.01);
    expect(Math.abs(counts[1] / 20000 - 0.3)).toBeLessThan(0.01);
    expect(Math.abs(counts[2] / 20000 - 0.5)).toBeLessThan(0.01);
  });

  it('a zero weight never receives users; bad weights throw', () => {
    for (let i = 0; i < 2000; i++) expect(assignVariant('k', `u${i}`, [1, 0, 1], 2)).not.toBe(1);
    expect(() => assignVariant('k', 'u', [], 2)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(() => assignVariant('k', 'u', [0, 0], 2)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(() => assignVariant('k', 'u', [1, -1], 2)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });
});
