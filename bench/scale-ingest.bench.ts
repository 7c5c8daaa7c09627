/**
 * Scale-mode ingestion benchmark (issue 7): one ingest node (`roilens start
 * --config`) and one writer (`roilens writer --config`) on NATS JetStream,
 * PostgreSQL and the ClickHouse "single" server of scripts/engines.sh, each in a
 * fresh namespace of its own (dropped afterwards). A load generator in another
 * process POSTs batches of 100 events on loopback:
 *
 * 1. at the target rate (30,000 events/s) for BENCH_SECONDS (25): acknowledged
 *    events/s, what the writer stored meanwhile, the queue backlog, and the time
 *    from acknowledgement until an event is visible to a query (marker events
 *    among the load, sent every 200 ms, looked up by id every 50 ms);
 * 2. as fast as the node answers for BENCH_MAX_SECONDS (15): the most it
 *    acknowledges, and the writer's rate while it works off the backlog.
 *
 * Then every acknowledged event must be in ClickHouse exactly once. Writes
 * bench/results/scale-ingest.json. Rerun alone: `npm run bench -- scale-ingest`
 * (BENCH_SECONDS, BENCH_MAX_SECONDS change the phases; BENCH_CPU_PROF=DIR profiles both processes).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { ClickHouseClient } from '../src/store/clickhouse/clickhouse-client.js';
import { chValue } from '../src/store/clickhouse/sql-literal.js';
import { readEngines } from '../test/engines/engines.js';
import type { LoadReport } from './lib/event-load.js';
import { rssMb } from './lib/server-process.js';
import { startScaleServer } from './lib/scale-server.js';

const targetSeconds = Number(process.env.BENCH_SECONDS ?? 25);
const maxSeconds = Number(process.env.BENCH_MAX_SECONDS ?? 15);
const targetEventsPerSecond = 30_000;
const markerEveryMs = 200;

// BENCH_CPU_PROF=DIR: V8 CPU profiles of the node and the writer, written there when they stop.
const nodeArgs = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];

const loadBefore = loadavg();
const engines = readEngines();
const ch = new ClickHouseClient(engines.clickhouse.single.url);
// The stream exists before the node and the writer start, with the subject of this run only.
const server = await startScaleServer(nodeArgs);
const { url, run, name, queue, jsm, node, writer } = server;
try {
  const peak = { ingest: 0, writer: 0 };
  const rssSampler = setInterval(() => {
    try {
      peak.ingest = Math.max(peak.ingest, rssMb(node.child.pid!));
      peak.writer = Math.max(peak.writer, rssMb(writer.child.pid!));
    } catch {
      // a process just exited
    }
  }, 200);

  const post = (key: string, events: unknown[]) => fetch(`${url}/v1/events`, {
    method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ events }),
  });
  // One event through the whole path first: it must reach this run's stream, and then ClickHouse.
  const smoke = await post('wk', [{ id: `smoke-${run}`, type: 'page_view', ts: new Date().toISOString(), anonymous_id: 'smoke' }]);
  if (!smoke.ok) throw new Error(`smoke batch answered ${smoke.status}: ${await smoke.text()}`);
  if ((await jsm.streams.info(queue.stream)).state.last_seq < 1) throw new Error(`the node did not publish to ${queue.stream}: is ROILENS_QUEUE_SUBJECT honoured?`);
  const storedRows = async () => Number((await ch.query<{ n: string }>(`SELECT count() AS n FROM ${name}.events WHERE workspace_id = 'default'`))[0].n);
  const backlog = async () => {
    const c = await jsm.consumers.info(queue.stream, queue.durable);
    return c.num_pending + c.num_ack_pending;
  };
  const waitStored = async (rows: number, limitMs: number) => {
    const deadline = Date.now() + limitMs;
    while ((await storedRows()) < rows && Date.now() < deadline) await sleep(100);
    return storedRows();
  };
  await waitStored(1, 30_000);

  // Phase 1: the target rate, with visibility markers.
  // The primary key (workspace, id) finds the markers without reading the load's rows.
  const markers = trackMarkers(post, `marker-${run}`, async (ids) =>
    (await ch.query<{ id: string }>(`SELECT id FROM ${name}.events WHERE workspace_id = 'default' AND id IN (${ids.map(chValue).join(', ')})`)).map((r) => r.id));
  const phase1 = await measurePhase({ url, seconds: targetSeconds, connections: 16, rate: targetEventsPerSecond / 100, prefix: `t${run}` }, storedRows, backlog, () => markers.send());
  const markerLatencies = await markers.finish(10_000);
  const expected1 = 1 + phase1.load.acked_batches * 100 + markerLatencies.acknowledged;
  const drained1 = await waitStored(expected1, 60_000);

  // Phase 2: as fast as the node answers; then the writer works off the backlog.
  const phase2 = await measurePhase({ url, seconds: maxSeconds, connections: 32, prefix: `m${run}` }, storedRows, backlog);
  const expected = expected1 + phase2.load.acked_batches * 100;
  const drainStart = performance.now();
  const finalRows = await waitStored(expected, 60_000);
  const drainSeconds = (performance.now() - drainStart) / 1000;
  const phase2Stored = finalRows - phase2.storedAtStart;
  clearInterval(rssSampler);

  const [check] = await ch.query<{ rows: string; ids: string }>(`SELECT count() AS rows, uniqExact(id) AS ids FROM ${name}.events WHERE workspace_id = 'default'`);
  const loadAfter = loadavg();
  const results = {
    date: new Date().toISOString(),
    machine: `${cpus().length} cores, shared with the engines and the load generator (loopback)`,
    load_average_1_5_15: { before: loadBefore.map(round2), after: loadAfter.map(round2) },
    setup: 'roilens start --config (one ingest node) + roilens writer --config (one writer, default batch settings); NATS JetStream, PostgreSQL, ClickHouse 18.16 (one server); batches of 100 events',
    at_target_rate: {
      offered_events_per_s: targetEventsPerSecond,
      seconds: targetSeconds,
      acked_events_per_s: phase1.load.acked_events_per_s,
      non_2xx: phase1.load.non_2xx,
      errors: phase1.load.errors,
      request_latency_ms: phase1.load.latency_ms,
      writer_stored_events_per_s: phase1.storedPerSecond,
      queue_backlog_max_batches: phase1.maxBacklog,
      stored_within_60s_after: drained1 >= expected1,
      ack_to_visible_ms: { ...markerLatencies, target_p95_ms: 2000 },
    },
    max_rate: {
      seconds: maxSeconds,
      acked_events_per_s: phase2.load.acked_events_per_s,
      non_2xx: phase2.load.non_2xx,
      errors: phase2.load.errors,
      request_latency_ms: phase2.load.latency_ms,
      writer_stored_events_per_s_during_load: phase2.storedPerSecond,
      queue_backlog_max_batches: phase2.maxBacklog,
      drain_seconds_after_load: round2(drainSeconds),
      writer_events_per_s_until_drained: Math.round(phase2Stored / (maxSeconds + drainSeconds)),
      // The writer alone, once the node and the load generator no longer take CPU (meaningful when the drain lasted seconds).
      writer_events_per_s_after_load: drainSeconds > 0 ? Math.round((finalRows - phase2.storedAtEnd) / drainSeconds) : null,
      target_events_per_s: targetEventsPerSecond,
    },
    targets_met: {
      acknowledged_30k_per_s: phase1.load.acked_events_per_s >= targetEventsPerSecond || phase2.load.acked_events_per_s >= targetEventsPerSecond,
      writer_keeps_up_at_30k_per_s: phase1.load.acked_events_per_s >= targetEventsPerSecond && phase1.storedPerSecond >= 0.95 * phase1.load.acked_events_per_s,
      visible_within_2s_p95: markerLatencies.p95 <= 2000,
    },
    // Autocannon does not count requests cut off at the end of a run, which the node may have acknowledged: rows ≥ acknowledged.
    exactly_once: { acknowledged_events: expected, rows: Number(check.rows), distinct_ids: Number(check.ids), ok: Number(check.rows) === Number(check.ids) && Number(check.ids) >= expected },
    peak_rss_mb: { ingest_node: Math.round(peak.ingest), writer: Math.round(peak.writer) },
  };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/scale-ingest.json', `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results, null, 2));
} finally {
  await server.stop();
}
process.exit(0);

/** Runs the load generator for one phase while sampling what the writer stored and the queue backlog each second. */
async function measurePhase(
  load: { url: string; seconds: number; connections: number; rate?: number; prefix: string },
  storedRows: () => Promise<number>,
  backlog: () => Promise<number>,
  tick?: () => void,
): Promise<{ load: LoadReport; storedAtStart: number; storedAtEnd: number; storedPerSecond: number; maxBacklog: number }> {
  const storedAtStart = await storedRows();
  const started = performance.now();
  const report = runLoadProcess({ ...load, key: 'wk' });
  let maxBacklog = 0;
  let done = false;
  report.then(() => (done = true), () => (done = true));
  const sampler = (async () => {
    while (!done) {
      maxBacklog = Math.max(maxBacklog, await backlog());
      await sleep(1000);
    }
  })();
  const ticker = tick ? setInterval(tick, markerEveryMs) : undefined;
  const result = await report;
  if (ticker) clearInterval(ticker);
  const storedAtEnd = await storedRows();
  await sampler;
  const seconds = (performance.now() - started) / 1000;
  return { load: result, storedAtStart, storedAtEnd, storedPerSecond: Math.round((storedAtEnd - storedAtStart) / seconds), maxBacklog };
}

