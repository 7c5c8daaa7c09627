/**
 * `Idempotency-Key` on operations that move money (design.md, precise terms; Stripe's semantics),
 * over HTTP on an app with a DuckDB store: a test payment operation counts its runs, so a replay
 * is seen not to run again. Same key + same body → the kept status and body with
 * `Idempotent-Replayed: true`; another body → 409 idempotency_key_reused; while the first runs →
 * 409 idempotency_in_progress; a failed request keeps nothing; 24 hours on, the key is free.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineOperation, type OperationContext } from '../../src/operations/core/define.js';
import { canonicalJson, idempotent } from '../../src/operations/core/idempotency.js';
import { registerOperationRoute } from '../../src/server/operation-routes.js';
import { AppError } from '../../src/shared/errors.js';
import { appOf, type TestApp } from './app-of.js';

let runs = 0;
/** When set, the handler waits for it (a request still running). */
let gate: Promise<void> | undefined;

const pay = defineOperation({
  name: 'test.pay',
  summary: 'Records a payment',
  tags: ['test'],
  scope: 'imports:write',
  http: { method: 'POST', path: '/v1/test/payments/:account', status: 201 },
  idempotent: true,
  input: z.object({ account: z.string(), amount: z.string(), note: z.string().optional() }),
  output: z.object({ payment: z.number(), account: z.string(), amount: z.string() }),
  cli: { none: 'a test operation' },
  handler: async (_ctx, input) => {
    runs += 1;
    const payment = runs;
    if (gate) await gate;
    if (input.amount.startsWith('-')) throw new AppError('invalid_input', 'body.amount: must not be negative', [{ path: 'body.amount', message: 'must not be negative' }]);
    return { payment, account: input.account, amount: input.amount };
  },
});

let t: TestApp;
beforeAll(async () => {
  t = await appOf((app, ctx) => registerOperationRoute(app, ctx, pay));
}, 60_000);
afterAll(async () => t?.close());

const send = async (body: Record<string, unknown>, key?: string, account = 'acc1') => {
  const res = await t.app.inject({
    method: 'POST',
    url: `/v1/test/payments/${account}`,
    headers: { authorization: 'Bearer adm', 'content-type': 'application/json', ...(key !== undefined ? { 'idempotency-key': key } : {}) },
    payload: JSON.stringify(body),
  });
  return { status: res.statusCode, body: res.json(), replayed: res.headers['idempotent-replayed'] };
};

describe('Idempotency-Key over HTTP', () => {
  it('without a key every request runs', async () => {
    runs = 0;
    expect((await send({ amount: '5.00' })).body.payment).toBe(1);
    expect((await send({ amount: '5.00' })).body.payment).toBe(2);
  });

  it('the same key and body replays the kept answer (status, body, Idempotent-Replayed), whatever the order of the body\'s keys', async () => {
    runs = 0;
    const first = await send({ amount: '10.00', note: 'order 7' }, 'key-1');
    expect(first).toEqual({ status: 201, body: { payment: 1, account: 'acc1', amount: '10.00' }, replayed: undefined });
    const again = await send({ note: 'order 7', amount: '10.00' }, 'key-1');
    expect(again).toEqual({ status: 201, body: { payment: 1, account: 'acc1', amount: '10.00' }, replayed: 'true' });
    expect(runs).toBe(1);
  });

  it('the same key with another body (or path) is 409 idempotency_key_reused and runs nothing', async () => {
    runs = 0;
    const other = await send({ amount: '11.00', note: 'order 7' }, 'key-1');
    expect(other.status).toBe(409);
    expect(other.body.error).toBe('idempotency_key_reused');
    expect((await send({ amount: '10.00', note: 'order 7' }, 'key-1', 'acc2')).body.error).toBe('idempotency_key_reused');
    expect(runs).toBe(0);
  });

  it('the same key while the first request runs is 409 idempotency_in_progress; afterwards it replays', async () => {
    runs = 0;
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    const first = send({ amount: '3.00' }, 'key-slow');
    // Wait until the first request is inside the handler (it holds the key).
    while (runs === 0) await new Promise((r) => setTimeout(r, 5));
    const second = await send({ amount: '3.00' }, 'key-slow');
    expect(second.status).toBe(409);
    expect(second.body.error).toBe('idempotency_in_progress');
    gate = undefined;
    open();
    expect((await first).status).toBe(201);
    expect(await send({ amount: '3.00' }, 'key-slow')).toEqual({ status: 201, body: { payment: 1, account: 'acc1', amount: '3.00' }, replayed: 'true' });
    expect(runs).toBe(1);
  });

  it('a request that fails keeps nothing: a retry with the key runs again', async () => {
    runs = 0;
    expect((await send({ amount: '-1' }, 'key-fail')).status).toBe(400);
    expect((await send({ amount: '-1' }, 'key-fail')).status).toBe(400);
    expect(runs).toBe(2);
  });

  it('a key that is empty, over 255 characters or not printable ASCII is 400 naming the header', async () => {
    for (const key of ['', 'k'.repeat(256), 'naïve']) {
      const res = await send({ amount: '1.00' }, key);
      expect(res.status).toBe(400);
      expect(res.body.issues[0].path).toBe('headers.idempotency-key');
    }
    expect((await send({ amount: '1.00' }, 'k'.repeat(255))).status).toBe(201);
  });
});

