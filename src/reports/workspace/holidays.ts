/**
 * Holidays of a workspace's calendar for the marketing-mix baseline: Iranian
 * (Jalali: Nowruz, Sizdah Bedar, Yalda), Vietnamese (Tết and the national
 * days) and international retail days. Each holiday name becomes one dummy
 * column of the fit, so the days of a multi-day holiday share one name.
 */
import { toGregorian } from 'jalaali-js';
import type { Holiday } from '../../budget/index.js';

import type { CalendarKind } from '../../metrics/calendar-buckets.js';
export type { CalendarKind } from '../../metrics/calendar-buckets.js';
export const holidaySets = ['iran', 'vietnam', 'international'] as const;
export type HolidaySet = (typeof holidaySets)[number];

/** Which calendar a workspace uses and whose holidays shape its demand. */
export interface WorkspaceCalendar {
  calendar: CalendarKind;
  holiday_sets: HolidaySet[];
  /** The workspace's own dated events (sales, launches), added as they are. */
  extra: Holiday[];
}

/**
 * Gregorian date of Tết Nguyên Đán (1st day of the 1st lunar month, Vietnam,
 * UTC+7), 2020–2030. Source: the true new moons of Meeus, Astronomical
 * Algorithms (2nd ed.) ch. 49, taken at UTC+7; they agree with the Hong Kong
 * Observatory's Chinese New Year dates except 2030, when the new moon falls at
 * 23:07 in Hanoi on 2 February but 00:07 in Beijing on 3 February.
 */
export const tetDates: Readonly<Record<number, string>> = {
  2020: '2020-01-25',
  2021: '2021-02-12',
  2022: '2022-02-01',
  2023: '2023-01-22',
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
  2028: '2028-01-26',
  2029: '2029-02-13',
  2030: '2030-02-02',
};

const dayMs = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const pad = (n: number) => String(n).padStart(2, '0');
const shift = (date: string, days: number) => iso(Date.parse(`${date}T00:00:00Z`) + days * dayMs);

/** The Gregorian date of a Jalali date. @example jalaliToIso(1405, 1, 1) // '2026-03-21' */
export function jalaliToIso(jy: number, jm: number, jd: number): string {
  const g = toGregorian(jy, jm, jd);
  return `${g.gy}-${pad(g.gm)}-${pad(g.gd)}`;
}

/** Nowruz (1 Farvardin) of the Jalali year that starts in Gregorian year `gy`. @example nowruzDate(2026) // '2026-03-21' */
export function nowruzDate(gy: number): string {
  return jalaliToIso(gy - 621, 1, 1);
}

/** The day after the fourth Thursday of November (Black Friday). */
function blackFriday(year: number): string {
  const first = new Date(Date.UTC(year, 10, 1)).getUTCDay();
  const firstThursday = 1 + ((4 - first + 7) % 7);
  return `${year}-11-${pad(firstThursday + 21 + 1)}`;
}

function days(name: string, start: string, count: number): Holiday[] {
  return Array.from({ length: count }, (_, i) => ({ date: shift(start, i), name }));
}

/** A year whose Tết date is not known (outside 2020–2030): its holidays lack Tết. */
export interface HolidayNote {
  id: 'tet_unknown';
  year: number;
}

/** The holidays of one set in one Gregorian year, and notes about dates it cannot give. */
function holidaysOfYear(set: HolidaySet, year: number): { holidays: Holiday[]; notes: HolidayNote[] } {
  switch (set) {
    case 'iran': {
      const jy = year - 621;
      return {
        holidays: [
          ...days('nowruz', nowruzDate(year), 4),
          { date: jalaliToIso(jy, 1, 13), name: 'sizdah_bedar' },
          { date: jalaliToIso(jy, 9, 30), name: 'yalda' },
        ],
        notes: [],
      };
    }
    case 'vietnam': {
      const tet = tetDates[year];
      const national = [
        { date: `${year}-04-30`, name: 'reunification' },
        { date: `${year}-05-01`, name: 'reunification' },
        { date: `${year}-09-02`, name: 'national_day' },
      ];
      // Tết: New Year's Eve and the first four days of the year.
      if (tet) return { holidays: [...days('tet', shift(tet, -1), 5), ...national], notes: [] };
      return { holidays: national, notes: [{ id: 'tet_unknown', year }] };
    }
    case 'international':
      return {
        holidays: [
          { date: `${year}-01-01`, name: 'new_year' },
          { date: blackFriday(year), name: 'black_friday' },
          { date: shift(blackFriday(year), 3), name: 'cyber_monday' },
          ...days('christmas', `${year}-12-24`, 3),
        ],
        notes: [],
      };
  }
}

/**
 * Every holiday of the calendar between two ISO dates (inclusive), sorted by
 * date, plus notes for years whose dates are unknown (Tết outside 2020–2030).
 * @example holidaysBetween('2026-03-01', '2026-03-31', { calendar: 'jalali', holiday_sets: ['iran'], extra: [] })
 * // nowruz on 2026-03-21 … 2026-03-24
 */
export function holidaysBetween(from: string, to: string, calendar: WorkspaceCalendar): { holidays: Holiday[]; notes: HolidayNote[] } {
  const holidays: Holiday[] = [];
  const notes: HolidayNote[] = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
    for (const set of calendar.holiday_sets) {
      const got = holidaysOfYear(set, year);
      holidays.push(...got.holidays);
      notes.push(...got.notes);
    }
  }
  holidays.push(...calendar.extra.map((h) => ({ date: h.date, name: h.name ?? 'event' })));
  const inside = holidays.filter((h) => h.date >= from && h.date <= to);
  inside.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : (a.name ?? '').localeCompare(b.name ?? '')));
  return { holidays: inside, notes };
}

/**
 * The calendar a workspace most likely lives by when it has not said:
 * Jalali with Iranian holidays for IRR or Asia/Tehran, Vietnamese holidays for
 * VND or Asia/Ho_Chi_Minh, international retail days otherwise.
 */
export function defaultCalendar(ws: { currency: string; timezone: string }): WorkspaceCalendar {
  if (ws.currency === 'IRR' || ws.currency === 'IRT' || ws.timezone === 'Asia/Tehran') return { calendar: 'jalali', holiday_sets: ['iran'], extra: [] };
  if (ws.currency === 'VND' || ws.timezone === 'Asia/Ho_Chi_Minh' || ws.timezone === 'Asia/Saigon') return { calendar: 'gregorian', holiday_sets: ['vietnam'], extra: [] };
  return { calendar: 'gregorian', holiday_sets: ['international'], extra: [] };
}
