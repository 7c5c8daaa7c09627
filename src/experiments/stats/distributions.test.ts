import { describe, expect, it } from 'vitest';
import { chiSquareUpper, normalCdf, normalTwoSidedP, upperRegularizedGamma } from './distributions.js';

/** |actual/expected − 1| < tol, and a tiny expected value must not come back as 0. */
const rel = (actual: number, expected: number, tol: number) => expect(Math.abs(actual / expected - 1)).toBeLessThan(tol);

// Reference values: R 4.x, printed by ../r-reference/tails.R (options(digits = 17)).
describe('chiSquareUpper against R pchisq(x, df, lower.tail = FALSE)', () => {
  const cases: [x: number, df: number, p: number, tol: number][] = [
    [0.1, 1, 0.75182963404584935, 1e-12],
    [3.84, 1, 0.050043521248705224, 1e-12],
    [2, 5, 0.84914503608460967, 1e-12],
    [1e-8, 2, 0.99999999500000003, 1e-12],
    [50, 100, 0.99999304669475242, 1e-12],
    [130, 100, 0.023512397809808679, 1e-9],
    [100, 3, 1.5541594313896051e-21, 1e-12],
    [2000 / 3, 1, 5.3028503746269418e-147, 1e-12],
    [1500, 40, 6.7816667323022511e-289, 1e-9],
  ];
  it.each(cases)('χ² = %s, df = %s', (x, df, p, tol) => rel(chiSquareUpper(x, df), p, tol));

  it('is 1 at and below 0', () => {
    expect(chiSquareUpper(0, 3)).toBe(1);
    expect(chiSquareUpper(-1, 3)).toBe(1);
  });
});

describe('normal tails without 1 − Φ', () => {
  it.each([
    [0.5, 0.61707507745197387],
    [1.96, 0.049995790296440856],
    [5, 5.7330314375838782e-7],
    [10, 1.5239706048321054e-23],
    [20, 5.5072482372124675e-89],
    [37, 1.1451142445049154e-299],
  ])('two-sided p at z = ±%s matches R 2*pnorm(-z)', (z, p) => {
    rel(normalTwoSidedP(z), p, 1e-12);
    expect(normalTwoSidedP(-z)).toBe(normalTwoSidedP(z));
  });

  it.each([
    [-30, 4.9067139271481872e-198],
    [-8, 6.2209605742717849e-16],
    [-1, 0.15865525393145705],
    [0, 0.5],
    [0.3, 0.61791142218895267],
    [2, 0.97724986805182079],
  ])('Φ(%s) matches R pnorm', (x, p) => rel(normalCdf(x), p, 1e-12));

  it('two-sided p is 1 at z = 0', () => expect(normalTwoSidedP(0)).toBe(1));
});

describe('upperRegularizedGamma', () => {
  it('equals the closed form Q(1, x) = e^(−x) on both sides of the series/fraction switch at x = 2', () => {
    for (const x of [0.01, 0.5, 1.9, 2.1, 30, 700]) rel(upperRegularizedGamma(1, x), Math.exp(-x), 1e-13);
  });

  it('equals erfc(1) at a = ½, x = 1 (erfc(1) = 0.157299207050285130658…, Abramowitz & Stegun table 7.1)', () => {
    rel(upperRegularizedGamma(0.5, 1), 0.15729920705028513, 1e-12);
  });

  it('is continuous across the switch at x = a + 1', () => {
    for (const a of [0.5, 3, 50]) {
      const below = upperRegularizedGamma(a, a + 1 - 1e-9);
      const at = upperRegularizedGamma(a, a + 1);
      expect(Math.abs(below - at)).toBeLessThan(1e-8);
      expect(below).toBeGreaterThan(at); // Q decreases in x
    }
  });

  it('is 1 at x = 0, 0 at infinity, NaN for a ≤ 0', () => {
    expect(upperRegularizedGamma(2, 0)).toBe(1);
    expect(upperRegularizedGamma(2, Infinity)).toBe(0);
    expect(upperRegularizedGamma(0, 1)).toBeNaN();
  });
});
