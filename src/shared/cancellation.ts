/**
 * Stopping work nobody waits for any more (issue 14): a request whose client went away carries an
 * aborted `AbortSignal`, and the store's engines stop the query it started (DuckDB interrupts the
 * connection, ClickHouse kills the query by its id).
 *
 * The signal travels as the async context of the call (`withSignal`), not as a parameter of every
 * store method: the operation layer sets it around a handler, and the few places that talk to an
 * engine (`currentSignal`) read it. Work started outside any request (ingestion, the scheduler's
 * jobs, writes) has no signal and is never stopped this way.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { AppError } from './errors.js';

const scope = new AsyncLocalStorage<AbortSignal>();

/** Runs `fn` with `signal` as the current signal of everything it awaits (none: `fn` as it is). */
export function withSignal<T>(signal: AbortSignal | undefined, fn: () => T): T {
  return signal ? scope.run(signal, fn) : fn();
}

/** The signal of the call in progress, if it has one. */
export function currentSignal(): AbortSignal | undefined {
  return scope.getStore();
}

/**
 * Runs `fn` with no signal: work shared by several calls (one read of journeys for every report
 * waiting on it) must not stop because the first caller left.
 */
export function detached<T>(fn: () => T): T {
  return scope.exit(fn);
}

/** The error a stopped call fails with: 499 `cancelled` (nobody reads it over HTTP: the client left). */
export function cancelledError(): AppError {
  return new AppError('cancelled', 'the request was cancelled before its answer (the client went away); its query was stopped');
}

/** Throws `cancelledError` when `signal` has aborted. */
export function throwIfCancelled(signal: AbortSignal | undefined = currentSignal()): void {
  if (signal?.aborted) throw cancelledError();
}

/**
 * Runs `run`, calling `stop` (the engine's interrupt) if `signal` aborts meanwhile; a run that fails
 * after the abort fails as `cancelled`, whatever the engine said.
 *
 * @example
 *   await stoppable(() => conn.runAndReadAll(sql), () => conn.interrupt())
 */
export async function stoppable<T>(run: () => Promise<T>, stop: () => unknown, signal: AbortSignal | undefined = currentSignal()): Promise<T> {
  if (!signal) return run();
  throwIfCancelled(signal);
  // Synchronously: the connection must still be this run's when it is interrupted.
  const onAbort = () => {
    try {
      const stopping = stop();
      if (stopping instanceof Promise) stopping.catch(() => undefined);
    } catch {
      // The engine had finished or cannot stop: the run settles on its own.
    }
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await run();
  } catch (err) {
    if (signal.aborted) throw cancelledError();
    throw err;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