function runLoadProcess(opts: { url: string; key: string; seconds: number; connections: number; rate?: number; prefix: string }): Promise<LoadReport> {
  const entry = new URL('./lib/event-load.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, ['--import', 'tsx', entry, JSON.stringify(opts)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as LoadReport) : reject(new Error(`load generator exited ${code}`))));
  });
}

/**
 * Marker events (one per POST, among the load's events): the time from the
 * POST's 200 until a query (every 50 ms) finds them in ClickHouse.
 */
function trackMarkers(post: (key: string, events: unknown[]) => Promise<Response>, prefix: string, visible: (ids: string[]) => Promise<string[]>) {
  const ackedAt = new Map<string, number>();
  const latencies: number[] = [];
  let sent = 0;
  let failed = 0;
  let stopped = false;
  const poller = (async () => {
    while (!stopped) {
      const outstanding = [...ackedAt.keys()];
      if (outstanding.length > 0) {
        const ids = await visible(outstanding);
        const now = performance.now();
        for (const id of ids) {
          const at = ackedAt.get(id);
          if (at === undefined) continue;
          ackedAt.delete(id);
          latencies.push(Math.max(0, now - at));
        }
      }
      await sleep(50);
    }
  })();
  return {
    send() {
      const id = `${prefix}-${sent++}`;
      post('wk', [{ id, type: 'page_view', ts: new Date().toISOString(), anonymous_id: 'marker', url: 'https://shop.example/' }])
        .then((res) => (res.ok ? ackedAt.set(id, performance.now()) : failed++), () => failed++);
    },
    /** Stops sending; waits up to `limitMs` for the acknowledged markers to become visible. */
    async finish(limitMs: number) {
      await sleep(500);
      const deadline = Date.now() + limitMs;
      while (ackedAt.size > 0 && Date.now() < deadline) await sleep(100);
      stopped = true;
      await poller;
      const sorted = [...latencies].sort((a, b) => a - b);
      const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN);
      return {
        acknowledged: sorted.length + ackedAt.size, samples: sorted.length, not_visible_after_10s: ackedAt.size, not_acknowledged: failed,
        p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1),
      };
    },
  };
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

function round2(x: number) {
  return Math.round(x * 100) / 100;
}
