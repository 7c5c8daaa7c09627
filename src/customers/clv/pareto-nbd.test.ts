import { describe, expect, it } from 'vitest';
import { cdnowTransactions } from '../__fixtures__/cdnow.js';
import {
  fitParetoNbd,
  paretoNbdConditionalExpectedPurchases,
  paretoNbdExpectedPurchases,
  paretoNbdLogLikelihood,
  paretoNbdProbabilityAlive,
} from './pareto-nbd.js';
import { summarizeTransactions } from '../purchases/transactions.js';

describe('Pareto/NBD log-likelihood', () => {
  it('matches the α = β closed form, where the ₂F₁ terms are 1', () => {
    // r = 1, α = β = 2, s = 1; x = 1, t_x = 1, T = 3.
    // L = Γ(2)/Γ(1) α^r β^s [ (α+T)^−(r+x) (β+T)^−s + s/(r+s+x) ((α+t_x)^−(r+s+x) − (α+T)^−(r+s+x)) ]
    //   = 4 [ 1/125 + (1/3)(1/27 − 1/125) ]
    const ll = paretoNbdLogLikelihood({ r: 1, alpha: 2, s: 1, beta: 2 }, { frequency: 1, recency: 1, T: 3 });
    expect(ll).toBeCloseTo(Math.log(4 * (1 / 125 + (1 / 3) * (1 / 27 - 1 / 125))), 12);
  });

  it('is continuous across α = β, where the ₂F₁ branch switches', () => {
    const c = { frequency: 3, recency: 12, T: 30 };
    const below = paretoNbdLogLikelihood({ r: 0.6, alpha: 10 - 1e-7, s: 0.7, beta: 10 }, c);
    const above = paretoNbdLogLikelihood({ r: 0.6, alpha: 10 + 1e-7, s: 0.7, beta: 10 }, c);
    expect(Math.abs(below - above)).toBeLessThan(1e-6);
  });

  it('stays finite for the heavy buyers of lifetimes’ overflow test', () => {
    const p = { r: 10.465, alpha: 7.98565181e-3, s: 3.0516, beta: 2.82 };
    for (const [x, tx, T] of [[400, 5, 6], [500, 1, 37], [500, 4, 37]]) {
      expect(Number.isFinite(paretoNbdLogLikelihood(p, { frequency: x, recency: tx, T }))).toBe(true);
    }
  });
});

describe('fitParetoNbd on CDNOW', () => {
  const cdnow = summarizeTransactions(cdnowTransactions(), { timeUnit: 'week', calibrationEnd: '1997-09-30' });
  const fit = fitParetoNbd(cdnow);

  it('reproduces Fader & Hardie’s estimates (lifetimes test: 0.553, 10.578, 0.606, 11.669; LL −9594.98)', () => {
    const expected = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
    for (const key of ['r', 'alpha', 's', 'beta'] as const) {
      expect(Math.abs(fit.params[key] / expected[key] - 1)).toBeLessThan(0.005);
    }
    expect(fit.loglik).toBeCloseTo(-9594.98, 1);
  });

  it('matches R BTYD’s conditional expectation (x=26, t_x=30.86, T=31, t=52 → 25.46)', () => {
    expect(paretoNbdConditionalExpectedPurchases(fit.params, 52, { frequency: 26, recency: 30.86, T: 31 })).toBeCloseTo(25.46, 2);
  });
});

describe('Pareto/NBD predictions', () => {
  it('matches R BTYD’s pnbd.Expectation at params (0.55, 10.56, 0.61, 11.64)', () => {
    const p = { r: 0.55, alpha: 10.56, s: 0.61, beta: 11.64 };
    const expected = [0, 0.05077821, 0.09916088, 0.14542507, 0.1897993, 0.23247466, 0.27361274, 0.31335159, 0.35181024, 0.38909211];
    expected.forEach((e, t) => expect(paretoNbdExpectedPurchases(p, t)).toBeCloseTo(e, 7));
  });

  it('P(alive) lies in [0, 1], is 1 when the last purchase is now, and below 1 for x = 0', () => {
    const p = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
    expect(paretoNbdProbabilityAlive(p, { frequency: 4, recency: 30, T: 30 })).toBe(1);
    expect(paretoNbdProbabilityAlive(p, { frequency: 0, recency: 0, T: 30 })).toBeLessThan(1);
    for (let x = 0; x < 100; x += 10) {
      for (let tx = x > 0 ? 1 : 0; tx < 100; tx += 10) {
        for (let T = Math.max(tx, 1); T < 100; T += 10) {
          const v = paretoNbdProbabilityAlive(p, { frequency: x, recency: x > 0 ? tx : 0, T });
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
      }
    }
  });

  it('expected purchases grow with t, including at s = 1 (the limit −ln u)', () => {
    for (const s of [0.6, 1, 1.7]) {
      const p = { r: 0.5, alpha: 10, s, beta: 12 };
      let previous = 0;
      for (const t of [1, 5, 20, 100]) {
        const e = paretoNbdConditionalExpectedPurchases(p, t, { frequency: 2, recency: 10, T: 20 });
        expect(e).toBeGreaterThan(previous);
        previous = e;
      }
    }
    // s = 1: E[X(t)] = (rβ/α) ln((β+t)/β)
    expect(paretoNbdExpectedPurchases({ r: 0.5, alpha: 10, s: 1, beta: 12 }, 6)).toBeCloseTo(0.6 * Math.log(18 / 12), 12);
  });
});
