/**
 * The workspace time zone (IANA name) and the instants of its local days.
 * Day, week and month boundaries of every report are local midnights: a date
 * range [from, to] covers the instants [midnight of from, midnight after to).
 * Pure: only Intl, which carries each zone's offsets (Asia/Tehran +03:30,
 * Asia/Ho_Chi_Minh +07:00, and past daylight-saving rules).
 */
import { invalidArgument } from '../shared/errors.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether `name` is an IANA time zone this runtime knows (`UTC`, `Asia/Tehran`, …). */
export function isTimeZone(name: string): boolean {
  if (typeof name !== 'string' || name.length === 0 || name.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(name)) return false;
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * The zone's canonical spelling as this runtime resolves it (`asia/tehran` → `Asia/Tehran`),
 * or undefined when `name` is no IANA zone. Stores and SQL engines get the canonical name.
 */
export function canonicalTimeZone(name: string): string | undefined {
  if (!isTimeZone(name)) return undefined;
  const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  return resolved === 'Etc/UTC' || resolved === 'Etc/GMT' ? 'UTC' : resolved;
}

/** The zone's offset from UTC at instant `ms`, in ms (Asia/Tehran: +12,600,000). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  if (timeZone === 'UTC') return 0;
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const local = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return local - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant (epoch ms) at which local day `date` (YYYY-MM-DD) begins.
 * @example localMidnight('2026-01-11', 'Asia/Tehran') // Date.parse('2026-01-10T20:30:00Z')
 */
export function localMidnight(date: string, timeZone: string): number {
  const wall = Date.parse(`${date}T00:00:00.000Z`);
  if (!Number.isFinite(wall)) throw invalidArgument('date', `not a date: ${date}`);
  let guess = wall - zoneOffsetMs(wall, timeZone);
  // Twice: the offset at the guess may differ from the offset at the wall time (a transition between).
  for (let i = 0; i < 2; i++) guess = wall - zoneOffsetMs(guess, timeZone);
  return guess;
}

/** The local date (YYYY-MM-DD) of instant `ms`. */
export function localDate(ms: number, timeZone: string): string {
  return new Date(ms + zoneOffsetMs(ms, timeZone)).toISOString().slice(0, 10);
}

/** `date` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The instants a local date range [from, to] (inclusive days) covers: [start, end). */
export function localRange(from: string, to: string, timeZone: string): { start: number; end: number } {
  return { start: localMidnight(from, timeZone), end: localMidnight(addDays(to, 1), timeZone) };
}
