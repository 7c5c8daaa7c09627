/**
 * Exact money for the ledger: big.js values rounded half-even to the currency's minor unit
 * (EUR 2 digits, IRR and VND 0), written as plain decimal strings with exactly that many digits.
 */
import Big from 'big.js';
import { minorDigits } from '../../money/currency.js';

export const zero = new Big(0);

/** `value` rounded half-even to `currency`'s minor unit. */
export function roundMoney(value: Big, currency: string): Big {
  return value.round(minorDigits(currency), Big.roundHalfEven);
}

/** `value` rounded half-even to the minor unit and written with exactly its digits ("12.50", "1500000"); never "-0". */
export function money(value: Big, currency: string): string {
  return written(roundMoney(value, currency), currency);
}

/** `rounded` (already at the minor unit) written as `money` writes it. */
export function written(rounded: Big, currency: string): string {
  const text = rounded.toFixed(minorDigits(currency));
  return text.charCodeAt(0) === 45 && /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/** The sum of decimal strings as a Big. */
export function sum(amounts: Iterable<string>): Big {
  let total = zero;
  for (const a of amounts) total = total.plus(a);
  return total;
}

/** Two optional notes as one ("a; b"), or null when both are missing. */
export function joinNotes(a: string | null, b: string | null): string | null {
  return a === null ? b : b === null ? a : `${a}; ${b}`;
}
