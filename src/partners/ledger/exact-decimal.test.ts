/**
 * Exact decimals against big.js (the reference the ledger's strings were written with): products,
 * differences, comparisons and the three roundings, on seeded random decimals from cents to 30
 * digits, so both the safe-integer and the BigInt paths are checked.
 */
import Big from 'big.js';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../shared/random.js';
import { canonical, compare, fixed, minus, parseDecimal, roundTo, times } from './exact-decimal.js';

function decimalText(rand: () => number): string {
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');
  const whole = digits(1 + Math.floor(rand() * (rand() < 0.7 ? 6 : 16)));
  const fraction = rand() < 0.3 ? '' : `.${digits(1 + Math.floor(rand() * (rand() < 0.7 ? 3 : 12)))}`;
  return `${rand() < 0.2 ? '-' : ''}${whole}${fraction}`;
}

const modes = { 'half-even': Big.roundHalfEven, 'half-up': Big.roundHalfUp, down: Big.roundDown } as const;

describe('exact decimals', () => {
  it('agree with big.js on 3,000 random pairs', () => {
    const rand = mulberry32(7);
    for (let i = 0; i < 3_000; i++) {
      const [a, b] = [decimalText(rand), decimalText(rand)];
      const [x, y] = [parseDecimal(a), parseDecimal(b)];
      const product = times(x, y);
      expect(canonical(product)).toBe(new Big(a).times(b).toFixed());
      expect(canonical(minus(x, y))).toBe(new Big(a).minus(b).toFixed());
      expect(compare(x, y)).toBe(new Big(a).cmp(b));
      const places = Math.floor(rand() * 4);
      for (const [mode, rm] of Object.entries(modes)) {
        const rounded = fixed(roundTo(product.units, product.scale, places, mode as keyof typeof modes), places);
        // big.js writes a negative value rounded to zero as "-0.00"; money() never does.
        expect(rounded).toBe(new Big(a).times(b).round(places, rm).toFixed(places).replace(/^-(0\.?0*)$/, '$1'));
      }
    }
  });

  it('rounds halves as named: 2.345 → 2.34 half-even, 2.35 half-up; −2.355 → −2.36; 9007199254740993.5 → 9007199254740994', () => {
    const r = (t: string, places: number, mode: 'half-even' | 'half-up' | 'down') => {
      const d = parseDecimal(t);
      return fixed(roundTo(d.units, d.scale, places, mode), places);
    };
    expect(r('2.345', 2, 'half-even')).toBe('2.34');
    expect(r('2.345', 2, 'half-up')).toBe('2.35');
    expect(r('-2.355', 2, 'half-even')).toBe('-2.36');
    expect(r('-2.359', 2, 'down')).toBe('-2.35');
    expect(r('9007199254740993.5', 0, 'half-even')).toBe('9007199254740994');
    expect(canonical(parseDecimal('007.500'))).toBe('7.5');
  });
});
