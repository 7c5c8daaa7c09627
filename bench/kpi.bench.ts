/**
 * Demo-world load and KPI query benchmarks (issue 2): the default demo world
 * (about 1M events) generated and loaded into a fresh DuckDB file, then the KPI
 * facts by channel and by day for 90 days over 1M events and, replicated, 10M.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdirSync, writeFileSync } from 'node:fs';
import { generateDemoWorld } from '../src/demo/generate.js';
import { loadWorld } from '../src/demo/load-world.js';
import { DuckDbStore } from '../src/store/duckdb/duckdb-store.js';
import { openWorkspace } from '../src/server/start.js';
import { tempDir } from '../test/helpers/temp.js';

const tmp = tempDir('roilens-kpi-bench-');
const db = `${tmp.dir}/kpi.duckdb`;
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);

const started = performance.now();
const world = generateDemoWorld({});
const generatedMs = performance.now() - started;
let store = await DuckDbStore.open(db, { memoryLimit: '1GB' });
const { workspace } = await openWorkspace(store, {});
const { events } = await loadWorld(store, workspace.id, world);
const loadMs = performance.now() - started;
clearInterval(sampler);
const range = { from: world.truth.start_date, to: world.truth.end_date, lookbackDays: 30 };
world.events.length = 0;

async function timeKpis(label: string) {
  const out: Record<string, unknown> = { label };
  for (const by of ['channel', 'day', null] as const) {
    const runs: number[] = [];
    let facts;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      facts = await store.kpiFacts(workspace.id, { by, ...range });
      runs.push(performance.now() - t);
    }
    runs.sort((a, b) => a - b);
    out[by ?? 'totals'] = { median_ms: Math.round(runs[1]), rows: facts!.rows.length, conversions: facts!.totals.conversions, unique_visitors: facts!.totals.unique_visitors };
  }
  out.events = await store.countEvents(workspace.id);
  return out;
}

const oneMillion = await timeKpis('demo world');
await store.close();

// Replicate the world ten times (new ids, people and sessions) for the 10M-event measurement.
{
  const instance = await DuckDBInstance.create(db);
  const conn = await instance.connect();
  const t = performance.now();
  await conn.run(`
    INSERT INTO events
    SELECT workspace_id, id || '_r' || r, type, ts, anonymous_id || '_r' || r, user_id || '_r' || r, session_id || '_r' || r,
      name, url, referrer, utm_source, utm_medium, utm_campaign, utm_content, utm_term, click_id || '_r' || r,
      order_id || '_r' || r, revenue_amount, revenue_currency, properties, channel, landing_page, country, device
    FROM events, range(1, 10) AS copies(r)`);
  console.log(`replicated in ${Math.round(performance.now() - t)} ms`);
  conn.closeSync();
  instance.closeSync();
}
store = await DuckDbStore.open(db, { memoryLimit: '1GB' });
const tenMillion = await timeKpis('demo world × 10');
await store.close();

const results = {
  date: new Date().toISOString(),
  demo_load: { events, generate_ms: Math.round(generatedMs), generate_and_load_ms: Math.round(loadMs), target_ms: 30_000, peak_rss_mb: Math.round(peakRss / 1e6) },
  kpi_1m: oneMillion,
  kpi_10m: { ...tenMillion, target_ms: 300 },
};
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/kpi.json', JSON.stringify(results, null, 2));
console.log(JSON.stringify(results, null, 2));
tmp.cleanup();
