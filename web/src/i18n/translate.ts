/**
 * The i18n layer: message lookup with `{name}` interpolation, locale choice
 * and text direction. Pure (no DOM, no storage) so it is unit-testable; the
 * React provider in i18n-context.tsx wires it to the page.
 */
import { INTL_TAG, type Locale } from '../lib/format/format';
import { en, type MessageKey } from './messages-en';
import { fa, faExtra } from './messages-fa';
import { vi, viExtra } from './messages-vi';

export const LOCALES: readonly Locale[] = ['en', 'fa', 'vi'];

/** Each locale's own name, shown in the switcher whatever the current locale. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', fa: 'فارسی', vi: 'Tiếng Việt' };

const TABLES: Record<Locale, Record<string, string>> = {
  en,
  fa: { ...fa, ...faExtra },
  vi: { ...vi, ...viExtra },
};

export type Vars = Record<string, string | number>;

const numberFormats = new Map<Locale, Intl.NumberFormat>();

/** A number filled into a message, in the locale's digits (Persian digits in fa). */
function localNumber(locale: Locale, value: number): string {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(INTL_TAG[locale], { maximumFractionDigits: 6 });
    numberFormats.set(locale, format);
  }
  return format.format(value);
}

function interpolate(locale: Locale, text: string, vars?: Vars): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!(name in vars)) return whole;
    const value = vars[name];
    return typeof value === 'number' ? localNumber(locale, value) : value;
  });
}

/** The message `key` in `locale` (English when the locale lacks it), with `{var}`s filled in (numbers in the locale's digits). */
export function translate(locale: Locale, key: MessageKey, vars?: Vars): string {
  return interpolate(locale, TABLES[locale][key] ?? en[key] ?? key, vars);
}

/**
 * A message for a key built at run time (`metric.cpa`, `channel.email`):
 * the locale's entry, else `fallback`. English deliberately has no
 * `metric.*` keys so the KPI registry's labels are used as they are.
 */
export function lookup(locale: Locale, key: string, fallback: string): string {
  return TABLES[locale][key] ?? fallback;
}

/** `paid_search` → `Paid search`, for ids no table knows. */
export function humanize(id: string): string {
  const words = id.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** True for locales written right to left. */
export function isRtl(locale: Locale): boolean {
  return locale === 'fa';
}

/** Narrows any string to a Locale, or null. */
export function asLocale(value: string | null | undefined): Locale | null {
  if (!value) return null;
  const base = value.toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(base) ? (base as Locale) : null;
}

/**
 * The starting locale: `?lang=` in the URL wins, then the stored choice,
 * then the browser's language, then English.
 */
export function pickLocale(urlLang: string | null, stored: string | null, browser: string | undefined): Locale {
  return asLocale(urlLang) ?? asLocale(stored) ?? asLocale(browser) ?? 'en';
}
