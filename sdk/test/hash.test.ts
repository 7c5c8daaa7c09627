import { describe, expect, it } from 'vitest';
import { assignVariant, murmur3_32 } from '../../src/experiments/index.js';
import { bucket, fnv1a32, murmur3 } from '../src/hash.js';

describe('fnv1a32', () => {
  // Published FNV-1a 32-bit vectors (Landon Curt Noll's FNV test suite, test_fnv.c).
  it.each([
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ])('hashes %j to the published value', (text, expected) => {
    expect(fnv1a32(text)).toBe(expected);
  });

  // Experiment inputs `${experimentKey}:${anonymousId}`, hashed by a separate
  // reference implementation (Python: h ^= byte; h = h * 16777619 mod 2^32 over
  // s.encode('utf-8')). src/experiments/assignment/assignment.ts must give the same numbers.
  it.each([
    ['hero-banner:aZ3kP9qLmN0xYb7TcW2dRe', 0xde75bf51],
    ['pricing-page:Q8wErTy6UiOp1AsDfGhJkL', 0x6626d145],
    ['تخفیف-نوروز:visitor-Ωé-42', 0x0ba3fe50],
  ])('hashes the UTF-8 bytes of %j like the reference', (text, expected) => {
    expect(fnv1a32(text)).toBe(expected);
  });
});

describe('murmur3', () => {
  // Published MurmurHash3_x86_32 vectors with seed 0 (SMHasher reference), as text.
  it.each([
    ['', 0],
    ['!', 0x72661cf4],
    ['!C', 0xa0f7b07a],
    ['!Ce', 0x7e4a8634],
    ['\u0000\u0000\u0000\u0000', 0x2362f9de],
    ['abc', 0xb3dd93fa],
    ['The quick brown fox jumps over the lazy dog', 0x2e4ff723],
  ])('hashes %j to the published value', (text, expected) => {
    expect(murmur3(text)).toBe(expected);
  });

  it('equals the server implementation on 5 000 ids of every length and script', () => {
    const alphabet = ['a', 'Z', '7', '-', '_', 'é', 'π', 'ء', 'ư', '🙂'];
    for (let i = 0; i < 5000; i++) {
      let text = 'exp-' + (i % 37) + ':';
      for (let j = 0; j < i % 23; j++) text += alphabet[(i * 7 + j * 3) % alphabet.length];
      expect(murmur3(text)).toBe(murmur3_32(text));
    }
  });
});

describe('bucket', () => {
  it('assigns like the server for both hash versions', () => {
    for (const version of [1, 2] as const) {
      for (let i = 0; i < 3000; i++) {
        for (const weights of [[1, 1], [2, 3, 5], [1, 0, 1]]) {
          expect(bucket('hero', 'exp_anon_' + i, weights, version)).toBe(assignVariant('hero', 'exp_anon_' + i, weights, version));
        }
      }
    }
  });


  // u = hash / 2^32 from the reference vectors above:
  // 0xde75bf51 → 0.86898, 0x6626d145 → 0.39903, 0x0ba3fe50 → 0.04547.
  it('splits two equal arms at u = 0.5', () => {
    expect(bucket('hero-banner', 'aZ3kP9qLmN0xYb7TcW2dRe', [1, 1], 1)).toBe(1);
    expect(bucket('pricing-page', 'Q8wErTy6UiOp1AsDfGhJkL', [1, 1], 1)).toBe(0);
    expect(bucket('تخفیف-نوروز', 'visitor-Ωé-42', [1, 1], 1)).toBe(0);
  });

  it('uses cumulative weights that need not sum to one', () => {
    // 0.86898 * 3 = 2.607 → third arm; 0.39903 * 3 = 1.197 → second arm.
    expect(bucket('hero-banner', 'aZ3kP9qLmN0xYb7TcW2dRe', [1, 1, 1], 1)).toBe(2);
    expect(bucket('pricing-page', 'Q8wErTy6UiOp1AsDfGhJkL', [1, 1, 1], 1)).toBe(1);
    // 0.86898 < 0.1 + 0.8 → middle arm of 10/80/10.
    expect(bucket('hero-banner', 'aZ3kP9qLmN0xYb7TcW2dRe', [10, 80, 10], 1)).toBe(1);
    // 0.39903 < 0.4 → first arm of 40/60, just below the boundary.
    expect(bucket('pricing-page', 'Q8wErTy6UiOp1AsDfGhJkL', [40, 60], 1)).toBe(0);
    expect(bucket('pricing-page', 'Q8wErTy6UiOp1AsDfGhJkL', [39, 61], 1)).toBe(1);
  });

  it('never assigns an arm with zero or negative weight', () => {
    expect(bucket('تخفیف-نوروز', 'visitor-Ωé-42', [0, 1], 1)).toBe(1);
    expect(bucket('تخفیف-نوروز', 'visitor-Ωé-42', [-5, 0, 2], 1)).toBe(2);
    expect(bucket('x', 'y', [0, 0], 1)).toBe(-1);
    expect(bucket('x', 'y', [], 1)).toBe(-1);
  });

  it('is sticky and close to the weights over many visitors', () => {
    const counts = [0, 0, 0];
    for (let i = 0; i < 30000; i++) counts[bucket('exp', 'visitor-' + i, [1, 2, 3], 2)]++;
    expect(bucket('exp', 'visitor-7', [1, 2, 3], 1)).toBe(bucket('exp', 'visitor-7', [1, 2, 3], 1));
    // Expected 5000 / 10000 / 15000; 4 binomial standard deviations is at most ±350.
    expect(Math.abs(counts[0] - 5000)).toBeLessThan(350);
    expect(Math.abs(counts[1] - 10000)).toBeLessThan(350);
    expect(Math.abs(counts[2] - 15000)).toBeLessThan(350);
  });
});
