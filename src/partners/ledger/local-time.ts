/**
 * Local days and months of instants in the workspace's time zone, fast enough for a million
 * conversions: the local date is looked up once per quarter hour of UTC (every zone's offsets
 * today are whole quarter hours, so local midnights fall on one), and per instant inside a quarter
 * hour where it changes.
 */
import { addDays, localMidnight, zoneOffsetMs } from '../../metrics/time-zone.js';

const quarter = 900_000;

/** A reader of local dates for one zone (caches by quarter hour; make one per call, not per row). */
export function localCalendar(timeZone: string) {
  const dates = new Map<number, string>();
  const months = new Map<string, string>();
  const exact = (ms: number) => new Date(ms + zoneOffsetMs(ms, timeZone)).toISOString().slice(0, 10);
  const date = (ms: number): string => {
    const q = Math.floor(ms / quarter);
    let d = dates.get(q);
    if (d === undefined) {
      const first = exact(q * quarter);
      // Local midnight or an offset change inside this quarter hour (an old zone's odd offset): per instant.
      if (first !== exact(q * quarter + quarter - 1)) return exact(ms);
      d = first;
      dates.set(q, d);
    }
    return d;
  };
  return {
    /** The local date YYYY-MM-DD of instant `ms`. */
    date,
    /** The local month YYYY-MM of instant `ms` (the same string each time: a map key whose hash V8 keeps). */
    month: (ms: number): string => {
      const day = date(ms);
      let month = months.get(day);
      if (month === undefined) months.set(day, (month = day.slice(0, 7)));
      return month;
    },
    /** The instant local day `date` begins. */
    midnight: (day: string): number => localMidnight(day, timeZone),
  };
}

export type LocalCalendar = ReturnType<typeof localCalendar>;

/** `date` (YYYY-MM-DD) plus `months` calendar months, the day kept or cut to the month's last (01-31 + 1 month = 02-28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export { addDays };
