/**
 * A small in-process scheduler of operations by name (for goals, alerts and reports): each job runs
 * one operation with its input and principal every N minutes (`every`: "1m" to "60m", or "1h", as
 * alerts take it in design.md), through `runOperation`, so a scheduled run is validated, scoped and
 * answered exactly as over HTTP. A job still running when its time comes again is not started twice;
 * intervals missed while the process slept run once, not once each. Every run is reported
 * (`onRun`) with its answer or its registry error code. Calendar schedules (cron expressions) are
 * not needed yet; when one is (the weekly report), a well-kept library (croner) computes `next`.
 *
 * @example
 *   const scheduler = new Scheduler(operationRunner({ operations, store }), { onRun: log });
 *   scheduler.add({ id: 'kpis-hourly', operation: 'kpis.report', input: {}, principal, every: '1h' });
 *   scheduler.start();
 */
import { AppError } from '../../shared/errors.js';
import type { Principal } from './define.js';
import type { RunOperation } from './run.js';

/** One scheduled operation. */
export interface Job {
  /** Unique among the scheduler's jobs. */
  id: string;
  /** The operation's name (`segments.count`). */
  operation: string;
  input: Record<string, unknown>;
  principal: Principal;
  /** "1m" to "60m", or "1h". */
  every: string;
  /** The first run (default: one interval after the job is added). */
  startAt?: Date;
  /** Send `<id>:<scheduled instant>` as the Idempotency-Key (jobs whose operation moves money). */
  idempotent?: boolean;
}

/** What one run did. */
export interface JobRun {
  job: string;
  operation: string;
  /** The instant the run was due (ISO). */
  at: string;
  ok: boolean;
  answer?: unknown;
  /** The registry code and message of a failed run (`internal` for anything else thrown). */
  error?: { code: string; message: string };
}

export interface SchedulerOptions {
  now?: () => Date;
  /** How often `start` looks for due jobs (default 1 s). */
  tickMs?: number;
  onRun?: (run: JobRun) => void;
}

/** `every` in milliseconds; the registry's 400 naming `every` otherwise. */
export function everyMs(every: string): number {
  const m = /^(\d{1,2})m$/.exec(every);
  if (m && Number(m[1]) >= 1 && Number(m[1]) <= 60) return Number(m[1]) * 60_000;
  if (every === '1h') return 3_600_000;
  throw new AppError('invalid_input', `every: must be "1m" to "60m" or "1h", got "${every}"`, [{ path: 'every', message: 'must be "1m" to "60m" or "1h"' }]);
}

interface Entry {
  job: Job;
  interval: number;
  next: number;
  running?: Promise<void>;
}

export class Scheduler {
  private readonly entries = new Map<string, Entry>();
  private timer?: ReturnType<typeof setInterval>;
  private readonly now: () => Date;

  constructor(
    private readonly run: RunOperation,
    private readonly options: SchedulerOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** Adds a job (400 naming `every` for a bad interval, 409 `conflict` for a taken id). */
  add(job: Job): void {
    const interval = everyMs(job.every);
    if (this.entries.has(job.id)) throw new AppError('conflict', `id: a job "${job.id}" is already scheduled`, [{ path: 'id', message: 'already scheduled' }]);
    this.entries.set(job.id, { job, interval, next: job.startAt?.getTime() ?? this.now().getTime() + interval });
  }

  remove(id: string): boolean {
    return this.entries.delete(id);
  }

  /** The jobs and when each runs next. */
  jobs(): { id: string; operation: string; every: string; next_at: string }[] {
    return [...this.entries.values()].map((e) => ({ id: e.job.id, operation: e.job.operation, every: e.job.every, next_at: new Date(e.next).toISOString() }));
  }

  /** Starts every job that is due and not running; resolves when those runs end, with what they did. */
  async tick(): Promise<JobRun[]> {
    const now = this.now().getTime();
    const started: Promise<JobRun>[] = [];
    for (const entry of this.entries.values()) {
      if (entry.next > now || entry.running) continue;
      const due = entry.next;
      // The next time after now on the job's grid: missed intervals run once.
      entry.next = due + Math.floor((now - due) / entry.interval + 1) * entry.interval;
      const run = this.runOnce(entry.job, due);
      entry.running = run.then(() => undefined);
      started.push(run.finally(() => (entry.running = undefined)));
    }
    return Promise.all(started);
  }

  /** Looks for due jobs every `tickMs` (the timer does not keep the process alive). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.options.tickMs ?? 1000);
    this.timer.unref?.();
  }

  /** Stops looking and waits for the runs under way. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await Promise.all([...this.entries.values()].map((e) => e.running));
  }

  private async runOnce(job: Job, due: number): Promise<JobRun> {
    const at = new Date(due).toISOString();
    let result: JobRun;
    try {
      const answer = await this.run(job.operation, job.input, job.principal, job.idempotent ? { idempotencyKey: `${job.id}:${at}` } : {});
      result = { job: job.id, operation: job.operation, at, ok: true, answer };
    } catch (err) {
      const error = err instanceof AppError ? { code: err.code, message: err.message } : { code: 'internal', message: String((err as Error)?.message ?? err) };
      result = { job: job.id, operation: job.operation, at, ok: false, error };
    }
    this.options.onRun?.(result);
    return result;
  }
}
