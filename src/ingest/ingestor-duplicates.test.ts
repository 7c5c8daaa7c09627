import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/temp.js';
import type { EventRecord } from '../records/events.js';
import type { Workspace } from '../records/workspace.js';
import { openWorkspace } from '../server/start.js';
import { mulberry32 } from '../shared/random.js';
import { DuckDbStore } from '../store/duckdb/duckdb-store.js';
import { DuckDbDatabase } from '../store/duckdb/duckdb-database.js';
import { DuckDbEvents } from '../store/duckdb/duckdb-events.js';
import { Ingestor } from './ingestor.js';
import { EventSpool } from './spool.js';

const event = (id: string): EventRecord => ({ id, type: 'page_view', ts: '2026-01-01T00:00:00.000Z', anonymous_id: `a-${id}` });
const events = (ids: string[]) => ids.map(event);

/**
 * The duplicate answer of `POST /v1/events` (issue 14): an id the workspace has accepted before is a
 * duplicate whether it waits in the spool, is stored, or was stored before a restart; the filter of
 * stored ids only ever sends ids to the store, so its false positives never make a new id a duplicate.
 */
describe('Ingestor.acceptNew', () => {
  const tmp = tempDir('roilens-dups-');
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const o of open.splice(0).reverse()) await o.close();
  });

  /** The store, its spool and an ingestor without its flush loop: events stay in the spool until `drain`. */
  async function start(): Promise<{ ingestor: Ingestor; store: DuckDbStore; ws: Workspace }> {
    const store = await DuckDbStore.open(`${tmp.dir}/store.duckdb`);
    const { workspace } = await openWorkspace(store, {});
    const spool = await EventSpool.open(`${tmp.dir}/store.duckdb.spool`);
    const ingestor = new Ingestor(store, spool, { flushIntervalMs: 100 });
    await ingestor.drain();
    open.push({ close: async () => { await ingestor.stop(); await spool.close(); await store.close(); } });
    return { ingestor, store, ws: workspace };
  }

  it('reports a re-sent id as a duplicate while it waits in the spool, once stored, and after a restart', async () => {
    const first = await start();
    expect(await first.ingestor.acceptNew(first.ws, events(['e1', 'e2', 'e3']))).toEqual({ accepted: 3, duplicates: 0 });
    expect(first.ingestor.health.pending_events).toBe(3);
    expect(await first.ingestor.acceptNew(first.ws, events(['e1', 'e4']))).toEqual({ accepted: 1, duplicates: 1 });
    // Two requests at once with the same new id: exactly one takes it.
    const both = await Promise.all([first.ingestor.acceptNew(first.ws, events(['e5'])), first.ingestor.acceptNew(first.ws, events(['e5']))]);
    expect(both.map((b) => b.accepted).sort()).toEqual([0, 1]);
    await first.ingestor.drain();
    expect(first.ingestor.health.pending_events).toBe(0);
    expect(await first.store.countEvents(first.ws.id)).toBe(5);
    expect(await first.ingestor.acceptNew(first.ws, events(['e2', 'e5', 'e6']))).toEqual({ accepted: 1, duplicates: 2 });
    await open.pop()!.close();

    const again = await start();
    expect(await again.ingestor.acceptNew(again.ws, events(['e1', 'e6', 'e7']))).toEqual({ accepted: 1, duplicates: 2 });
    await again.ingestor.drain();
    expect(await again.store.countEvents(again.ws.id)).toBe(7);
  });

  it('a backlog larger than one flush loads in several rounds; drain and stop wait for all of it', async () => {
    const store = await DuckDbStore.open(`${tmp.dir}/backlog.duckdb`);
    const { workspace: ws } = await openWorkspace(store, {});
    const spool = await EventSpool.open(`${tmp.dir}/backlog.duckdb.spool`);
    // One byte per flush: every round loads exactly one segment.
    const ingestor = new Ingestor(store, spool, { flushIntervalMs: 60_000, maxFlushBytes: 1 });
    open.push({ close: async () => { await spool.close(); await store.close(); } });
    for (let s = 0; s < 3; s++) {
      await ingestor.accept(ws, events([`s${s}-a`, `s${s}-b`]));
      await spool.seal();
    }
    await ingestor.drain();
    expect(await store.countEvents(ws.id)).toBe(6);
    ingestor.start();
    for (let s = 0; s < 3; s++) {
      await ingestor.accept(ws, events([`t${s}`]));
      await spool.seal();
    }
    await ingestor.drain();
    expect(await store.countEvents(ws.id)).toBe(9);
    expect(ingestor.health.pending_events).toBe(0);
    for (let s = 0; s < 3; s++) {
      await ingestor.accept(ws, events([`u${s}`]));
      await spool.seal();
    }
    await ingestor.stop();
    expect(await store.countEvents(ws.id)).toBe(12);
  });

  it('a batch that fails before it is durable leaves its ids free to be sent again', async () => {
    const { ingestor, ws } = await start();
    // The spool's file closed under it: the append fails, as a full or failing disk would make it.
    const spool = (ingestor as unknown as { spool: EventSpool }).spool;
    await spool.close();
    await expect(ingestor.acceptNew(ws, events(['f1']))).rejects.toThrow();
    await (spool as unknown as { openNextSegment(): Promise<void> }).openNextSegment();
    expect(await ingestor.acceptNew(ws, events(['f1']))).toEqual({ accepted: 1, duplicates: 0 });
  });
});

describe('stored-id filter false positives (property)', () => {
  it('answers exactly the stored ids for random mixes, with a filter small enough to be wrong often', async () => {
    for (const seed of [1, 2, 3, 4]) {
      const rand = mulberry32(seed);
      const db = await DuckDbDatabase.open(':memory:');
      const store = new DuckDbEvents(db, undefined, { idFilterCapacity: 1_024 });
      const stored = new Set<string>();
      const ids = (n: number, prefix: string) => Array.from({ length: n }, () => `${prefix}${Math.floor(rand() * 1e9).toString(36)}`);
      // Stored before the filter is built (read by its scan) and after (added by the inserts).
      const before = ids(3_000, 's');
      await store.insertEvents('w', before.map((id) => ({ ...event(id), channel: 'direct' })));
      before.forEach((id) => stored.add(id));
      await store.existingEventIds('w', ['warm-up']);
      while (!store.storedIdFilter.ready) await new Promise((r) => setTimeout(r, 20));
      const after = ids(6_000, 't');
      await store.insertEvents('w', after.map((id) => ({ ...event(id), channel: 'direct' })));
      after.forEach((id) => stored.add(id));
      for (let round = 0; round < 5; round++) {
        const asked = [...ids(2_000, 'n'), ...[...stored].filter(() => rand() < 0.05)];
        const answer = await store.existingEventIds('w', asked);
        expect(new Set(answer)).toEqual(new Set(asked.filter((id) => stored.has(id))));
        // The same ids in another workspace are never stored there.
        expect(await store.existingEventIds('other', asked.slice(0, 500))).toEqual([]);
      }
      // The filter did let new ids through (false positives the store then answered), and far fewer than all.
      const stats = store.storedIdFilter;
      expect(stats.bytes).toBeGreaterThan(0);
      expect(stats.passed).toBeGreaterThan(0);
      await db.close();
    }
  });
});
