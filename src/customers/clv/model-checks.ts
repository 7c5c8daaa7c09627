/**
 * Model checks for the frequency models: calibration-period fit against the holdout period, and
 * the predicted vs actual histogram of repeat purchases in the calibration period.
 */
import { AppError } from '../../shared/errors.js';
import { bgNbdProbabilityOfPurchases, type BgNbdParams, type Rft } from './bg-nbd.js';
import { frequencyModel, type FittedFrequencyModel } from './frequency-model.js';
import type { CustomerSummary } from '../purchases/transactions.js';

export interface HoldoutRow {
  /** Calibration-period repeat purchases (the last bin holds `maxFrequency` and more). */
  frequency: number;
  customers: number;
  actual_mean: number;
  predicted_mean: number;
}

export interface HoldoutCheck {
  customers: number;
  actual_total: number;
  predicted_total: number;
  /** Mean absolute error of predicted vs actual holdout purchases per customer. */
  mae: number;
  by_frequency: HoldoutRow[];
}

/**
 * Compares each customer's expected purchases over the holdout period with the actual count
 * (summaries from `summarizeTransactions` with `observationEnd`). Grouped by calibration
 * frequency 0…maxFrequency (the conditional-expectation plot of FHL 2005, figure 4).
 */
export function holdoutCheck(summaries: readonly CustomerSummary[], fitted: FittedFrequencyModel, maxFrequency = 7): HoldoutCheck {
  const model = frequencyModel(fitted);
  const bins = Array.from({ length: maxFrequency + 1 }, () => ({ customers: 0, actual: 0, predicted: 0 }));
  let actualTotal = 0;
  let predictedTotal = 0;
  let absError = 0;
  for (const c of summaries) {
    if (c.holdout_frequency === undefined || c.holdout_duration === undefined) {
      throw new AppError('invalid_input', `customer ${c.customer_id}: no holdout data (summarise with an observation end)`);
    }
    const predicted = model.conditionalExpectedPurchases(c.holdout_duration, c);
    const bin = bins[Math.min(c.frequency, maxFrequency)];
    bin.customers++;
    bin.actual += c.holdout_frequency;
    bin.predicted += predicted;
    actualTotal += c.holdout_frequency;
    predictedTotal += predicted;
    absError += Math.abs(predicted - c.holdout_frequency);
  }
  return {
    customers: summaries.length,
    actual_total: actualTotal,
    predicted_total: predictedTotal,
    mae: summaries.length ? absError / summaries.length : 0,
    by_frequency: bins.map((b, frequency) => ({
      frequency,
      customers: b.customers,
      actual_mean: b.customers ? b.actual / b.customers : 0,
      predicted_mean: b.customers ? b.predicted / b.customers : 0,
    })),
  };
}

export interface FrequencyHistogramRow {
  /** Repeat purchases (the last bin is "this many or more"). */
  frequency: number;
  actual: number;
  predicted: number;
}

/**
 * Actual vs BG/NBD-predicted number of customers with 0, 1, …, maxFrequency+ repeat purchases in
 * the calibration period: predicted = Σᵢ P(X(Tᵢ) = k) over customers (FHL 2005, figure 2).
 */
export function repeatPurchaseHistogram(summaries: readonly Rft[], params: BgNbdParams, maxFrequency = 7): FrequencyHistogramRow[] {
  const rows = Array.from({ length: maxFrequency + 1 }, (_, frequency) => ({ frequency, actual: 0, predicted: 0 }));
  const byAge = new Map<number, number>();
  for (const c of summaries) {
    rows[Math.min(c.frequency, maxFrequency)].actual++;
    byAge.set(c.T, (byAge.get(c.T) ?? 0) + 1);
  }
  for (const [T, count] of byAge) {
    let below = 0;
    for (let k = 0; k < maxFrequency; k++) {
      const p = bgNbdProbabilityOfPurchases(params, T, k);
      rows[k].predicted += count * p;
      below += p;
    }
    rows[maxFrequency].predicted += count * Math.max(0, 1 - below);
  }
  return rows;
}
