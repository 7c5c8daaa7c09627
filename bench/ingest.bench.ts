/**
 * Ingestion benchmarks (issues 2 and 14): events/s through POST /v1/events in batches of 100 and
 * one by one (durable before the response), p99 latency at half those rates, time from
 * acknowledgement to being counted in KPIs, and server memory while ingesting and serving pages.
 *
 * The floor is measured in the same run, in turn with roilens (floor, roilens, floor, roilens):
 * a minimal Fastify server that parses each batch, appends it to a file and shares fsyncs
 * (`lib/floor-ingest-server.ts`). Batches are compared as the ratio of the means.
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { tempDir } from '../test/helpers/temp.js';
import { freePort, rssMb, startServerProcess } from './lib/server-process.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const tmp = tempDir('roilens-bench-');
const loads: number[] = [];
const sampleLoad = () => loads.push(loadavg()[0]);

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

/** Peak resident memory of a process while `during` runs. */
async function peakRss<T>(pid: number, during: Promise<T>): Promise<{ result: T; peak_rss_mb: number }> {
  let peak = rssMb(pid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 200);
  try {
    return { result: await during, peak_rss_mb: Math.round(peak) };
  } finally {
    clearInterval(sampler);
  }
}

async function load(url: string, size: number, opts: { connections: number; overallRate?: number }) {
  sampleLoad();
  const result = await autocannon({
    url: `${url}/v1/events`,
    method: 'POST',
    connections: opts.connections,
    duration: seconds,
    ...(opts.overallRate ? { overallRate: opts.overallRate } : {}),
    headers: { authorization: 'Bearer wk', 'content-type': 'application/json' },
    requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, body: batchBody(size) }) }],
  });
  sampleLoad();
  return {
    requests_per_s: result.requests.average,
    events_per_s: Math.round(result.requests.average * size),
    non_2xx: result.non2xx,
    errors: result.errors,
    latency_ms: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
  };
}

async function startFloor(): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./lib/floor-ingest-server.ts', import.meta.url).pathname, String(port), `${tmp.dir}/floor-${port}.jsonl`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`floor server exited ${code}`)));
  });
  const stop = () => new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, stop };
}

const mean = (xs: number[]) => Math.round(xs.reduce((s, x) => s + x, 0) / xs.length);

// Batches of 100 at full speed, the floor and roilens in turn (each on a fresh file).
const floorRuns: Awaited<ReturnType<typeof load>>[] = [];
const roilensRuns: Awaited<ReturnType<typeof load>>[] = [];
let floorRss = 0;
let ingestRss = 0;
for (let round = 0; round < 2; round++) {
  const floor = await startFloor();
  const f = await peakRss(floor.pid, load(floor.url, 100, { connections: 32 }));
  floorRuns.push(f.result);
  floorRss = Math.max(floorRss, f.peak_rss_mb);
  await floor.stop();
  const server = await startServerProcess(`${tmp.dir}/bench-${round}.duckdb`);
  const r = await peakRss(server.child.pid!, load(server.url, 100, { connections: 32 }));
  roilensRuns.push(r.result);
  ingestRss = Math.max(ingestRss, r.peak_rss_mb);
  await server.stop();
}
const floorRate = mean(floorRuns.map((r) => r.events_per_s));
const batchRate = mean(roilensRuns.map((r) => r.events_per_s));

// On one server: single events, then half rates while the dashboard's pages are read, then visibility.
const server = await startServerProcess(`${tmp.dir}/bench.duckdb`);
const singles = await load(server.url, 1, { connections: 64 });
const today = new Date().toISOString().slice(0, 10);
const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
const pages = [
  `/v1/kpis?by=channel&from=${monthAgo}&to=${today}&compare=none`,
  `/v1/kpis?by=day&from=${monthAgo}&to=${today}&compare=none`,
  `/v1/attribution/compare?from=${monthAgo}&to=${today}&models=first,last,linear`,
  `/v1/attribution/paths?from=${monthAgo}&to=${today}`,
];
let pagesRead = 0;
let pagesFailed = 0;
let reading = true;
const reader = (async () => {
  while (reading) {
    for (const page of pages) {
      const res = await fetch(`${server.url}${page}`, { headers: { authorization: 'Bearer adm', 'cache-control': 'no-cache' } });
      await res.arrayBuffer();
      if (res.ok) pagesRead++;
      else pagesFailed++;
    }
  }
})();
const half = await peakRss(server.child.pid!, load(server.url, 100, { connections: 16, overallRate: Math.max(1, Math.round(batchRate / 200)) }));
reading = false;
await reader;
const singlesHalf = await load(server.url, 1, { connections: 32, overallRate: Math.max(1, Math.round(singles.requests_per_s / 2)) });

// Acknowledged → counted in /v1/kpis, under a background load of batches.
const visibility: number[] = [];
const background = autocannon({
  url: `${server.url}/v1/events`, method: 'POST', connections: 4, duration: 25, overallRate: 50,
  headers: { authorization: 'Bearer wk', 'content-type': 'application/json' },
  requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, body: batchBody(100) }) }],
});
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
await server.stop();
visibility.sort((a, b) => a - b);

const cpu = readFileSync('/proc/cpuinfo', 'utf8').split('\n').filter((l) => l.startsWith('processor')).length;
const results = {
  date: new Date().toISOString(),
  machine: `${cpu} cores shared with other sessions; load generator on the same machine (loopback); servers from source through tsx`,
  load_average_1m: { min: Math.min(...loads), max: Math.max(...loads) },
  seconds_per_run: seconds,
  floor: {
    what: 'minimal Fastify server: parse the batch, append it to a file, group-commit fdatasync (bench/lib/floor-ingest-server.ts)',
    runs: floorRuns,
    events_per_s: floorRate,
    peak_rss_mb: floorRss,
  },
  batches_of_100: {
    runs: roilensRuns,
    events_per_s: batchRate,
    ratio_to_floor: +(batchRate / floorRate).toFixed(3),
    target_ratio_to_floor: 0.4,
    peak_rss_mb: ingestRss,
  },
  half_rate_batches_while_serving_pages: {
    ...half.result,
    target_p99_ms: 50,
    pages: { read: pagesRead, failed: pagesFailed, endpoints: pages.map((p) => p.split('?')[0]) },
    peak_rss_mb: half.peak_rss_mb,
    target_rss_mb: 300,
  },
  single_events: singles,
  half_rate_singles: singlesHalf,
  ack_to_kpi_ms: { p50: visibility[10], p95: visibility[18], max: visibility[19], target_p95_ms: 1000 },
};
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/ingest.json', JSON.stringify(results, null, 2));
console.log(JSON.stringify(results, null, 2));
tmp.cleanup();
process.exit(0);
