/** Day arithmetic for the demo window (UTC, days numbered 0..days-1 from the first day). */
export const dayMs = 86_400_000;

export interface DemoWindow {
  days: number;
  /** UTC midnight of day 0, in ms. */
  startMs: number;
  startDate: string;
  endDate: string;
}

/** The window of `days` days ending on `endDate` (YYYY-MM-DD, inclusive). */
export function demoWindow(endDate: string, days: number): DemoWindow {
  const endMs = Date.parse(`${endDate}T00:00:00.000Z`);
  const startMs = endMs - (days - 1) * dayMs;
  return { days, startMs, startDate: isoDate(startMs), endDate };
}

/** YYYY-MM-DD of a UTC timestamp. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** YYYY-MM-DD of day `day` of the window. */
export function dateOfDay(window: DemoWindow, day: number): string {
  return isoDate(window.startMs + day * dayMs);
}

/** Day of week of day `day`, Monday = 0 … Sunday = 6. */
export function weekdayOfDay(window: DemoWindow, day: number): number {
  return (new Date(window.startMs + day * dayMs).getUTCDay() + 6) % 7;
}

/** True when the string is a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00.000Z`);
  return Number.isFinite(ms) && isoDate(ms) === value;
}
