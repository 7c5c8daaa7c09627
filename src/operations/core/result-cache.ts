/**
 * Answers of read operations kept while the data under them is unchanged (issue 14: "identical
 * queries answer from a cache that new data invalidates").
 *
 * An operation declared `cached` answers from here: the key is the workspace, the operation, its
 * parsed input (keys sorted) and the workspace's data version. The version is the store's write
 * counter (`dataVersion`: any write to the workspace through this process changes it) and the
 * quarter hour: reports default their dates to "today" in the workspace's time zone, and every
 * time zone's midnight falls on a quarter hour, so no answer outlives the day it was made on.
 * A store whose writers run in other processes (the scale-out store: NATS writers insert events
 * into ClickHouse) keeps answers `scaleTtlMs` at most (default 1 s) besides.
 *
 * Memory is bounded by bytes (the answer's JSON text), least recently used first out. Identical
 * calls while one computes share it: it stops (its signal aborts) only when every caller has gone.
 * A failed computation is not kept. Answers are shared: callers must not change them. A caller that
 * asks for a fresh answer (`Cache-Control: no-cache`: timed calls of the benchmarks) computes anew.
 */
import { resultCacheSettings } from '../../config/config.js';
import { dataVersion } from '../../store/data-version.js';
import { cancelledError, currentSignal, withSignal } from '../../shared/cancellation.js';
import type { Store } from '../../store/store.js';

export interface ResultCacheOptions {
  /** Bytes of answers kept (their JSON text); 0 keeps none (identical calls in flight still share). */
  maxBytes: number;
  /** Milliseconds an answer lives on a store written by other processes too (`capabilities.embedded` false). */
  scaleTtlMs: number;
  /** The clock (tests move it). */
  now?: () => number;
}

interface Entry {
  answer: unknown;
  bytes: number;
  expires: number;
}

interface Flight {
  answer: Promise<unknown>;
  controller: AbortController;
  callers: number;
}

/** What a cache holds and has done, for tests and `/metrics`-style reading. */
export interface ResultCacheStats {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
  shared: number;
}

const quarterHourMs = 15 * 60_000;

export class ResultCache {
  private readonly entries = new Map<string, Entry>();
  private readonly flights = new Map<string, Flight>();
  private bytes = 0;
  private readonly counts = { hits: 0, misses: 0, shared: 0 };
  private readonly now: () => number;

  constructor(private readonly store: Store, private readonly options: ResultCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * The answer of `operation` on `input` in `workspaceId`: kept, shared with an identical call in
   * flight, or computed by `compute` (under a signal of its own that aborts when every caller has).
   *
   * @example
   *   await cache.answer('ws_1', 'kpis.report', { by: 'channel' }, () => kpiReport(...))
   */
  async answer(workspaceId: string, operation: string, input: unknown, compute: (signal: AbortSignal) => Promise<unknown>, opts: { fresh?: boolean } = {}): Promise<unknown> {
    const now = this.now();
    const key = JSON.stringify([workspaceId, operation, canonical(input), dataVersion(this.store, workspaceId), Math.floor(now / quarterHourMs)]);
    if (opts.fresh) {
      this.counts.misses++;
      return this.wait(this.start(key, now, compute));
    }
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) {
      this.entries.delete(key); // most recently used last
      this.entries.set(key, hit);
      this.counts.hits++;
      return hit.answer;
    }
    if (hit) this.forget(key);
    let flight = this.flights.get(key);
    if (flight && !flight.controller.signal.aborted) this.counts.shared++;
    else {
      this.counts.misses++;
      flight = this.start(key, now, compute);
    }
    return this.wait(flight);
  }

  stats(): ResultCacheStats {
    return { entries: this.entries.size, bytes: this.bytes, ...this.counts };
  }

  private start(key: string, now: number, compute: (signal: AbortSignal) => Promise<unknown>): Flight {
    const controller = new AbortController();
    const flight: Flight = { controller, callers: 0, answer: withSignal(controller.signal, () => compute(controller.signal)) };
    this.flights.set(key, flight);
    const expires = this.store.capabilities.embedded ? Number.POSITIVE_INFINITY : now + this.options.scaleTtlMs;
    flight.answer.then(
      (answer) => {
        if (this.flights.get(key) === flight) this.flights.delete(key);
        this.keep(key, answer, expires);
      },
      () => {
        if (this.flights.get(key) === flight) this.flights.delete(key);
      },
    );
    return flight;
  }

  /** The flight's answer for one caller: a caller whose signal aborts leaves at once, and the last one to leave stops it. */
  private wait(flight: Flight): Promise<unknown> {
    const signal = currentSignal();
    flight.callers++;
    if (!signal) return flight.answer;
    if (signal.aborted) {
      this.leave(flight);
      return Promise.reject(cancelledError());
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.leave(flight);
        reject(cancelledError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      flight.answer.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  private leave(flight: Flight): void {
    flight.callers--;
    if (flight.callers <= 0) flight.controller.abort();
  }

  private keep(key: string, answer: unknown, expires: number): void {
    const bytes = Buffer.byteLength(JSON.stringify(answer) ?? '');
    if (bytes > this.options.maxBytes) return;
    this.forget(key);
    this.entries.set(key, { answer, bytes, expires });
    this.bytes += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.options.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= entry.bytes;
    }
  }

  private forget(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}

/** A value with object keys sorted, so equal inputs are equal JSON whatever order their keys came in. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.keys(value).sort().filter((k) => (value as Record<string, unknown>)[k] !== undefined).map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}

const caches = new WeakMap<Store, ResultCache>();

/** The result cache of a store (one per store object, sized by `ROILENS_RESULT_CACHE_MB`). */
export function resultCacheOf(store: Store): ResultCache {
  let cache = caches.get(store);
  if (!cache) caches.set(store, (cache = new ResultCache(store, resultCacheSettings())));
  return cache;
}
