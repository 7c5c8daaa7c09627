/**
 * Currency facts and decimal formatting for the demo world. Amounts are
 * simulated as numbers and written once, here, as exact decimal strings.
 */
import { invalidArgument } from '../../shared/errors.js';

/** Base currencies the demo can be expressed in, with minor-unit digits (ISO 4217) and a typical value in EUR in 2026. */
export const demoCurrencies = {
  EUR: { digits: 2, eur: 1 },
  USD: { digits: 2, eur: 0.92 },
  IRR: { digits: 0, eur: 1 / 1_200_000 },
  VND: { digits: 0, eur: 1 / 30_500 },
} as const;
export type DemoCurrency = keyof typeof demoCurrencies;

/** True when the code is one of the demo's currencies. */
export function isDemoCurrency(code: string): code is DemoCurrency {
  return Object.hasOwn(demoCurrencies, code);
}

/** Minor-unit digits of a demo currency (2 for EUR/USD, 0 for IRR/VND). */
export function minorDigits(currency: DemoCurrency): number {
  return demoCurrencies[currency].digits;
}

/** Rounds to whole minor units: toMinor(12.345, 2) = 1235. */
export function toMinor(value: number, digits: number): number {
  return Math.round(value * 10 ** digits);
}

/** Writes whole minor units as a decimal string: formatMinor(1235, 2) = "12.35", formatMinor(7, 0) = "7". */
export function formatMinor(minor: number, digits: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  if (digits === 0) return `${sign}${abs}`;
  const unit = 10 ** digits;
  const whole = Math.floor(abs / unit);
  const frac = String(abs - whole * unit).padStart(digits, '0');
  return `${sign}${whole}.${frac}`;
}

/** A money amount rounded to the currency's minor unit: formatAmount(3.456, 'EUR') = "3.46". */
export function formatAmount(value: number, currency: DemoCurrency): string {
  const digits = minorDigits(currency);
  return formatMinor(toMinor(value, digits), digits);
}

/** An exchange rate with 8 significant digits and no exponent: formatRate(8.3333e-7) = "0.00000083333333". */
export function formatRate(value: number): string {
  if (!(value > 0)) throw invalidArgument('rate', `rate must be positive, got ${value}`);
  const magnitude = Math.floor(Math.log10(value));
  const decimals = Math.min(20, Math.max(0, 7 - magnitude));
  const fixed = value.toFixed(decimals);
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}
