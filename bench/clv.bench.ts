import { mulberry32 } from '../src/shared/random.js';
/**
 * CLV benchmark: times the CDNOW pipeline (summary, BG/NBD fit, Gamma-Gamma fit, prediction, RFM)
 * and the same pipeline on a simulated customer base, and writes bench/results/clv.json.
 *
 *   npx tsx bench/clv.bench.ts                      # CDNOW + 100,000 simulated customers
 *   CLV_BENCH_CUSTOMERS=1000000 npx tsx bench/clv.bench.ts
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  fitBgNbd,
  fitGammaGamma,
  predictClv,
  rfmScores,
  summarizeTransactions,
  type Transaction,
} from '../src/customers/index.js';

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

const rng = mulberry32;

function normal(u: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** Gamma(shape, 1) by Marsaglia & Tsang, with the u^(1/shape) boost for shape < 1. */
function gamma(u: () => number, shape: number): number {
  if (shape < 1) return gamma(u, shape + 1) * Math.pow(u(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(u);
    const v = (1 + c * x) ** 3;
    if (v > 0 && Math.log(u()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/**
 * Transactions of a BG/NBD world in days (CDNOW-like parameters, α scaled to days) with
 * Gamma-Gamma spend (p = 6, q = 4, γ = 15): each customer's ν ~ gamma(q, γ), each value ~ gamma(p, ν).
 */
function simulate(customers: number, seed: number): Transaction[] {
  const u = rng(seed);
  const r = 0.243, alpha = 4.414 * 7, a = 0.793, b = 2.426;
  const start = Date.UTC(2023, 0, 1) / 86_400_000;
  const horizon = 365;
  const out: Transaction[] = [];
  for (let i = 0; i < customers; i++) {
    const lambda = gamma(u, r) / alpha;
    const ga = gamma(u, a);
    const p = ga / (ga + gamma(u, b));
    const nu = gamma(u, 4) / 15;
    let time = u() * 90;
    const id = `c${i}`;
    for (let purchase = 0; ; purchase++) {
      out.push({ customer_id: id, date: new Date((start + Math.floor(time)) * 86_400_000).toISOString().slice(0, 10), amount: Math.max(0.01, Math.round((gamma(u, 6) / nu) * 100) / 100) });
      // BG/NBD: a customer may drop out right after a repeat purchase, never after the first one.
      if (purchase > 0 && u() < p) break;
      time += -Math.log(1 - u()) / Math.max(lambda, 1e-12);
      if (time >= horizon) break;
    }
  }
  return out;
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

const cdnowRuns = Array.from({ length: 5 }, () => pipeline(cdnow, 'week', '1997-09-30'));
const simulatedCustomers = Number(process.env.CLV_BENCH_CUSTOMERS ?? 100_000);
const simulatedData = time(() => simulate(simulatedCustomers, 42));
const simulated = pipeline(simulatedData.value, 'day');

const result = {
  benchmark: 'clv',
  node: process.version,
  cdnow: {
    runs: cdnowRuns.length,
    median_ms: Object.fromEntries(Object.keys(cdnowRuns[0].ms).map((k) => [k, median(cdnowRuns.map((r) => r.ms[k as keyof typeof r.ms]))])),
    median_total_ms: median(cdnowRuns.map((r) => r.total_ms)),
    params: cdnowRuns[0].params,
  },
  simulated: { ...simulated, generate_ms: simulatedData.ms },
};
mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
writeFileSync(resultsPath, JSON.stringify(result, null, 2) + '\n');
process.stdout.write(JSON.stringify(result, null, 2) + '\n');
