/**
 * Converting between currencies through one rates table (the agency view, issue 15). A table row
 * `{date, currency, rate}` says one unit of `currency` is `rate` units of the table's base currency
 * from `date` on (the layout of `roilens import rates`). From A to C on a day D:
 *
 *   rate(A → C) = r(A) ÷ r(C),   r(X) = 1 when X is the base, else the latest row of X on or before D,
 *
 * so a table quoted against one base converts between any two currencies it names. An amount is
 * converted as amount × r(A) ÷ r(C) in one step (no rounded intermediate) and rounded half-even to C's
 * minor unit. A currency with no row on or before D is missing: the caller shows no figure for it
 * instead of guessing.
 */
import Big from 'big.js';
import type { RateRecord } from '../records/events.js';
import { minorDigits } from './currency.js';

/** A row of the table a conversion used. */
export interface RateUsed {
  date: string;
  /** The currency a unit of which is `rate` units of `to`, the table's base. */
  from: string;
  to: string;
  rate: string;
}

/** How to convert from one currency to another, or which currencies have no rate. */
export type Conversion =
  | { ok: true; from: string; to: string; numerator: string; denominator: string; used: RateUsed[] }
  | { ok: false; from: string; to: string; missing: string[] };

/** Division precision (decimal places) of conversions before the final rounding: far below any minor unit. */
const Exact = Big();
Exact.DP = 40;

/**
 * The latest row of `currency` on or before `day` (rows in any order), or undefined.
 *
 * @example rateOn([{ date: '2026-03-01', currency: 'USD', rate: '0.9' }], 'USD', '2026-03-31') // → the row
 */
export function rateOn(rates: readonly RateRecord[], currency: string, day: string): RateRecord | undefined {
  let best: RateRecord | undefined;
  for (const row of rates) {
    if (row.currency === currency && row.date <= day && (!best || row.date > best.date)) best = row;
  }
  return best;
}

/**
 * How to convert `from` into `to` on `day` through a table quoted in `base`.
 *
 * @example
 *   conversionOn(rates, 'EUR', 'IRR', 'EUR', '2026-03-31')
 *   // → { ok: true, numerator: '0.0000218', denominator: '1', used: [{ from: 'IRR', to: 'EUR', … }] }
 */
export function conversionOn(rates: readonly RateRecord[], base: string, from: string, to: string, day: string): Conversion {
  if (from === to) return { ok: true, from, to, numerator: '1', denominator: '1', used: [] };
  const used: RateUsed[] = [];
  const missing: string[] = [];
  const factor = (currency: string): string => {
    if (currency === base) return '1';
    const row = rateOn(rates, currency, day);
    if (!row) {
      missing.push(currency);
      return '0';
    }
    used.push({ date: row.date, from: currency, to: base, rate: new Big(row.rate).toFixed() });
    return new Big(row.rate).toFixed();
  };
  const numerator = factor(from);
  const denominator = factor(to);
  if (missing.length || new Big(denominator).eq(0)) return { ok: false, from, to, missing: missing.length ? missing : [to] };
  return { ok: true, from, to, numerator, denominator, used };
}

/**
 * An amount (decimal string or number) in the conversion's target currency, rounded half-even to its minor unit.
 *
 * @example convertAmount('1000000', { ok: true, from: 'IRR', to: 'EUR', numerator: '0.0000218', denominator: '1', used: [] }) // → '21.80'
 */
export function convertAmount(amount: string | number, conversion: Extract<Conversion, { ok: true }>): string {
  const digits = minorDigits(conversion.to);
  return new Exact(amount).times(conversion.numerator).div(conversion.denominator).round(digits, Big.roundHalfEven).toFixed(digits);
}

/** The conversion's rate as one decimal (12 places when it does not end sooner), for display. */
export function rateOf(conversion: Extract<Conversion, { ok: true }>): string {
  return new Exact(conversion.numerator).div(conversion.denominator).round(12, Big.roundHalfEven).toFixed();
}
