/**
 * CLV benchmark: times the CDNOW pipeline (summary, BG/NBD fit, Gamma-Gamma fit, prediction, RFM)
 * and the same pipeline on a simulated customer base, and writes bench/results/clv.json.
 *
 *   npx tsx bench/clv.bench.ts                      # CDNOW + 100,000 simulated customers
 *   CLV_BENCH_CUSTOMERS=1000000 npx tsx bench/clv.bench.ts
 *
 * Then the whole CLI on a transactions file (issue 14): 1,000,000 simulated customers, ~5M
 * orders over two years (seed 42, written once to the temp folder), `roilens clv fit --out
 * model.json` and `roilens clv predict --fitted model.json --horizon 90` as separate processes,
 * each with wall time, CPU time and peak RSS (/usr/bin/time), beside a same-run floor: a plain
 * Node process that reads the file and counts its lines (and `wc -l`), in rounds (CLV_BENCH_ROUNDS,
 * default 3; medians), each with its 1-minute load average. CLV_BENCH_FILE_CUSTOMERS=0 skips it;
 * CLV_BENCH_ONLY=file runs only it (and keeps the CDNOW and simulated sections of the last results).
 * Fixed references measured outside the project (issue 14): lifetimes 43 s and 0.95 GB for fit
 * + predict on 1M customers / 4,976,093 orders; roilens before this work 179 s and 3.4 GB.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../src/shared/errors.js';
import {
  fitBgNbd,
  fitGammaGamma,
  predictClv,
  rfmScores,
  summarizeTransactions,
  type Transaction,
} from '../src/customers/index.js';
import { simulate, writeTransactionsCsv } from './lib/clv-world.js';

const cdnowPath = fileURLToPath(new URL('../../shared/data/cdnow/transactions.csv', import.meta.url));
const resultsPath = fileURLToPath(new URL('./results/clv.json', import.meta.url));

function time<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function pipeline(transactions: Transaction[], timeUnit: 'day' | 'week', calibrationEnd?: string) {
  const summary = time(() => summarizeTransactions(transactions, { timeUnit, calibrationEnd }));
  const bgnbd = time(() => fitBgNbd(summary.value));
  const gg = time(() => fitGammaGamma(summary.value));
  const predict = time(() => predictClv(summary.value, { model: 'bgnbd', params: bgnbd.value.params }, gg.value.params, { horizonDays: 90, timeUnit }));
  const rfm = time(() => rfmScores(transactions));
  return {
    customers: summary.value.length,
    transactions: transactions.length,
    ms: { summary: summary.ms, bgnbd_fit: bgnbd.ms, gamma_gamma_fit: gg.ms, predict_90d: predict.ms, rfm: rfm.ms },
    total_ms: summary.ms + bgnbd.ms + gg.ms + predict.ms + rfm.ms,
    params: { ...bgnbd.value.params, ...gg.value.params },
  };
}

const cdnow: Transaction[] = readFileSync(cdnowPath, 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [customer_id, date, amount] = line.split(',');
    return { customer_id, date, amount: Number(amount) };
  });

const onlyFile = process.env.CLV_BENCH_ONLY === 'file';
const cdnowRuns = onlyFile ? [] : Array.from({ length: 5 }, () => pipeline(cdnow, 'week', '1997-09-30'));
const simulatedCustomers = Number(process.env.CLV_BENCH_CUSTOMERS ?? 100_000);
const simulatedData = onlyFile ? undefined : time(() => simulate(simulatedCustomers, 42));

/** Runs a command as a whole process under /usr/bin/time: wall and CPU seconds, peak RSS in MB. */
function measure(args: string[]): { wall_s: number; cpu_s: number; peak_rss_mb: number } {
  const r = spawnSync('/usr/bin/time', ['-f', 'BENCH %e %U %S %M', ...args], { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'ignore', 'pipe'] });
  const line = r.stderr.split('\n').find((l) => l.startsWith('BENCH '));
  if (r.status !== 0 || !line) throw new AppError('internal', `${args.join(' ')} failed: ${r.stderr.slice(-2000)}`);
  const [wall, user, sys, kb] = line.slice(6).split(' ').map(Number);
  return { wall_s: wall, cpu_s: Math.round((user + sys) * 100) / 100, peak_rss_mb: Math.round(kb / 1024) };
}

