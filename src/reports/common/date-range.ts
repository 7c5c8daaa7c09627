import { localDate } from '../../metrics/time-zone.js';
import { AppError } from '../../shared/errors.js';
import type { Store } from '../../store/store.js';

const datePattern = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The days a report may name. Reports widen a range by lookbacks and comparison periods, and the
 * engines cannot read a timestamp past year 9999 (`9999-12-31` + 1 day answered 500) nor, on
 * ClickHouse, outside 1970–2106: a range stays within this century and the last.
 */
export const reportDateBounds = { min: '1970-01-01', max: '2099-12-31' } as const;

/** A calendar date YYYY-MM-DD within `reportDateBounds`, or a 400 naming `field`. */
export function checkDate(value: string, field: string): string {
  if (!datePattern.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    throw new AppError('invalid_input', `${field}: expected a date YYYY-MM-DD, got "${value}"`, [{ path: field, message: 'expected a date YYYY-MM-DD' }]);
  }
  if (value < reportDateBounds.min || value > reportDateBounds.max) {
    const message = `must be between ${reportDateBounds.min} and ${reportDateBounds.max}`;
    throw new AppError('invalid_input', `${field}: ${message}, got "${value}"`, [{ path: field, message }]);
  }
  return value;
}

/** Today in the workspace's time zone (YYYY-MM-DD). */
export async function localToday(store: Store, workspaceId: string): Promise<string> {
  const timezone = (await store.getWorkspace(workspaceId))?.timezone ?? 'UTC';
  return localDate(Date.now(), timezone);
}

/** The last local day with data in the workspace's time zone, or today on an empty store. */
export async function lastLocalDataDay(store: Store, workspaceId: string): Promise<string> {
  const timezone = (await store.getWorkspace(workspaceId))?.timezone ?? 'UTC';
  const today = localDate(Date.now(), timezone);
  const range = await store.dataRange(workspaceId);
  if (!range.to) return today;
  // The store knows the last UTC day with data; east of UTC its end is already the next local day (not after today).
  const lastLocal = localDate(Date.parse(`${range.to}T23:59:59.999Z`), timezone);
  const cap = range.to > today ? range.to : today;
  return lastLocal < cap ? lastLocal : cap;
}

/**
 * Resolves a report's date range in the workspace's local days: explicit dates are
 * validated; a missing end is the last local day with data (or today), a missing start
 * 29 days before the end.
 */
export async function resolveRange(store: Store, workspaceId: string, from?: string, to?: string): Promise<{ from: string; to: string }> {
  const end = to ? checkDate(to, 'to') : await lastLocalDataDay(store, workspaceId);
  let start = from ? checkDate(from, 'from') : undefined;
  if (!start) start = new Date(Date.parse(`${end}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
  if (start > end) throw new AppError('invalid_input', `from: ${start} is after to: ${end}`, [{ path: 'from', message: 'must not be after to' }]);
  return { from: start, to: end };
}
