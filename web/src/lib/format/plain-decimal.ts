import type { Locale } from './format';
import { latinDigits } from '../dates/dates';

/** The decimal separator a locale writes (and its users type). */
export function decimalSeparator(locale: Locale): string {
  return locale === 'fa' ? '٫' : locale === 'vi' ? ',' : '.';
}

/**
 * What a number field hands its owner, a plain decimal string: Persian (۰–۹)
 * and Arabic-Indic (٠–٩) digits read as Latin ones, the locale's decimal
 * separator (٫ in fa, `,` in vi, `.` in en; `.` is read too in fa and en) as
 * `.`, group separators and anything else that is not a digit or `-` dropped.
 */
export function plainDecimal(text: string, locale: Locale): string {
  const decimal = locale === 'vi' ? ',' : locale === 'fa' ? '[٫.]' : '\\.';
  return latinDigits(text).replace(new RegExp(decimal, 'g'), 'D').replace(/[^0-9D-]/g, '').replace(/D/g, '.');
}
