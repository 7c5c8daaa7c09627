/**
 * Money and dates as the partner reads them: `en` (Gregorian, Latin digits), `fa` (Jalali calendar,
 * Persian digits, right to left) and `vi`. Node's ICU does the calendars and digits; amounts keep the
 * currency's minor unit exactly (a decimal string goes to Intl as a string, never through a float).
 */
import { minorDigits } from '../../money/currency.js';
import type { StatementLanguage } from './messages.js';

const locales: Record<StatementLanguage, string> = { en: 'en-GB', fa: 'fa-IR-u-ca-persian-nu-arabext', vi: 'vi-VN' };

/** Whether the language is written right to left. */
export const isRightToLeft = (language: StatementLanguage): boolean => language === 'fa';

/**
 * A decimal amount with its currency, in the language's digits and separators.
 * @example formatMoney('1234.5', 'EUR', 'en') // '€1,234.50'; formatMoney('1500', 'IRR', 'fa') // 'ریال ۱٬۵۰۰' (with marks)
 */
export function formatMoney(amount: string, currency: string, language: StatementLanguage): string {
  const digits = minorDigits(currency);
  const format = new Intl.NumberFormat(locales[language], { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
  // Intl formats a decimal string exactly (ECMA-402 v3); the cast is for TypeScript's older signature.
  return format.format(amount as unknown as number);
}

/**
 * A local date (YYYY-MM-DD) in the language's calendar: Jalali for `fa`.
 * @example formatDate('2026-03-21', 'fa') // '۱ فروردین ۱۴۰۵'
 */
export function formatDate(date: string, language: StatementLanguage): string {
  return new Intl.DateTimeFormat(locales[language], { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}
