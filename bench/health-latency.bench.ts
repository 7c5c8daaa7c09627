/**
 * `/health` latency while heavy analyses run (issue 12 #7): the server runs in its own process on
 * a deterministic demo world (seed 1, 90 days ending 2026-11-30, 20,000 people; the full demo's
 * 100,000 take minutes more to load and fit here, and this one already drives Pareto/NBD to where
 * ₂F₁ diverged). While each analysis runs (CLV, the budget plan, attribution — the comparison, one
 * model, the path reports, KPIs under a model — and a segment export), `/health` is asked every 20 ms; the max and p99 of
 * its latency are recorded per analysis, beside a floor measured with nothing running.
 * Writes bench/results/health-latency.json (the run before kept in it as `earlier_run`).
 *
 *   npx tsx bench/health-latency.bench.ts
 *   ROILENS_ANALYSIS_THREADS=0 HEALTH_BENCH_ONLY=budget_plan_104_weeks,attribution_compare_markov \
 *     npx tsx bench/health-latency.bench.ts   # on the event loop, for comparison (-inline.json)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../src/server/start.js';
import { startServerProcess } from './lib/server-process.js';

const world = { seed: 1, days: 90, visitors: 20_000, endDate: '2026-11-30' };
const dir = join(tmpdir(), 'roilens-bench');
const db = join(dir, `health-latency-${world.seed}-${world.days}-${world.visitors}-${world.endDate}.duckdb`);
const resultsPath = fileURLToPath(new URL('./results/health-latency.json', import.meta.url));
const inline = process.env.ROILENS_ANALYSIS_THREADS === '0';

const log = (msg: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);

/** Makes the world once (kept under the temp folder and reused). */
async function ensureWorld(): Promise<number | null> {
  if (existsSync(db)) return null;
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const server = await startServer({ dbPath: db, port: 0, demo: world, quiet: true, adminToken: 'adm', analysis: { threads: 0, timeBudgetMs: 1 } });
  await server.close();
  return Math.round(performance.now() - started);
}

interface Poll {
  samples: number;
  max_ms: number;
  p99_ms: number;
  median_ms: number;
}

/** Asks /health every 20 ms until `done` settles; latencies of every answer. */
async function pollHealth(url: string, done: Promise<unknown>): Promise<Poll> {
  let finished = false;
  void done.finally(() => (finished = true));
  const latencies: number[] = [];
  while (!finished) {
    const t = performance.now();
    await fetch(`${url}/health`).then((r) => r.arrayBuffer());
    latencies.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 20));
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const round = (x: number) => Math.round(x * 10) / 10;
  return { samples: sorted.length, max_ms: round(sorted[sorted.length - 1] ?? 0), p99_ms: round(at(0.99)), median_ms: round(at(0.5)) };
}

async function main() {
  const loadAtStart = Math.round(loadavg()[0] * 10) / 10;
  const generatedMs = await ensureWorld();
  log(`world ${db}${generatedMs === null ? ' (reused)' : ` generated in ${(generatedMs / 1000).toFixed(1)} s`}`);
  const server = await startServerProcess(db);
  const auth = { headers: { authorization: 'Bearer adm' } };
  try {
    const floor = await pollHealth(server.url, new Promise((r) => setTimeout(r, 3000)));
    log(`floor: /health max ${floor.max_ms} ms, p99 ${floor.p99_ms} ms over ${floor.samples} answers`);

    // The export: every buyer of the world as an audience CSV.
    const seg = await fetch(`${server.url}/v1/segments`, { method: 'POST', headers: { ...auth.headers, 'content-type': 'application/json' }, body: JSON.stringify({ id: 'bench-buyers', name: 'Buyers', conditions: [{ kind: 'orders', min_count: 1 }] }) });
    if (seg.status !== 201 && seg.status !== 409) throw new Error(`segment: ${seg.status} ${await seg.text()}`);

    const analyses: Record<string, string> = {
      clv_pareto: '/v1/customers/clv?model=pareto',
      budget_plan_104_weeks: '/v1/budget/plan?weeks=104',
      attribution_compare_markov: '/v1/attribution/compare',
      // Other windows than the comparison's: their own journey reads (the journey cache does not answer them).
      attribution_markov_by_campaign: '/v1/attribution?model=markov&by=campaign&lookback_view_days=3',
      attribution_paths: '/v1/attribution/paths?limit=100&lookback_click_days=14',
      kpis_by_campaign_shapley: '/v1/kpis?by=campaign&model=shapley&lookback=7',
      segment_export_csv: '/v1/segments/bench-buyers/export',
    };
    const only = process.env.HEALTH_BENCH_ONLY?.split(',');
    const rows = [];
    for (const [name, path] of Object.entries(analyses)) {
      if (only && !only.includes(name)) continue;
      const started = performance.now();
      const answer = fetch(`${server.url}${path}`, auth).then(async (r) => ({ status: r.status, bytes: (await r.arrayBuffer()).byteLength }));
      const poll = await pollHealth(server.url, answer);
      const { status, bytes } = await answer;
      const seconds = Math.round((performance.now() - started) / 100) / 10;
      log(`${name}: ${status} in ${seconds} s (${bytes} bytes); /health max ${poll.max_ms} ms, p99 ${poll.p99_ms} ms over ${poll.samples} answers`);
      rows.push({ analysis: name, path, status, seconds, bytes, health: poll });
    }
    const result = {
      bench: 'health-latency',
      date: new Date().toISOString(),
      world,
      analysis_threads: inline ? 0 : 'default (cores − 1, 1 to 4)',
      machine: { cores: availableParallelism(), load_average_1m_at_start: loadAtStart, load_average_1m: Math.round(loadavg()[0] * 10) / 10 },
      target: '/health under 100 ms while any analysis runs',
      floor,
      analyses: rows,
    };
    mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
    const out = inline ? resultsPath.replace('.json', '-inline.json') : resultsPath;
    // The run before stays beside this one (machine load varies between runs).
    const earlier = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as { earlier_run?: unknown }) : undefined;
    if (earlier) delete earlier.earlier_run;
    writeFileSync(out, `${JSON.stringify({ ...result, ...(earlier ? { earlier_run: earlier } : {}) }, null, 2)}\n`);
    log(`wrote ${inline ? resultsPath.replace('.json', '-inline.json') : resultsPath}`);
  } finally {
    await server.stop();
  }
}

await main();
