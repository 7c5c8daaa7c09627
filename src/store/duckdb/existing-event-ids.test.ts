import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbDatabase } from './duckdb-database.js';
import { DuckDbEvents, idsPerIndexLookup, storedIdsSql } from './duckdb-events.js';

/**
 * The duplicate check of every POST /v1/events (issue 13): which ids a workspace already stores,
 * answered from the index on `id` (migration 7), never by scanning every stored event.
 */
describe('DuckDB existingEventIds', () => {
  let db: DuckDbDatabase;
  let events: DuckDbEvents;
  const stored = 2_500;

  beforeAll(async () => {
    db = await DuckDbDatabase.open(':memory:');
    events = new DuckDbEvents(db);
    // Workspace a stores e0…e2499; workspace b stores e7 (the same id in another workspace) and b1.
    await db.write(`INSERT INTO events (workspace_id, id, type, ts, anonymous_id, channel)
      SELECT 'a', 'e' || i, 'page_view', TIMESTAMP '2026-01-01', 'anon', 'direct' FROM range(${stored}) t(i)`);
    await db.write(`INSERT INTO events (workspace_id, id, type, ts, anonymous_id, channel) VALUES
      ('b', 'e7', 'page_view', TIMESTAMP '2026-01-01', 'anon', 'direct'), ('b', 'b1', 'page_view', TIMESTAMP '2026-01-01', 'anon', 'direct')`);
  });
  afterAll(() => db.close());

  it("names only the workspace's own stored ids, each once", async () => {
    expect((await events.existingEventIds('b', ['e7', 'e8', 'b1', 'b1', 'nope'])).sort()).toEqual(['b1', 'e7']);
    expect((await events.existingEventIds('a', ['b1', 'e7', 'e2499', 'e2500', "it's"])).sort()).toEqual(['e2499', 'e7']);
    expect(await events.existingEventIds('c', ['e7'])).toEqual([]);
  });

  it('answers for more ids than one index lookup takes', async () => {
    const ids = [...Array.from({ length: stored + 100 }, (_, i) => `e${i}`), 'b1'];
    expect(ids.length).toBeGreaterThan(2 * idsPerIndexLookup);
    const found = await events.existingEventIds('a', ids);
    expect(found.length).toBe(stored);
    expect(new Set(found)).toEqual(new Set(ids.slice(0, stored)));
  });

  it('reads the index on id, not every stored event', async () => {
    const plan = await db.rows<{ explain_value: string }>(`EXPLAIN ANALYZE ${storedIdsSql(Array.from({ length: idsPerIndexLookup }, (_, i) => `e${i * 2}`))}`);
    const text = plan.map((r) => Object.values(r).join('\n')).join('\n');
    expect(text).toMatch(/Type: Index Scan/);
    expect(text).not.toMatch(/Sequential Scan/);
  });
});

/** Statements without values run as text in one trip (no prepared statement); the answers are the same. */
describe('DuckDbDatabase statements with and without values', () => {
  let db: DuckDbDatabase;
  beforeAll(async () => {
    db = await DuckDbDatabase.open(':memory:');
  });
  afterAll(() => db.close());

  it('runs every statement of a text, reads with and without values, and in a transaction', async () => {
    await db.write(`CREATE TABLE t (a INTEGER, b VARCHAR); INSERT INTO t VALUES (1, 'x'), (2, 'y')`);
    expect(await db.rows(`SELECT a, b FROM t ORDER BY a`)).toEqual([{ a: 1, b: 'x' }, { a: 2, b: 'y' }]);
    expect(await db.rows(`SELECT b FROM t WHERE a = $a`, { a: 2 })).toEqual([{ b: 'y' }]);
    expect(await db.scalar(`SELECT count(*) FROM t`)).toBe(2);
    await db.transaction(async (tx) => {
      await tx.run(`INSERT INTO t VALUES (3, 'z')`);
      await tx.run(`INSERT INTO t VALUES ($a, $b)`, { a: 4, b: 'w' });
      expect(await tx.rows(`SELECT max(a) AS m FROM t`)).toEqual([{ m: 4 }]);
    });
    expect(await db.scalar(`SELECT string_agg(b, '' ORDER BY a) FROM t`)).toBe('xyzw');
    await expect(db.rows(`SELECT a FROM t WHERE a = $a`)).rejects.toThrow();
  });
});
