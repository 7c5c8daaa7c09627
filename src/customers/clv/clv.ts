/**
 * Customer lifetime value over a horizon: expected purchases per month from the frequency
 * model × expected spend from Gamma-Gamma, discounted monthly — lifetimes'
 * `customer_lifetime_value` approach.
 */
import { AppError } from '../../shared/errors.js';
import type { Rft } from './bg-nbd.js';
import { frequencyModel, type FittedFrequencyModel } from './frequency-model.js';
import { gammaGammaExpectedSpend, type GammaGammaParams } from './gamma-gamma.js';
import { daysPerUnit, type TimeUnit } from '../purchases/transactions.js';

/** Days per month in the discounting schedule (lifetimes uses 30 for daily data). */
export const daysPerMonth = 30;

export interface ClvOptions {
  /** Horizon in days. */
  horizonDays: number;
  /** The time unit the models were fitted in. */
  timeUnit: TimeUnit;
  /** Discount rate per month (lifetimes' default 0.01). */
  discountRate?: number;
}

export interface CustomerClv {
  customer_id: string;
  p_alive: number;
  /** Expected purchases over the whole horizon. */
  expected_purchases: number;
  /** Expected value of one purchase (Gamma-Gamma conditional mean). */
  expected_spend: number;
  /** Discounted expected revenue over the horizon. */
  clv: number;
}

/**
 * Predicts per customer P(alive), expected purchases over `horizonDays` and the discounted CLV:
 * CLV = Σ_months E[purchases in month k] · E[spend] / (1 + d)^k, months of 30 days, the last
 * one possibly partial (discounted at its fractional end, as lifetimes does with i/factor).
 *
 * @example predictClv(summaries, { model: 'bgnbd', params }, gg.params, { horizonDays: 365, timeUnit: 'week' })
 */
export function predictClv(
  customers: readonly (Rft & { customer_id: string; monetary_value: number })[],
  fitted: FittedFrequencyModel,
  spend: GammaGammaParams,
  options: ClvOptions,
): CustomerClv[] {
  const { horizonDays, timeUnit } = options;
  const discountRate = options.discountRate ?? 0.01;
  if (!(horizonDays > 0 && Number.isFinite(horizonDays))) throw new AppError('invalid_input', `horizon must be a positive number of days, got ${horizonDays}`);
  if (!(discountRate > -1 && Number.isFinite(discountRate))) throw new AppError('invalid_input', `discount rate must be above −1, got ${discountRate}`);
  const model = frequencyModel(fitted);
  const unit = daysPerUnit[timeUnit];
  const boundaries: number[] = [];
  for (let d = daysPerMonth; d < horizonDays; d += daysPerMonth) boundaries.push(d);
  boundaries.push(horizonDays);
  return customers.map((c) => {
    const expectedSpend = gammaGammaExpectedSpend(spend, c);
    let previous = 0;
    let clv = 0;
    for (const endDay of boundaries) {
      const cumulative = model.conditionalExpectedPurchases(endDay / unit, c);
      clv += ((cumulative - previous) * expectedSpend) / Math.pow(1 + discountRate, endDay / daysPerMonth);
      previous = cumulative;
    }
    const out: CustomerClv = {
      customer_id: c.customer_id,
      p_alive: model.probabilityAlive(c),
      expected_purchases: previous,
      expected_spend: expectedSpend,
      clv,
    };
    for (const [k, v] of Object.entries(out)) {
      if (typeof v === 'number' && !Number.isFinite(v)) throw new AppError('invalid_input', `customer ${c.customer_id}: ${k} is not finite; the fitted model is degenerate for this data`);
    }
    return out;
  });
}
