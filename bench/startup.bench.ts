/**
 * The first minute (issue 11 #15): from `npm start` on a fresh clone to a
 * usable dashboard, with a warm npm cache. Clones this repository's HEAD into
 * a temporary folder, runs `npm start` there (npm ci, dashboard and snippet
 * builds, `roilens start` with the default demo world) and measures:
 *
 *   - install, build: from the lines scripts/start.mjs prints;
 *   - port: the first answer of GET /health (503 loading while the demo loads);
 *   - ready: GET /health answers 200 (the demo world fully loaded);
 *   - usable: the dashboard's index and script, and the API answer of every
 *     page (overview, attribution, experiments, customers, budget, segments,
 *     links, settings) over the demo world's range, all 200, asked one after
 *     the other (overview_usable_at: once the overview's answers are in).
 *
 * Writes bench/results/startup.json. `npm run bench -- startup`.
 * The machine's load average is recorded beside the timings: other work on a
 * shared machine slows every phase.
 */
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../test/helpers/free-port.js';

const root = new URL('..', import.meta.url).pathname;
const targetMs = 60_000;
const work = mkdtempSync(join(tmpdir(), 'roilens-startup-bench-'));
const clone = join(work, 'roilens');
execFileSync('git', ['clone', '--quiet', root, clone]);
// ROILENS_BENCH_COMMIT=<sha> measures an older commit the same way (results in startup-<sha>.json).
const at = process.env.ROILENS_BENCH_COMMIT;
if (at) execFileSync('git', ['checkout', '--quiet', at], { cwd: clone });
const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: clone, encoding: 'utf8' }).trim();
const port = await freePort();
const loadBefore = loadavg();

const marks: Record<string, number> = {};
const t0 = performance.now();
const mark = (name: string) => (marks[name] ??= Math.round(performance.now() - t0));
let adminToken = '';
let output = '';

const child = spawn('npm', ['start', '--', '--port', String(port), '--host', '127.0.0.1'], {
  cwd: clone,
  detached: true,
  env: { ...process.env, PORT: String(port), ROILENS_DB: join(work, 'data', 'roilens.duckdb'), ROILENS_ADMIN_TOKEN: '', ROILENS_DEMO: '1' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
const onLine = (line: string) => {
  output += `${line}\n`;
  if (line.includes('installing dependencies')) mark('install_start');
  if (line.includes('roilens: installed in')) mark('install_end');
  if (line.includes('building the dashboard')) mark('build_start');
  if (line.includes('roilens: built')) mark('build_end');
  if (line.includes('roilens is running on')) mark('listening');
  if (line.includes('demo world loaded')) mark('demo_loaded');
  const token = /admin token:\s+(\S+)/.exec(line);
  if (token) adminToken = token[1];
};
for (const stream of [child.stdout, child.stderr]) {
  let rest = '';
  stream.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString()).split('\n');
    rest = lines.pop() ?? '';
    lines.forEach(onLine);
  });
}
let exited = false;
child.on('exit', () => (exited = true));

/**
 * CPU seconds used so far by `npm start` and everything it ran (Linux /proc:
 * user + system time of the live processes of its group, plus what their
 * finished children used: npm ci, the builds). Unlike wall time it hardly
 * depends on what else the machine is doing.
 */
function groupCpuSeconds(pgid: number): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) continue; // field 5: process group
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]); // utime stime cutime cstime
    } catch {
      // gone meanwhile
    }
  }
  return Math.round(ticks) / 100; // CLK_TCK is 100 on Linux
}
const cpuAt: Record<string, number> = {};

const url = `http://127.0.0.1:${port}`;
const stop = () => {
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    // already gone
  }
};

