import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attributionModels } from '../../attribution/index.js';
import { generateDemoWorld } from '../../demo/generate.js';
import { loadWorld } from '../../demo/load-world.js';
import { DuckDbStore } from '../../store/duckdb/duckdb-store.js';
import type { Workspace } from '../../records/workspace.js';
import { resolveSettings } from './attribution-options.js';
import { creditSource } from './attribution-source.js';
import { engineCredits } from '../../../test/helpers/engine-credits.js';

/**
 * The embedded store's attribution aggregates (counted in Node from its journeys,
 * `store/duckdb/aggregates/`), finished by the reports' credit source, against the engines run
 * directly on the same journeys (`test/helpers/engine-credits.ts`): every
 * model, by channel, campaign and ad, with the default windows and with shorter ones, views at
 * half weight and repeats collapsed, on a small demo world (seed 3, 14 days, 800 visitors).
 */
const ws: Workspace = { id: 'ws_embedded_aggregates', name: 'Embedded aggregates', currency: 'EUR', timezone: 'UTC', margin: '1', write_key: 'wk_embedded_aggregates' };
const world = generateDemoWorld({ seed: 3, days: 14, visitors: 800 });
const days = world.spend.map((s) => s.date).sort();
const range = { from: days[0], to: days[days.length - 1] };
let store: DuckDbStore;

beforeAll(async () => {
  store = await DuckDbStore.open(':memory:');
  await store.ensureWorkspace(ws);
  await loadWorld(store, ws.id, world);
}, 300_000);
afterAll(async () => store?.close());

const variants = {
  defaults: resolveSettings({}),
  'short windows, views at 0.5, repeats collapsed, order 2': resolveSettings({ lookbackClickDays: 7, lookbackViewDays: 2, viewWeight: 0.5, repeats: 'collapse', order: 2 }),
};

describe('embedded attribution aggregates equal the engines on journeys', () => {
  for (const [variant, s] of Object.entries(variants)) {
    for (const by of ['channel', 'campaign', 'ad'] as const) {
      it(`${variant}, by ${by}: every model`, async () => {
        const aggregates = creditSource(store, ws.id, range, s);
        for (const model of attributionModels) {
          const want = await engineCredits(store, ws.id, range, s, model, by);
          const got = await aggregates.credits(model, by);
          expect(want.totals.conversions, model).toBeGreaterThan(10);
          expect(got.totals.conversions, model).toBe(want.totals.conversions);
          expect(got.totals.value, model).toBeCloseTo(want.totals.value, 6);
          expect([...got.by.keys()].sort(), model).toEqual([...want.by.keys()].sort());
          for (const [key, row] of want.by) {
            expect(got.by.get(key)!.conversions, `${model} ${key}`).toBeCloseTo(row.conversions, 9);
            expect(got.by.get(key)!.value, `${model} ${key}`).toBeCloseTo(row.value, 6);
          }
        }
      }, 300_000);
    }
  }
});
