/**
 * Issue 14 "read queries run concurrently": a DuckDB file reads on a pool of connections, so a quick
 * read answers while a slow one runs (one read connection made it wait for the slow one); a read whose
 * call was cancelled stops inside DuckDB (the connection's interrupt) and leaves its connection usable;
 * `compact` still waits for reads and replaces the whole pool.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DuckDbDatabase } from '../../src/store/duckdb/duckdb-database.js';
import { detached, withSignal } from '../../src/shared/cancellation.js';
import { AppError } from '../../src/shared/errors.js';
import { tempDir } from '../helpers/temp.js';

/** A read that keeps DuckDB busy for many seconds (a billion hashes) unless it is interrupted. */
const slowSql = 'SELECT count(*) AS n FROM range(1000000000) t(i) WHERE hash(i) % 7 = 0';

let db: DuckDbDatabase | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

/** Milliseconds since `t0`. */
const since = (t0: number) => performance.now() - t0;

describe('DuckDB read pool', () => {
  it('answers a quick read while a slow read runs, then stops the slow one when its call is cancelled', async () => {
    db = await DuckDbDatabase.open(':memory:', { readers: 2 });
    const abort = new AbortController();
    const t0 = performance.now();
    const slow = withSignal(abort.signal, () => db!.rows<{ n: bigint }>(slowSql)).then(
      () => ({ settled: since(t0), error: undefined as unknown }),
      (error: unknown) => ({ settled: since(t0), error }),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const quickStart = since(t0);
    expect(await db.scalar<number>('SELECT 40 + 2')).toBe(42);
    const quickEnd = since(t0);
    // The two reads overlapped: the quick one began and ended while the slow one still ran.
    abort.abort();
    const { settled, error } = await slow;
    expect(quickStart).toBeLessThan(quickEnd);
    expect(quickEnd).toBeLessThan(settled);
    expect(quickEnd - quickStart).toBeLessThan(1000);
    // The slow read stopped inside DuckDB within a second of the abort (it needs many seconds in full).
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('cancelled');
    expect(settled - quickEnd).toBeLessThan(1500);
  });

  it('with one read connection, a cancelled read leaves it usable, and a read cancelled before it starts never runs', async () => {
    db = await DuckDbDatabase.open(':memory:', { readers: 1 });
    const abort = new AbortController();
    const slow = withSignal(abort.signal, () => db!.rows(slowSql));
    setTimeout(() => abort.abort(), 200);
    await expect(slow).rejects.toMatchObject({ code: 'cancelled' });
    const t0 = performance.now();
    expect(await db.scalar<number>('SELECT 7 * 6')).toBe(42);
    expect(since(t0)).toBeLessThan(1000);
    await expect(withSignal(AbortSignal.abort(), () => db!.scalar('SELECT 1'))).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('a read detached from its caller (one shared by several reports) runs even when that caller has gone', async () => {
    db = await DuckDbDatabase.open(':memory:', { readers: 1 });
    const gone = AbortSignal.abort();
    await expect(withSignal(gone, () => db!.scalar('SELECT 1'))).rejects.toMatchObject({ code: 'cancelled' });
    expect(await withSignal(gone, () => detached(() => db!.scalar<number>('SELECT 6 * 7')))).toBe(42);
  });

  it('queues reads past the pool size and answers each, and compact waits for them and replaces the pool', async () => {
    const tmp = tempDir('read-pool-');
    db = await DuckDbDatabase.open(`${tmp.dir}/pool.duckdb`, { readers: 2 });
    await db.write('CREATE TABLE t AS SELECT i FROM range(1000) r(i)');
    const sums = await Promise.all(Array.from({ length: 7 }, (_, k) => db!.scalar<number>(`SELECT sum(i) + ${k} FROM t`)));
    expect(sums.map(Number)).toEqual([0, 1, 2, 3, 4, 5, 6].map((k) => 499_500 + k));
    const during = Promise.all([db.compact(), db.scalar<number>('SELECT count(*) FROM t'), db.scalar<number>('SELECT max(i) FROM t')]);
    const [compacted, count, max] = await during;
    expect([compacted, Number(count), Number(max)]).toEqual([true, 1000, 999]);
    expect(Number(await db.scalar('SELECT count(*) FROM t'))).toBe(1000);
    await db.close();
    db = undefined;
    tmp.cleanup();
  });
});
