/**
 * Issue 14 "every dashboard page's data, warm": the real server (its own process, `roilens start`)
 * on the demo world (about 1M events) and on that world replicated to 10M events, asked every API
 * call each dashboard page makes (read off web/src/pages: the same paths and parameters, the
 * default date range "last 30 days" and its previous period), all of a page's calls at once as the
 * browser sends them. Every timed call sends `Cache-Control: no-cache` (it misses the operations'
 * result cache: the targets are for the work itself); each page is asked once untimed first (warm:
 * the KPI rollups built, files in the page cache), then `PAGES_ROUNDS` times (default 5).
 *
 * Per call: p50 and p95 of its latency. Per page: p95 over the latencies of all its calls (the
 * target: < 0.5 s at 1M, < 1 s at 10M) and the page's wall time. The floor, measured in the same
 * run on the same file once the server has stopped: a plain GROUP BY over all the workspace's event
 * rows (per channel: events, distinct visitors, revenue); every figure is also given as a ratio to
 * it. The load average is recorded before and after: the machine is shared.
 *
 * `PAGES_10M=0` skips the 10M world (its rollups rebuild takes minutes on a loaded machine);
 * `PAGES_ONLY=budget,partners` measures only the pages named. A call that does not answer within
 * `PAGES_CALL_TIMEOUT_S` (default 120) fails its page, which is recorded with the reason, and the
 * other pages are still measured. `PAGES_KEEP=1` keeps the worlds' files (the path is logged).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { replicateEvents } from './lib/bench-worlds.js';
import { startServerProcess } from './lib/server-process.js';

const rounds = Number(process.env.PAGES_ROUNDS ?? 5);
const with10m = process.env.PAGES_10M !== '0';
const callTimeoutMs = Number(process.env.PAGES_CALL_TIMEOUT_S ?? 120) * 1000;
const only = process.env.PAGES_ONLY ? new Set(process.env.PAGES_ONLY.split(',').map((p) => p.trim())) : null;
const worldsDir = join(tmpdir(), 'roilens-bench', 'pages');
const log = (msg: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);
const load = () => loadavg().map((x) => Math.round(x * 10) / 10);
const auth = { authorization: 'Bearer adm' };
const fresh = { ...auth, 'cache-control': 'no-cache' };

interface Call {
  method?: 'GET';
  path: string;
}
type Pages = Record<string, Call[]>;

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const query = (path: string, params: Record<string, string | number>) => `${path}?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]))}`;

async function getJson<T>(url: string, headers: Record<string, string> = auth): Promise<T> {
  const res = await fetch(url, { headers });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function send<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * The calls of each page as the dashboard makes them (web/src/pages/…, web/src/app.tsx), all at once
 * (the partners page asks its sections' calls once the programmes and partners have answered). The
 * overview's range is the default preset (the last 30 days up to today) compared with the 30 days
 * before; the budget page's recent spend covers its default 4 weeks up to the last day with data.
 */
