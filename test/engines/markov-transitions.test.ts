import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveWindow, windowTouches } from '../../src/attribution/journeys/journey-window.js';
import { transitionCounts, type Transition } from '../../src/attribution/models/markov-chain.js';
import { aggregatePaths } from '../../src/attribution/paths/path-file.js';
import { collapseRepeats } from '../../src/attribution/models/rule-weights.js';
import type { PathRow } from '../../src/attribution/paths/types.js';
import { generateDemoWorld } from '../../src/demo/generate.js';
import { loadWorld } from '../../src/demo/load-world.js';
import { engineCredits, fetchJourneys } from '../helpers/engine-credits.js';
import { engineOptions, resolveSettings, type ResolvedSettings } from '../../src/reports/attribution/attribution-options.js';
import { creditSource } from '../../src/reports/attribution/attribution-source.js';
import type { AggregateWindow } from '../../src/store/attribution-aggregates.js';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.js';
import type { Store } from '../../src/store/store.js';
import type { Workspace } from '../../src/records/workspace.js';
import { openScaleStore, type ScaleSetup } from './engines.js';

/**
 * Markov's transition counts computed in ClickHouse (one 18.16 server, two
 * 18.16 shards, a current release) against `transitionCounts` in Node on the
 * windowed paths of the embedded DuckDB store's journeys, and the Markov
 * credits fitted on them against the Node engines. The scale stores hand out
 * neither journeys nor path counts here, so Markov can only use the transitions.
 */
const setups: ScaleSetup[] = ['pg+clickhouse', 'pg+clickhouse-2-shards', 'pg+clickhouse-current'];
const ws: Workspace = { id: 'ws_markov_transitions', name: 'Markov transitions', currency: 'EUR', timezone: 'UTC', margin: '1', write_key: 'wk_markov_transitions' };
const world = generateDemoWorld({ seed: 11, days: 21, visitors: 900 });
const days = world.spend.map((s) => s.date).sort();
const range = { from: days[0], to: days[days.length - 1] };
const variants = {
  'order 1, defaults': resolveSettings({}),
  'order 2, 7-day clicks, 2-day views at 0.5': resolveSettings({ lookbackClickDays: 7, lookbackViewDays: 2, viewWeight: 0.5, order: 2 }),
} satisfies Record<string, ResolvedSettings>;

function windowOf(s: ResolvedSettings): AggregateWindow {
  const w = resolveWindow(engineOptions('markov', s), 'collapse');
  return { ...range, lookbackClickDays: w.lookbackClickDays, lookbackViewDays: w.lookbackViewDays, viewWeight: w.viewWeight, repeats: w.repeats };
}

/** The transitions Node counts on the paths `attributeJourneys` fits Markov on. */
async function nodeTransitions(reference: Store, s: ResolvedSettings): Promise<Transition<string>[]> {
  const journeys = await fetchJourneys(reference, ws.id, range, s);
  const window = resolveWindow(engineOptions('markov', s), 'collapse');
  const rows: PathRow[] = journeys.converting.map((j) => ({ path: windowTouches(j, window).map((t) => t.channel), conversions: 1, value: j.conversion.value, nulls: 0 }));
  for (const path of journeys.nonConverting) rows.push({ path, conversions: 0, value: 0, nulls: 1 });
  const paths = aggregatePaths(rows).map((r) => ({ ids: collapseRepeats(r.path, (c) => c), conversions: r.conversions, value: r.value, nulls: r.nulls }));
  return transitionCounts(paths, s.order);
}

const keyOf = (t: Transition<string>) => JSON.stringify([t.from, t.to]);

