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
 * Parses an amount given as a decimal string or a finite number into a canonical
 * decimal string; returns an error message instead when it is not one.
 */
export function parseAmount(value: unknown, opts: { allowNegative?: boolean } = {}): { amount: string } | { error: string } {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { error: 'must be a finite number' };
    text = String(value);
    if (/e/i.test(text)) text = new Big(value).toFixed();
  } else if (typeof value === 'string') text = value.trim();
  else return { error: 'must be a decimal string such as "12.50"' };
  if (!decimalPattern.test(text)) return { error: `"${String(value)}" is not a decimal amount such as "12.50"` };
  if (!opts.allowNegative && text.startsWith('-')) return { error: 'must not be negative' };
  return { amount: new Big(text).toFixed() };
}

/** Rounds a decimal string to the currency's minor unit and returns it as a JSON number. */
export function toMinorNumber(amount: string | null | undefined, currency: string): number {
  if (amount === null || amount === undefined) return 0;
  return Number(new Big(amount).round(minorDigits(currency), Big.roundHalfEven).toFixed(minorDigits(currency)));
}
