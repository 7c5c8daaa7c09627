import { localDate } from '../metrics/time-zone.js';
import { AppError } from '../shared/errors.js';
import type { Store } from '../store/store.js';

const datePattern = /^\d{4}-\d{2}-\d{2}$/;

function checkDate(value: string, field: string): string {
  if (!datePattern.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    throw new AppError('invalid_input', `${field}: expected a date YYYY-MM-DD, got "${value}"`, [{ path: field, message: 'expected a date YYYY-MM-DD' }]);
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