describe('Markov transition counts pushed down into ClickHouse', () => {
  let reference: Store;
  const stores = {} as Record<ScaleSetup, Store>;
  const pathCounts = {} as Record<ScaleSetup, NonNullable<Store['attributionPathCounts']>>;
  beforeAll(async () => {
    reference = await DuckDbStore.open(':memory:');
    await reference.ensureWorkspace(ws);
    await loadWorld(reference, ws.id, world);
    for (const setup of setups) {
      const store = await openScaleStore(setup);
      await store.ensureWorkspace(ws);
      await loadWorld(store, ws.id, world);
      pathCounts[setup] = store.attributionPathCounts!.bind(store);
      store.journeys = () => Promise.reject(new Error('Markov read journeys from a store that counts transitions'));
      store.attributionPathCounts = () => Promise.reject(new Error('Markov read path counts from a store that counts transitions'));
      stores[setup] = store;
    }
  }, 600_000);
  afterAll(async () => {
    await reference?.close();
    for (const s of Object.values(stores)) await s.close();
  });

  for (const [variant, s] of Object.entries(variants)) {
    it(`${variant}: the SQL rows are Node's transitionCounts on the DuckDB journeys, states in the order of the store's own paths`, async () => {
      const want = await nodeTransitions(reference, s);
      expect(want.length).toBeGreaterThan(20);
      expect(want.some((t) => t.to === '(null)') && want.some((t) => t.to === '(conversion)')).toBe(true);
      if (s.order === 2) expect(want.some((t) => Array.isArray(t.from) && t.from.length === 2)).toBe(true);
      const sorted = (rows: readonly Transition<string>[]) => [...rows].sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
      const wantSorted = sorted(want);
      // The embedded store counts them in Node from the same journeys (`store/duckdb/journey-aggregates.ts`).
      const embedded = sorted(await reference.attributionMarkovTransitions(ws.id, { ...windowOf(s), order: s.order }));
      expect(embedded.map(keyOf)).toEqual(wantSorted.map(keyOf));
      embedded.forEach((t, i) => {
        expect(t.weight, `duckdb ${keyOf(t)}`).toBe(wantSorted[i].weight);
        expect(t.value, `duckdb ${keyOf(t)}`).toBeCloseTo(wantSorted[i].value, 6);
      });
      for (const setup of setups) {
        const got = await stores[setup].attributionMarkovTransitions!(ws.id, { ...windowOf(s), order: s.order });
        const gotSorted = sorted(got);
        expect(gotSorted.map(keyOf), setup).toEqual(wantSorted.map(keyOf));
        gotSorted.forEach((t, i) => {
          expect(t.weight, `${setup} ${keyOf(t)}`).toBe(wantSorted[i].weight);
          expect(t.value, `${setup} ${keyOf(t)}`).toBeCloseTo(wantSorted[i].value, 6);
        });
        // The order that numbers the states: people without a conversion come in each engine's person order, so it is
        // checked on the store's own paths; a path's `(null)` row comes with its first converting journey in Node but
        // with its first non-converting one in SQL (it creates no state, so it is left out).
        const own = (await pathCounts[setup](ws.id, { ...windowOf(s), includeNonConverting: true })).paths;
        const ownPaths = aggregatePaths(own).map((r) => ({ ids: collapseRepeats(r.path, (c) => c), conversions: r.conversions, value: r.value, nulls: r.nulls }));
        const moving = (rows: readonly Transition<string>[]) => rows.filter((t) => t.to !== '(null)').map(keyOf);
        expect(moving(got), setup).toEqual(moving(transitionCounts(ownPaths, s.order)));
      }
    }, 600_000);

    for (const by of ['channel', 'campaign'] as const) {
      it(`${variant}: Markov removal effects and credits by ${by} equal the Node engines' to 1e-9`, async () => {
        const want = await engineCredits(reference, ws.id, range, s, 'markov', by);
        expect(want.markov!.order).toBe(s.order);
        expect(want.totals.conversions).toBeGreaterThan(20);
        for (const setup of setups) {
          const got = await creditSource(stores[setup], ws.id, range, s).credits('markov', by);
          expect(got.markov!.states, setup).toBe(want.markov!.states);
          expect(got.markov!.removal_effects.map((r) => r.channel), setup).toEqual(want.markov!.removal_effects.map((r) => r.channel));
          got.markov!.removal_effects.forEach((r, i) => {
            expect(Math.abs(r.conversions - want.markov!.removal_effects[i].conversions), `${setup} ${r.channel}`).toBeLessThan(1e-9);
            expect(Math.abs(r.value - want.markov!.removal_effects[i].value), `${setup} ${r.channel}`).toBeLessThan(1e-9);
          });
          expect([...got.by.keys()], setup).toEqual([...want.by.keys()]);
          for (const [k, w] of want.by) {
            const g = got.by.get(k)!;
            expect(Math.abs(g.conversions - w.conversions), `${setup} ${k}`).toBeLessThan(1e-9 * Math.max(1, w.conversions));
            expect(Math.abs(g.value - w.value), `${setup} ${k}`).toBeLessThan(1e-9 * Math.max(1, w.value));
          }
          for (const [k, w] of want.channels) {
            const g = got.channels.get(k)!;
            expect(Math.abs(g.conversions - w.conversions), `${setup} ${k}`).toBeLessThan(1e-9 * Math.max(1, w.conversions));
          }
        }
      }, 600_000);
    }
  }
});