try {
  // Port answers, then ready.
  const deadline = Date.now() + 15 * 60_000;
  const progress: { ms: number; done: number; total: number }[] = [];
  for (;;) {
    if (exited) throw new Error(`npm start exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`not ready after 15 minutes:\n${output}`);
    try {
      const res = await fetch(`${url}/health`);
      mark('port');
      const body = (await res.json()) as { status: string; progress?: { done: number; total: number } };
      if (res.status === 200) {
        mark('ready');
        cpuAt.ready = groupCpuSeconds(child.pid!);
        break;
      }
      if (body.progress) progress.push({ ms: Math.round(performance.now() - t0), ...body.progress });
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  // Every page's data.
  const auth = { authorization: `Bearer ${adminToken}` };
  const ws = (await (await fetch(`${url}/v1/workspace`, { headers: auth })).json()) as { data_from: string; data_to: string };
  const range = `from=${ws.data_from}&to=${ws.data_to}`;
  const html = await (await fetch(`${url}/`, { headers: { accept: 'text/html' } })).text();
  const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  const paths = [
    '/', script ?? '/assets/missing.js', '/s.js',
    `/v1/kpis?by=day&${range}`, `/v1/kpis?by=channel&${range}`, '/v1/onboarding',
    `/v1/attribution/compare?${range}`, `/v1/attribution/paths?${range}`,
    '/v1/experiments',
    `/v1/customers/rfm`, `/v1/customers/cohorts`, `/v1/customers/ltv-cac`, `/v1/customers/funnel?${range}`,
    '/v1/budget/fit',
    '/v1/segments', `/v1/links?${range}`, '/v1/channels/rules', '/v1/metrics',
  ];
  const pages: { path: string; status: number; ms: number }[] = [];
  for (const path of paths) {
    const started = performance.now();
    const res = await fetch(`${url}${path}`, { headers: path.startsWith('/v1/') ? auth : { accept: 'text/html' } });
    await res.arrayBuffer();
    pages.push({ path: path.split('?')[0], status: res.status, ms: Math.round(performance.now() - started) });
    if (path === '/v1/onboarding') mark('overview'); // the first page a visitor sees has its data
  }
  mark('usable');
  cpuAt.usable = groupCpuSeconds(child.pid!);
  const usable = pages.every((p) => p.status === 200);
  const events = Number(/demo world loaded \(([\d,]+) events\)/.exec(output)?.[1]?.replace(/,/g, '') ?? 0);
  const span = (a: string, b: string) => (marks[a] !== undefined && marks[b] !== undefined ? marks[b] - marks[a] : null);
  const result = {
    date: new Date().toISOString(),
    commit,
    node: process.version,
    npm: execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim(),
    cpus: cpus().length,
    load_average_before: loadBefore.map((x) => Number(x.toFixed(2))),
    load_average_after: loadavg().map((x) => Number(x.toFixed(2))),
    npm_cache: 'warm',
    target_ms: targetMs,
    usable,
    total_ms: marks.usable,
    phases_ms: {
      install: span('install_start', 'install_end'),
      build: span('build_start', 'build_end'),
      port_answers_at: marks.port,
      listening_at: marks.listening,
      demo_load: span('listening', 'ready'),
      ready_at: marks.ready,
      overview_usable_at: marks.overview,
      pages: span('ready', 'usable'),
    },
    cpu_seconds: { to_ready: cpuAt.ready, to_usable: cpuAt.usable, note: 'user + system CPU of npm start and its children (2 cores): a load-independent measure of the work' },
    demo_events: events,
    health_progress_samples: progress.filter((_, i) => i % 4 === 0),
    pages,
    before: { total_ms: 140_000, install_ms: 48_000, build_ms: 39_000, demo_ms: 53_000, note: 'issue 11 #15: npm install, tsc + vite build, demo loaded before the port opened' },
    previous: {
      commit: '743d23a', total_ms: 73_271, install_ms: 10_719, build_ms: 2_106, port_answers_at: 16_305, demo_load_ms: 30_232, ready_at: 46_430, pages_ms: 26_841,
      cpu_seconds: { to_ready: 65.31, to_usable: 112.59 }, load_average_before: [0.88, 1.46, 3.43],
      note: 'the measure before the journey cache, the streamed demo load and the buyers-only LTV:CAC profiles (compare 6982 ms, paths 5864 ms, ltv-cac 5467 ms)',
    },
  };
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(join(root, 'bench', 'results', at ? `startup-${at.slice(0, 7)}.json` : 'startup.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify({ total_ms: result.total_ms, usable, phases_ms: result.phases_ms, load_average_before: result.load_average_before }, null, 2));
  if (!usable) process.exitCode = 1;
} finally {
  stop();
  // The server finishes its writes before the folder goes.
  for (let i = 0; i < 300 && !exited; i++) await new Promise((r) => setTimeout(r, 100));
  rmSync(work, { recursive: true, force: true });
}
