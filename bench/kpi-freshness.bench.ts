/**
 * Acknowledged → visible in the KPIs (issue 14), embedded: a running server (`roilens start`, its
 * own process) takes batches of 100 events at a steady background rate; every 500 ms one batch
 * carries a marker sale, and from its acknowledgement `/v1/kpis` is polled (`Cache-Control:
 * no-cache`, so the answer cache is skipped) every 20 ms until the sale is counted. The rollups
 * are refreshed in the background after inserts (and by a read that finds something dirty).
 * The wait is split by the read's `Server-Timing` parts: `drain` (the spool's events reaching the
 * store), `refresh` (bringing the rollups up to date, or waiting for the refresh under way) and
 * `query` (the rest of the read: the KPI query and its settings); `earlier_polls` is the time spent
 * in polls that did not see the sale yet, `transport` the HTTP round trip outside the handler.
 * Writes bench/results/kpi-freshness.json with the machine's load. Target: p95 < 1 s.
 * `BENCH_STORE=scale`: the same on the scale store (NATS → writer → ClickHouse, `lib/scale-server.ts`;
 * engines from scripts/engines.sh), written to bench/results/kpi-freshness-scale.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseServerTiming } from '../src/shared/server-timing.js';
import { tempDir } from '../test/helpers/temp.js';
import { startScaleServer } from './lib/scale-server.js';
import { startServerProcess } from './lib/server-process.js';

const markers = Number(process.env.BENCH_MARKERS ?? 40);
const backgroundBatchesPerSecond = Number(process.env.BENCH_BATCHES_PER_S ?? 10);
const scale = process.env.BENCH_STORE === 'scale';
const tmp = tempDir('roilens-bench-freshness-');
const server = scale ? await startScaleServer() : await startServerProcess(`${tmp.dir}/fresh.duckdb`);
const write = { authorization: 'Bearer wk', 'content-type': 'application/json' };
const now = Date.now();
const today = new Date(now).toISOString().slice(0, 10);
let n = 0;
/** 100 page views of 2,000 visitors in 5,000 sessions today, `sale`: one of them a marker sale instead. */
function batch(sale?: string): string {
  const events: unknown[] = [];
  for (let i = 0; i < 100; i++) {
    const k = n++;
    const ts = new Date(now - 3_600_000 + (k % 3_000_000)).toISOString();
    events.push(sale && i === 0
      ? { id: sale, type: 'conversion', ts: new Date().toISOString(), anonymous_id: `a${k % 2000}`, order_id: sale, revenue: { amount: '1.00', currency: 'EUR' } }
      : { id: `b${k}`, type: 'page_view', ts, anonymous_id: `a${k % 2000}`, session_id: `s${k % 5000}`, url: `https://shop.example/p/${k % 50}`, utm: { source: 'google', medium: 'cpc', campaign: `c${k % 7}` } });
  }
  return JSON.stringify({ events });
}
const post = async (body: string) => {
  const res = await fetch(`${server.url}/v1/events`, { method: 'POST', headers: write, body });
  if (!res.ok) throw new Error(`POST /v1/events: ${res.status}`);
};
/** The conversions counted, and the read's parts (`Server-Timing`) with its whole round trip as `round_trip`. */
const conversions = async (): Promise<{ count: number; parts: Record<string, number> }> => {
  const start = performance.now();
  const res = await fetch(`${server.url}/v1/kpis?from=${today}&to=${today}&metrics=conversions&compare=none&by=total`, { headers: { authorization: 'Bearer adm', 'cache-control': 'no-cache' } });
  const count = Number((await res.json()).totals.conversions);
  return { count, parts: { ...parseServerTiming(res.headers.get('server-timing')), round_trip: performance.now() - start } };
};

// A world to start from, and the rollups built by a first read.
for (let i = 0; i < 50; i++) await post(batch());
await conversions();

const load = [loadavg()[0]];
let running = true;
let sent = 0;
const backgroundLoad = (async () => {
  const every = 1000 / backgroundBatchesPerSecond;
  const start = performance.now();
  while (running) {
    await post(batch());
    sent++;
    const wait = start + sent * every - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
})();

const visible: number[] = [];
const split: Record<'drain' | 'refresh' | 'query' | 'transport' | 'earlier_polls', number[]> = { drain: [], refresh: [], query: [], transport: [], earlier_polls: [] };
let polls = 0;
for (let m = 0; m < markers; m++) {
  await new Promise((r) => setTimeout(r, 500));
  await post(batch(`sale-${m}`));
  const acked = performance.now();
  let read = await conversions();
  while (read.count < m + 1) {
    polls++;
    await new Promise((r) => setTimeout(r, 20));
    read = await conversions();
  }
  const waited = performance.now() - acked;
  visible.push(waited);
  const { drain = 0, refresh = 0, total = 0, round_trip: roundTrip } = read.parts;
  split.drain.push(drain);
  split.refresh.push(refresh);
  split.query.push(total - drain - refresh);
  split.transport.push(roundTrip - total);
  split.earlier_polls.push(waited - roundTrip);
  load.push(loadavg()[0]);
}
running = false;
await backgroundLoad;
await server.stop();
tmp.cleanup();

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
};
const at = (q: number) => quantile(visible, q);
const summary = (values: number[]) => ({ p50: quantile(values, 0.5), p95: quantile(values, 0.95), max: quantile(values, 1) });
const results = {
  date: new Date().toISOString(),
  machine: { cores: cpus().length, load_1m_during: { min: Math.min(...load), max: Math.max(...load) } },
  store: scale ? 'scale (NATS JetStream → writer → ClickHouse single, PostgreSQL), node and writer in their own processes, loopback' : 'embedded (DuckDB), server in its own process, loopback',
  load: { batch_events: 100, background_batches_per_s: backgroundBatchesPerSecond, background_batches_sent: sent, markers, poll_every_ms: 20, kpi_polls_not_yet_visible: polls },
  ack_to_visible_ms: { p50: at(0.5), p95: at(0.95), max: at(1), target_p95_ms: 1000 },
  // Each part's quantiles over the markers (they need not add up quantile by quantile).
  split_ms: Object.fromEntries(Object.entries(split).map(([part, values]) => [part, summary(values)])),
  target_met: at(0.95) < 1000,
};
mkdirSync('bench/results', { recursive: true });
writeFileSync(`bench/results/kpi-freshness${scale ? '-scale' : ''}.json`, `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));
process.exit(0);
