import { describe, expect, it } from 'vitest';
import { BloomFilter, bloomBitsPerId } from './bloom-filter.js';
import { mulberry32 } from './random.js';

const randomId = (rand: () => number) => Math.floor(rand() * 2 ** 52).toString(36);

describe('BloomFilter', () => {
  it('never forgets a pair, tells workspaces apart, and is wrong about ~0.8% of absent pairs at capacity', () => {
    for (const seed of [1, 2, 3]) {
      const rand = mulberry32(seed);
      const filter = new BloomFilter(20_000);
      const added = Array.from({ length: 20_000 }, () => randomId(rand));
      for (const id of added) filter.add('w1', id);
      expect(added.every((id) => filter.mightContain('w1', id))).toBe(true);
      const absent = Array.from({ length: 50_000 }, () => `x${randomId(rand)}`);
      const falsePositives = absent.filter((id) => filter.mightContain('w1', id)).length;
      // 10 bits and 7 probes per pair: (1 - e^(-7/10))^7 = 0.82%.
      expect(falsePositives / absent.length).toBeLessThan(0.0125);
      expect(added.filter((id) => filter.mightContain('w2', id)).length / added.length).toBeLessThan(0.0125);
      expect(filter.bytes).toBe(Math.ceil((20_000 * bloomBitsPerId) / 32) * 4);
    }
  });

  it('grows by layers past its capacity and still never forgets', () => {
    const rand = mulberry32(7);
    const filter = new BloomFilter(1_000);
    const added = Array.from({ length: 15_000 }, () => randomId(rand));
    for (const id of added) filter.add('w', id);
    expect(filter.count).toBe(15_000);
    expect(added.every((id) => filter.mightContain('w', id))).toBe(true);
    // Layers of 1k, 2k, 4k, 8k ids: each ~0.8% when full, so at most ~4% together.
    const absent = Array.from({ length: 20_000 }, () => `x${randomId(rand)}`);
    expect(absent.filter((id) => filter.mightContain('w', id)).length / absent.length).toBeLessThan(0.04);
  });
});
