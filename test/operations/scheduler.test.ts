/**
 * Running operations by name (issue 13 #1) and the in-process scheduler that goals, alerts and
 * reports will use: real operations of the registry on a DuckDB store, validated by their zod input
 * and scoped as over HTTP; an unknown name, a bad input or a missing scope are registry errors.
 * Times are driven by a clock the test holds (`tick`), and once by the real timer (`start`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/operations/core/define.js';
import { operationRunner, type RunOperation } from '../../src/operations/core/run.js';
import { everyMs, Scheduler, type JobRun } from '../../src/operations/core/scheduler.js';
import { operations } from '../../src/operations/index.js';
import { AppError } from '../../src/shared/errors.js';
import { appOf, type TestApp } from './app-of.js';

let t: TestApp;
let run: RunOperation;
let admin: Principal;
beforeAll(async () => {
  t = await appOf();
  run = operationRunner({ operations, store: t.ctx.store });
  admin = { kind: 'secret-key', workspaceId: t.ctx.workspaceId, scopes: ['admin'] };
}, 60_000);
afterAll(async () => t?.close());

const errorOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return err instanceof AppError ? { code: err.code, issues: err.issues } : { code: 'not an AppError', issues: [] };
  }
  return undefined;
};

describe('runOperation(name, input, principal)', () => {
  it('runs real operations by name: a segment created is then listed (with paging), the input coerced by the schema', async () => {
    const created = await run('segments.create', { id: 'buyers', name: 'Buyers', conditions: [{ kind: 'orders', min_count: 1 }] }, admin);
    expect(created).toMatchObject({ id: 'buyers', name: 'Buyers' });
    expect(await run('segments.list', { limit: '10' }, admin)).toMatchObject({ segments: [{ id: 'buyers' }], next_cursor: null });
  });

  it('an unknown name is 404 not_found naming operation; a bad input 400 naming the key; a missing scope 403', async () => {
    expect(await errorOf(run('segments.nope', {}, admin))).toEqual({ code: 'not_found', issues: [{ path: 'operation', message: 'no operation named "segments.nope"' }] });
    expect(await errorOf(run('links.list', { lookback: 0 }, admin))).toEqual({ code: 'invalid_input', issues: [{ path: 'lookback', message: 'must be >= 1' }] });
    expect((await errorOf(run('segments.list', { cursor: 'edited' }, admin)))?.issues[0].path).toBe('cursor');
    const viewer: Principal = { ...admin, scopes: ['kpis:read'] };
    expect((await errorOf(run('segments.create', { id: 'x', name: 'x', conditions: [] }, viewer)))?.code).toBe('forbidden');
  });
});

describe('Scheduler', () => {
  const t0 = Date.parse('2026-06-01T00:00:00.000Z');
  const minutes = (n: number) => t0 + n * 60_000;

  it('runs a real operation every 5 minutes on the job\'s grid; missed intervals run once', async () => {
    let now = t0;
    const runs: JobRun[] = [];
    const scheduler = new Scheduler(run, { now: () => new Date(now), onRun: (r) => runs.push(r) });
    scheduler.add({ id: 'list', operation: 'segments.list', input: {}, principal: admin, every: '5m' });
    expect(await scheduler.tick()).toEqual([]);
    now = minutes(5);
    expect(await scheduler.tick()).toEqual([{ job: 'list', operation: 'segments.list', at: '2026-06-01T00:05:00.000Z', ok: true, answer: { segments: [expect.objectContaining({ id: 'buyers' })], next_cursor: null } }]);
    now = minutes(9);
    expect(await scheduler.tick()).toEqual([]);
    // 10 and 15 were missed by 17: one run (due at 10), then the grid goes on at 20.
    now = minutes(17);
    expect((await scheduler.tick()).map((r) => r.at)).toEqual(['2026-06-01T00:10:00.000Z']);
    expect(scheduler.jobs()).toEqual([{ id: 'list', operation: 'segments.list', every: '5m', next_at: '2026-06-01T00:20:00.000Z' }]);
    expect(runs).toHaveLength(2);
  });

  it('reports an unknown operation or an invalid input as the run\'s registry error', async () => {
    const now = minutes(1);
    const scheduler = new Scheduler(run, { now: () => new Date(now) });
    scheduler.add({ id: 'ghost', operation: 'reports.weekly', input: {}, principal: admin, every: '1m', startAt: new Date(now) });
    scheduler.add({ id: 'bad', operation: 'links.list', input: { lookback: 'x' }, principal: admin, every: '1h', startAt: new Date(now) });
    const done = await scheduler.tick();
    expect(done.map((r) => [r.job, r.ok, r.error?.code])).toEqual([['ghost', false, 'not_found'], ['bad', false, 'invalid_input']]);
    expect(done[1].error?.message).toMatch(/^lookback: /);
  });

  it('takes every as "1m" to "60m" or "1h" (400 naming every otherwise) and refuses a taken id', () => {
    expect([everyMs('1m'), everyMs('60m'), everyMs('1h')]).toEqual([60_000, 3_600_000, 3_600_000]);
    for (const bad of ['0m', '61m', '2h', '30s', '5']) expect(() => everyMs(bad)).toThrow(/^every: /);
    const scheduler = new Scheduler(run);
    scheduler.add({ id: 'a', operation: 'segments.list', input: {}, principal: admin, every: '5m' });
    expect(() => scheduler.add({ id: 'a', operation: 'segments.list', input: {}, principal: admin, every: '5m' })).toThrow(/already scheduled/);
  });

  it('does not start a job again while it runs, and sends <id>:<due instant> as the idempotency key of an idempotent job', async () => {
    let now = t0;
    let release!: () => void;
    const calls: unknown[] = [];
    const slow: RunOperation = async (name, _input, _p, options) => {
      calls.push([name, options]);
      await new Promise<void>((r) => (release = r));
      return {};
    };
    const scheduler = new Scheduler(slow, { now: () => new Date(now) });
    scheduler.add({ id: 'pay', operation: 'test.pay', input: {}, principal: admin, every: '1m', startAt: new Date(t0), idempotent: true });
    const first = scheduler.tick();
    now = minutes(1);
    expect(await scheduler.tick()).toEqual([]);
    release();
    await first;
    expect(calls).toEqual([['test.pay', { idempotencyKey: 'pay:2026-06-01T00:00:00.000Z' }]]);
  });

  it('start() runs due jobs on the real timer; stop() waits for them', async () => {
    const ran = new Promise<JobRun>((resolve) => {
      const scheduler = new Scheduler(run, { tickMs: 10, onRun: (r) => void scheduler.stop().then(() => resolve(r)) });
      scheduler.add({ id: 'now', operation: 'segments.list', input: {}, principal: admin, every: '1m', startAt: new Date() });
      scheduler.start();
    });
    expect(await ran).toMatchObject({ job: 'now', ok: true, answer: { segments: [{ id: 'buyers' }] } });
  });
});
