/**
 * The KPI query "every metric by channel and by day for 90 days" over a generated world of
 * KPI_BENCH_EVENTS events (default 1M; 10M and 100M on request), on DuckDB (embedded), on
 * ClickHouse 18.16 (the single server of scale-out mode) and optionally on the current ClickHouse
 * (chDB shim), each beside its floor: a plain GROUP BY over the same event rows (count, distinct
 * visitors and revenue per channel or per UTC day) on the same engine in the same run (issue 14).
 *
 * The worlds are generated inside each engine with SQL (bench/lib/synthetic-world.ts): the same
 * rows on every engine, kept in ROILENS_BENCH_DATA (default ../bench-data) and in roilens_bench_*
 * databases and reused while they hold the expected rows; generation time (and DuckDB's CPU time)
 * and the machine's load are recorded when a run generates.
 *
 * What is timed is the store's `kpiFacts`, the whole fact query behind GET /v1/kpis?by=channel|day:
 * on DuckDB the KPI rollups (their first read rebuilds them from the generated events, timed on
 * its own) and the full query from the events (`kpiFactsFromEvents`, the reference); on ClickHouse
 * the events half of the scale store. Every engine's facts must equal DuckDB's full query
 * (`same_facts`). Warm reads run KPI_BENCH_RUNS times (median reported).
 *
 * Env: KPI_BENCH_EVENTS (1000000; e.g. 10000000,100000000), KPI_BENCH_ENGINES
 * (duckdb,clickhouse; also clickhouse-current), KPI_BENCH_RUNS (3), KPI_BENCH_GENERATE_ONLY=1,
 * KPI_BENCH_BY (channel,day), KPI_BENCH_DUCKDB_MEMORY (1GB, the server's default), KPI_BENCH_ROLLUPS_MAX (events up to which
 * DuckDB's rollups are rebuilt and read: 10000000), KPI_BENCH_FULL_MAX (events up to which DuckDB's
 * full query runs: 100000000), KPI_BENCH_CH_TIMEOUT_S (a ClickHouse KPI query's cap: 300, also
 * fetch's own limit).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { KpiDimension, KpiFacts, KpiQuery } from '../src/metrics/kpi-query.js';
import { ClickHouseClient } from '../src/store/clickhouse/clickhouse-client.js';
import { DuckDbStore } from '../src/store/duckdb/duckdb-store.js';
import { readEngines } from '../test/engines/engines.js';
import { benchWorkspace, clickhouseWorld, duckdbWorld, sizeLabel, worldVersion } from './lib/bench-worlds.js';
import { worldEnd, worldStart } from './lib/synthetic-world.js';

const sizes = (process.env.KPI_BENCH_EVENTS ?? '1000000').split(',').map(Number);
const engines = (process.env.KPI_BENCH_ENGINES ?? 'duckdb,clickhouse').split(',');
const warmRuns = Number(process.env.KPI_BENCH_RUNS ?? 3);
const duckdbMemory = process.env.KPI_BENCH_DUCKDB_MEMORY ?? '1GB';
const rollupsMax = Number(process.env.KPI_BENCH_ROLLUPS_MAX ?? 10_000_000);
const fullMax = Number(process.env.KPI_BENCH_FULL_MAX ?? 100_000_000);
const chTimeoutS = Number(process.env.KPI_BENCH_CH_TIMEOUT_S ?? 300);
// The ClickHouse client's timeout for the KPI reads (generation does not use it). Node's fetch also
// gives up on an answer whose headers take more than 300 s, which ClickHouse sends at the end.
process.env.ROILENS_CLICKHOUSE_TIMEOUT_MS = String(chTimeoutS * 1000);
const dataDir = process.env.ROILENS_BENCH_DATA ?? join(process.cwd(), '..', 'bench-data');
const dims = (process.env.KPI_BENCH_BY ?? 'channel,day').split(',') as KpiDimension[];
const query = (by: KpiDimension): KpiQuery => ({ by, from: worldStart, to: worldEnd, lookbackDays: 30 });
const generateOnly = process.env.KPI_BENCH_GENERATE_ONLY === '1';
const resultsPath = 'bench/results/kpi-100m.json';
const startMs = Date.parse(`${worldStart}T00:00:00Z`);
const endMs = Date.parse(`${worldEnd}T00:00:00Z`) + 86_400_000;

const load = () => Math.round(loadavg()[0] * 100) / 100;
const log = (msg: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Timing {
  /** The first read (DuckDB's rollups: with their rebuild). */
  first_ms: number;
  warm_ms: number[];
  median_ms: number;
  load_1m: number[];
}

