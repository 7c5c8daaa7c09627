import { describe, expect, it } from 'vitest';
import { formatAmount, formatMinor, formatRate, toMinor } from './money-format.js';
import { Rng, WeightedTable } from './prng.js';

describe('money formatting', () => {
  it('writes minor units as decimal strings', () => {
    expect(formatMinor(1235, 2)).toBe('12.35');
    expect(formatMinor(5, 2)).toBe('0.05');
    expect(formatMinor(0, 2)).toBe('0.00');
    expect(formatMinor(7, 0)).toBe('7');
    expect(formatMinor(-120, 2)).toBe('-1.20');
    expect(toMinor(12.345, 2)).toBe(1235);
    expect(formatAmount(3.456, 'EUR')).toBe('3.46');
    expect(formatAmount(78_123_456.7, 'IRR')).toBe('78123457');
  });
  it('writes rates with 8 significant digits and no exponent', () => {
    expect(formatRate(1 / 1_200_000)).toBe('0.00000083333333');
    expect(formatRate(0.92)).toBe('0.92');
    expect(formatRate(1_200_000)).toBe('1200000');
    expect(formatRate(39.34426229)).toBe('39.344262');
  });
});

describe('prng', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });
  it('draws with the right means (10,000 draws, 5 standard errors)', () => {
    const rng = new Rng(7);
    const n = 10_000;
    let u = 0;
    let p = 0;
    let g = 0;
    for (let i = 0; i < n; i += 1) {
      u += rng.next();
      p += rng.poisson(3.5);
      g += rng.geometric(0.4);
    }
    expect(Math.abs(u / n - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(p / n - 3.5)).toBeLessThan(5 * Math.sqrt(3.5 / n));
    // geometric failures before success: mean (1-p)/p = 1.5, variance (1-p)/p^2 = 3.75
    expect(Math.abs(g / n - 1.5)).toBeLessThan(5 * Math.sqrt(3.75 / n));
  });
  it('draws table indexes in proportion to weights', () => {
    const rng = new Rng(1);
    const table = new WeightedTable([1, 0, 3]);
    const counts = [0, 0, 0];
    for (let i = 0; i < 8_000; i += 1) counts[table.draw(rng)] += 1;
    expect(counts[1]).toBe(0);
    expect(Math.abs(counts[2] / 8_000 - 0.75)).toBeLessThan(5 * Math.sqrt((0.75 * 0.25) / 8_000));
  });
});
