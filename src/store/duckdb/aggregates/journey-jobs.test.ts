/**
 * The embedded store's attribution aggregates as jobs on packed journeys (issue 12 #7): on a
 * worker thread they give exactly what the same functions give on the main thread over the
 * store's unpacked journeys (`journeys`), for every kind of aggregate; and a read handed out
 * without its non-converting paths has none. A small demo world (seed 3, 21 days, 1,000
 * visitors) in an in-memory DuckDB, in Tehran time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoWorld } from '../../../demo/generate.js';
import { loadWorld } from '../../../demo/load-world.js';
import { addDays, localMidnight } from '../../../metrics/time-zone.js';
import { useWorkerThreads } from '../../../shared/workers/heavy-pool.js';
import type { AggregateWindow } from '../../attribution-aggregates.js';
import { DuckDbStore } from '../duckdb-store.js';
import { channelSetsOf, markovTransitionsOf, pathCountsOf, ruleCreditsOf, splitJourneys } from './journey-aggregates.js';
import { journeysOf, runJourneyJob } from './journey-jobs.js';
import { readJourneys } from './journey-reads.js';

const world = generateDemoWorld({ seed: 3, days: 21, visitors: 1000 });
const days = world.spend.map((s) => s.date).sort();
const ws = { id: 'ws_jobs', name: 'jobs', currency: 'EUR', timezone: 'Asia/Tehran', margin: '1', write_key: 'wk_jobs' };
const window: AggregateWindow = { from: days[0], to: days[days.length - 1], lookbackClickDays: 30, lookbackViewDays: 2, viewWeight: 0.5, repeats: 'keep' };

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

describe('attribution aggregate jobs on packed journeys', () => {
  it('on a worker thread: every aggregate equals the same function on the unpacked journeys', async () => {
    const rows = await store.journeys(ws.id, { from: window.from, to: window.to, lookbackDays: 30, includeNonConverting: true });
    const end = localMidnight(addDays(window.to, 1), ws.timezone) - 1;
    const journeys = splitJourneys(rows, end, window, true);
    expect(journeys.converting.length).toBeGreaterThan(20);
    expect(journeys.nonConverting.length).toBeGreaterThan(20);
    const read = await readJourneys(store, ws.id, window, true);
    expect(read.conversions).toBe(journeys.converting.length);
    expect(read.end).toBe(end);
    release = useWorkerThreads({ threads: 1, timeBudgetMs: 120_000 });
    const collapsed = { ...window, repeats: 'collapse' as const };
    for (const by of ['channel', 'campaign', 'ad'] as const) {
      const rule = { ...collapsed, by, rule: { model: 'time-decay' as const, halfLifeDays: 3 } };
      expect(await runJourneyJob('ruleCredits', read, rule), by).toEqual(ruleCreditsOf(journeys, rule));
      expect(await runJourneyJob('channelSets', read, { ...window, by }), by).toEqual(channelSetsOf(journeys, { ...window, by }));
    }
    expect(await runJourneyJob('pathCounts', read, { ...window, includeNonConverting: true })).toEqual(pathCountsOf(journeys, { ...window, includeNonConverting: true }));
    expect(await runJourneyJob('markovTransitions', read, { ...collapsed, order: 2 })).toEqual(markovTransitionsOf(journeys, { ...collapsed, order: 2 }));
  }, 300_000);

  it('a read handed out without its non-converting paths has none, and the same conversions', async () => {
    const read = await readJourneys(store, ws.id, window, true);
    const all = journeysOf(read);
    const narrow = journeysOf({ ...read, withNonConverting: false });
    expect(narrow.nonConverting).toEqual([]);
    expect(narrow.converting).toBe(all.converting);
    expect(all.nonConverting.length).toBeGreaterThan(0);
  });
});