/** `runs` + 1 reads of `run`: the first on its own, the median of the rest. */
async function timed<T>(label: string, runs: number, run: () => Promise<T>): Promise<{ timing: Timing; value: T }> {
  const ms: number[] = [];
  const loads: number[] = [];
  let value!: T;
  for (let i = 0; i <= runs; i++) {
    loads.push(load());
    const t = performance.now();
    value = await run();
    ms.push(Math.round(performance.now() - t));
    log(`  ${label}: ${ms.at(-1)} ms (load ${loads.at(-1)})`);
  }
  const [first, ...warm] = ms;
  return { value, timing: { first_ms: first, warm_ms: warm, median_ms: warm.length ? median(warm) : first, load_1m: loads } };
}

/** Facts with rows in key order (no engine sorts them). */
const canonical = (f: KpiFacts) => JSON.stringify({
  ...f, rows: [...f.rows].sort((x, y) => x.key.localeCompare(y.key)), channels: [...(f.channels ?? [])].sort((x, y) => x.key.localeCompare(y.key)),
});

/** The floor on DuckDB: one plain GROUP BY over the range's event rows. */
async function duckdbFloor(path: string, by: KpiDimension): Promise<Timing> {
  const instance = await DuckDBInstance.create(path, { memory_limit: duckdbMemory });
  const conn = await instance.connect();
  const key = by === 'channel' ? 'channel' : 'ts::DATE';
  const sql = `SELECT ${key} AS k, count(*), count(DISTINCT anonymous_id), sum(revenue_amount) FROM events
    WHERE workspace_id = '${benchWorkspace}' AND ts >= epoch_ms(${startMs}) AND ts < epoch_ms(${endMs}) GROUP BY 1`;
  const { timing } = await timed(`floor by ${by}`, warmRuns, () => conn.runAndReadAll(sql));
  conn.closeSync();
  instance.closeSync();
  return timing;
}

/** The floor on ClickHouse: the same plain GROUP BY (exact distinct visitors). */
async function clickhouseFloor(url: string, database: string, by: KpiDimension): Promise<Timing> {
  const client = new ClickHouseClient(url);
  const key = by === 'channel' ? 'channel' : 'toDate(intDiv(ts, 1000))';
  const sql = `SELECT ${key} AS k, count() AS n, uniqExact(anonymous_id) AS v, sum(revenue_amount) AS r FROM ${database}.events
    WHERE workspace_id = '${benchWorkspace}' AND ts >= ${startMs} AND ts < ${endMs} GROUP BY k`;
  return (await timed(`floor by ${by}`, warmRuns, () => client.query(sql))).timing;
}

const ratio = (a: Timing | undefined, floor: Timing) => (a ? +(a.median_ms / floor.median_ms).toFixed(2) : null);

/** The entries of an engine this run measured. */
const engineKeys = engines.map((e) => e.replace('-', '_'));
const previous = existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, 'utf8')) : {};
// Sizes measured before on the same world are kept; figures of another world version are dropped.
const results: Record<string, Record<string, unknown>> = previous.world === worldVersion ? previous.sizes ?? {} : {};

