/**
 * Runs heavy analyses (the job tables of the domains, e.g. `reports/heavy/jobs.ts`) off the event loop (issue 12 #7), so `/health`,
 * tracking and every other request keep answering while a CLV fit or a budget plan computes.
 *
 * The server turns worker threads on (`useWorkerThreads`, a piscina pool); until then, and in
 * CLI commands, a job runs inline, the same function on the same data. The store stays on the
 * main thread: the reports fetch their inputs there and hand only plain data to a job. Each job
 * has a time budget: past it the worker is terminated and the request answers 503
 * `unavailable` with Retry-After, as it does when every worker is busy and the queue is full.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { cancelledError, currentSignal } from '../cancellation.js';
import { AppError } from '../errors.js';
import { answerOf, type HeavyAnswer, type HeavyJobTable, type HeavyTask } from './heavy-answer.js';
import { internalError } from '../errors.js';

/** Worker threads (0: jobs run inline) and each job's time budget; config's `analysisSettings` reads them. */
export interface HeavyPoolSettings {
  threads: number;
  timeBudgetMs: number;
}

/**
 * A table of jobs and the worker module that runs them on a thread: a module whose default export
 * is `(task: HeavyTask) => answerOf(jobs, task)` (from dist/ when built, else the TypeScript source).
 */
export interface HeavyJobs {
  jobs: HeavyJobTable;
  worker: URL;
}

/** How jobs ended, by job name (for `/metrics`). */
export type HeavyOutcome = 'ok' | 'failed' | 'timed_out' | 'rejected' | 'cancelled';
type Observer = (job: string, outcome: HeavyOutcome, seconds: number) => void;

let pool: Piscina | undefined;
let settings: HeavyPoolSettings | undefined;
let users = 0;
const observers = new Set<Observer>();

/**
 * Starts the worker pool with these settings (threads 0: jobs stay inline). Returns the release
 * function; the pool stops when its last user releases it.
 */
export function useWorkerThreads(next: HeavyPoolSettings): () => Promise<void> {
  if (pool && settings && (settings.threads !== next.threads || settings.timeBudgetMs !== next.timeBudgetMs)) {
    void pool.destroy();
    pool = undefined;
  }
  settings = next;
  if (!pool && next.threads > 0) pool = newPool(next.threads);
  users++;
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    if (--users > 0) return;
    const stopping = pool;
    pool = undefined;
    settings = undefined;
    await stopping?.destroy();
  };
}

/** Called after every job with its outcome and duration. */
export function observeHeavyJobs(observer: Observer): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

/** Jobs waiting for a worker and workers busy right now (0 when jobs run inline). */
export function heavyQueueDepth(): { waiting: number; running: number } {
  const waiting = pool?.queueSize ?? 0;
  return { waiting, running: Math.max(0, inFlight - waiting) };
}

/**
 * Runs one job of `table` on a worker thread within the time budget (inline when no pool is
 * running) and gives its result, or throws what it threw (an AppError keeps its code), 503 when
 * out of time. Domains wrap it with their table's types (`runHeavy` in `reports/heavy/run.ts`).
 */
export async function runHeavyJob(table: HeavyJobs, job: string, args: unknown[]): Promise<unknown> {
  const started = performance.now();
  const finish = (outcome: HeavyOutcome) => {
    const seconds = (performance.now() - started) / 1000;
    for (const observe of observers) observe(job, outcome, seconds);
  };
  const task: HeavyTask = { job, args };
  let answer: HeavyAnswer;
  if (!pool || !settings) {
    answer = answerOf(table.jobs, task);
  } else {
    const budget = settings.timeBudgetMs;
    const timeout = AbortSignal.timeout(budget);
    // A job nobody waits for any more (the client left: `../cancellation.ts`) leaves the queue, or its worker is stopped.
    const cancel = currentSignal();
    const signal = cancel ? AbortSignal.any([timeout, cancel]) : timeout;
    inFlight++;
    try {
      answer = (await pool.run(task, { signal, filename: table.worker.href })) as HeavyAnswer;
    } catch (err) {
      if (cancel?.aborted) {
        finish('cancelled');
        throw cancelledError();
      }
      if (timeout.aborted) {
        finish('timed_out');
        throw new AppError('unavailable', `${job}: the analysis did not finish within its time budget of ${budget / 1000} s (ROILENS_ANALYSIS_TIME_BUDGET); try a shorter range or retry later`, [], retryAfterOf(budget));
      }
      if (err instanceof Error && /queue is at limit/i.test(err.message)) {
        finish('rejected');
        throw new AppError('unavailable', `${job}: every analysis worker is busy and the queue is full; retry later`, [], retryAfterOf(budget));
      }
      finish('failed');
      throw err;
    } finally {
      inFlight--;
    }
  }
  if (answer.ok) {
    finish('ok');
    return answer.value;
  }
  finish('failed');
  const e = answer.error;
  if (e.app) throw new AppError(e.code, e.message, e.issues);
  // The engines throw registry errors (crossed above); anything else is a bug: 500 internal, its stack for the log.
  const error = internalError(`${job} failed on a worker thread: ${e.name}: ${e.message}`);
  if (e.stack) error.stack = e.stack;
  throw error;
}

/** A retry after half the budget (at least 1 s, at most 2 minutes): long enough for a busy pool to drain. */
function retryAfterOf(budgetMs: number): number {
  return Math.min(120, Math.max(1, Math.ceil(budgetMs / 2000)));
}

/** Jobs handed to the pool and not yet settled (queued or running). */
let inFlight = 0;

/**
 * Each task names its worker module (`HeavyJobs.worker`); from the TypeScript sources (the server
 * runs from them: bin/roilens) the threads load them through tsx's loader.
 */
function newPool(threads: number): Piscina {
  const fromSources = import.meta.url.endsWith('.ts');
  const execArgv = fromSources ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] : [];
  return new Piscina({
    filename: null,
    execArgv,
    minThreads: 0,
    maxThreads: threads,
    // Workers stay a minute after their last job (a fit's modules take a moment to load).
    idleTimeout: 60_000,
    maxQueue: threads * 16,
  });
}
