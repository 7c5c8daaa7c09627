/**
 * Locale-aware formatting of numbers, money, ratios and dates. Pure: every
 * function takes the locale explicitly and uses only Intl, so the same code
 * gives Persian digits and Jalali dates for `fa`, and Vietnamese grouping
 * for `vi`.
 */

import { toGregorian } from 'jalaali-js';

export type Locale = 'en' | 'fa' | 'vi';
export type Unit = 'money' | 'count' | 'ratio' | 'seconds' | 'number';

/** The Intl locale tag for each UI locale (fa uses the Persian calendar for dates). */
export const INTL_TAG: Record<Locale, string> = { en: 'en-US', fa: 'fa-IR', vi: 'vi-VN' };
const DATE_TAG: Record<Locale, string> = {
  en: 'en-US',
  fa: 'fa-IR-u-ca-persian',
  vi: 'vi-VN',
};

/** Currencies whose amounts are shown without a minor unit, whatever CLDR says. */
const ZERO_DECIMAL = new Set(['IRR', 'VND', 'JPY', 'KRW', 'CLP', 'ISK', 'UGX', 'XAF', 'XOF']);

const cache = new Map<string, Intl.NumberFormat>();
function numberFormat(tag: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = tag + JSON.stringify(options);
  let format = cache.get(key);
  if (!format) {
    format = new Intl.NumberFormat(tag, options);
    cache.set(key, format);
  }
  return format;
}

