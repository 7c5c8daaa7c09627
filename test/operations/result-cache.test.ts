/**
 * Issue 14 "identical queries answer from a cache that new data invalidates": the real `kpis.report`
 * on a DuckDB store answers a repeated call from the result cache (the very same answer object),
 * and answers afresh after new events, new spend or a changed setting; two workspaces asking the
 * same never share an entry. Identical calls in flight share one computation, which stops only when
 * every caller has gone; memory stays under its byte bound (least recently used out); on a store
 * written by other processes (scale-out) answers live `scaleTtlMs` at most.
 *
 * Expected figures by hand: workspace A has one sale of 40.00 EUR on 2 March 2026, then a second of
 * 5.00 (45.00), then 12.50 of spend; B has one sale of 10.00.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrichEvent } from '../../src/ingest/enrich.js';
import type { Principal } from '../../src/operations/core/define.js';
import { ResultCache, resultCacheOf } from '../../src/operations/core/result-cache.js';
import { operationRunner, type RunOperation } from '../../src/operations/core/run.js';
import { operations } from '../../src/operations/index.js';
import type { EventRecord } from '../../src/records/events.js';
import type { Workspace } from '../../src/records/workspace.js';
import { withSignal } from '../../src/shared/cancellation.js';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.js';
import { setRevenueSources } from '../../src/store/revenue-settings.js';
import type { Store } from '../../src/store/store.js';
import { defaultChannelRules } from '../../src/tracking/channel-rules.js';

const day = '2026-03-02';
const workspaceOf = (id: string): Workspace => ({ id, name: id, currency: 'EUR', timezone: 'UTC', margin: '1', write_key: `wk_${id}` });
const sale = (id: string, amount: string) =>
  enrichEvent({ id, type: 'conversion', ts: `${day}T10:00:00.000Z`, anonymous_id: `p_${id}`, order_id: `o_${id}`, revenue: { amount, currency: 'EUR' } } as EventRecord, defaultChannelRules);
const admin = (workspaceId: string): Principal => ({ kind: 'secret-key', workspaceId, scopes: ['admin'] });
const input = { from: day, to: day, by: 'total', compare: 'none' };

let store: DuckDbStore;
let run: RunOperation;
beforeAll(async () => {
  store = await DuckDbStore.open(':memory:');
  for (const id of ['ws_a', 'ws_b']) {
    await store.ensureWorkspace(workspaceOf(id));
    await setRevenueSources(store, id, 'all');
  }
  await store.insertEvents('ws_a', [sale('a1', '40.00')]);
  await store.insertEvents('ws_b', [sale('b1', '10.00')]);
  run = operationRunner({ operations, store });
}, 60_000);
afterAll(async () => store?.close());

type Kpis = { totals: Record<string, unknown> };
const kpis = (ws: string) => run('kpis.report', input, admin(ws)) as Promise<Kpis>;

describe('kpis.report through the result cache', () => {
  it('answers a repeat from the cache, new events, spend and settings afresh, and never across workspaces', async () => {
    const cache = resultCacheOf(store);
    const first = await kpis('ws_a');
    expect(Number(first.totals.revenue)).toBe(40);
    const before = cache.stats();
    const again = await kpis('ws_a');
    expect(again).toBe(first);
    expect(cache.stats().hits).toBe(before.hits + 1);

    // The same input in another workspace: its own answer, computed.
    const b = await kpis('ws_b');
    expect(Number(b.totals.revenue)).toBe(10);
    expect(cache.stats().misses).toBe(before.misses + 1);

    await store.insertEvents('ws_a', [sale('a2', '5.00')]);
    const afterEvent = await kpis('ws_a');
    expect(Number(afterEvent.totals.revenue)).toBe(45);
    // B's data did not change: its entry still answers.
    expect(await kpis('ws_b')).toBe(b);

    await store.replaceSpend('ws_a', [{ date: day, channel: 'paid_search', campaign: 'c', ad: 'x', cost: { amount: '12.50', currency: 'EUR' }, impressions: 10, clicks: 1, pricing_model: 'cpc' }]);
    const afterSpend = await kpis('ws_a');
    expect(Number(afterSpend.totals.spend)).toBe(12.5);

    // Only verified sales count now: browser conversions no longer do.
    await setRevenueSources(store, 'ws_a', 'verified');
    const afterSetting = await kpis('ws_a');
    expect(Number(afterSetting.totals.revenue ?? 0)).toBe(0);
    expect(afterSetting).not.toBe(afterSpend);
  });

  it('identical calls in flight share one computation', async () => {
    const cache = resultCacheOf(store);
    await store.insertEvents('ws_b', [sale('b2', '1.00')]);
    const before = cache.stats();
    const [one, two, three] = await Promise.all([kpis('ws_b'), kpis('ws_b'), kpis('ws_b')]);
    expect(Number(one.totals.revenue)).toBe(11);
    expect(two).toBe(one);
    expect(three).toBe(one);
    expect(cache.stats().misses - before.misses).toBe(1);
    expect(cache.stats().shared - before.shared).toBe(2);
  });
});

describe('ResultCache', () => {
  /** A computation that runs until its signal aborts (then fails), or until `finish` is called. */
  const pending = () => {
    let finish!: (v: unknown) => void;
    const seen: { signal?: AbortSignal } = {};
    const compute = (signal: AbortSignal) => {
      seen.signal = signal;
      return new Promise((resolve, reject) => {
        finish = resolve;
        signal.addEventListener('abort', () => reject(new Error('stopped')));
      });
    };
    return { compute, seen, finish: (v: unknown) => finish(v) };
  };

  it('a shared computation stops only when its last caller has gone', async () => {
    const cache = new ResultCache(store, { maxBytes: 1 << 20, scaleTtlMs: 0 });
    const job = pending();
    const a = new AbortController();
    const b = new AbortController();
    const first = withSignal(a.signal, () => cache.answer('ws_a', 'slow', { n: 1 }, job.compute));
    const second = withSignal(b.signal, () => cache.answer('ws_a', 'slow', { n: 1 }, job.compute));
    a.abort();
    await expect(first).rejects.toMatchObject({ code: 'cancelled' });
    expect(job.seen.signal?.aborted).toBe(false);
    b.abort();
    await expect(second).rejects.toMatchObject({ code: 'cancelled' });
    expect(job.seen.signal?.aborted).toBe(true);
    // Nothing was kept: the next call computes again.
    const next = pending();
    const third = cache.answer('ws_a', 'slow', { n: 1 }, next.compute);
    next.finish({ ok: 1 });
    expect(await third).toEqual({ ok: 1 });
  });

  it('keeps at most maxBytes of answers (their JSON), the least recently used out first', async () => {
    // Each answer below is 56 bytes of JSON: two fit in 120 bytes, three do not.
    const answerOf = (k: string) => ({ key: k, pad: 'x'.repeat(56 - JSON.stringify({ key: k, pad: '' }).length) });
    expect(JSON.stringify(answerOf('a')).length).toBe(56);
    const cache = new ResultCache(store, { maxBytes: 120, scaleTtlMs: 0 });
    const ask = (k: string) => cache.answer('ws_a', 'op', { k }, async () => answerOf(k));
    const a = await ask('a');
    await ask('b');
    expect(await ask('a')).toBe(a); // a is now the most recently used
    await ask('c'); // b goes
    expect(cache.stats()).toMatchObject({ entries: 2, bytes: 112 });
    expect(await ask('a')).toBe(a);
    const misses = cache.stats().misses;
    await ask('b');
    expect(cache.stats().misses).toBe(misses + 1);
    // Input keys in another order are the same input.
    const hits = cache.stats().hits;
    await cache.answer('ws_a', 'op', { y: 1, x: 2 }, async () => answerOf('xy'));
    await cache.answer('ws_a', 'op', { x: 2, y: 1 }, async () => answerOf('other'));
    expect(cache.stats().hits).toBe(hits + 1);
  });

  it('a caller asking for a fresh answer (Cache-Control: no-cache) computes anew, and the fresh answer is kept', async () => {
    const cache = new ResultCache(store, { maxBytes: 1 << 20, scaleTtlMs: 0 });
    let computed = 0;
    const ask = (fresh?: boolean) => cache.answer('ws_a', 'op', {}, async () => ({ n: ++computed }), { fresh });
    expect(await ask()).toEqual({ n: 1 });
    expect(await ask(true)).toEqual({ n: 2 });
    expect(await ask()).toEqual({ n: 2 });
  });

  it('on a store other processes write, answers live scaleTtlMs at most', async () => {
    const scale = { capabilities: { embedded: false } } as unknown as Store;
    let now = Date.parse('2026-03-02T10:00:00.000Z');
    const cache = new ResultCache(scale, { maxBytes: 1 << 20, scaleTtlMs: 1000, now: () => now });
    let computed = 0;
    const ask = () => cache.answer('ws_a', 'op', {}, async () => ({ n: ++computed }));
    expect(await ask()).toEqual({ n: 1 });
    now += 999;
    expect(await ask()).toEqual({ n: 1 });
    now += 2;
    expect(await ask()).toEqual({ n: 2 });
  });
});
