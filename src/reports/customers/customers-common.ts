/** Small helpers shared by the customer reports. */
import { AppError } from '../../shared/errors.js';
import type { Store } from '../../store/store.js';
import type { Workspace } from '../../records/workspace.js';
import { checkDate, lastLocalDataDay } from '../common/date-range.js';

/** A YYYY-MM-DD day within the report bounds (1970–2099), naming the field when it is not one. */
export const checkDay = checkDate;

/** The day `days` after (negative: before) a YYYY-MM-DD day. */
export function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export async function workspaceOf(store: Store, workspaceId: string): Promise<Workspace> {
  const ws = await store.getWorkspace(workspaceId);
  if (!ws) throw new AppError('not_found', `workspace ${workspaceId} does not exist`);
  return ws;
}

/** The day "now" means for live segments: the last local day with data (today on an empty store). */
export async function lastDataDay(store: Store, workspaceId: string): Promise<string> {
  return lastLocalDataDay(store, workspaceId);
}

/** A ratio, or null when the denominator is zero (never NaN or Infinity in output). */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}