/** Fraction digits used for an amount in `currency` (0 for IRR, VND, …). */
export function currencyDigits(currency: string): number {
  if (ZERO_DECIMAL.has(currency.toUpperCase())) return 0;
  return numberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * The display code of toman, the everyday Iranian unit (1 toman = 10 rials), for
 * workspaces that show IRR as toman. Amounts still arrive in IRR; only display divides.
 */
export const TOMAN = 'IRT';
const TOMAN_WORD: Record<Locale, string> = { en: 'toman', fa: 'تومان', vi: 'toman' };

/** Rials as toman, the word after the number and kept on its line: `۱۲۳٬۴۵۶ تومان`. */
function formatToman(rials: number, locale: Locale, options: Intl.NumberFormatOptions): string {
  return `${numberFormat(INTL_TAG[locale], options).format(rials / 10)}\u00a0${TOMAN_WORD[locale]}`;
}

/** Money in the workspace currency, e.g. `€1,234.50`, `۱۲٬۳۴۵ ریال`, `12.345 ₫`, `۱٬۲۳۴ تومان`. */
export function formatMoney(value: number, currency: string, locale: Locale): string {
  if (currency === TOMAN) return formatToman(value, locale, { maximumFractionDigits: 0 });
  const digits = currencyDigits(currency);
  return numberFormat(INTL_TAG[locale], {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

/** A whole count with grouping, e.g. `12,345`. */
export function formatCount(value: number, locale: Locale): string {
  return numberFormat(INTL_TAG[locale], { maximumFractionDigits: 0 }).format(value);
}

/**
 * A fraction as a percentage with one decimal, e.g. 0.0342 → `3.4%`; two
 * decimals under 1% (0.0042 → `0.42%`), none from 1000% up (31.4 → `3,140%`).
 */
export function formatRatio(value: number, locale: Locale): string {
  const size = Math.abs(value);
  const digits = size >= 10 ? 0 : size < 0.01 && size > 0 ? 2 : 1;
  return numberFormat(INTL_TAG[locale], {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

/** A plain number with at most two decimals. */
export function formatNumber(value: number, locale: Locale): string {
  return numberFormat(INTL_TAG[locale], { maximumFractionDigits: 2 }).format(value);
}

/** A duration in seconds as minutes and seconds, e.g. 83 → `1m 23s` (localized units). */
export function formatSeconds(value: number, locale: Locale): string {
  const total = Math.round(value);
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  const sec = numberFormat(INTL_TAG[locale], { style: 'unit', unit: 'second', unitDisplay: 'narrow' });
  if (minutes === 0) return sec.format(seconds);
  const min = numberFormat(INTL_TAG[locale], { style: 'unit', unit: 'minute', unitDisplay: 'narrow' });
  return `${min.format(minutes)} ${sec.format(seconds)}`;
}

/** Any metric value by its registry unit; null/undefined/NaN become an em dash. */
export function formatValue(
  value: number | null | undefined,
  unit: Unit,
  currency: string,
  locale: Locale,
): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  switch (unit) {
    case 'money':
      return formatMoney(value, currency, locale);
    case 'count':
      return formatCount(value, locale);
    case 'ratio':
      return formatRatio(value, locale);
    case 'seconds':
      return formatSeconds(value, locale);
    default:
      return formatNumber(value, locale);
  }
}

/** Signed relative change, e.g. 0.123 → `+12.3%`. */
export function formatChange(change: number, locale: Locale): string {
  return numberFormat(INTL_TAG[locale], {
    style: 'percent',
    signDisplay: 'exceptZero',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(change);
}

/** Parses `YYYY-MM-DD` as a UTC date (no time-zone drift). */
export function parseIsoDate(iso: string): Date {
  return new Date(`${iso.slice(0, 10)}T00:00:00Z`);
}

/** A calendar date, Jalali in fa: `2024-03-21` → `Mar 21, 2024` / `۱ فروردین ۱۴۰۳`. */
export function formatDate(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(DATE_TAG[locale], {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(parseIsoDate(iso));
}

/** An instant as a date and time of day in `timeZone`: `Mar 21, 2024, 14:05` / `۱ فروردین ۱۴۰۳، ۱۴:۰۵`. */
export function formatInstant(iso: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(DATE_TAG[locale], {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(new Date(iso));
}

/** A short day label for chart axes: `Mar 21` / `۱ فروردین`. */
export function formatDayShort(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(DATE_TAG[locale], {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(parseIsoDate(iso));
}

/** A p-value: three decimals, or two significant digits below 0.001 (0.00042). */
export function formatPValue(p: number, locale: Locale): string {
  const options: Intl.NumberFormatOptions =
    p < 0.001 && p > 0 ? { maximumSignificantDigits: 2 } : { minimumFractionDigits: 3, maximumFractionDigits: 3 };
  return numberFormat(INTL_TAG[locale], options).format(p);
}

/** A short form for chart axes: `€1.5K`, `12K`, `۱٫۵ هزار`; ratios stay percentages. */
export function formatCompact(value: number, unit: Unit, currency: string, locale: Locale): string {
  if (unit === 'ratio') return numberFormat(INTL_TAG[locale], { style: 'percent', maximumFractionDigits: 0 }).format(value);
  const options: Intl.NumberFormatOptions = { notation: 'compact', maximumFractionDigits: 1 };
  if (unit === 'money' && currency === TOMAN) return formatToman(value, locale, options);
  if (unit === 'money') Object.assign(options, { style: 'currency', currency, minimumFractionDigits: 0 });
  return numberFormat(INTL_TAG[locale], options).format(value);
}

/** Persian digits for any Latin digits in `text` (ids and URLs are not passed here). */
export function persianDigits(text: string): string {
  return text.replace(/[0-9]/g, (digit) => String.fromCharCode(0x06f0 + Number(digit)));
}

/** A Jalali date for the Persian date input: `۱۴۰۵/۰۱/۰۵`. */
export function formatJalaliInput(parts: { year: number; month: number; day: number }): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return persianDigits(`${parts.year}/${pad(parts.month)}/${pad(parts.day)}`);
}

/** Digits in the locale's own script: Persian for fa, unchanged otherwise (for labels built from numbers). */
export function localDigits(text: string, locale: Locale): string {
  return locale === 'fa' ? persianDigits(text) : text;
}

/**
 * A Gregorian month bucket (`2026-10`) named in the locale: `Oct 2026`,
 * `اکتبر ۲۰۲۶` (a Gregorian month keeps its Gregorian name in Persian, so
 * the label does not pretend to be a Jalali month it does not match).
 */
export function formatMonth(yearMonth: string, locale: Locale): string {
  if (!/^\d{4}-\d{2}/.test(yearMonth)) return localDigits(yearMonth, locale);
  const tag = locale === 'fa' ? 'fa-IR-u-ca-gregory' : INTL_TAG[locale];
  return new Intl.DateTimeFormat(tag, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(parseIsoDate(`${yearMonth.slice(0, 7)}-01`));
}

/**
 * A Jalali month bucket (`1405-09`, the key of Jalali workspaces) named in the
 * locale's Persian calendar: `آذر ۱۴۰۵`, `Azar 1405 AP`.
 */
export function formatJalaliMonth(key: string, locale: Locale): string {
  const match = /^(\d{4})-(\d{2})$/.exec(key);
  if (!match) return localDigits(key, locale);
  const g = toGregorian(Number(match[1]), Number(match[2]), 1);
  return new Intl.DateTimeFormat(`${INTL_TAG[locale]}-u-ca-persian`, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(g.gy, g.gm - 1, g.gd)));
}
