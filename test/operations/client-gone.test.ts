/**
 * Issue 14 "a request whose client went away cancels its query", on DuckDB: a GET operation whose
 * handler runs a slow read (many seconds in full) is asked over a real socket, and the client hangs
 * up after 300 ms; the read stops inside DuckDB within a second and a half (its one connection
 * answers the next read at once), and the handler saw `cancelled`. A client that waits gets its answer.
 */
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineOperation } from '../../src/operations/core/define.js';
import { registerOperationRoute } from '../../src/server/operation-routes.js';
import { AppError } from '../../src/shared/errors.js';
import { DuckDbDatabase } from '../../src/store/duckdb/duckdb-database.js';
import { appOf, type TestApp } from './app-of.js';

/** Many seconds of hashing unless interrupted; `n` small answers at once. */
const sqlOf = (n: number) => `SELECT count(*)::INTEGER AS n FROM range(${n}) t(i) WHERE hash(i) % 7 = 0`;

let t: TestApp;
let db: DuckDbDatabase;
let port: number;
const outcomes: { ms: number; code: string }[] = [];
let started = 0;

beforeAll(async () => {
  db = await DuckDbDatabase.open(':memory:', { readers: 1 });
  const slow = defineOperation({
    name: 'test.slow_read',
    summary: 'A slow read (tests)',
    tags: ['test'],
    scope: 'public',
    http: { method: 'GET', path: '/v1/test/slow-read' },
    cli: { none: 'tests only' },
    input: z.object({ n: z.coerce.number().int() }),
    output: z.object({ n: z.number() }),
    handler: async (_ctx, input) => {
      started++;
      const t0 = performance.now();
      try {
        const [row] = await db.rows<{ n: number }>(sqlOf(input.n));
        outcomes.push({ ms: performance.now() - t0, code: 'ok' });
        return row;
      } catch (err) {
        outcomes.push({ ms: performance.now() - t0, code: err instanceof AppError ? err.code : String(err) });
        throw err;
      }
    },
  });
  t = await appOf((app, ctx) => registerOperationRoute(app, ctx, slow));
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
}, 60_000);
afterAll(async () => {
  await t?.close();
  await db?.close();
});

/** A GET whose client hangs up `ms` after the handler started. */
async function abandon(path: string, ms: number): Promise<void> {
  const before = started;
  const req = request({ host: '127.0.0.1', port, path });
  req.on('error', () => undefined);
  req.end();
  while (started === before) await new Promise((resolve) => setTimeout(resolve, 10));
  await new Promise((resolve) => setTimeout(resolve, ms));
  req.destroy();
}

describe('a GET whose client went away', () => {
  it('stops its DuckDB query within a second and a half', async () => {
    await abandon('/v1/test/slow-read?n=2000000000', 300);
    const gone = performance.now();
    while (outcomes.length === 0 && performance.now() - gone < 5000) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0].code).toBe('cancelled');
    expect(performance.now() - gone).toBeLessThan(1500);
    // The one read connection is free again: a quick read answers at once.
    const t0 = performance.now();
    expect(await db.scalar<number>('SELECT 42')).toBe(42);
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it('a client that waits gets its answer', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/v1/test/slow-read?n=700`);
    // hash(i) % 7 = 0 over 0..699: DuckDB's own count, checked against itself without the route.
    expect(await res.json()).toEqual({ n: Number(await db.scalar(sqlOf(700))) });
  });
});
