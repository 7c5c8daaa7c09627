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
  const schedule = clvSchedule(fitted, options);
  return customers.map((c) => {
    const expectedSpend = gammaGammaExpectedSpend(spend, c);
    const out: CustomerClv = { customer_id: c.customer_id, ...schedule.value(schedule.history(c), expectedSpend) };
    checkFinite(out);
    return out;
  });
}

/** What the horizon holds for one purchase history (x, t_x, T), whatever the customer spends. */
export interface HistoryOutlook {
  p_alive: number;
  /** Expected purchases in each discounting month of the horizon. */
  perMonth: Float64Array;
  /** Expected purchases over the whole horizon. */
  expected_purchases: number;
}

/**
 * The discounting schedule of a horizon: `history` gives a purchase history's outlook (shared
 * by every customer with that history), `value` a customer's figures from it and their expected
 * spend. `predictClv` is `value(history(c), spend)` for each customer.
 */
export function clvSchedule(fitted: FittedFrequencyModel, options: ClvOptions) {
  const { horizonDays, timeUnit } = options;
  const discountRate = options.discountRate ?? 0.01;
  if (!(horizonDays > 0 && Number.isFinite(horizonDays))) throw new AppError('invalid_input', `horizon must be a positive number of days, got ${horizonDays}`);
  if (!(discountRate > -1 && Number.isFinite(discountRate))) throw new AppError('invalid_input', `discount rate must be above −1, got ${discountRate}`);
  const model = frequencyModel(fitted);
  const unit = daysPerUnit[timeUnit];
  const boundaries: number[] = [];
  for (let d = daysPerMonth; d < horizonDays; d += daysPerMonth) boundaries.push(d);
  boundaries.push(horizonDays);
  const discount = boundaries.map((endDay) => Math.pow(1 + discountRate, endDay / daysPerMonth));
  const clvOf = (outlook: HistoryOutlook, expectedSpend: number): number => {
    let clv = 0;
    for (let k = 0; k < discount.length; k++) clv += (outlook.perMonth[k] * expectedSpend) / discount[k];
    return clv;
  };
  /** Writes a history's expected purchases per month into perMonth[offset…]; returns those over the whole horizon. */
  const fillMonths = (c: Rft, perMonth: Float64Array, offset: number): number => {
    let previous = 0;
    for (let k = 0; k < boundaries.length; k++) {
      const cumulative = model.conditionalExpectedPurchases(boundaries[k] / unit, c);
      perMonth[offset + k] = cumulative - previous;
      previous = cumulative;
    }
    return previous;
  };
  return {
    /** Discounting months in the horizon (the last one possibly partial). */
    months: boundaries.length,
    probabilityAlive: (c: Rft) => model.probabilityAlive(c),
    fillMonths,
    /** The discounted CLV from per-month expected purchases at perMonth[offset…] and an expected spend. */
    clvAt(perMonth: Float64Array, offset: number, expectedSpend: number): number {
      let clv = 0;
      for (let k = 0; k < discount.length; k++) clv += (perMonth[offset + k] * expectedSpend) / discount[k];
      return clv;
    },
    history(c: Rft): HistoryOutlook {
      const perMonth = new Float64Array(boundaries.length);
      const expected = fillMonths(c, perMonth, 0);
      return { p_alive: model.probabilityAlive(c), perMonth, expected_purchases: expected };
    },
    /** The discounted CLV of a customer with this outlook and expected spend. */
    clv: clvOf,
    value(outlook: HistoryOutlook, expectedSpend: number): Omit<CustomerClv, 'customer_id'> {
      return { p_alive: outlook.p_alive, expected_purchases: outlook.expected_purchases, expected_spend: expectedSpend, clv: clvOf(outlook, expectedSpend) };
    },
  };
}

/** Throws when a customer's prediction is not finite (a degenerate fit for this data). */
export function checkFinite(out: CustomerClv): void {
  for (const [k, v] of Object.entries(out)) {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new AppError('invalid_input', `customer ${out.customer_id}: ${k} is not finite; the fitted model is degenerate for this data`);
  }
}
