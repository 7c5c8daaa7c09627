import { describe, expect, it } from 'vitest';
import { bgNbdConditionalExpectedPurchases, bgNbdProbabilityAlive } from './bg-nbd.js';
import { predictClv } from './clv.js';
import { gammaGammaExpectedSpend } from './gamma-gamma.js';

const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const spend = { p: 6.25, q: 3.74, v: 15.44 };
const customer = { customer_id: 'c1', frequency: 2, recency: 30.43, T: 38.86, monetary_value: 22.35 };

describe('predictClv', () => {
  it('sums monthly expected purchases × expected spend, discounted per 30-day month (hand-built)', () => {
    const [out] = predictClv([customer], { model: 'bgnbd', params }, spend, { horizonDays: 75, timeUnit: 'week', discountRate: 0.02 });
    const e = (days: number) => bgNbdConditionalExpectedPurchases(params, days / 7, customer);
    const m = gammaGammaExpectedSpend(spend, customer);
    // months end at day 30, 60 and (partial) 75, discounted at 1.02^(30/30), 1.02^2, 1.02^2.5
    const hand = (e(30) * m) / 1.02 + ((e(60) - e(30)) * m) / 1.02 ** 2 + ((e(75) - e(60)) * m) / 1.02 ** 2.5;
    expect(out.clv).toBeCloseTo(hand, 10);
    expect(out.expected_purchases).toBeCloseTo(e(75), 12);
    expect(out.p_alive).toBeCloseTo(bgNbdProbabilityAlive(params, customer), 14);
  });

  it('without discounting, CLV is expected purchases × expected spend, the same in days or weeks', () => {
    const [weeks] = predictClv([customer], { model: 'bgnbd', params }, spend, { horizonDays: 365, timeUnit: 'week', discountRate: 0 });
    expect(weeks.clv).toBeCloseTo(weeks.expected_purchases * weeks.expected_spend, 10);
    // The same model in days: α scales by 7, r, a, b unchanged.
    const daily = { ...params, alpha: params.alpha * 7 };
    const inDays = { ...customer, recency: customer.recency * 7, T: customer.T * 7 };
    const [days] = predictClv([inDays], { model: 'bgnbd', params: daily }, spend, { horizonDays: 365, timeUnit: 'day', discountRate: 0 });
    expect(days.expected_purchases).toBeCloseTo(weeks.expected_purchases, 10);
  });

  it('discounting lowers CLV and a longer horizon raises it', () => {
    const clv = (horizonDays: number, discountRate: number) =>
      predictClv([customer], { model: 'pareto', params: { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 } }, spend, { horizonDays, timeUnit: 'week', discountRate })[0].clv;
    expect(clv(365, 0.01)).toBeLessThan(clv(365, 0));
    expect(clv(730, 0.01)).toBeGreaterThan(clv(365, 0.01));
  });

  it('rejects a non-positive horizon', () => {
    expect(() => predictClv([customer], { model: 'bgnbd', params }, spend, { horizonDays: 0, timeUnit: 'week' })).toThrow(/horizon/);
  });
});
