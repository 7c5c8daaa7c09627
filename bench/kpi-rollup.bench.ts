/**
 * KPIs from the kept-up rollups (issue 14): KPI facts by channel and by day over the demo world's
 * 90 days, on the demo world (about 1M events) and replicated ten times (10M), each beside the
 * full query from the raw events and beside the floor, a plain GROUP BY over the same event rows
 * (count, distinct visitors and revenue per channel or per UTC day), measured in the same run.
 * Also what keeping the rollups costs ingest: batches of 100 events inserted without the rollups,
 * with them (their anonymous ids marked dirty in the insert's transaction), and with a refresh
 * after every 10 batches (as a reader polling every 1,000 events would cause).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdirSync, writeFileSync } from 'node:fs';
import { demoDefaults, generateDemoWorld } from '../src/demo/generate.js';
import { enrichEvent } from '../src/ingest/enrich.js';
import { defaultChannelRules } from '../src/tracking/channel-rules.js';
import { loadWorld } from '../src/demo/load-world.js';
import type { StoredEvent } from '../src/records/events.js';
import { DuckDbDatabase } from '../src/store/duckdb/duckdb-database.js';
import { DuckDbEvents } from '../src/store/duckdb/duckdb-events.js';
import { DuckDbStore } from '../src/store/duckdb/duckdb-store.js';
import { DuckDbRollups } from '../src/store/duckdb/rollups/duckdb-rollups.js';
import { localRange } from '../src/metrics/time-zone.js';
import { openWorkspace } from '../src/server/start.js';
import { tempDir } from '../test/helpers/temp.js';

const tmp = tempDir('roilens-kpi-rollup-bench-');
const path = `${tmp.dir}/kpi.duckdb`;
// KPI_ROLLUP_VISITORS: a smaller world for a smoke run (its results go to the temporary directory).
const visitors = Number(process.env.KPI_ROLLUP_VISITORS ?? demoDefaults.visitors);
const world = generateDemoWorld({ visitors });
let store = await DuckDbStore.open(path, { memoryLimit: '1GB' });
const { workspace } = await openWorkspace(store, {});
const { events } = await loadWorld(store, workspace.id, world);
const range = { from: world.truth.start_date, to: world.truth.end_date, lookbackDays: 30 };
const spare: StoredEvent[] = world.events.slice(0, 30_000).map((e) => enrichEvent({ ...e }, defaultChannelRules));
world.events.length = 0;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function timed<T>(runs: number, fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const times: number[] = [];
  let value: T | undefined;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    value = await fn();
    times.push(performance.now() - t);
  }
  return { ms: Math.round(median(times)), value: value! };
}

/** The floor: one plain GROUP BY over the range's event rows (the store closed: one process opens the file once). */
async function floor(by: 'channel' | 'day', runs: number): Promise<number> {
  const instance = await DuckDBInstance.create(path, { memory_limit: '1GB' });
  const conn = await instance.connect();
  const { start, end } = localRange(range.from, range.to, workspace.timezone);
  const key = by === 'channel' ? 'channel' : 'ts::DATE';
  const sql = `SELECT ${key} AS k, count(*), count(DISTINCT anonymous_id), sum(revenue_amount) FROM events
    WHERE workspace_id = $ws AND ts >= $from::TIMESTAMP AND ts < $to::TIMESTAMP GROUP BY 1`;
  const params = { ws: workspace.id, from: new Date(start).toISOString().slice(0, 23).replace('T', ' '), to: new Date(end).toISOString().slice(0, 23).replace('T', ' ') };
  const { ms } = await timed(runs, () => conn.runAndReadAll(sql, params));
  conn.closeSync();
  instance.closeSync();
  return ms;
}

