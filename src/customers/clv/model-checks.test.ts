import { describe, expect, it } from 'vitest';
import { cdnowTransactions } from '../__fixtures__/cdnow.js';
import { bgNbdConditionalExpectedPurchases } from './bg-nbd.js';
import { holdoutCheck, repeatPurchaseHistogram } from './model-checks.js';
import { summarizeTransactions } from '../purchases/transactions.js';

const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

describe('holdoutCheck', () => {
  it('aggregates predicted and actual holdout purchases (hand set)', () => {
    const summaries = [
      { customer_id: 'a', frequency: 2, recency: 10, T: 20, monetary_value: 5, first_purchase: '2024-01-01', holdout_frequency: 3, holdout_duration: 10 },
      { customer_id: 'b', frequency: 0, recency: 0, T: 20, monetary_value: 0, first_purchase: '2024-01-01', holdout_frequency: 0, holdout_duration: 10 },
    ];
    const check = holdoutCheck(summaries, { model: 'bgnbd', params }, 3);
    const pa = bgNbdConditionalExpectedPurchases(params, 10, summaries[0]);
    const pb = bgNbdConditionalExpectedPurchases(params, 10, summaries[1]);
    expect(check.actual_total).toBe(3);
    expect(check.predicted_total).toBeCloseTo(pa + pb, 12);
    expect(check.mae).toBeCloseTo((Math.abs(pa - 3) + pb) / 2, 12);
    expect(check.by_frequency[2]).toEqual({ frequency: 2, customers: 1, actual_mean: 3, predicted_mean: pa });
  });

  it('on CDNOW predicts the 39-week holdout total within 15% (a sanity band: 1,653 predicted vs 1,882 actual purchase days)', () => {
    const s = summarizeTransactions(cdnowTransactions(), { timeUnit: 'week', calibrationEnd: '1997-09-30', observationEnd: '1998-06-30' });
    const check = holdoutCheck(s, { model: 'bgnbd', params });
    expect(check.customers).toBe(2357);
    expect(Math.abs(check.predicted_total / check.actual_total - 1)).toBeLessThan(0.15);
  });
});

describe('repeatPurchaseHistogram', () => {
  it('predicted counts sum to the number of customers and track CDNOW’s actual histogram', () => {
    const s = summarizeTransactions(cdnowTransactions(), { timeUnit: 'week', calibrationEnd: '1997-09-30' });
    const rows = repeatPurchaseHistogram(s, params);
    expect(rows.reduce((acc, r) => acc + r.actual, 0)).toBe(2357);
    expect(rows.reduce((acc, r) => acc + r.predicted, 0)).toBeCloseTo(2357, 6);
    expect(rows[0].actual).toBe(1411);
    expect(Math.abs(rows[0].predicted - rows[0].actual)).toBeLessThan(0.02 * 1411);
  });
});
