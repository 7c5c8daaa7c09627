/**
 * The heavy-work pool (issue 12 #7): a job gives on a worker thread exactly what it gives inline,
 * an AppError keeps its code across the thread, and a job past its time budget is stopped and
 * answers 503 `unavailable` with Retry-After; a job whose caller has gone (issue 14) is stopped as `cancelled`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ClvSummary } from '../../customers/index.js';
import { AppError } from '../errors.js';
import { runHeavy } from '../../reports/heavy/run.js';
import { withSignal } from '../cancellation.js';
import { heavyQueueDepth, useWorkerThreads } from './heavy-pool.js';

// Twelve customers (frequency, recency, age in weeks): enough repeat buyers for BG/NBD and Gamma-Gamma.
const summaries: ClvSummary[] = [
  [0, 0, 30], [1, 10, 30], [2, 20, 32], [3, 25, 35], [0, 0, 28], [5, 30, 31],
  [1, 5, 29], [4, 28, 33], [2, 12, 30], [0, 0, 34], [6, 33, 34], [1, 20, 27],
].map(([frequency, recency, T], i) => ({ customer_id: `c${i}`, frequency, recency, T, monetary_value: frequency ? 20 + 5 * i : 0 }));
const options = { model: 'bgnbd' as const, timeUnit: 'week' as const, calibrationEnd: '2026-01-01' };

describe('heavy-work pool', () => {
  let release: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await release?.();
    release = undefined;
  });

  it('runs a job on a worker thread with the result it gives inline', async () => {
    const inline = await runHeavy('clvFitFromSummaries', summaries, options);
    expect(heavyQueueDepth()).toEqual({ waiting: 0, running: 0 });
    release = useWorkerThreads({ threads: 1, timeBudgetMs: 60_000 });
    const pending = runHeavy('clvFitFromSummaries', summaries, options);
    // Handed to the pool, not computed before the call returned.
    expect(heavyQueueDepth().running + heavyQueueDepth().waiting).toBe(1);
    expect(await pending).toEqual(inline);
    expect(heavyQueueDepth()).toEqual({ waiting: 0, running: 0 });
  });

  it('an AppError crosses the thread with its code and field', async () => {
    release = useWorkerThreads({ threads: 1, timeBudgetMs: 60_000 });
    const err = await runHeavy('clvFitFromSummaries', [], options).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('invalid_input');
    expect((err as AppError).message).toMatch(/no customer purchased/);
  });

  it('a job past its time budget is stopped: 503 unavailable with Retry-After, and the pool goes on', async () => {
    // 1 ms cannot even load the worker's modules.
    release = useWorkerThreads({ threads: 1, timeBudgetMs: 1 });
    const err = await runHeavy('clvFitFromSummaries', summaries, options).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('unavailable');
    expect((err as AppError).status).toBe(503);
    expect((err as AppError).retryAfter).toBeGreaterThanOrEqual(1);
    await release();
    release = useWorkerThreads({ threads: 1, timeBudgetMs: 60_000 });
    expect((await runHeavy('clvFitFromSummaries', summaries, options)).model).toBe('bgnbd');
  });

  it('a job whose caller has gone is stopped (cancelled) and frees its worker', async () => {
    release = useWorkerThreads({ threads: 1, timeBudgetMs: 60_000 });
    const gone = new AbortController();
    const pending = withSignal(gone.signal, () => runHeavy('clvFitFromSummaries', summaries, options)).catch((e: unknown) => e);
    gone.abort();
    const err = await pending;
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('cancelled');
    expect(heavyQueueDepth()).toEqual({ waiting: 0, running: 0 });
    expect((await runHeavy('clvFitFromSummaries', summaries, options)).model).toBe('bgnbd');
  });
});
