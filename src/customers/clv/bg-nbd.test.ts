import { describe, expect, it } from 'vitest';
import { cdnowTransactions } from '../__fixtures__/cdnow.js';
import {
  bgNbdConditionalExpectedPurchases,
  bgNbdExpectedPurchases,
  bgNbdLogLikelihood,
  bgNbdProbabilityAlive,
  bgNbdProbabilityOfPurchases,
  bgNbdTotalLogLikelihood,
  fitBgNbd,
} from './bg-nbd.js';
import { summarizeTransactions } from '../purchases/transactions.js';

const published = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }; // Fader, Hardie & Lee (2005), CDNOW, weeks
const cdnow = summarizeTransactions(cdnowTransactions(), { timeUnit: 'week', calibrationEnd: '1997-09-30' });
const fit = fitBgNbd(cdnow);

describe('BG/NBD log-likelihood', () => {
  it('matches the closed form evaluated by hand', () => {
    // r = 1, α = 2, a = 1, b = 2.
    const p = { r: 1, alpha: 2, a: 1, b: 2 };
    // x = 0, T = 3: L = (α/(α+T))^r = 2/5
    expect(bgNbdLogLikelihood(p, { frequency: 0, recency: 0, T: 3 })).toBeCloseTo(Math.log(0.4), 13);
    // x = 2, t_x = 1, T = 3: Γ(r+x)/Γ(r) = 2, α^r = 2, B(a,b+x)/B(a,b) = (1/4)/(1/2) = ½,
    // bracket = (α+T)^−3 + a/(b+x−1) (α+t_x)^−3 = 1/125 + (1/3)(1/27) → L = 2·(1/125 + 1/81)
    expect(bgNbdLogLikelihood(p, { frequency: 2, recency: 1, T: 3 })).toBeCloseTo(Math.log(2 * (1 / 125 + 1 / 81)), 13);
    expect(bgNbdTotalLogLikelihood(p, [{ frequency: 0, recency: 0, T: 3 }, { frequency: 2, recency: 1, T: 3 }])).toBeCloseTo(
      Math.log(0.4) + Math.log(2 * (1 / 125 + 1 / 81)),
      12,
    );
  });

  it('stays finite for a heavy buyer where the naive product under/overflows', () => {
    const ll = bgNbdLogLikelihood(published, { frequency: 400, recency: 38, T: 39 });
    expect(Number.isFinite(ll)).toBe(true);
  });
});

describe('fitBgNbd on CDNOW', () => {
  it('reproduces the published parameters within 1% and log-likelihood −9582.4', () => {
    for (const key of ['r', 'alpha', 'a', 'b'] as const) {
      expect(Math.abs(fit.params[key] / published[key] - 1)).toBeLessThan(0.01);
    }
    expect(fit.loglik).toBeCloseTo(-9582.4, 1);
    expect(fit.converged).toBe(true);
    expect(fit.customers).toBe(2357);
  });

  it('gives positive, finite standard errors smaller than the estimates', () => {
    for (const key of ['r', 'alpha', 'a', 'b'] as const) {
      const se = fit.stderr[key]!;
      expect(se).toBeGreaterThan(0);
      expect(se).toBeLessThan(fit.params[key]);
    }
  });
});

describe('BG/NBD predictions', () => {
  it('matches Hardie’s spreadsheet values of E[X(t)] (as asserted in lifetimes’ tests)', () => {
    const times = [0.1429, 1.0, 3.0, 31.8571, 32.0, 78.0];
    const expected = [0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576];
    times.forEach((t, i) => expect(bgNbdExpectedPurchases(fit.params, t)).toBeCloseTo(expected[i], 3));
  });

  it('matches Hardie’s conditional expectation for customer 1 (x=2, t_x=30.43, T=38.86, t=39 → 1.226)', () => {
    expect(bgNbdConditionalExpectedPurchases(fit.params, 39, { frequency: 2, recency: 30.43, T: 38.86 })).toBeCloseTo(1.226, 3);
  });

  it('matches R BTYD’s P(X(t) = x) at the published parameters', () => {
    // BTYD manual, bgnbd.pmf with params (0.243, 4.414, 0.793, 2.426)
    expect(bgNbdProbabilityOfPurchases(published, 2, 10)).toBeCloseTo(1.07869e-7, 11);
    expect(bgNbdProbabilityOfPurchases(published, 39, 0)).toBeCloseTo(0.5737864, 7);
    const pmf = [0.0019995214, 0.0015170236, 0.001163315, 0.0009003148, 0.0007023638, 0.0005517902, 0.0004361913, 0.0003467171, 0.0002769613, 0.000222226];
    pmf.forEach((v, i) => expect(bgNbdProbabilityOfPurchases(published, 30, 11 + i)).toBeCloseTo(v, 9));
  });

  it('P(alive) is exactly 1 without repeat purchases and falls with time since the last purchase', () => {
    expect(bgNbdProbabilityAlive(published, { frequency: 0, recency: 0, T: 30 })).toBe(1);
    // x = 2, t_x = 30.43, T = 38.86: 1/(1 + a/(b+1) ((α+T)/(α+t_x))^(r+2))
    const hand = 1 / (1 + (0.793 / 3.426) * Math.pow((4.414 + 38.86) / (4.414 + 30.43), 2.243));
    expect(bgNbdProbabilityAlive(published, { frequency: 2, recency: 30.43, T: 38.86 })).toBeCloseTo(hand, 14);
    const recent = bgNbdProbabilityAlive(published, { frequency: 3, recency: 30, T: 31 });
    const lapsed = bgNbdProbabilityAlive(published, { frequency: 3, recency: 5, T: 31 });
    expect(recent).toBeGreaterThan(lapsed);
  });

  it('expected purchases grow with t and with frequency, and E[Y(0)] = 0', () => {
    const c = { frequency: 4, recency: 20, T: 30 };
    expect(bgNbdConditionalExpectedPurchases(published, 0, c)).toBe(0);
    let previous = 0;
    for (const t of [0.5, 1, 5, 10, 52, 104, 520]) {
      const e = bgNbdConditionalExpectedPurchases(published, t, c);
      expect(e).toBeGreaterThan(previous);
      previous = e;
    }
    expect(bgNbdConditionalExpectedPurchases(published, 10, { frequency: 8, recency: 29, T: 30 })).toBeGreaterThan(
      bgNbdConditionalExpectedPurchases(published, 10, { frequency: 2, recency: 29, T: 30 }),
    );
  });

  it('small-t expectation equals the purchase rate of an alive customer times P(alive)', () => {
    // As t → 0, E[Y(t)] ≈ t · E[λ | x, T] · P(alive) = t (r+x)/(α+T) · P(alive)
    const c = { frequency: 3, recency: 20, T: 30 };
    const t = 1e-6;
    const expected = (t * (published.r + 3)) / (published.alpha + 30) * bgNbdProbabilityAlive(published, c);
    expect(bgNbdConditionalExpectedPurchases(published, t, c) / expected).toBeCloseTo(1, 5);
  });

  it('refuses to fit data without repeat purchases', () => {
    expect(() => fitBgNbd([{ frequency: 0, recency: 0, T: 5 }])).toThrow(/no customer has a repeat purchase/);
    expect(() => fitBgNbd([{ frequency: 1, recency: 6, T: 5 }])).toThrow(/inconsistent summary/);
  });
});