async function pageCalls(url: string): Promise<Pages> {
  const ws = await getJson<{ data_from: string; data_to: string }>(`${url}/v1/workspace`);
  const today = new Date().toISOString().slice(0, 10);
  const range = { from: addDays(today, -29), to: today };
  const previous = { from: addDays(range.from, -30), to: addDays(range.from, -1) };
  const models = 'first,last,last-non-direct,linear,time-decay,position,markov,shapley';
  const recent = { from: addDays(ws.data_to, -27) < ws.data_from ? ws.data_from : addDays(ws.data_to, -27), to: ws.data_to };
  const spent = await getJson<{ totals: { spend: number } }>(`${url}${query('/v1/kpis', { by: 'channel', ...recent })}`);
  const rfm = await getJson<{ top_customers: { customer_id: string }[] }>(`${url}/v1/customers/rfm`);
  const top = rfm.top_customers.map((c) => c.customer_id);
  // The experiments and links pages list what the workspace has; the demo world has none, so one of each is made first.
  const experiments = await getJson<{ experiments: { id: string }[] }>(`${url}/v1/experiments`);
  if (experiments.experiments.length === 0) {
    await send(`${url}/v1/experiments`, {
      key: 'bench-hero', name: 'Hero headline', status: 'running', start: `${addDays(ws.data_to, -30)}T00:00:00.000Z`,
      variants: [{ name: 'A', weight: 1 }, { name: 'B', weight: 1 }], metric: 'conversion_rate', secondary_metrics: ['revenue_per_user'],
    });
  }
  const links = await getJson<{ links: unknown[] }>(`${url}/v1/links?limit=1000`);
  if (links.links.length === 0) {
    for (const channel of ['paid_search', 'paid_social', 'email']) await send(`${url}/v1/links`, { slug: `bench-${channel}`, destination: 'https://shop.example/', channel });
  }
  const segments = await getJson<{ segments: { id: string }[] }>(`${url}/v1/segments`);
  const segment = segments.segments[0] ?? (await send<{ id: string }>(`${url}/v1/segments`, { name: 'Repeat buyers', match: 'all', conditions: [{ kind: 'orders', min_count: 2 }] }));
  // The partners page (web/src/pages/partners/): its sections open on the first programme and the first partner.
  const programs = await getJson<{ programs: { id: string }[] }>(`${url}/v1/programs?limit=200`);
  const partners = await getJson<{ partners: { id: string }[] }>(`${url}/v1/partners?limit=500`);
  const program = encodeURIComponent(programs.programs[0].id);
  return {
    shell: [{ path: '/v1/workspace' }, { path: '/v1/metrics' }, { path: '/v1/onboarding' }],
    overview: [
      { path: query('/v1/kpis', { by: 'channel', ...range, compare: 'none' }) },
      { path: query('/v1/kpis', { ...previous, compare: 'none' }) },
      { path: query('/v1/kpis', { by: 'day', ...range, compare: 'none' }) },
    ],
    attribution: [{ path: query('/v1/attribution/compare', { ...range, models }) }, { path: query('/v1/attribution/paths', range) }],
    experiments: [{ path: '/v1/experiments' }, { path: '/v1/experiments/bench-hero/results' }],
    customers: [
      { path: '/v1/customers/rfm' },
      { path: '/v1/customers/cohorts?period=month' },
      { path: '/v1/customers/funnel' },
      { path: '/v1/customers/ltv-cac' },
      { path: '/v1/customers/clv?horizon=90' },
      { path: query('/v1/customers/clv/customers', { horizon: 90, ids: top.join(',') }) },
    ],
    customer_profile: [{ path: `/v1/customers/${encodeURIComponent(top[0])}` }],
    segments: [{ path: `/v1/segments/${encodeURIComponent(segment.id)}/count` }],
    budget: [
      { path: query('/v1/kpis', { by: 'channel', ...recent }) },
      { path: query('/v1/budget/plan', { total: Math.round(spent.totals.spend), weeks: 4 }) },
      { path: '/v1/budget/fit' },
      { path: query('/v1/budget/funnel', { target_sales: 100 }) },
    ],
    partners: [
      { path: '/v1/session' },
      { path: '/v1/programs?limit=200' },
      { path: '/v1/partners?limit=500' },
      { path: `/v1/partners/leaderboard?program=${program}&limit=200` },
      { path: `/v1/partners/funnel?program=${program}` },
      { path: `/v1/payouts/due?program=${program}&limit=200` },
      { path: `/v1/partners/${encodeURIComponent(partners.partners[0].id)}/ledger?limit=500` },
      { path: `/v1/programs/${program}/payouts?limit=50` },
    ],
    settings: [{ path: '/v1/workspace' }, { path: '/v1/channels/rules' }, { path: '/v1/postback-sources' }, { path: '/v1/links?limit=1000' }],
  };
}

async function timed(url: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(url, { headers: fresh, signal: AbortSignal.timeout(callTimeoutMs) });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return performance.now() - t;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
const ms = (x: number) => Math.round(x);
const ratio = (x: number, floor: number) => Math.round((x / floor) * 100) / 100;

/** A page's calls untimed until all answer (a first call may outlast the time budget while the rollups build: 503). */
async function warm(url: string, calls: Call[]): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const statuses = await Promise.all(calls.map(async (c) => (await fetch(`${url}${c.path}`, { headers: fresh, signal: AbortSignal.timeout(callTimeoutMs) }).catch((err: Error) => {
      throw new Error(`${c.path}: ${err.name === 'TimeoutError' ? `no answer within ${callTimeoutMs / 1000} s` : err.message}`);
    }).then(async (r) => (await r.arrayBuffer(), r.status)))));
    if (statuses.every((s) => s === 200)) return;
    if (attempt >= 60 || statuses.some((s) => s !== 200 && s !== 503)) throw new Error(`warming ${calls.map((c) => c.path).join(' ')}: ${statuses.join(' ')}`);
    await new Promise((resolve) => setTimeout(resolve, 5000));
  }
}

