/**
 * A large workspace's rebuild groups its sessions, clicks and visitors a slice at a time (at 1 GB,
 * 10M events at once ran out of memory): the rollups built in parts equal the full query, by every
 * dimension, as the rollups built at once do. Here the parts hold about 40 of the world's ~700
 * events (about 18 parts), so every part's slice of sessions, clicks and visitors is exercised.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { kpiDimensions } from '../../../metrics/kpi-query.js';
import { DuckDbStore } from '../duckdb-store.js';
import { inRowOrder, rng, World } from '../../../../test/helpers/kpi-world.js';

let store: DuckDbStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe('a rebuild in parts', () => {
  it('equals the full query by every dimension', async () => {
    const r = rng(7);
    const w = new World(r);
    store = await DuckDbStore.open(':memory:', { rebuildChunkEvents: 40 });
    const ws = 'ws7';
    await store.ensureWorkspace({ id: ws, name: ws, currency: 'EUR', timezone: 'Asia/Tehran', margin: '0.4', write_key: 'wk7' });
    const events = Array.from({ length: 150 }, () => w.visit(0, 40)).flat();
    expect(events.length).toBeGreaterThan(400);
    await store.insertEvents(ws, events);
    const query = { from: '2026-03-01', to: '2026-04-15', lookbackDays: 30 };
    for (const by of [null, ...kpiDimensions]) {
      const { fresh_as_of: _, ...rollups } = await store.kpiFacts(ws, { ...query, by });
      const reference = await store.kpiFactsFromEvents(ws, { ...query, by });
      expect(inRowOrder(rollups), `by ${by}`).toEqual(inRowOrder(reference));
    }
    expect(store.rollupRefreshes().rebuilt).toBe(1);
    expect(Number((await store.kpiFacts(ws, { ...query, by: null })).totals.unique_visitors)).toBeGreaterThan(10);
  }, 120_000);
});
