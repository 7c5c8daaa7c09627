/**
 * Ingestion benchmarks (issue 2): events/s through POST /v1/events in batches of
 * 100 and one by one (durable before the response), p99 latency at half those
 * rates, time from acknowledgement to being counted in KPIs, and server memory.
 */
import autocannon from 'autocannon';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tempDir } from '../test/helpers/temp.js';
import { rssMb, startServerProcess } from './lib/server-process.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const tmp = tempDir('roilens-bench-');
const server = await startServerProcess(`${tmp.dir}/bench.duckdb`);
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(server.child.pid!))), 200);

let counter = 0;
const ts = new Date(Date.now() - 3600_000).toISOString();
const batchBody = (size: number) => {
  const events: string[] = [];
  for (let i = 0; i < size; i++) {
    const n = counter++;
    events.push(`{"id":"b${n}","type":"page_view","ts":"${ts}","anonymous_id":"a${n % 50000}","session_id":"s${n % 80000}","url":"https://shop.example/p/${n % 300}?utm_source=google&utm_medium=cpc","utm":{"source":"google","medium":"cpc","campaign":"c${n % 7}"}}`);
  }
  return `{"events":[${events.join(',')}]}`;
};

async function load(size: number, opts: { connections: number; overallRate?: number }) {
  const result = await autocannon({
    url: `${server.url}/v1/events`,
    method: 'POST',
    connections: opts.connections,
    duration: seconds,
    ...(opts.overallRate ? { overallRate: opts.overallRate } : {}),
    headers: { authorization: 'Bearer wk', 'content-type': 'application/json' },
    requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, body: batchBody(size) }) }],
  });
  return {
    requests_per_s: result.requests.average,
    events_per_s: result.requests.average * size,
    non_2xx: result.non2xx,
    errors: result.errors,
    latency_ms: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
  };
}

const batches = await load(100, { connections: 32 });
const singles = await load(1, { connections: 64 });
const batchesHalf = await load(100, { connections: 16, overallRate: Math.max(1, Math.round(batches.requests_per_s / 2)) });
const singlesHalf = await load(1, { connections: 32, overallRate: Math.max(1, Math.round(singles.requests_per_s / 2)) });

// Acknowledged → counted in /v1/kpis, under a background load of batches.
const visibility: number[] = [];
const background = autocannon({
  url: `${server.url}/v1/events`, method: 'POST', connections: 4, duration: 25, overallRate: 50,
  headers: { authorization: 'Bearer wk', 'content-type': 'application/json' },
  requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, body: batchBody(100) }) }],
});
const today = new Date().toISOString().slice(0, 10);
for (let i = 0; i < 20; i++) {
  const started = performance.now();
  const res = await fetch(`${server.url}/v1/events`, {
    method: 'POST', headers: { authorization: 'Bearer wk', 'content-type': 'application/json' },
    body: JSON.stringify({ events: [{ id: `vis-${i}`, type: 'conversion', ts: new Date().toISOString(), anonymous_id: `vis-${i}`, order_id: `vis-${i}`, revenue: { amount: '1.00', currency: 'EUR' } }] }),
  });
  if (!res.ok) throw new Error(`post failed ${res.status}`);
  for (;;) {
    const kpis = await (await fetch(`${server.url}/v1/kpis?from=${today}&to=${today}&metrics=conversions&compare=none`, { headers: { authorization: 'Bearer adm' } })).json();
    if (kpis.totals.conversions >= i + 1) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  visibility.push(performance.now() - started);
}
await background;
clearInterval(sampler);
await server.stop();
visibility.sort((a, b) => a - b);

const results = {
  date: new Date().toISOString(),
  machine: '2 cores (load generator on the same machine, loopback)',
  seconds_per_run: seconds,
  batches_of_100: { ...batches, target_events_per_s: 60_000 },
  single_events: { ...singles, target_requests_per_s: 10_000 },
  half_rate_batches: { ...batchesHalf, target_p99_ms: 25 },
  half_rate_singles: { ...singlesHalf, target_p99_ms: 25 },
  ack_to_kpi_ms: { p50: visibility[10], p95: visibility[18], max: visibility[19], target_p95_ms: 2000 },
  server_peak_rss_mb: Math.round(peakRss),
  target_rss_mb: 500,
};
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/ingest.json', JSON.stringify(results, null, 2));
console.log(JSON.stringify(results, null, 2));
tmp.cleanup();
process.exit(0);
