/**
 * The journey rollups' kept reads on a real (in-memory) DuckDB: the attribution
 * page's comparison and path reports read the range's conversions and its
 * non-converting paths from the rollups once each, and never the raw journeys;
 * any write to the workspace makes the next answer read them again (and see the
 * write); a write to another workspace does not, nor does an audit entry; kept
 * answers equal those of a store that never kept them.
 *
 * Two workspaces, UTC, March 2026. In each: A visits from paid search on
 * 2 Mar and buys (40) on 3 Mar; B visits from email on 10 Mar and does not buy.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultChannelRules } from '../../tracking/channel-rules.js';
import { enrichEvent } from '../../ingest/enrich.js';
import type { EventRecord } from '../../records/events.js';
import { DuckDbStore } from '../../store/duckdb/duckdb-store.js';
import type { DuckDbDatabase } from '../../store/duckdb/duckdb-database.js';
import type { Workspace } from '../../records/workspace.js';
import { attributionCompare, attributionPaths, attributionReport } from './attribution.js';
import { dataVersion } from '../../store/data-version.js';

const site = 'https://shop.example';
const workspaces: Workspace[] = ['ws_one', 'ws_two'].map((id) => ({ id, name: id, currency: 'EUR', timezone: 'UTC', margin: '1', write_key: `wk_${id}` }));
const march = { from: '2026-03-01', to: '2026-03-31' };
const ev = (e: Partial<EventRecord> & Pick<EventRecord, 'id' | 'type' | 'ts' | 'anonymous_id'>) => enrichEvent(e as EventRecord, defaultChannelRules);

const world = [
  ev({ id: 'a-1', type: 'page_view', ts: '2026-03-02T10:00:00.000Z', anonymous_id: 'a', session_id: 'sa1', url: `${site}/`, utm: { source: 'google', medium: 'cpc', campaign: 'brand' } }),
  ev({ id: 'a-2', type: 'conversion', ts: '2026-03-03T10:00:00.000Z', anonymous_id: 'a', session_id: 'sa2', order_id: 'oa', revenue: { amount: '40', currency: 'EUR' } }),
  ev({ id: 'b-1', type: 'page_view', ts: '2026-03-10T10:00:00.000Z', anonymous_id: 'b', session_id: 'sb1', url: `${site}/`, utm: { source: 'news', medium: 'email', campaign: 'spring' } }),
];
/** B comes back and buys (25) on 12 Mar: a second conversion, and B's journey converts. */
const bBuys = ev({ id: 'b-2', type: 'conversion', ts: '2026-03-12T10:00:00.000Z', anonymous_id: 'b', session_id: 'sb2', order_id: 'ob', revenue: { amount: '25', currency: 'EUR' } });

let store: DuckDbStore;
let plain: DuckDbStore;

async function fill(s: DuckDbStore) {
  for (const w of workspaces) {
    await s.ensureWorkspace(w);
    await s.insertEvents(w.id, world);
  }
}

beforeAll(async () => {
  store = await DuckDbStore.open(':memory:');
  plain = await DuckDbStore.open(':memory:');
  await fill(store);
  await fill(plain);
});
afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(async () => {
  await store?.close();
  await plain?.close();
});

/** Counts the store's reads of its journey rollups from here on (each read: the conversions, or the non-converting paths). */
function countReads(s: DuckDbStore) {
  const db = (s as unknown as { db: DuckDbDatabase }).db;
  const rows = db.rows.bind(db);
  let n = 0;
  const spy = vi.spyOn(db, 'rows').mockImplementation((sql, params) => {
    if (sql.includes('journey_touches t')) n++;
    return rows(sql, params);
  });
  return { times: () => n, mockRestore: () => spy.mockRestore() };
}

