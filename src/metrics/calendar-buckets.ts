/**
 * Week and month buckets of the workspace calendar. Gregorian workspaces use
 * ISO weeks (from Monday) and Gregorian months (`2026-11`); Jalali ones weeks
 * from Saturday, as in Iran, and Jalali months keyed `1405-09` (Azar 1405).
 * Pure: the stores turn these into SQL over local dates.
 */
import { toGregorian, toJalaali } from 'jalaali-js';

export type CalendarKind = 'gregorian' | 'jalali';

/** ISO day of week (Monday 1 … Sunday 7) on which a week of the calendar begins. */
export function weekStartIsoDay(calendar: CalendarKind): number {
  return calendar === 'jalali' ? 6 : 1;
}

/** A month of the calendar: its key and the Gregorian date (YYYY-MM-DD) of its first day. */
export interface MonthStart {
  key: string;
  start: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;

/**
 * The Jalali months that meet the Gregorian dates [from, to], oldest first.
 * @example jalaliMonths('2026-11-20', '2026-11-25') // [{ key: '1405-08', start: '2026-10-23' }, { key: '1405-09', start: '2026-11-22' }]
 */
export function jalaliMonths(from: string, to: string): MonthStart[] {
  const first = toJalaali(Number(from.slice(0, 4)), Number(from.slice(5, 7)), Number(from.slice(8, 10)));
  const months: MonthStart[] = [];
  for (let jy = first.jy, jm = first.jm; ; jm === 12 ? ((jy += 1), (jm = 1)) : (jm += 1)) {
    const g = toGregorian(jy, jm, 1);
    const start = iso(g.gy, g.gm, g.gd);
    if (months.length > 0 && start > to) break;
    months.push({ key: `${jy}-${pad(jm)}`, start });
  }
  return months;
}

/** What a store needs to bucket weeks and months of a date range in a calendar. */
export interface CalendarBuckets {
  /** ISO day of week a week begins on. */
  weekStart: number;
  /** Jalali months of the range; null for Gregorian months. */
  months: MonthStart[] | null;
}

export const gregorianBuckets: CalendarBuckets = { weekStart: 1, months: null };

/** The buckets of local dates [from, to] in `calendar`. */
export function calendarBuckets(calendar: CalendarKind | undefined, from: string, to: string): CalendarBuckets {
  if (calendar !== 'jalali') return gregorianBuckets;
  return { weekStart: weekStartIsoDay('jalali'), months: jalaliMonths(from, to) };
}