describe('POST /v1/events (purchase events move money) takes an Idempotency-Key', () => {
  it('a retried batch with its key is replayed; the key with another batch is 409', async () => {
    const ws = await t.ctx.store.getWorkspace(t.ctx.workspaceId);
    const batch = (order: string) => ({ events: [{ id: `ev-${order}`, type: 'conversion', ts: '2026-06-01T10:00:00.000Z', anonymous_id: 'a1', order_id: order, revenue: { amount: '49.90', currency: 'EUR' } }] });
    const post = async (body: unknown, key: string) => {
      const res = await t.app.inject({ method: 'POST', url: '/v1/events', headers: { authorization: `Bearer ${ws!.write_key}`, 'content-type': 'application/json', 'idempotency-key': key }, payload: JSON.stringify(body) });
      return { status: res.statusCode, body: res.json(), replayed: res.headers['idempotent-replayed'] };
    };
    expect(await post(batch('o-1'), 'batch-1')).toEqual({ status: 200, body: { accepted: 1, duplicates: 0, rejected: [] }, replayed: undefined });
    expect(await post(batch('o-1'), 'batch-1')).toEqual({ status: 200, body: { accepted: 1, duplicates: 0, rejected: [] }, replayed: 'true' });
    expect((await post(batch('o-2'), 'batch-1')).body.error).toBe('idempotency_key_reused');
  });
});

describe('the 24-hour window', () => {
  it('replays up to 24 hours after the first use, and runs again after', async () => {
    const ctx = { store: t.ctx.store, workspaceId: t.ctx.workspaceId } as OperationContext;
    let n = 0;
    const run = async () => ({ status: 201, body: { n: ++n } });
    const t0 = Date.parse('2026-06-01T00:00:00.000Z');
    const at = (ms: number) => () => new Date(t0 + ms);
    expect(await idempotent(pay, ctx, 'window', { a: 1 }, run, at(0))).toEqual({ status: 201, body: { n: 1 }, replayed: false });
    expect(await idempotent(pay, ctx, 'window', { a: 1 }, run, at(24 * 3600e3 - 1000))).toEqual({ status: 201, body: { n: 1 }, replayed: true });
    expect(await idempotent(pay, ctx, 'window', { a: 2 }, run, at(24 * 3600e3 + 1000))).toEqual({ status: 201, body: { n: 2 }, replayed: false });
  });

  it('keeps no field the operation marks notKept (a payment file with bank details): the replay leaves it out', async () => {
    const ctx = { store: t.ctx.store, workspaceId: t.ctx.workspaceId } as OperationContext;
    const payout = { ...pay, name: 'test.payout', notKept: ['file'] } as unknown as typeof pay;
    const run = async () => ({ status: 201, body: { run_id: 'pr_1', file: 'iban,amount\nIR820540102680020817909002,10.00\n' } });
    expect(await idempotent(payout, ctx, 'k-file', { a: 1 }, run)).toEqual({ status: 201, body: { run_id: 'pr_1', file: 'iban,amount\nIR820540102680020817909002,10.00\n' }, replayed: false });
    expect(await idempotent(payout, ctx, 'k-file', { a: 1 }, run)).toEqual({ status: 201, body: { run_id: 'pr_1' }, replayed: true });
  });

  it('fingerprints canonical JSON: keys sorted at every depth', () => {
    expect(canonicalJson({ b: [{ y: 1, x: 2 }], a: 'z', u: undefined })).toBe('{"a":"z","b":[{"x":2,"y":1}]}');
  });
});
