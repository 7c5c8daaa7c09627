/**
 * The attribution jobs on packed journeys (issue 12 #7): on a worker thread
 * they give exactly what the engines give on the same journeys on the main
 * thread (every model, Markov with the non-converting paths, the path
 * reports), and a read without non-converting paths hands out none.
 * A small demo world (seed 3, 21 days, 1,000 visitors) in an in-memory DuckDB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attributeJourneys, attributionModels, journeyPathReports } from '../../attribution/index.js';
import { generateDemoWorld } from '../../demo/generate.js';
import { loadWorld } from '../../demo/load-world.js';
import { useWorkerThreads } from '../../shared/workers/heavy-pool.js';
import { runHeavy } from './run.js';
import { DuckDbStore } from '../../store/duckdb/duckdb-store.js';
import { fetchJourneys, readJourneys } from '../attribution/attribution-credits.js';
import { engineOptions, resolveSettings } from '../attribution/attribution-options.js';
import { journeysOf } from './journey-jobs.js';

const world = generateDemoWorld({ seed: 3, days: 21, visitors: 1000 });
const days = world.spend.map((s) => s.date).sort();
const range = { from: days[0], to: days[days.length - 1] };
const ws = { id: 'ws_jobs', name: 'jobs', currency: 'EUR', timezone: 'Asia/Tehran', margin: '1', write_key: 'wk_jobs' };
const settings = resolveSettings({ lookbackViewDays: 2, viewWeight: 0.5, order: 2 });

let store: DuckDbStore;
let release: (() => Promise<void>) | undefined;
beforeAll(async () => {
  store = await DuckDbStore.open(':memory:');
  await store.ensureWorkspace(ws);
  await loadWorld(store, ws.id, world);
}, 300_000);
afterAll(async () => {
  await release?.();
  await store?.close();
});

describe('attribution jobs on packed journeys', () => {
  it('on a worker thread: every model and the path reports equal the engines on the unpacked journeys', async () => {
    const journeys = await fetchJourneys(store, ws.id, range, settings, true);
    expect(journeys.converting.length).toBeGreaterThan(20);
    expect(journeys.nonConverting.length).toBeGreaterThan(20);
    const read = await readJourneys(store, ws.id, range, settings, true);
    expect(read.conversions).toBe(journeys.converting.length);
    release = useWorkerThreads({ threads: 1, timeBudgetMs: 120_000 });
    for (const model of attributionModels) {
      const options = engineOptions(model, settings);
      const { conversions: _detail, ...want } = attributeJourneys(journeys.converting, model === 'markov' ? { ...options, nonConverting: journeys.nonConverting } : options);
      expect(await runHeavy('attributePackedJourneys', read, options), model).toEqual(want);
    }
    const window = { lookbackClickDays: settings.lookbackClickDays, lookbackViewDays: settings.lookbackViewDays, viewWeight: settings.viewWeight };
    expect(await runHeavy('packedJourneyPathReports', read, { ...window, limit: 50 })).toEqual({
      reports: journeyPathReports(journeys.converting, { ...window, nonConverting: journeys.nonConverting, limit: 50 }),
      converting: journeys.converting.length,
      nonConverting: journeys.nonConverting.length,
    });
  }, 300_000);

  it('a read handed out without its non-converting paths has none, and the same conversions', async () => {
    const read = await readJourneys(store, ws.id, range, settings, true);
    const all = journeysOf(read);
    const narrow = journeysOf({ ...read, withNonConverting: false });
    expect(narrow.nonConverting).toEqual([]);
    expect(narrow.converting).toBe(all.converting);
    expect(all.nonConverting.length).toBeGreaterThan(0);
  });
});
