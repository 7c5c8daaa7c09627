import { invalid } from '../shared/errors.js';
import type { Store } from '../store/store.js';
import type { PendingEvents } from './erasure.js';

/**
 * A retention period per workspace (issue 12 #14): raw events older than `retention_days` are
 * deleted by the server's periodic job and by `roilens retention apply`. Only events are
 * affected: orders and leads (CRM records) stay, and roilens keeps no aggregates of deleted
 * events (none exist yet), so reports over older periods lose their visits and sales.
 * Null keeps everything (the default).
 */
const retentionKey = (workspaceId: string) => `workspace.${workspaceId}.retention_days`;

export const maxRetentionDays = 36_500;

export async function getRetentionDays(store: Store, workspaceId: string): Promise<number | null> {
  const v = await store.getSetting(retentionKey(workspaceId));
  return v ? Number(v) : null;
}

export async function setRetentionDays(store: Store, workspaceId: string, days: number | null): Promise<void> {
  await store.setSetting(retentionKey(workspaceId), days === null ? '' : String(days));
}

/** Validates `retention_days` (whole days from 1 to 36,500, or null). */
export function parseRetentionDays(raw: unknown, field = 'retention_days'): number | null {
  if (raw === null) return null;
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 1 || raw > maxRetentionDays) {
    throw invalid(field, `must be a whole number of days from 1 to ${maxRetentionDays}, or null to keep events forever`);
  }
  return raw;
}

export interface RetentionRun {
  retention_days: number | null;
  /** Events before this instant were deleted (null: nothing to do). */
  cutoff: string | null;
  deleted: number;
  compacted: boolean;
}

/** Deletes the workspace's events older than its retention period as of `now`, then compacts storage when anything went. */
export async function applyRetention(store: Store, pipeline: PendingEvents | undefined, workspaceId: string, now: Date = new Date()): Promise<RetentionRun> {
  const days = await getRetentionDays(store, workspaceId);
  if (days === null) return { retention_days: null, cutoff: null, deleted: 0, compacted: false };
  const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
  await pipeline?.drain();
  const deleted = await store.deleteEvents(workspaceId, { to: cutoff });
  const compacted = deleted > 0 && (await store.compact());
  return { retention_days: days, cutoff, deleted, compacted };
}

/**
 * Applies every workspace's own retention period (archived ones too: their data is still kept),
 * one workspace after another; answers the runs by workspace id.
 */
export async function applyRetentionEverywhere(store: Store, pipeline: PendingEvents | undefined, now: Date = new Date()): Promise<Record<string, RetentionRun>> {
  const runs: Record<string, RetentionRun> = {};
  for (const ws of await store.listWorkspaces()) runs[ws.id] = await applyRetention(store, pipeline, ws.id, now);
  return runs;
}

/**
 * Runs `applyRetention` now and every `everyMs` (default hourly) until stopped. Failures are
 * logged and retried at the next tick; the timer does not keep the process alive.
 */
export function startRetentionJob(run: () => Promise<unknown>, opts: { everyMs?: number; log?: (msg: string) => void } = {}): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await run();
    } catch (err) {
      opts.log?.(`roilens: applying the retention period failed, will retry: ${(err as Error).message}`);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(tick, 1_000);
  const timer = setInterval(tick, opts.everyMs ?? 3_600_000);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
