/**
 * Issue 11 #6: the assignment hash must split sequential ids as evenly as
 * random ones. Version 1 (FNV-1a) put 56.7% of `hero` over `exp_anon_0…599`
 * in B; version 2 (MurmurHash3) holds every split inside its exact binomial
 * 99.9% bounds over many keys, sequential id families and seeded random ids.
 * The bounds are computed from the binomial CDF, P(X ≤ k) = I_{1−p}(n − k, k + 1).
 */
import { describe, expect, it } from 'vitest';
import { assignVariant, type HashVersion } from './assignment.js';
import { betaCdf } from '../stats/distributions.js';

/** Smallest k with P(X ≤ k) ≥ q for X ~ Binomial(n, p). */
function binomialQuantile(q: number, n: number, p: number): number {
  for (let k = 0; k < n; k++) if (betaCdf(1 - p, n - k, k + 1) >= q) return k;
  return n;
}

/** Central 99.9% interval [lo, hi] of Binomial(n, p): P(X < lo) ≤ 0.0005 and P(X > hi) ≤ 0.0005. */
function bounds999(n: number, p: number): [number, number] {
  return [binomialQuantile(0.0005, n, p), binomialQuantile(0.9995, n, p)];
}

/** mulberry32, seeded: random-looking ids for the "random id" family. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ['hero', 'checkout', 'pricing-page', 'cta-color', 'onboarding', 'exp_1', 'exp_2', 'exp_3', 'landing-v2', 'free-shipping', 'tet-sale', 'nowruz_offer'];
const SIZES = [600, 5000];

function families(n: number): Record<string, string[]> {
  const rand = mulberry32(20261206 + n);
  const hex = () => Math.floor(rand() * 16).toString(16);
  return {
    exp_anon: Array.from({ length: n }, (_, i) => `exp_anon_${i}`),
    rl: Array.from({ length: n }, (_, i) => `rl_${i}`),
    user: Array.from({ length: n }, (_, i) => `user-${i + 1}`),
    random: Array.from({ length: n }, () => 'xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx'.replace(/x/g, hex)),
  };
}

interface Split {
  key: string;
  family: string;
  n: number;
  weights: number[];
  arm: number;
  count: number;
  lo: number;
  hi: number;
}

/** Every (key, id family, size, weights, arm) count with its 99.9% bounds. */
function splits(version: HashVersion): Split[] {
  const out: Split[] = [];
  for (const n of SIZES) {
    const ids = families(n);
    for (const weights of [[1, 1], [1, 1, 1], [2, 3, 5]]) {
      const total = weights.reduce((a, b) => a + b, 0);
      const limits = weights.map((w) => bounds999(n, w / total));
      for (const key of KEYS) {
        for (const [family, list] of Object.entries(ids)) {
          const counts = weights.map(() => 0);
          for (const id of list) counts[assignVariant(key, id, weights, version)]++;
          // with two arms the first count fixes the second: check one arm
          const arms = weights.length === 2 ? [1] : weights.map((_, i) => i);
          for (const arm of arms) out.push({ key, family, n, weights, arm, count: counts[arm], lo: limits[arm][0], hi: limits[arm][1] });
        }
      }
    }
  }
  return out;
}

const outside = (s: Split) => s.count < s.lo || s.count > s.hi;

describe('assignment balance', () => {
  it('the 99.9% bounds are right (hand check: Binomial(600, 1/2) is 300 ± 3.29·12.25 ≈ [260, 340] by the normal approximation)', () => {
    const [lo, hi] = bounds999(600, 0.5);
    expect(lo).toBeGreaterThanOrEqual(258);
    expect(lo).toBeLessThanOrEqual(261);
    expect(hi).toBe(600 - lo);
  });

  it('version 2 keeps every A/B split of 24 keys over exp_anon_0…599, rl_0…599 and 600 random ids inside its 99.9% bounds', () => {
    const keys = [...KEYS, 'banner', 'signup-form', 'price-test', 'exp_10', 'exp_11', 'exp_12', 'header', 'footer-cta', 'trial-length', 'checkout-v3', 'upsell', 'search-box'];
    const ids = families(600);
    const [lo, hi] = bounds999(600, 0.5);
    const off: string[] = [];
    for (const key of keys) {
      for (const family of ['exp_anon', 'rl', 'random']) {
        let b = 0;
        for (const id of ids[family]) b += assignVariant(key, id, [1, 1], 2);
        if (b < lo || b > hi) off.push(`${key}/${family}: ${b} of 600 in B`);
      }
    }
    expect(off).toEqual([]);
  });

  it('version 2 over the wider grid (672 splits: 4 id families, n 600 and 5000, 2 and 3 arms): no more splits outside than chance gives', () => {
    const all = splits(2);
    expect(all.length).toBe(12 * 4 * 2 * (1 + 3 + 3));
    // Each split is outside its 99.9% bounds with probability ≤ 0.001, so an ideal hash has
    // about 0.7 of them; P(more than 4 | Binomial(672, 0.001)) ≈ 6.5e-4 (scipy binom.sf(4, 672, 0.001)).
    expect(all.filter(outside).length).toBeLessThanOrEqual(4);
  });

  it('version 1 (FNV-1a, kept for old experiments) does not: sequential ids break the bounds', () => {
    const bad = splits(1).filter(outside);
    expect(bad.length).toBeGreaterThan(10);
    expect(bad.every((s) => s.family !== 'random')).toBe(true);
  });

  it('the issue\'s cases: hero over exp_anon_0…599 and checkout over rl_0…599', () => {
    const share = (key: string, prefix: string, version: HashVersion) => {
      let b = 0;
      for (let i = 0; i < 600; i++) b += assignVariant(key, `${prefix}${i}`, [1, 1], version);
      return b;
    };
    expect(share('hero', 'exp_anon_', 1)).toBe(340); // 56.7% in B, as reported
    expect(share('checkout', 'rl_', 1)).toBe(358); // 59.7%
    const [lo, hi] = bounds999(600, 0.5);
    for (const [key, prefix] of [['hero', 'exp_anon_'], ['checkout', 'rl_']]) {
      const b = share(key, prefix, 2);
      expect(b).toBeGreaterThanOrEqual(lo);
      expect(b).toBeLessThanOrEqual(hi);
    }
  });
});
