/**
 * CLV fits kept by their input (issue 14): the customers page asks for the CLV summary and then
 * for its top customers' predictions, and every ask fitted the models again on the same customer
 * summaries (seconds each on the demo world). A fit is a pure function of the summaries and the
 * options, so its result is kept under a hash of both, in this process, for the few inputs asked
 * last: a new sale changes the summaries and so the key, while writes that do not change them (page
 * views, a new segment) keep the fit. Concurrent asks for one input share one computation; a failed
 * one is not kept (a computation stopped because its first asker went away is started again by the
 * next). Results are shared: callers must not change them.
 */
import { createHash } from 'node:crypto';
import { currentSignal } from '../../shared/cancellation.js';
import { AppError } from '../../shared/errors.js';

/** Inputs whose results are kept (a horizon or two, a model or two). */
export const clvFitMemoEntries = 8;

const kept = new Map<string, Promise<unknown>>();

/** `compute()`, or the kept result of an earlier call with an equal `job` and `input` (compared as JSON). */
export function memoizedFit<T>(job: string, input: unknown, compute: () => Promise<T>): Promise<T> {
  const key = createHash('sha256').update(job).update('\u0000').update(JSON.stringify(input)).digest('hex');
  const hit = kept.get(key);
  if (hit) {
    kept.delete(key); // most recently used last
    kept.set(key, hit);
    // A computation stopped because its first asker went away is asked again by the others.
    return (hit as Promise<T>).catch((err: unknown) =>
      err instanceof AppError && err.code === 'cancelled' && !currentSignal()?.aborted ? memoizedFit(job, input, compute) : Promise.reject(err),
    );
  }
  const result = compute();
  kept.set(key, result);
  while (kept.size > clvFitMemoEntries) kept.delete(kept.keys().next().value!);
  result.catch(() => {
    if (kept.get(key) === result) kept.delete(key);
  });
  return result;
}
