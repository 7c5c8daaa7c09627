import Big from 'big.js';

const known = new Set(Intl.supportedValuesOf('currency'));

/** True for an ISO 4217 code that the runtime knows (e.g. "EUR", "IRR", "VND"). */
export function isCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && known.has(code);
}

const digitsCache = new Map<string, number>();

/** Number of minor-unit digits used for display and rounding (EUR 2, JPY 0, IRR 0, VND 0). */
export function minorDigits(code: string): number {
  let d = digitsCache.get(code);
  if (d === undefined) {
    d = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(code, d);
  }
  return d;
}

const decimalPattern = /^-?\d{1,31}(\.\d{1,12})?$/;

/**
 * The largest amount roilens stores (issue 12 #2): at most 12 digits before the decimal point and 6
 * after it (money columns are DECIMAL(38,6)). A sum of 10^9 such amounts (< 10^21) still fits the
 * 32 integer digits of DECIMAL(38,6), so no report can overflow on stored money.
 */
export const amountLimits = { integerDigits: 12, decimals: 6 } as const;

/**
 * Parses an amount given as a decimal string or a finite number into a canonical
 * decimal string; returns an error message instead when it is not one. Amounts are
 * capped at `amountLimits` (12 integer digits, 6 decimals); `decimals` lets exchange
 * rates keep their 12 decimals.
 */
export function parseAmount(value: unknown, opts: { allowNegative?: boolean; decimals?: number } = {}): { amount: string } | { error: string } {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { error: 'must be a finite number' };
    text = String(value);
    if (/e/i.test(text)) text = new Big(value).toFixed();
  } else if (typeof value === 'string') text = value.trim();
  else return { error: 'must be a decimal string such as "12.50"' };
  if (!decimalPattern.test(text)) return { error: `"${String(value).slice(0, 64)}" is not a decimal amount such as "12.50"` };
  if (!opts.allowNegative && text.startsWith('-')) return { error: 'must not be negative' };
  const [whole, fraction = ''] = text.replace(/^-/, '').split('.');
  if (whole.replace(/^0+(?=\d)/, '').length > amountLimits.integerDigits) {
    return { error: `must be less than 10^${amountLimits.integerDigits} (at most ${amountLimits.integerDigits} digits before the decimal point)` };
  }
  const decimals = opts.decimals ?? amountLimits.decimals;
  if (fraction.replace(/0+$/, '').length > decimals) return { error: `must have at most ${decimals} digits after the decimal point` };
  return { amount: new Big(text).toFixed() };
}

/** Rounds a decimal string to the currency's minor unit and returns it as a JSON number. */
export function toMinorNumber(amount: string | null | undefined, currency: string): number {
  if (amount === null || amount === undefined) return 0;
  return Number(new Big(amount).round(minorDigits(currency), Big.roundHalfEven).toFixed(minorDigits(currency)));
}
