/**
 * Where a read's time went (issue 14: acknowledged → visible is the wait for the events to reach
 * the store, for the aggregates' refresh and for the query). An operation measures its parts with
 * `timed` inside `withTimings`; code deep in the store (a rollup refresh) adds its part to the call
 * in progress without a parameter for it, as `cancellation.ts` carries the abort signal. The parts
 * go out as a `Server-Timing` header (W3C Server Timing), which browsers' developer tools show.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** Milliseconds per part, in the order the parts first ran. */
export type Timings = Map<string, number>;

const scope = new AsyncLocalStorage<Timings>();

/** Runs `fn`, collecting the parts timed while it runs; answers its result and the parts (with `total`). */
export async function withTimings<T>(fn: () => Promise<T>): Promise<{ result: T; timings: Timings }> {
  const timings: Timings = new Map();
  const start = performance.now();
  const result = await scope.run(timings, fn);
  timings.set('total', performance.now() - start);
  return { result, timings };
}

/**
 * Runs `fn` and adds its duration to part `name` of the call in progress (outside `withTimings`: `fn` as it is).
 *
 * @example
 *   await timed('drain', () => ingest.drain())
 */
export async function timed<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const timings = scope.getStore();
  if (!timings) return fn();
  const start = performance.now();
  try {
    return await fn();
  } finally {
    timings.set(name, (timings.get(name) ?? 0) + performance.now() - start);
  }
}

/** The parts as a `Server-Timing` header value: `drain;dur=12.5, refresh;dur=40.1, total;dur=61.0`. */
export function serverTimingHeader(timings: Timings): string {
  return [...timings].map(([name, ms]) => `${name};dur=${ms.toFixed(1)}`).join(', ');
}

/** Parses a `Server-Timing` header value into milliseconds per part (parts without a duration are left out). */
export function parseServerTiming(header: string | null): Record<string, number> {
  const parts: Record<string, number> = {};
  for (const entry of (header ?? '').split(',')) {
    const [name, ...params] = entry.trim().split(';');
    const dur = params.map((p) => /^\s*dur=([\d.]+)\s*$/.exec(p)?.[1]).find((d) => d !== undefined);
    if (name && dur !== undefined) parts[name] = Number(dur);
  }
  return parts;
}
