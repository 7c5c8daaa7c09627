/**
 * CLI start-up (issue 14: "< 0.3 s to the first byte of work"): whole `roilens` processes, run in
 * turn with their floors in the same rounds, medians of CLI_BENCH_RUNS (default 15) runs each:
 *
 *   - help: `roilens --help`; kpi_help: `roilens kpi --help` (neither may load DuckDB);
 *   - kpi: `roilens kpi --db small.duckdb --format json` on a small embedded database made in a
 *     temp folder (`roilens demo --visitors 1000 --days 30`, fixed end date). Its **first byte of
 *     work** is the moment the command has its store open and its workspace known, just before its
 *     first query: the CLI says so on stderr under ROILENS_TRACE_STARTUP=1 (an epoch timestamp), and
 *     the bench takes it from the moment it spawned the process. `kpi.total` is the whole process.
 *   - floors: `node -e 0` (Node alone); `node -e "require('@duckdb/node-api')"` (Node and DuckDB's
 *     bindings); duckdb_open: Node, DuckDB, and the same database file opened and connected (its
 *     "first byte" taken the same way), what any CLI on this store pays at the least.
 *
 * Each figure: wall milliseconds from spawn to exit (or to the trace), and CPU seconds (user + sys,
 * /usr/bin/time). The 1-minute load average is read before every round (2 shared cores: say it).
 * Needs the built CLI (`npm run build`): bin/roilens runs dist/ only when it is newer than src/.
 * Writes bench/results/cli-startup.json. `npm run bench -- cli-startup`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../src/shared/errors.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'roilens');
const resultsPath = join(root, 'bench', 'results', 'cli-startup.json');
const runs = Number(process.env.CLI_BENCH_RUNS ?? 15);
const targetMs = 300;

function newest(dir: string): number {
  return Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));
}
const built = join(root, 'dist', 'cli', 'main.js');
if (!existsSync(built) || statSync(built).mtimeMs < newest(join(root, 'src'))) {
  throw new AppError('unavailable', 'dist/ is missing or older than src/: run npm run build first (bin/roilens would run the sources through tsx)');
}

const work = mkdtempSync(join(tmpdir(), 'roilens-cli-startup-'));
const db = join(work, 'small.duckdb');
const made = spawnSync('node', [bin, 'demo', '--db', db, '--visitors', '1000', '--days', '30', '--end-date', '2026-11-30'], { encoding: 'utf8', cwd: work });
if (made.status !== 0) throw new AppError('internal', `demo failed: ${made.stderr}`);

/** Opens the file with DuckDB alone and says when it is connected, as the CLI's trace does. */
const duckdbOpen = `const { DuckDBInstance } = require('@duckdb/node-api');
(async () => { const i = await DuckDBInstance.create(${JSON.stringify(db)}); const c = await i.connect();
process.stderr.write('roilens: trace: store open at ' + (performance.timeOrigin + performance.now()).toFixed(1) + ' ms since the epoch\\n');
c.closeSync(); i.closeSync(); })();`;

interface Case {
  args: string[];
  env?: Record<string, string>;
  trace?: boolean;
}
const cases: Record<string, Case> = {
  floor_node: { args: ['-e', '0'] },
  floor_duckdb_require: { args: ['-e', "require('@duckdb/node-api')"] },
  floor_duckdb_open: { args: ['-e', duckdbOpen], trace: true },
  help: { args: [bin, '--help'] },
  kpi_help: { args: [bin, 'kpi', '--help'] },
  kpi: { args: [bin, 'kpi', '--db', db, '--format', 'json'], env: { ROILENS_TRACE_STARTUP: '1' }, trace: true },
};

interface Sample {
  wall_ms: number;
  cpu_s: number;
  first_byte_ms?: number;
}

function run(c: Case): Sample {
  const start = performance.timeOrigin + performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'BENCH %U %S', 'node', ...c.args], { encoding: 'utf8', cwd: root, env: { ...process.env, ...c.env }, maxBuffer: 1 << 26 });
  const wall = performance.timeOrigin + performance.now() - start;
  const line = r.stderr.split('\n').find((l) => l.startsWith('BENCH '));
  if (r.status !== 0 || !line) throw new AppError('internal', `node ${c.args.join(' ')} failed: ${r.stderr.slice(-2000)}`);
  const [, user, sys] = line.split(' ').map(Number);
  const sample: Sample = { wall_ms: wall, cpu_s: user + sys };
  if (c.trace) {
    const m = /trace: store open at ([\d.]+) ms/.exec(r.stderr);
    if (!m) throw new AppError('internal', `no start-up trace from node ${c.args.join(' ')}: ${r.stderr.slice(-2000)}`);
    sample.first_byte_ms = Number(m[1]) - start;
  }
  return sample;
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round1 = (x: number) => Math.round(x * 10) / 10;

const samples: Record<string, Sample[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
const loads: number[] = [];
run(cases.kpi); // warm the file cache once
for (let i = 0; i < runs; i++) {
  loads.push(loadavg()[0]);
  for (const [name, c] of Object.entries(cases)) samples[name].push(run(c));
}
loads.push(loadavg()[0]);
rmSync(work, { recursive: true, force: true });

const summary = Object.fromEntries(
  Object.entries(samples).map(([name, s]) => [
    name,
    {
      wall_ms: round1(median(s.map((x) => x.wall_ms))),
      cpu_s: Math.round(median(s.map((x) => x.cpu_s)) * 1000) / 1000,
      ...(s[0].first_byte_ms !== undefined ? { first_byte_ms: round1(median(s.map((x) => x.first_byte_ms as number))) } : {}),
    },
  ]),
) as Record<string, { wall_ms: number; cpu_s: number; first_byte_ms?: number }>;

const result = {
  measured_at: new Date().toISOString(),
  node: process.version,
  runs,
  target_first_byte_ms: targetMs,
  first_byte: 'spawn → the command has its store open and its workspace known, before its first query (ROILENS_TRACE_STARTUP=1)',
  load_1min: { min: Math.min(...loads), max: Math.max(...loads), median: median(loads) },
  medians: summary,
  above_floor_ms: {
    help_over_node: round1(summary.help.wall_ms - summary.floor_node.wall_ms),
    kpi_help_over_node: round1(summary.kpi_help.wall_ms - summary.floor_node.wall_ms),
    kpi_first_byte_over_duckdb_open: round1((summary.kpi.first_byte_ms ?? 0) - (summary.floor_duckdb_open.first_byte_ms ?? 0)),
  },
  samples,
};
writeFileSync(resultsPath, `${JSON.stringify(result, null, 2)}\n`);
for (const [name, s] of Object.entries(summary)) {
  process.stdout.write(`${name.padEnd(22)} wall ${String(s.wall_ms).padStart(7)} ms  cpu ${s.cpu_s.toFixed(3)} s${s.first_byte_ms !== undefined ? `  first byte ${s.first_byte_ms} ms` : ''}\n`);
}
process.stdout.write(`load (1 min) ${result.load_1min.min.toFixed(2)}–${result.load_1min.max.toFixed(2)}; wrote ${resultsPath}\n`);
