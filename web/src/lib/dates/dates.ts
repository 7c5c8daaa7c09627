/** Date-range arithmetic on `YYYY-MM-DD` strings, in UTC. Pure. */
import { jalaaliMonthLength, toGregorian, toJalaali } from 'jalaali-js';

export interface DateRange {
  from: string;
  to: string;
}

/** Shifts an ISO date by `days` (negative goes back). */
export function addDays(iso: string, days: number): string {
  const date = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Inclusive number of days in a range: 2024-01-01..2024-01-30 → 30. */
export function rangeDays(range: DateRange): number {
  const ms = Date.parse(`${range.to}T00:00:00Z`) - Date.parse(`${range.from}T00:00:00Z`);
  return Math.round(ms / 86_400_000) + 1;
}

/** Every day of a range, in order: 2024-02-28..2024-03-01 → three days. */
export function eachDay(range: DateRange): string[] {
  const days: string[] = [];
  for (let day = range.from; day <= range.to && days.length < 3700; day = addDays(day, 1)) days.push(day);
  return days;
}

/**
 * The last `days` days ending on `end` (inclusive), clipped so it never
 * starts before `dataFrom`. Last 30 days of 2024-03-31 → 2024-03-02..2024-03-31.
 * Without an end (a store with no data yet) the range ends today (UTC).
 */
export function lastDays(end: string | null, days: number, dataFrom?: string | null): DateRange {
  const to = end ?? new Date().toISOString().slice(0, 10);
  let from = addDays(to, -(days - 1));
  if (dataFrom && from < dataFrom) from = dataFrom;
  return { from, to };
}

/** True when `value` is a real calendar date written as YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/**
 * Today's date in an IANA time zone (the workspace's), e.g. 23:30 UTC on
 * 2026-03-20 is already 2026-03-21 in Asia/Tehran (+03:30). An unknown zone
 * falls back to UTC.
 */
export function todayIn(timeZone: string | undefined, now: Date = new Date()): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: timeZone || 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

export type Calendar = 'gregorian' | 'jalali';

export const PRESETS = ['today', 'yesterday', 'last7', 'last30', 'last90', 'this_month', 'last_month', 'quarter_to_date'] as const;
export type Preset = (typeof PRESETS)[number];

export function isPreset(value: string | null | undefined): value is Preset {
  return (PRESETS as readonly string[]).includes(value ?? '');
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The first day of the month (Gregorian or Jalali) that holds `iso`. */
export function monthStart(iso: string, calendar: Calendar): string {
  if (calendar === 'gregorian') return `${iso.slice(0, 8)}01`;
  const [y, m, d] = iso.split('-').map(Number);
  const j = toJalaali(y, m, d);
  const g = toGregorian(j.jy, j.jm, 1);
  return `${g.gy}-${pad(g.gm)}-${pad(g.gd)}`;
}

/** The first day of the quarter holding `iso`: Jan/Apr/Jul/Oct, or in Jalali the first month of the season (1, 4, 7, 10). */
export function quarterStart(iso: string, calendar: Calendar): string {
  const [y, m, d] = iso.split('-').map(Number);
  if (calendar === 'gregorian') return `${y}-${pad(Math.floor((m - 1) / 3) * 3 + 1)}-01`;
  const j = toJalaali(y, m, d);
  const g = toGregorian(j.jy, Math.floor((j.jm - 1) / 3) * 3 + 1, 1);
  return `${g.gy}-${pad(g.gm)}-${pad(g.gd)}`;
}

/**
 * A preset as dates, relative to `today` (the workspace's local date).
 * "Last N days" ends today and holds N days; months and quarters follow
 * the workspace calendar (a Jalali month runs from the 1st of Farvardin,
 * Ordibehesht, …).
 *
 * @example resolvePreset('last_month', '2026-03-15', 'gregorian') // { from: '2026-02-01', to: '2026-02-28' }
 */
export function resolvePreset(preset: Preset, today: string, calendar: Calendar = 'gregorian'): DateRange {
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'yesterday': {
      const day = addDays(today, -1);
      return { from: day, to: day };
    }
    case 'last7':
      return lastDays(today, 7);
    case 'last30':
      return lastDays(today, 30);
    case 'last90':
      return lastDays(today, 90);
    case 'this_month':
      return { from: monthStart(today, calendar), to: today };
    case 'last_month': {
      const to = addDays(monthStart(today, calendar), -1);
      return { from: monthStart(to, calendar), to };
    }
    case 'quarter_to_date':
      return { from: quarterStart(today, calendar), to: today };
  }
}

export const COMPARISONS = ['previous', 'previous_year', 'none'] as const;
export type Comparison = (typeof COMPARISONS)[number];

export function isComparison(value: string | null | undefined): value is Comparison {
  return (COMPARISONS as readonly string[]).includes(value ?? '');
}

/** Shifts a date by whole years, keeping the day (29 February becomes the 28th). */
export function addYears(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  const year = y + years;
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${year}-${pad(m)}-${pad(Math.min(d, last))}`;
}

/**
 * The period a range is compared with: the same number of days just before
 * it, or the same dates a year earlier; null for no comparison.
 *
 * @example comparisonRange({ from: '2026-03-01', to: '2026-03-10' }, 'previous') // 2026-02-19..2026-02-28
 */
export function comparisonRange(range: DateRange, comparison: Comparison): DateRange | null {
  if (comparison === 'none') return null;
  if (comparison === 'previous_year') return { from: addYears(range.from, -1), to: addYears(range.to, -1) };
  const days = rangeDays(range);
  return { from: addDays(range.from, -days), to: addDays(range.from, -1) };
}

/** A Jalali date as parts, for the Persian date inputs. */
export function toJalaliParts(iso: string): { year: number; month: number; day: number } {
  const [y, m, d] = iso.split('-').map(Number);
  const j = toJalaali(y, m, d);
  return { year: j.jy, month: j.jm, day: j.jd };
}

/** A Jalali year/month/day as an ISO (Gregorian) date, or null when the day does not exist. */
export function fromJalaliParts(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (year < 1200 || year > 1600 || month < 1 || month > 12 || day < 1 || day > jalaaliMonthLength(year, month)) return null;
  const g = toGregorian(year, month, day);
  return `${g.gy}-${pad(g.gm)}-${pad(g.gd)}`;
}

/** Reads Persian (۰-۹) and Arabic-Indic (٠-٩) digits as Latin ones. */
export function latinDigits(text: string): string {
  return text.replace(/[۰-۹]/g, (c) => String(c.charCodeAt(0) - 0x06f0)).replace(/[٠-٩]/g, (c) => String(c.charCodeAt(0) - 0x0660));
}

/** Parses `۱۴۰۵/۰۱/۱۵` or `1405-1-15` (Jalali) to an ISO date; null when it is not a real date. */
export function parseJalali(text: string): string | null {
  const match = /^\s*(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*$/.exec(latinDigits(text));
  if (!match) return null;
  return fromJalaliParts(Number(match[1]), Number(match[2]), Number(match[3]));
}