/** Each page untimed once, then `rounds` times with all its calls at once. */
async function measurePages(url: string, pages: Pages) {
  type Measured = { calls: { path: string; p50_ms: number; p95_ms: number }[]; p95_ms: number; wall_p50_ms: number; wall_p95_ms: number };
  const out: Record<string, Measured | { failed: string }> = {};
  for (const [page, calls] of Object.entries(pages)) {
    if (only && !only.has(page)) continue;
    log(`page ${page}: warming`);
    try {
      await warm(url, calls);
      const perCall: number[][] = calls.map(() => []);
      const walls: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const t = performance.now();
        const times = await Promise.all(calls.map((c) => timed(`${url}${c.path}`)));
        walls.push(performance.now() - t);
        times.forEach((x, i) => perCall[i].push(x));
      }
      const measured: Measured = {
        calls: calls.map((c, i) => ({ path: c.path, p50_ms: ms(quantile(perCall[i], 0.5)), p95_ms: ms(quantile(perCall[i], 0.95)) })),
        p95_ms: ms(quantile(perCall.flat(), 0.95)),
        wall_p50_ms: ms(quantile(walls, 0.5)),
        wall_p95_ms: ms(quantile(walls, 0.95)),
      };
      out[page] = measured;
      log(`page ${page}: p95 ${measured.p95_ms} ms (${measured.calls.map((c) => `${c.path.split('?')[0]} ${c.p95_ms}`).join(', ')})`);
    } catch (err) {
      out[page] = { failed: (err as Error).message };
      log(`page ${page}: failed: ${(err as Error).message}`);
    }
  }
  return out;
}

/** The floor: a plain GROUP BY over every event row of the workspace (the server stopped), median of 5. */
async function floorMs(path: string): Promise<{ floor_ms: number; events: number }> {
  const instance = await DuckDBInstance.create(path, { memory_limit: '1GB' });
  const conn = await instance.connect();
  const sql = `SELECT channel, count(*), count(DISTINCT anonymous_id), sum(revenue_amount) FROM events WHERE workspace_id = 'default' GROUP BY 1`;
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await conn.runAndReadAll(sql);
    times.push(performance.now() - t);
  }
  const events = Number((await conn.runAndReadAll(`SELECT count(*) FROM events WHERE workspace_id = 'default'`)).getRows()[0][0]);
  conn.closeSync();
  instance.closeSync();
  return { floor_ms: ms(quantile(times, 0.5)), events };
}

async function measureWorld(label: string, path: string, target: number) {
  const loadBefore = load();
  const server = await startServerProcess(path, { demo: true });
  let pages: Awaited<ReturnType<typeof measurePages>>;
  try {
    // Warm means the start's summaries are built: measured beside them, every page shares the cores with a CLV fit.
    log(`${label}: waiting for the start's summaries`);
    await server.summaries;
    log(`${label}: reading the pages' calls`);
    pages = await measurePages(server.url, await pageCalls(server.url));
  } finally {
    await server.stop();
  }
  const { floor_ms, events } = await floorMs(path);
  const summary = Object.fromEntries(
    Object.entries(pages).map(([page, p]) => [page, 'failed' in p ? { failed: p.failed, meets_target: false } : { p95_ms: p.p95_ms, to_floor: ratio(p.p95_ms, floor_ms), meets_target: p.p95_ms < target }]),
  );
  return { label, events, target_ms: target, floor_ms, load_before: loadBefore, load_after: load(), summary, pages };
}

/** The demo world of today (it ends yesterday), made once by starting the server on an empty file, then copied. */
async function demoWorld(): Promise<string> {
  mkdirSync(worldsDir, { recursive: true });
  const kept = join(worldsDir, `demo-${new Date().toISOString().slice(0, 10)}.duckdb`);
  if (!existsSync(kept)) {
    log('loading the demo world (the server on an empty file)');
    const making = `${kept}.making`;
    rmSync(making, { force: true });
    const server = await startServerProcess(making, { demo: true });
    await server.stop();
    copyFileSync(making, kept);
    rmSync(making, { force: true });
    rmSync(`${making}.spool`, { recursive: true, force: true });
  }
  return kept;
}

const runDir = join(worldsDir, `run-${process.pid}`);
mkdirSync(runDir, { recursive: true });
const demo = await demoWorld();
const oneM = join(runDir, 'demo.duckdb');
copyFileSync(demo, oneM);
const results: Record<string, unknown> = { when: new Date().toISOString(), rounds, ...(only ? { only: [...only] } : {}), worlds: [] as unknown[] };
(results.worlds as unknown[]).push(await measureWorld('demo world', oneM, 500));
if (with10m) {
  log('replicating the demo world to 10M events');
  await replicateEvents(oneM, 10);
  (results.worlds as unknown[]).push(await measureWorld('demo world × 10', oneM, 1000));
}
if (process.env.PAGES_KEEP === '1') log(`the worlds are kept in ${runDir}`);
else rmSync(runDir, { recursive: true, force: true });
console.log(JSON.stringify(results, null, 2));
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/pages.json', `${JSON.stringify(results, null, 2)}\n`);