async function fileRun(customers: number) {
  const file = join(tmpdir(), `roilens-clv-bench-${customers}-seed42.csv`);
  const orders = existsSync(file) ? readFileSync(file, 'utf8').split('\n').length - 2 : await writeTransactionsCsv(file, customers, 42, 730, 9);
  const model = join(tmpdir(), `roilens-clv-bench-${customers}-model.json`);
  const bin = fileURLToPath(new URL('../bin/roilens', import.meta.url));
  const load_before = loadavg();
  // Rounds in turn (floor, fit, predict), medians of each: the machine is shared, so every round
  // also records its 1-minute load average.
  const rounds = Array.from({ length: Number(process.env.CLV_BENCH_ROUNDS ?? 3) }, () => {
    const load_1m = loadavg()[0];
    const floor = measure([process.execPath, '-e', `let n=0;const s=require('fs').createReadStream(${JSON.stringify(file)});s.on('data',(b)=>{for(let i=0;i<b.length;i++)if(b[i]===10)n++});s.on('end',()=>console.log(n))`]);
    const wc = measure(['wc', '-l', file]);
    const fit = measure([process.execPath, bin, 'clv', 'fit', '--transactions', file, '--out', model, '--format', 'json']);
    const predict = measure([process.execPath, bin, 'clv', 'predict', '--transactions', file, '--fitted', model, '--horizon', '90', '--format', 'csv']);
    return { load_1m, floor, wc, fit, predict, total_wall_s: Math.round((fit.wall_s + predict.wall_s) * 100) / 100 };
  });
  const mid = <T extends object>(pick: (r: (typeof rounds)[number]) => T): T => {
    const keys = Object.keys(pick(rounds[0])) as (keyof T)[];
    return Object.fromEntries(keys.map((k) => [k, median(rounds.map((r) => pick(r)[k] as number))])) as T;
  };
  const floor = mid((r) => r.floor);
  const fit = mid((r) => r.fit);
  const predict = mid((r) => r.predict);
  const total = median(rounds.map((r) => r.total_wall_s));
  const startup = measure([process.execPath, bin, '--help']);
  const fitted = JSON.parse(readFileSync(model, 'utf8')) as { params: Record<string, number>; gamma_gamma: Record<string, number> };
  const earlier = existsSync(resultsPath) ? (JSON.parse(readFileSync(resultsPath, 'utf8')).file?.params as Record<string, number> | undefined) : undefined;
  return {
    customers, orders, file_mb: Math.round(readFileSync(file).length / 1e6),
    load_before, load_after: loadavg(),
    /** Each round in turn; the figures below are medians over them. */
    rounds,
    floor_read_file: floor, floor_wc_l: mid((r) => r.wc), fit, predict_fitted: predict,
    /** Median over rounds of fit + predict wall time. */
    fit_plus_predict_wall_s: Math.round(total * 100) / 100,
    fit_plus_predict_cpu_s: Math.round((fit.cpu_s + predict.cpu_s) * 100) / 100,
    cpu_ratio_to_floor: Math.round(((fit.cpu_s + predict.cpu_s) / floor.cpu_s) * 10) / 10,
    /** `roilens --help`: what starting the CLI costs each of the two processes. */
    cli_startup: startup,
    peak_rss_mb: Math.max(fit.peak_rss_mb, predict.peak_rss_mb),
    ratio_to_floor: Math.round((total / floor.wall_s) * 10) / 10,
    targets: { wall_s: 20, peak_rss_mb: 1000 },
    fixed_references: { lifetimes: { wall_s: 43, peak_rss_mb: 950 }, roilens_before: { wall_s: 179, peak_rss_mb: 3400 } },
    params: fitted.params,
    gamma_gamma: fitted.gamma_gamma,
    /** Largest |new / old − 1| over the BG/NBD parameters against the last results' (the fit must not move: ≤ 1e-6). */
    params_max_relative_change: earlier ? Math.max(...Object.keys(earlier).map((k) => Math.abs(fitted.params[k] / earlier[k] - 1))) : null,
  };
}
const fileCustomers = Number(process.env.CLV_BENCH_FILE_CUSTOMERS ?? 1_000_000);
const file = fileCustomers > 0 ? await fileRun(fileCustomers) : undefined;
const simulated = simulatedData ? pipeline(simulatedData.value, 'day') : undefined;
const previous = onlyFile && existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, 'utf8')) : {};

const result = {
  benchmark: 'clv',
  node: process.version,
  cdnow: onlyFile ? previous.cdnow : {
    runs: cdnowRuns.length,
    median_ms: Object.fromEntries(Object.keys(cdnowRuns[0].ms).map((k) => [k, median(cdnowRuns.map((r) => r.ms[k as keyof typeof r.ms]))])),
    median_total_ms: median(cdnowRuns.map((r) => r.total_ms)),
    params: cdnowRuns[0].params,
  },
  simulated: simulated && simulatedData ? { ...simulated, generate_ms: simulatedData.ms } : previous.simulated,
  file,
};
mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
writeFileSync(resultsPath, JSON.stringify(result, null, 2) + '\n');
process.stdout.write(JSON.stringify(result, null, 2) + '\n');
