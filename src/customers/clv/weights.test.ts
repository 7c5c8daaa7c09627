import { describe, expect, it } from 'vitest';
import { cdnowTransactions } from '../__fixtures__/cdnow.js';
import { fitBgNbd } from './bg-nbd.js';
import { fitGammaGamma } from './gamma-gamma.js';
import { fitParetoNbd } from './pareto-nbd.js';
import { summarizeTransactions } from '../purchases/transactions.js';

/**
 * A row with `weight` w stands for w identical customers: fitting CDNOW with identical
 * summaries merged gives the fit of the customers one by one (same likelihood, summed in
 * another order), and counts every customer.
 */
const cdnow = summarizeTransactions(cdnowTransactions(), { timeUnit: 'week', calibrationEnd: '1997-09-30' });
const merged = new Map<string, (typeof cdnow)[number] & { weight: number }>();
for (const c of cdnow) {
  const key = `${c.frequency}|${c.recency}|${c.T}|${c.monetary_value}`;
  const m = merged.get(key);
  if (m) m.weight++;
  else merged.set(key, { ...c, weight: 1 });
}
const weighted = [...merged.values()];

const expectSameFit = (got: { params: object; loglik: number; customers: number }, want: { params: object; loglik: number; customers: number }) => {
  for (const [k, v] of Object.entries(want.params)) expect(Math.abs((got.params as Record<string, number>)[k] / v - 1), k).toBeLessThan(1e-6);
  expect(got.loglik).toBeCloseTo(want.loglik, 6);
  expect(got.customers).toBe(want.customers);
};

describe('weighted summaries', () => {
  it('merge CDNOW into far fewer rows', () => {
    expect(weighted.length).toBeLessThan(cdnow.length * 0.7);
    expect(weighted.reduce((n, c) => n + c.weight, 0)).toBe(2357);
  });

  it('give the same BG/NBD, Pareto/NBD and Gamma-Gamma fits as the customers one by one', () => {
    expectSameFit(fitBgNbd(weighted), fitBgNbd(cdnow));
    expectSameFit(fitParetoNbd(weighted), fitParetoNbd(cdnow));
    expectSameFit(fitGammaGamma(weighted), fitGammaGamma(cdnow));
  });

  it('reject a weight that is not a positive whole number', () => {
    expect(() => fitBgNbd([{ ...weighted[0], weight: 0.5 }, ...weighted.slice(1)])).toThrow(/inconsistent summary/);
  });
});
