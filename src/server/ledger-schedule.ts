/**
 * The server's scheduled jobs (issue 16): every minute, per workspace, `partners.sync` brings the
 * partner ledger up to the stored conversions (new commissions, retainers due) through the in-process
 * scheduler (`operations/core/scheduler.ts`), as the installation's operator acting in that workspace.
 * A workspace made while the server runs gets its job at the next minute; archived ones get none.
 * A failed run is written to stderr and retried at the next minute.
 */
import { operations } from '../operations/index.js';
import { operationRunner } from '../operations/core/run.js';
import { Scheduler, type JobRun } from '../operations/core/scheduler.js';
import type { EventPipeline } from '../ingest/pipeline.js';
import type { Store } from '../store/store.js';

export interface LedgerSchedule {
  scheduler: Scheduler;
  stop(): Promise<void>;
}

/** Starts the per-workspace ledger jobs; `stop` waits for runs under way. */
export function startLedgerSchedule(store: Store, pipeline: Pick<EventPipeline, 'drain'>, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): LedgerSchedule {
  const run = operationRunner({ operations, store, ingest: { drain: () => pipeline.drain() } });
  const onRun = (r: JobRun) => {
    if (!r.ok) log(`roilens: ${r.job} failed at ${r.at}: ${r.error?.code} ${r.error?.message}`);
  };
  const scheduler = new Scheduler(run, { onRun, tickMs: 5_000 });
  const addJobs = async () => {
    const known = new Set(scheduler.jobs().map((j) => j.id));
    for (const ws of await store.listWorkspaces()) {
      const id = `ledger-sync:${ws.id}`;
      if (ws.archived_at || known.has(id)) continue;
      scheduler.add({ id, operation: 'partners.sync', input: {}, principal: { kind: 'operator', workspaceId: ws.id, scopes: ['admin'] }, every: '1m' });
    }
  };
  const refresh = () => void addJobs().catch((err: Error) => log(`roilens: scheduling the ledger jobs failed: ${err.message}`));
  refresh();
  const timer = setInterval(refresh, 60_000);
  timer.unref?.();
  scheduler.start();
  return {
    scheduler,
    async stop() {
      clearInterval(timer);
      await scheduler.stop();
    },
  };
}
