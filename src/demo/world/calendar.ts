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

/**
 * The default last day of a demo world: yesterday in UTC, so that "the last
 * 30 days" of a freshly loaded world are full. Pass `--end-date` to reproduce
 * a world generated on another day.
 *
 * @example yesterdayUtc(new Date('2026-12-06T05:00:00Z')) === '2026-12-05'
 */
export function yesterdayUtc(now: Date): string {
  const todayMs = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return isoDate(todayMs - dayMs);
}

/** True when the string is a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00.000Z`);
  return Number.isFinite(ms) && isoDate(ms) === value;
}

const pad2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const minuteSecond = Array.from({ length: 3600 }, (_, i) => `${pad2[Math.floor(i / 60)]}:${pad2[i % 60]}.`);
const millis = Array.from({ length: 1000 }, (_, i) => `${String(i).padStart(3, '0')}Z`);

/**
 * Formats timestamps of the window as ISO 8601 UTC with milliseconds, like
 * Date#toISOString but from cached day-and-hour prefixes (a million events
 * would otherwise allocate a million Date objects).
 */
export class IsoClock {
  private readonly prefixes: string[] = [];

  constructor(private readonly window: DemoWindow) {}

  /** format(Date.parse('2026-11-20T13:04:05.006Z')) = '2026-11-20T13:04:05.006Z' for any ms in the window. */
  format(ms: number): string {
    const rel = ms - this.window.startMs;
    const hourIndex = Math.floor(rel / 3_600_000);
    if (hourIndex < 0 || hourIndex >= this.window.days * 24) return new Date(ms).toISOString();
    let prefix = this.prefixes[hourIndex];
    if (prefix === undefined) {
      prefix = new Date(this.window.startMs + hourIndex * 3_600_000).toISOString().slice(0, 14);
      this.prefixes[hourIndex] = prefix;
    }
    const inHour = rel - hourIndex * 3_600_000;
    const second = Math.floor(inHour / 1000);
    return [prefix, minuteSecond[second], millis[inHour - second * 1000]].join('');
  }
}