describe('journey cache', () => {
  it('the comparison and the path reports of one range read the rollups once, never the raw journeys, and a one-model report reuses them', async () => {
    const reads = countReads(store);
    const raw = vi.spyOn(store, 'packedJourneys');
    const compare = await attributionCompare(store, 'ws_one', march);
    const paths = await attributionPaths(store, 'ws_one', march);
    const linear = await attributionReport(store, 'ws_one', { ...march, model: 'linear', by: 'channel' });
    expect(reads.times()).toBe(2); // the conversions and the non-converting paths
    expect(raw).not.toHaveBeenCalled();
    reads.mockRestore();
    expect(compare.totals).toEqual({ conversions: 1, revenue: 40 });
    expect(paths.journeys).toEqual({ converting: 1, non_converting: 1 });
    // The same answers as a store that never cached.
    expect(compare).toEqual(await attributionCompare(plain, 'ws_one', march));
    expect(paths).toEqual(await attributionPaths(plain, 'ws_one', march));
    expect(linear).toEqual(await attributionReport(plain, 'ws_one', { ...march, model: 'linear', by: 'channel' }));
  });

  it('a new event in the workspace changes the next answer; the other workspace keeps its cached journeys', async () => {
    await attributionCompare(store, 'ws_one', march);
    await attributionCompare(store, 'ws_two', march);
    const before = await attributionPaths(store, 'ws_two', march);
    expect(before.journeys).toEqual({ converting: 1, non_converting: 1 });

    const version = dataVersion(store, 'ws_two');
    await store.insertEvents('ws_two', [bBuys]);
    expect(dataVersion(store, 'ws_two')).not.toBe(version);

    const reads = countReads(store);
    const after = await attributionPaths(store, 'ws_two', march);
    const compareTwo = await attributionCompare(store, 'ws_two', march);
    const compareOne = await attributionCompare(store, 'ws_one', march);
    expect(reads.times()).toBe(2); // ws_two read again once; ws_one kept
    reads.mockRestore();

    expect(after.journeys).toEqual({ converting: 2, non_converting: 0 });
    expect(compareTwo.totals).toEqual({ conversions: 2, revenue: 65 });
    expect(compareOne.totals).toEqual({ conversions: 1, revenue: 40 });
  });

  it('other writes count too: channel rules, orders and workspace settings', async () => {
    for (const write of [
      () => store.setChannelRules('ws_one', defaultChannelRules, () => 'direct'),
      () => store.upsertOrders('ws_one', [{ order_id: 'o-import', customer_id: 'zed', ts: '2026-03-20T12:00:00.000Z', amount: { amount: '10', currency: 'EUR' } }]),
      () => store.updateWorkspace('ws_one', { timezone: 'Asia/Tehran' }),
      () => store.setSetting('anything', 'x'),
    ]) {
      await attributionPaths(store, 'ws_one', march);
      await write();
      const reads = countReads(store);
      await attributionPaths(store, 'ws_one', march);
      expect(reads.times()).toBe(2);
      reads.mockRestore();
    }
  });

  it('an audit entry (an audited read: a CLV export, a budget plan) changes no kept read', async () => {
    await attributionPaths(store, 'ws_one', march);
    const version = dataVersion(store, 'ws_one');
    await store.appendAudit('ws_one', (head) => ({
      id: `aud_cache_${(head?.seq ?? 0) + 1}`, workspace_id: 'ws_one', seq: (head?.seq ?? 0) + 1, at: '2026-04-01T10:00:00.000Z', actor_kind: 'key', actor_id: 'key_1',
      surface: 'http', ip: '127.0.0.1', user_agent: null, operation: 'customers.clv-customers', target_kind: 'customers', target_id: 'clv', before: null, after: null,
      prev_hash: head?.hash ?? '0'.repeat(64), hash: 'c'.repeat(64),
    }));
    expect(dataVersion(store, 'ws_one')).toBe(version);
    const reads = countReads(store);
    await attributionPaths(store, 'ws_one', march);
    expect(reads.times()).toBe(0);
  });

  it('a read that overlaps a write is not kept for after the write', async () => {
    const other = { from: '2026-03-01', to: '2026-03-30' };
    const write = store.insertEvents('ws_two', [ev({ id: 'c-1', type: 'page_view', ts: '2026-03-15T10:00:00.000Z', anonymous_id: 'c', session_id: 'sc1', url: `${site}/` })]);
    const during = attributionPaths(store, 'ws_two', other);
    await Promise.all([write, during]);
    const reads = countReads(store);
    await attributionPaths(store, 'ws_two', other);
    expect(reads.times()).toBe(2);
    reads.mockRestore();
  });
});
