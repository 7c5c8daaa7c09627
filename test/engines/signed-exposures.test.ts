import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultChannelRules } from '../../src/tracking/channel-rules.js';
import { enrichEvent } from '../../src/ingest/enrich.js';
import { setRevenueSources } from '../../src/store/revenue-settings.js';
import type { EventRecord } from '../../src/records/events.js';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.js';
import type { Store } from '../../src/store/store.js';
import type { Workspace } from '../../src/records/workspace.js';
import { openScaleStore, type ScaleSetup } from './engines.js';

/**
 * Issue 12 #5 on every engine (DuckDB, ClickHouse 18.16, a current ClickHouse): experiment
 * results count only exposures the server signed (`rl_signed`), in the variant of each
 * person's first signed exposure, and only the sales the workspace's revenue_sources counts;
 * the sample query counts unsigned people and each variant's largest source. Every expected
 * figure is counted by hand from the events below.
 */

const ev = (e: Partial<EventRecord> & Pick<EventRecord, 'id' | 'type' | 'ts' | 'anonymous_id'>) => enrichEvent(e as EventRecord, defaultChannelRules);
const exposure = (id: string, anon: string, ts: string, variant: string, source?: string) =>
  ev({ id, type: 'custom', name: '$exposure', ts, anonymous_id: anon, properties: { experiment: 'hero', variant, hash_version: 2, ...(source ? { rl_signed: true, rl_src: source } : {}) } });
const sale = (id: string, anon: string, amount: string, verified: boolean) =>
  ev({ id, type: 'conversion', ts: '2026-03-10T12:00:00.000Z', anonymous_id: anon, order_id: `o_${id}`, revenue: { amount, currency: 'EUR' }, ...(verified ? { properties: { rl_verified: true } } : {}) });
const ws: Workspace = { id: 'ws_signed_xp', name: 'Signed', currency: 'EUR', timezone: 'UTC', margin: '1', write_key: 'wk_signed_xp' };
const at = (h: number) => `2026-03-10T${String(h).padStart(2, '0')}:00:00.000Z`;
const users = (rows: { variant: string; users: number; converters: number; revenue_sum: number }[]) => rows.map((r) => [r.variant, r.users, r.converters, r.revenue_sum]);

function signedExposureCases(store: () => Store): void {
  beforeAll(async () => {
    await store().ensureWorkspace(ws);
    await store().insertEvents(ws.id, [
      exposure('x1', 'p1', at(10), 'A', 's1'),
      exposure('x2', 'p2', at(10), 'A', 's1'),
      exposure('x3', 'p3', at(10), 'A', 's2'),
      exposure('x4', 'p4', at(10), 'B', 's3'),
      exposure('x5', 'p5', at(10), 'B', 's3'),
      exposure('x6u', 'p6', at(9), 'A'), // unsigned first…
      exposure('x6', 'p6', at(10), 'B', 's4'), // …then signed: p6 counts in B
      exposure('xu1', 'u1', at(10), 'A'), // unsigned only
      exposure('xu2', 'u2', at(10), 'B'), // unsigned only
      sale('s1', 'p1', '100', true), // verified
      sale('s4', 'p4', '50', false), // write-key sale: unverified
      sale('su', 'u1', '70', true), // an unsigned person's sale
    ]);
  });

  it('signed exposures and verified sales only (explicit, and by default once a verified sale exists)', async () => {
    for (const revenue_sources of ['verified', null] as const) {
      const stats = await store().experimentStats(ws.id, { experiment: 'hero', counting: { signed_only: true, revenue_sources } });
      expect(users(stats)).toEqual([['A', 3, 1, 100], ['B', 3, 0, 0]]);
    }
  });

  it('signed exposures and every sale (revenue_sources all)', async () => {
    await setRevenueSources(store(), ws.id, 'all');
    const stats = await store().experimentStats(ws.id, { experiment: 'hero', counting: { signed_only: true, revenue_sources: 'all' } });
    // A: p1 p2 p3, p1 bought 100; B: p4 p5 p6, p4 bought 50 (unverified, counted under all)
    expect(users(stats)).toEqual([['A', 3, 1, 100], ['B', 3, 1, 50]]);
  });

  it('without counting rules: every exposure, and the sales the workspace counts (all, set above)', async () => {
    const stats = await store().experimentStats(ws.id, { experiment: 'hero' });
    // first exposures: p6 in A (09:00, unsigned); A: p1 p2 p3 p6 u1 (p1 100, u1 70); B: p4 p5 u2 (p4 50)
    expect(users(stats)).toEqual([['A', 5, 2, 170], ['B', 3, 1, 50]]);
  });

  it('first signed exposures per anonymous id', async () => {
    const rows = await store().experimentExposures(ws.id, { experiment: 'hero', limit: 100, signed_only: true });
    expect(rows.map((r) => [r.anonymous_id, r.variant])).toEqual([['p1', 'A'], ['p2', 'A'], ['p3', 'A'], ['p4', 'B'], ['p5', 'B'], ['p6', 'B']]);
  });

  it('the sample: unsigned people and the largest source of each variant', async () => {
    // unsigned only: u1, u2; A: s1 has p1 p2; B: s3 has p4 p5 (s4 only p6)
    expect(await store().experimentSample(ws.id, { experiment: 'hero' })).toEqual({
      unsigned_units: 2,
      top_sources: [{ variant: 'A', source: 's1', units: 2 }, { variant: 'B', source: 's3', units: 2 }],
    });
    expect(await store().experimentSample(ws.id, { experiment: 'nothing' })).toEqual({ unsigned_units: 0, top_sources: [] });
  });
}

describe('signed exposures: duckdb', () => {
  let store: Store | undefined;
  beforeAll(async () => {
    store = await DuckDbStore.open(':memory:');
  });
  afterAll(async () => store?.close());
  signedExposureCases(() => store as Store);
});

const setups: ScaleSetup[] = ['pg+clickhouse', 'pg+clickhouse-current'];
for (const setup of setups) {
  describe(`signed exposures: ${setup}`, () => {
    let store: Store | undefined;
    beforeAll(async () => {
      store = await openScaleStore(setup);
    }, 60_000);
    afterAll(async () => store?.close());
    signedExposureCases(() => store as Store);
  });
}
