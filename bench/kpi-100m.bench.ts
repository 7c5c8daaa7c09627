/**
 * The KPI query "every metric by channel and by day for 90 days" over 10M and
 * 100M events, on DuckDB (embedded) and on ClickHouse (the single server of
 * scale-out mode), side by side (issue 7). The worlds are generated inside each
 * engine with SQL (bench/lib/synthetic-world.ts) and kept in ROILENS_BENCH_DATA
 * (default ../bench-data) and in roilens_bench_* databases for the next run.
 *
 * What is timed is the store's `kpiFacts`, the whole fact query behind
 * GET /v1/kpis?by=channel|day (on ClickHouse the events half of the scale store,
 * which the scale store calls after reading the workspace currency from PostgreSQL).
 * Both engines must return identical facts (`same_facts`). Each query runs once cold (first after opening)
 * and KPI_BENCH_RUNS times warm (median reported), with the machine's load.
 *
 * Env: KPI_BENCH_EVENTS (default 10000000,100000000), KPI_BENCH_ENGINES
 * (duckdb,clickhouse), KPI_BENCH_RUNS (3), KPI_BENCH_GENERATE_ONLY=1 (prepare the worlds only), KPI_BENCH_DUCKDB_MEMORY (1GB, the server's default).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { KpiDimension, KpiFacts, KpiQuery } from '../src/metrics/kpi-query.js';
import { DuckDbStore } from '../src/store/duckdb/duckdb-store.js';
import { readEngines } from '../test/engines/engines.js';
import { benchWorkspace, clickhouseWorld, duckdbWorld, sizeLabel } from './lib/bench-worlds.js';
import { worldEnd, worldStart } from './lib/synthetic-world.js';

const sizes = (process.env.KPI_BENCH_EVENTS ?? '10000000,100000000').split(',').map(Number);
const engines = (process.env.KPI_BENCH_ENGINES ?? 'duckdb,clickhouse').split(',');
const warmRuns = Number(process.env.KPI_BENCH_RUNS ?? 3);
const duckdbMemory = process.env.KPI_BENCH_DUCKDB_MEMORY ?? '1GB';
const dataDir = process.env.ROILENS_BENCH_DATA ?? join(process.cwd(), '..', 'bench-data');
const dims: KpiDimension[] = ['channel', 'day'];
const query = (by: KpiDimension): KpiQuery => ({ by, from: worldStart, to: worldEnd, lookbackDays: 30 });
const generateOnly = process.env.KPI_BENCH_GENERATE_ONLY === '1';
const resultsPath = 'bench/results/kpi-100m.json';

interface Timing {
  cold_ms: number;
  warm_ms: number[];
  median_ms: number;
  rows: number;
  load_1m: number[];
  peak_rss_mb?: number;
}

/** Both engines' facts, rows in key order (neither engine sorts them). */
const sameFacts = (a?: KpiFacts, b?: KpiFacts) => {
  const canonical = (f: KpiFacts) => JSON.stringify({ ...f, rows: [...f.rows].sort((x, y) => x.key.localeCompare(y.key)) });
  return a !== undefined && b !== undefined && canonical(a) === canonical(b);
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Peak RSS of this process (DuckDB runs inside it) since the last reset. */
const peakRss = {
  reset: () => writeFileSync('/proc/self/clear_refs', '5'),
  mb: () => Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024),
};

async function time(run: (q: KpiQuery) => Promise<KpiFacts>, by: KpiDimension, rss: boolean): Promise<{ timing: Timing; facts: KpiFacts }> {
  const ms: number[] = [];
  const load: number[] = [];
  let facts!: KpiFacts;
  if (rss) peakRss.reset();
  for (let i = 0; i <= warmRuns; i++) {
    load.push(Math.round(loadavg()[0] * 100) / 100);
    const t = performance.now();
    facts = await run(query(by));
    ms.push(Math.round(performance.now() - t));
    console.log(`  by ${by}: ${ms.at(-1)} ms (load ${load.at(-1)})`);
  }
  const [cold, ...warm] = ms;
  return { facts, timing: { cold_ms: cold, warm_ms: warm, median_ms: median(warm), rows: facts.rows.length, load_1m: load, ...(rss ? { peak_rss_mb: peakRss.mb() } : {}) } };
}

