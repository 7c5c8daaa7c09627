import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoWorld } from '../../src/demo/generate.js';
import { loadWorld } from '../../src/demo/load-world.js';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.js';
import type { Store } from '../../src/store/store.js';
import type { Workspace } from '../../src/records/workspace.js';
import { openScaleStore, type ScaleSetup } from './engines.js';

/**
 * The same demo world in DuckDB and in every scale-out setup (ClickHouse 18.16 single and two shards, current ClickHouse) must give the same
 * KPI facts, channel days, journeys, experiment and customer figures: DuckDB is
 * the reference the scale engines are held to.
 */
const ws: Workspace = { id: 'ws_cross', name: 'Cross', currency: 'EUR', timezone: 'UTC', margin: '1', write_key: 'wk_cross' };
const world = generateDemoWorld({ seed: 3, days: 14, visitors: 500 });
const days = world.spend.map((s) => s.date).sort();
const range = { from: days[0], to: days[days.length - 1] };

const setups: Record<ScaleSetup, () => Promise<Store>> = {
  'pg+clickhouse': () => openScaleStore('pg+clickhouse'),
  'pg+clickhouse-2-shards': () => openScaleStore('pg+clickhouse-2-shards'),
  'pg+clickhouse-current': () => openScaleStore('pg+clickhouse-current'),
};

const sortRows = <T extends { key: string; channel?: string }>(rows: T[]) =>
  [...rows].sort((a, b) => (a.key + '|' + (a.channel ?? '')).localeCompare(b.key + '|' + (b.channel ?? '')));
/** Journeys in a canonical order (sales by id, then people without one), touch order kept. */
const canonical = (js: Awaited<ReturnType<Store['journeys']>>) =>
  [...js]
    .map((j) => ({ ...j, conversion: j.conversion ? { ...j.conversion, value: Math.round(j.conversion.value * 1e6) / 1e6 } : null }))
    .sort((a, b) => (a.conversion?.id ?? '~' + a.person).localeCompare(b.conversion?.id ?? '~' + b.person));

let reference: Store;
beforeAll(async () => {
  reference = await DuckDbStore.open(':memory:');
  await reference.ensureWorkspace(ws);
  await loadWorld(reference, ws.id, world);
});
afterAll(async () => reference?.close());

for (const [setup, open] of Object.entries(setups)) {
  describe(`DuckDB and ${setup} agree on the demo world (seed 3, 14 days, 500 visitors)`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
      await store.ensureWorkspace(ws);
      await loadWorld(store, ws.id, world);
    });
    afterAll(async () => store?.close());

    it('stores the same events', async () => {
      const n = await reference.countEvents(ws.id);
      expect(n).toBeGreaterThan(1000);
      expect(await store.countEvents(ws.id)).toBe(n);
      expect(await store.dataRange(ws.id)).toEqual(await reference.dataRange(ws.id));
    });

    for (const by of [null, 'channel', 'campaign', 'day', 'week', 'source_medium', 'landing_page', 'device'] as const) {
      it(`KPI facts by ${by ?? 'nothing (totals)'}`, async () => {
        const q = { by, ...range, lookbackDays: 30 };
        const [want, got] = [await reference.kpiFacts(ws.id, q), await store.kpiFacts(ws.id, q)];
        // Session seconds are a float measure: DuckDB subtracts epoch doubles, ClickHouse whole milliseconds.
        const seconds = (m: { session_seconds: number }) => ({ ...m, session_seconds: Math.round(m.session_seconds * 1000) / 1000 });
        expect(seconds(got.totals)).toEqual(seconds(want.totals));
        const rows = (f: typeof got) => sortRows(f.rows).map((r) => ({ ...r, measures: seconds(r.measures) }));
        expect(rows(got)).toEqual(rows(want));
        // Per channel when the rows do not say it (totals.paid).
        expect(rows({ ...got, rows: got.channels ?? [] })).toEqual(rows({ ...want, rows: want.channels ?? [] }));
        expect(got.warnings).toEqual(want.warnings);
      });
    }

    it('channel days', async () => {
      const q = { ...range, lookbackDays: 30 };
      expect(await store.channelDaily(ws.id, q)).toEqual(await reference.channelDaily(ws.id, q));
    });

    it('journeys (with non-converting people)', async () => {
      const q = { ...range, lookbackDays: 30, includeNonConverting: true };
      const want = canonical(await reference.journeys(ws.id, q));
      expect(want.filter((j) => j.conversion).length).toBeGreaterThan(10);
      expect(canonical(await store.journeys(ws.id, q))).toEqual(want);
    });

    it('customer transactions and people stats', async () => {
      const round = (ts: Awaited<ReturnType<Store['customerTransactions']>>) => [...ts].sort((a, b) => a.order_id.localeCompare(b.order_id));
      expect(round(await store.customerTransactions(ws.id, {}))).toEqual(round(await reference.customerTransactions(ws.id, {})));
      const [a, b] = [await reference.peopleStats(ws.id, {}), await store.peopleStats(ws.id, {})];
      expect(b).toEqual(a);
    });
  });
}