async function measure(label: string, fullRuns: number) {
  const built = await timed(1, () => store.kpiFacts(workspace.id, { by: null, ...range }));
  const out: Record<string, unknown> = { label, events: await store.countEvents(workspace.id), first_read_with_rebuild_ms: built.ms };
  const measured = [];
  for (const by of ['channel', 'day'] as const) {
    const rollup = await timed(5, () => store.kpiFacts(workspace.id, { by, ...range }));
    const full = await timed(fullRuns, () => store.kpiFactsFromEvents(workspace.id, { by, ...range }));
    measured.push({ by, rollup, full });
  }
  await store.close();
  for (const { by, rollup, full } of measured) {
    const floorMs = await floor(by, 5);
    // The rollups' answer also says how fresh it is (`fresh_as_of`); the figures are compared.
    const sorted = ({ fresh_as_of: _, ...f }: typeof rollup.value) =>
      JSON.stringify({ ...f, rows: [...f.rows].sort((a, b) => a.key.localeCompare(b.key)), channels: [...(f.channels ?? [])].sort((a, b) => a.key.localeCompare(b.key)) });
    const same = sorted(rollup.value) === sorted(full.value);
    if (!same) console.error(`${label} by ${by}: the rollups differ from the full query`, sorted(rollup.value).slice(0, 2000), sorted(full.value).slice(0, 2000));
    out[by] = {
      rollup_ms: rollup.ms, full_query_ms: full.ms, floor_ms: floorMs, rollup_to_floor: +(rollup.ms / floorMs).toFixed(2), full_to_floor: +(full.ms / floorMs).toFixed(2),
      rows: rollup.value.rows.length, conversions: rollup.value.totals.conversions, revenue: rollup.value.totals.revenue, unique_visitors: rollup.value.totals.unique_visitors, same_as_full_query: same,
    };
  }
  store = await DuckDbStore.open(path, { memoryLimit: '1GB' });
  return out;
}

const oneMillion = await measure('demo world', 3);

/** Events/s of `batches` batches of 100 fresh copies of the world's events (new ids, same people). */
async function ingest(tag: string, into: DuckDbEvents, batches: number, refreshEvery?: () => Promise<unknown>): Promise<{ events_per_s: number; p99_batch_ms: number }> {
  const times: number[] = [];
  const t0 = performance.now();
  for (let b = 0; b < batches; b++) {
    const batch = spare.slice(b * 100, b * 100 + 100).map((e) => ({ ...e, id: `${e.id}_${tag}` }));
    const t = performance.now();
    await into.insertEvents(workspace.id, batch);
    if (refreshEvery && b % 10 === 9) await refreshEvery();
    times.push(performance.now() - t);
  }
  const secs = (performance.now() - t0) / 1000;
  times.sort((a, b) => a - b);
  return { events_per_s: Math.round((batches * 100) / secs), p99_batch_ms: Math.round(times[Math.floor(times.length * 0.99)]) };
}
await store.close();
const db = await DuckDbDatabase.open(path, { memoryLimit: '1GB' });
const rollups = new DuckDbRollups(db);
await rollups.ensureFresh(workspace.id, workspace.timezone);
const ingestCost = {
  batch_events: 100,
  without_rollups: await ingest('plain', new DuckDbEvents(db), 100),
  marking_dirty: await ingest('marked', new DuckDbEvents(db, rollups), 100),
  marking_and_refresh_every_10_batches: await ingest('refreshed', new DuckDbEvents(db, rollups), 100, () => rollups.ensureFresh(workspace.id, workspace.timezone)),
};
await db.close();

// Replicate the world ten times (new ids, people and sessions), written around the store: the rollups see the count move and rebuild.
{
  const instance = await DuckDBInstance.create(path);
  const conn = await instance.connect();
  await conn.run(`
    INSERT INTO events
    SELECT workspace_id, id || '_r' || r, type, ts, anonymous_id || '_r' || r, user_id || '_r' || r, session_id || '_r' || r,
      name, url, referrer, utm_source, utm_medium, utm_campaign, utm_content, utm_term, click_id || '_r' || r,
      order_id || '_r' || r, revenue_amount, revenue_currency, properties, channel, landing_page, country, device
    FROM events, range(1, 10) AS copies(r) WHERE NOT id LIKE '%\\_plain' ESCAPE '\\' AND NOT id LIKE '%\\_marked' ESCAPE '\\' AND NOT id LIKE '%\\_refreshed' ESCAPE '\\'`);
  conn.closeSync();
  instance.closeSync();
}
store = await DuckDbStore.open(path, { memoryLimit: '1GB' });
const tenMillion = await measure('demo world × 10', 1);
await store.close();

const results = { date: new Date().toISOString(), demo_events: events, targets: { kpi_10m_ms: 300, kpi_100m_ms: 1000 }, kpi_1m: oneMillion, kpi_10m: tenMillion, ingest: ingestCost };
const out = visitors === demoDefaults.visitors ? 'bench/results/kpi-rollup.json' : `${tmp.dir}/kpi-rollup.json`;
mkdirSync('bench/results', { recursive: true });
writeFileSync(out, JSON.stringify(results, null, 2));
console.log(JSON.stringify(results, null, 2));
tmp.cleanup();