const previous = existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, 'utf8')) : {};
const results: Record<string, Record<string, unknown>> = previous.sizes ?? {};

for (const events of sizes) {
  const label = sizeLabel(events);
  const entry: Record<string, unknown> = { ...(results[label] ?? {}), events };
  const facts: Record<string, Record<string, KpiFacts>> = {};
  if (engines.includes('duckdb')) {
    const world = await duckdbWorld(dataDir, events);
    console.log(`duckdb ${label}: ${world.path}${world.generatedMs ? ` generated in ${world.generatedMs} ms` : ''}`);
  }
  if (engines.includes('duckdb') && !generateOnly) {
    const world = await duckdbWorld(dataDir, events);
    const store = await DuckDbStore.open(world.path, { memoryLimit: duckdbMemory });
    const out: Record<string, unknown> = { memory_limit: duckdbMemory, ...(world.generatedMs ? { generated_ms: world.generatedMs } : {}) };
    facts.duckdb = {};
    for (const by of dims) {
      const r = await time((q) => store.kpiFacts(benchWorkspace, q), by, true);
      out[by] = r.timing;
      facts.duckdb[by] = r.facts;
    }
    await store.close();
    entry.duckdb = out;
  }
  if (engines.includes('clickhouse')) {
    const world = await clickhouseWorld(readEngines().clickhouse.single.url, events);
    console.log(`clickhouse ${label}: ${world.database}, ${world.parts} parts${world.generatedMs ? `, generated in ${world.generatedMs} ms` : ''}`);
  }
  if (engines.includes('clickhouse') && !generateOnly) {
    const world = await clickhouseWorld(readEngines().clickhouse.single.url, events);
    const out: Record<string, unknown> = { database: world.database, parts: world.parts, ...(world.generatedMs ? { generated_ms: world.generatedMs } : {}) };
    facts.clickhouse = {};
    for (const by of dims) {
      try {
        const r = await time((q) => world.store.kpiFacts(benchWorkspace, 'EUR', q), by, false);
        out[by] = r.timing;
        facts.clickhouse[by] = r.facts;
      } catch (err) {
        out[by] = { error: (err as Error).message.split('\n')[0].slice(0, 300) };
        console.log(`  by ${by}: ${(out[by] as { error: string }).error}`);
      }
    }
    entry.clickhouse = out;
  }
  if (facts.duckdb && facts.clickhouse) {
    entry.same_facts = Object.fromEntries(dims.map((by) => [by, sameFacts(facts.duckdb[by], facts.clickhouse[by])]));
  }
  const totals = (facts.duckdb ?? facts.clickhouse)?.channel?.totals;
  if (totals) entry.totals = totals;
  if (!generateOnly) results[label] = entry;
}

const sideBySide = Object.values(results).flatMap((e) =>
  dims.map((by) => ({
    events: e.events,
    by,
    duckdb_median_ms: (e.duckdb as Record<string, Timing> | undefined)?.[by]?.median_ms ?? null,
    clickhouse_median_ms: (e.clickhouse as Record<string, Timing> | undefined)?.[by]?.median_ms ?? null,
    target_ms: 1000,
  })),
);
const out = { date: new Date().toISOString(), machine: '2 cores, shared with other test runs (see load_1m)', side_by_side: sideBySide, sizes: results };
mkdirSync('bench/results', { recursive: true });
writeFileSync(resultsPath, JSON.stringify(out, null, 2));
console.log(JSON.stringify(sideBySide, null, 2));
