/** Date-range arithmetic on `YYYY-MM-DD` strings, in UTC. Pure. */

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

/**
 * The last `days` days ending on `end` (inclusive), clipped so it never
 * starts before `dataFrom`. Last 30 days of 2024-03-31 → 2024-03-02..2024-03-31.
 */
export function lastDays(end: string, days: number, dataFrom?: string): DateRange {
  let from = addDays(end, -(days - 1));
  if (dataFrom && from < dataFrom) from = dataFrom;
  return { from, to: end };
}

/** True when `value` is a real calendar date written as YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
