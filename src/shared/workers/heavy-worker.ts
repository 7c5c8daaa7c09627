/**
 * The worker-thread side of the heavy-work pool (piscina loads this file): runs one job of
 * `heavyJobs` and answers with its value, or with the error as plain data (an AppError's code,
 * message and issues survive the crossing; structured clone would keep only the message).
 */
import { AppError } from '../errors.js';
import { heavyJobs, type HeavyJobName } from './heavy-jobs.js';

export interface HeavyTask {
  job: HeavyJobName;
  args: unknown[];
}

export type HeavyAnswer =
  | { ok: true; value: unknown }
  | { ok: false; error: { app: true; code: AppError['code']; message: string; issues: AppError['issues'] } | { app: false; name: string; message: string; stack?: string } };

export default function runHeavyTask(task: HeavyTask): HeavyAnswer {
  return answerOf(task);
}

/** Runs a task and wraps its outcome (shared with the inline runner, so both behave alike). */
export function answerOf({ job, args }: HeavyTask): HeavyAnswer {
  try {
    const run = heavyJobs[job] as (...a: unknown[]) => unknown;
    return { ok: true, value: run(...args) };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: { app: true, code: err.code, message: err.message, issues: err.issues } };
    const e = err instanceof Error ? err : new Error(String(err));
    return { ok: false, error: { app: false, name: e.name, message: e.message, stack: e.stack } };
  }
}
