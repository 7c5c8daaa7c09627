import { describe, expect, it } from 'vitest';
import { cdnowTransactions } from '../__fixtures__/cdnow.js';
import { fitGammaGamma, gammaGammaExpectedSpend, gammaGammaLogLikelihood } from './gamma-gamma.js';
import { lgamma } from '../maths/special-functions.js';
import { summarizeTransactions } from '../purchases/transactions.js';

describe('Gamma-Gamma', () => {
  it('reproduces the published CDNOW estimates within 1% (FHL 2005 "RFM and CLV": p 6.25, q 3.74, γ 15.44)', () => {
    const cdnow = summarizeTransactions(cdnowTransactions(), { timeUnit: 'week', calibrationEnd: '1997-09-30' });
    const fit = fitGammaGamma(cdnow);
    expect(fit.customers).toBe(946);
    const expected = { p: 6.25, q: 3.74, v: 15.44 };
    for (const key of ['p', 'q', 'v'] as const) expect(Math.abs(fit.params[key] / expected[key] - 1)).toBeLessThan(0.01);
  });

  it('log-likelihood of x = 1 is the gamma-gamma (Lomax-type) density of one value', () => {
    // x = 1: f(m) = Γ(p+q)/(Γ(p)Γ(q)) v^q m^(p−1) / (v+m)^(p+q); p = 2, q = 3, v = 4, m = 5
    const hand = Math.exp(lgamma(5) - lgamma(2) - lgamma(3)) * 64 * 5 / Math.pow(9, 5);
    expect(gammaGammaLogLikelihood({ p: 2, q: 3, v: 4 }, { frequency: 1, monetary_value: 5 })).toBeCloseTo(Math.log(hand), 12);
  });

  it('expected spend shrinks the observed mean towards the population mean', () => {
    const p = { p: 6.25, q: 3.74, v: 15.44 };
    const population = (p.p * p.v) / (p.q - 1);
    expect(gammaGammaExpectedSpend(p, { frequency: 0, monetary_value: 0 })).toBeCloseTo(population, 12);
    // x = 2, m = 50: p(v + x m)/(p x + q − 1) = 6.25·115.44/15.24
    expect(gammaGammaExpectedSpend(p, { frequency: 2, monetary_value: 50 })).toBeCloseTo((6.25 * 115.44) / 15.24, 12);
    expect(() => gammaGammaExpectedSpend({ p: 1, q: 0.9, v: 1 }, { frequency: 1, monetary_value: 1 })).toThrow(/infinite/);
  });

  it('needs at least three customers with repeat spend', () => {
    expect(() => fitGammaGamma([{ frequency: 1, monetary_value: 10 }, { frequency: 0, monetary_value: 0 }])).toThrow(/need at least 3/);
  });
});
