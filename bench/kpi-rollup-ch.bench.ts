/**
 * The ClickHouse KPI rollups (issue 14): "every metric by channel and by day over 90 days" read
 * from the rollups, by the full query from the events, and a plain GROUP BY over the same event
 * rows (the floor), in the same run on the same server, over the synthetic worlds of
 * bench/lib/bench-worlds.ts (generated in the engine, kept as roilens_bench_<size>). Also the cost
 * of making a write visible: a batch of 100 events inserted through the store, then the next read
 * (which rebuilds the rollups) timed — acknowledged → visible.
 *
 * Env (ROILENS_CLICKHOUSE_TIMEOUT_MS above the full query's time, e.g. 900000): CH_ROLLUP_BENCH_EVENTS (default 1000000; e.g. 1000000,10000000), CH_ROLLUP_BENCH_RUNS (3),
 * CH_ROLLUP_BENCH_FULL (1: also time the full query, once; it takes ~100 s at 10M on 18.16).
 * Results: bench/results/kpi-rollup-ch.json (merged per size), with the machine's load.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { KpiDimension, KpiFacts, KpiQuery } from '../src/metrics/kpi-query.js';
import type { StoredEvent } from '../src/records/events.js';
import { ClickHouseClient } from '../src/store/clickhouse/clickhouse-client.js';
import { readEngines } from '../test/engines/engines.js';
import { benchWorkspace, clickhouseWorld, sizeLabel } from './lib/bench-worlds.js';
import { worldEnd, worldStart } from './lib/synthetic-world.js';

const sizes = (process.env.CH_ROLLUP_BENCH_EVENTS ?? '1000000').split(',').map(Number);
const runs = Number(process.env.CH_ROLLUP_BENCH_RUNS ?? 3);
const withFull = (process.env.CH_ROLLUP_BENCH_FULL ?? '1') === '1';
const resultsPath = 'bench/results/kpi-rollup-ch.json';
const dims: KpiDimension[] = ['channel', 'day'];
const query = (by: KpiDimension): KpiQuery => ({ by, from: worldStart, to: worldEnd, lookbackDays: 30 });
const load = () => Math.round(loadavg()[0] * 100) / 100;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await run();
  return { ms: Math.round(performance.now() - t), value };
}

/** The floor: one plain GROUP BY over the range's event rows (count, distinct visitors, revenue), no crediting, no sessions. */
function floorSql(database: string, by: KpiDimension): string {
  const key = by === 'day' ? 'toDate(intDiv(ts, 1000))' : 'channel';
  const from = Date.parse(`${worldStart}T00:00:00Z`);
  const to = Date.parse(`${worldEnd}T00:00:00Z`) + 86_400_000;
  return `SELECT ${key} AS k, count() AS n, uniqExact(anonymous_id) AS v, sum(ifNull(revenue_amount, toDecimal128(0, 6))) AS r
    FROM ${database}.events WHERE workspace_id = '${benchWorkspace}' AND ts >= ${from} AND ts < ${to} GROUP BY k`;
}

const canonical = (f: KpiFacts) => JSON.stringify({ ...f, rows: [...f.rows].sort((x, y) => x.key.localeCompare(y.key)), channels: [...(f.channels ?? [])].sort((x, y) => x.key.localeCompare(y.key)) });

const previous = existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, 'utf8')) : {};
const results: Record<string, unknown> = previous.sizes ?? {};
const url = readEngines().clickhouse.single.url;

for (const events of sizes) {
  const label = sizeLabel(events);
  const world = await clickhouseWorld(url, events);
  const client = new ClickHouseClient(url);
  const store = world.store;
  const kpis = (q: KpiQuery) => store.kpiFacts(benchWorkspace, 'EUR', q);
  console.log(`clickhouse 18.16 ${label}: ${world.database}, ${world.parts} parts`);
  // The world was written around the store: a mark makes the next read build the rollups whole.
  await store.rollups.mark(benchWorkspace);
  const build = await timed(() => store.rollups.ensureFresh(benchWorkspace, 'UTC'));
  console.log(`  build ${build.ms} ms (load ${load()})`);
  const entry: Record<string, unknown> = { events, server: 'clickhouse 18.16 single', build_ms: build.ms, load_at_build: load() };
  for (const by of dims) {
    const rollupMs: number[] = [];
    const floorMs: number[] = [];
    const loads: number[] = [];
    let facts!: KpiFacts;
    for (let i = 0; i < runs; i++) {
      loads.push(load());
      const r = await timed(() => kpis(query(by)));
      facts = r.value;
      rollupMs.push(r.ms);
      floorMs.push((await timed(() => client.query(floorSql(world.database, by)))).ms);
    }
    const out: Record<string, unknown> = {
      rollup_ms: rollupMs, floor_ms: floorMs, rollup_median_ms: median(rollupMs), floor_median_ms: median(floorMs),
      rollup_to_floor: +(median(rollupMs) / median(floorMs)).toFixed(2), rows: facts.rows.length, load_1m: loads, target_ms: 1000,
    };
    if (withFull) {
      loads.push(load());
      try {
        const full = await timed(() => store.kpiFactsFromEvents(benchWorkspace, 'EUR', query(by)));
        out.full_query_ms = full.ms;
        out.full_to_floor = +(full.ms / median(floorMs)).toFixed(2);
        out.same_facts = canonical(full.value) === canonical(facts);
      } catch (err) {
        out.full_query_error = (err as Error).message.split('\n')[0].slice(0, 200);
      }
    }
    console.log(`  by ${by}: ${JSON.stringify(out)}`);
    entry[by] = out;
  }
  // Acknowledged → visible: a batch of 100 events through the store, then the next read (a rebuild).
  const t = Date.parse(`${worldEnd}T12:00:00Z`);
  const batch: StoredEvent[] = Array.from({ length: 100 }, (_, i) => ({
    id: `visible-${Date.now()}-${i}`, type: 'page_view', ts: new Date(t + i).toISOString(), anonymous_id: `visible-${i % 10}`, channel: 'direct', session_id: `visible-s-${i % 10}`,
  }) as StoredEvent);
  const before = (await kpis(query('channel'))).totals.page_views;
  const visible = await timed(async () => {
    await store.insertEvents(benchWorkspace, batch);
    return kpis(query('channel'));
  });
  entry.insert_then_read_ms = visible.ms;
  entry.insert_visible = visible.value.totals.page_views === before + 100;
  console.log(`  100 events inserted → visible in ${visible.ms} ms (${entry.insert_visible}), load ${load()}`);
  // Leave the world as generated: the batch is deleted again (and the rollups rebuilt at the next run).
  await store.deleteEvents(benchWorkspace, { ids: batch.map((e) => e.id) });
  results[label] = entry;
}

mkdirSync('bench/results', { recursive: true });
writeFileSync(resultsPath, JSON.stringify({ date: new Date().toISOString(), machine: '2 cores shared with other helpers (see load_1m)', sizes: results }, null, 2));
