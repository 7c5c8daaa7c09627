/**
 * One job of a table of heavy jobs run to an answer: its value, or the error as plain data (an
 * AppError's code, message and issues survive the crossing to and from a worker thread;
 * structured clone would keep only the message). The tables live with the domains that own the
 * jobs (`reports/heavy/jobs.ts`); this knows none of them.
 */
import { AppError } from '../errors.js';
import { internalError } from '../errors.js';

/** Jobs by name: plain data in, plain data out. */
export type HeavyJobTable = Record<string, (...args: never[]) => unknown>;

export interface HeavyTask {
  job: string;
  args: unknown[];
}

export type HeavyAnswer =
  | { ok: true; value: unknown }
  | { ok: false; error: { app: true; code: AppError['code']; message: string; issues: AppError['issues'] } | { app: false; name: string; message: string; stack?: string } };

/** Runs a task of `jobs` and wraps its outcome (the worker and the inline runner both use it, so they behave alike). */
export function answerOf(jobs: HeavyJobTable, { job, args }: HeavyTask): HeavyAnswer {
  try {
    const run = jobs[job] as ((...a: unknown[]) => unknown) | undefined;
    if (!run) throw internalError(`no heavy job named ${job}`);
    return { ok: true, value: run(...args) };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: { app: true, code: err.code, message: err.message, issues: err.issues } };
    const e = err instanceof Error ? err : { name: typeof err, message: String(err), stack: undefined };
    return { ok: false, error: { app: false, name: e.name, message: e.message, stack: e.stack } };
  }
}
