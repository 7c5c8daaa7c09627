import { describe, expect, it } from 'vitest';
import { sampleRatioMismatch } from './srm.js';

const rel = (actual: number, expected: number, tol: number) => expect(Math.abs(actual / expected - 1)).toBeLessThan(tol);

describe('sampleRatioMismatch against R chisq.test', () => {
  it('equal split, 5000 vs 5200', () => {
    // R: chisq.test(c(5000, 5200)) -> X-squared 3.9215686274509802, p 0.047670380656161498
    const r = sampleRatioMismatch([5000, 5200]);
    rel(r.chiSquare, 3.9215686274509802, 1e-12);
    rel(r.pValue, 0.047670380656161498, 1e-6);
    expect(r.mismatch).toBe(false);
  });

  it('planned 30/30/40 split', () => {
    // R: chisq.test(c(3050, 2950, 4000), p = c(0.3, 0.3, 0.4)) -> X-squared 1.6666666666666667, p 0.43459820850707809
    const r = sampleRatioMismatch([3050, 2950, 4000], [0.3, 0.3, 0.4]);
    rel(r.chiSquare, 5 / 3, 1e-12);
    rel(r.pValue, 0.43459820850707809, 1e-6);
    expect(r.df).toBe(2);
  });

  it('weights are relative shares: 3:3:4 equals 0.3/0.3/0.4', () => {
    expect(sampleRatioMismatch([3050, 2950, 4000], [3, 3, 4]).pValue).toBeCloseTo(sampleRatioMismatch([3050, 2950, 4000], [0.3, 0.3, 0.4]).pValue, 14);
  });

  it('keeps a tiny p-value instead of underflowing to 0 (1000 vs 1000 planned 1:3)', () => {
    // R: chisq.test(c(1000, 1000), p = c(0.25, 0.75)) -> X-squared 666.66666666666663, p 5.3028503746269418e-147
    // (= pchisq(2000/3, 1, lower.tail = FALSE)). Independent check, df = 1: p = erfc(√(x/2)); the
    // asymptotic series e^(−y²)/(y√π)·Σ (−1)ⁿ(2n−1)!!/(2y²)ⁿ at y² = 1000/3, 12 terms, in 40-digit
    // arithmetic (mpmath) gives 5.3028503746268412e-147, 2e-14 from R's value.
    const r = sampleRatioMismatch([1000, 1000], [1, 3]);
    rel(r.chiSquare, 2000 / 3, 1e-12);
    rel(r.pValue, 5.3028503746269418e-147, 1e-12);
    rel(r.pValue, 5.3028503746268412e-147, 1e-12);
    expect(r.mismatch).toBe(true);
  });

  it('three arms, equal plan, large imbalance', () => {
    // R: chisq.test(c(1000, 1200, 1500)) -> X-squared 102.70270270270271, p 4.9933438098107147e-23
    const r = sampleRatioMismatch([1000, 1200, 1500]);
    rel(r.chiSquare, 102.70270270270271, 1e-12);
    rel(r.pValue, 4.9933438098107147e-23, 1e-12);
  });

  it('flags a broken 50/50 split loudly', () => {
    // R: chisq.test(c(10321, 9679)) -> p 5.6354220907242798e-06
    const r = sampleRatioMismatch([10321, 9679]);
    rel(r.pValue, 5.6354220907242798e-6, 1e-5);
    expect(r.mismatch).toBe(true);
  });
});