for (const events of sizes) {
  const label = sizeLabel(events);
  const entry: Record<string, unknown> = { ...(results[label] ?? {}), events };
  let reference: Partial<Record<KpiDimension, KpiFacts>> = {};
  if (engines.includes('duckdb')) {
    const world = await duckdbWorld(dataDir, events);
    log(`duckdb ${label}: ${world.path}${world.generated ? ` generated in ${world.generation?.wall_ms} ms` : ''}`);
    const out: Record<string, unknown> = { memory_limit: duckdbMemory, generation: world.generation, generated_in_this_run: world.generated };
    if (!generateOnly) {
      const store = await DuckDbStore.open(world.path, { memoryLimit: duckdbMemory });
      const reads: Record<string, Record<string, unknown>> = {};
      const rollups: Partial<Record<KpiDimension, KpiFacts>> = {};
      for (const by of dims) {
        reads[by] = {};
        if (events <= fullMax) {
          const full = await timed(`full query by ${by}`, events > 10_000_000 ? 0 : warmRuns, () => store.kpiFactsFromEvents(benchWorkspace, query(by)));
          reads[by].full_query = full.timing;
          reference[by] = full.value;
        }
        if (events <= rollupsMax) {
          const r = await timed(`rollups by ${by}`, warmRuns, () => store.kpiFacts(benchWorkspace, query(by)));
          reads[by].rollups = r.timing;
          rollups[by] = r.value;
          if (reference[by]) reads[by].rollups_same_as_full_query = canonical(r.value) === canonical(reference[by]!);
        }
      }
      await store.close();
      for (const by of dims) {
        const floor = await duckdbFloor(world.path, by);
        reads[by].floor = floor;
        reads[by].full_to_floor = ratio(reads[by].full_query as Timing | undefined, floor);
        reads[by].rollups_to_floor = ratio(reads[by].rollups as Timing | undefined, floor);
      }
      Object.assign(out, reads);
      if (!reference.channel && rollups.channel) reference = rollups;
    }
    entry.duckdb = out;
  }
  const chTargets = [
    ...(engines.includes('clickhouse') ? [['clickhouse', readEngines().clickhouse.single.url] as const] : []),
    ...(engines.includes('clickhouse-current') ? [['clickhouse_current', readEngines().clickhouse.current.url] as const] : []),
  ];
  for (const [name, url] of chTargets) {
    const world = await clickhouseWorld(url, events);
    log(`${name} ${label}: ${world.database}, ${world.parts} parts${world.generated ? `, generated in ${world.generation?.wall_ms} ms` : ''}`);
    const out: Record<string, unknown> = { url, database: world.database, parts: world.parts, generation: world.generation, generated_in_this_run: world.generated };
    if (!generateOnly) {
      for (const by of dims) {
        const read: Record<string, unknown> = {};
        try {
          const r = await timed(`${name} by ${by}`, events > 10_000_000 ? 0 : warmRuns, () => world.store.kpiFacts(benchWorkspace, 'EUR', query(by)));
          read.kpi = r.timing;
          if (reference[by]) read.same_facts = canonical(r.value) === canonical(reference[by]!);
        } catch (err) {
          read.kpi = { error: (err as Error).message.split('\n')[0].slice(0, 300), cap_s: chTimeoutS };
          log(`  ${name} by ${by}: ${(read.kpi as { error: string }).error}`);
        }
        read.floor = await clickhouseFloor(url, world.database, by);
        read.kpi_to_floor = ratio((read.kpi as Timing).median_ms ? (read.kpi as Timing) : undefined, read.floor as Timing);
        out[by] = read;
      }
    }
    entry[name] = out;
  }
  if (reference.channel) entry.totals = reference.channel.totals;
  results[label] = entry;
}

const pick = (e: Record<string, unknown>, path: string[]): number | null => {
  let v: unknown = e;
  for (const p of path) v = (v as Record<string, unknown> | undefined)?.[p];
  return typeof v === 'number' ? v : null;
};
// Another run (another size or engine) may have written meanwhile: keep what it measured and this run did not.
const now = existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, 'utf8')) : {};
if (now.world === worldVersion) {
  for (const [label, entry] of Object.entries(now.sizes as Record<string, Record<string, unknown>>)) {
    const mine = sizes.some((e) => sizeLabel(e) === label) ? results[label] : undefined;
    const merged: Record<string, unknown> = { ...entry };
    for (const [k, v] of Object.entries(mine ?? {})) {
      if (engineKeys.includes(k)) merged[k] = { ...(entry[k] as object | undefined), ...(v as object) };
      else if (k === 'events' || k === 'totals') merged[k] = v;
    }
    results[label] = merged;
  }
}
const sideBySide = Object.values(results).flatMap((e) =>
  (['channel', 'day'] as const).map((by) => ({
    events: e.events,
    by,
    duckdb_rollups_ms: pick(e, ['duckdb', by, 'rollups', 'median_ms']),
    duckdb_full_query_ms: pick(e, ['duckdb', by, 'full_query', 'median_ms']),
    duckdb_floor_ms: pick(e, ['duckdb', by, 'floor', 'median_ms']),
    clickhouse_ms: pick(e, ['clickhouse', by, 'kpi', 'median_ms']),
    clickhouse_floor_ms: pick(e, ['clickhouse', by, 'floor', 'median_ms']),
    clickhouse_current_ms: pick(e, ['clickhouse_current', by, 'kpi', 'median_ms']),
    clickhouse_current_floor_ms: pick(e, ['clickhouse_current', by, 'floor', 'median_ms']),
    target_ms: Number(e.events) >= 100_000_000 ? 1000 : Number(e.events) >= 10_000_000 ? 300 : null,
  })),
);
const out = {
  date: new Date().toISOString(),
  world: worldVersion,
  machine: '2 cores shared with other helpers\' builds and tests (see load_1m: the 1-minute load average at each read)',
  generation_target_ms: 15 * 60 * 1000,
  side_by_side: sideBySide,
  sizes: results,
};
mkdirSync('bench/results', { recursive: true });
writeFileSync(resultsPath, JSON.stringify(out, null, 2));
console.log(JSON.stringify(sideBySide, null, 2));
