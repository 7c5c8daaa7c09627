/**
 * A simulated customer base for the CLV benchmarks: transactions of a BG/NBD world in days
 * (CDNOW-like parameters, α scaled to days) with Gamma-Gamma spend (p = 6, q = 4, γ = 15): each
 * customer's ν ~ gamma(q, γ), each value ~ gamma(p, ν). Deterministic for a seed.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mulberry32 } from '../../src/shared/random.js';

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

export interface SimulatedTransaction {
  customer_id: string;
  date: string;
  amount: number;
}

/**
 * Calls `emit` for every transaction of `customers` simulated customers, customer by customer.
 * `horizonDays` is the observation window (customers join in its first 90 days); `alpha` the
 * purchase-rate scale in days (larger: fewer purchases).
 */
export function simulateTransactions(customers: number, seed: number, emit: (t: SimulatedTransaction) => void, horizonDays = 365, alpha = 4.414 * 7): void {
  const u = mulberry32(seed);
  const r = 0.243, a = 0.793, b = 2.426;
  const start = Date.UTC(2023, 0, 1) / 86_400_000;
  const dates: string[] = [];
  for (let d = 0; d <= horizonDays; d++) dates.push(new Date((start + d) * 86_400_000).toISOString().slice(0, 10));
  for (let i = 0; i < customers; i++) {
    const lambda = gamma(u, r) / alpha;
    const ga = gamma(u, a);
    const p = ga / (ga + gamma(u, b));
    const nu = gamma(u, 4) / 15;
    let time = u() * 90;
    const id = `c${i}`;
    for (let purchase = 0; ; purchase++) {
      emit({ customer_id: id, date: dates[Math.floor(time)], amount: Math.max(0.01, Math.round((gamma(u, 6) / nu) * 100) / 100) });
      // BG/NBD: a customer may drop out right after a repeat purchase, never after the first one.
      if (purchase > 0 && u() < p) break;
      time += -Math.log(1 - u()) / Math.max(lambda, 1e-12);
      if (time >= horizonDays) break;
    }
  }
}

/** The transactions as an array (small worlds). */
export function simulate(customers: number, seed: number, horizonDays = 365): SimulatedTransaction[] {
  const out: SimulatedTransaction[] = [];
  simulateTransactions(customers, seed, (t) => out.push(t), horizonDays);
  return out;
}

/** Writes the world as a transactions CSV (customer_id,date,amount); returns the row count. */
export async function writeTransactionsCsv(path: string, customers: number, seed: number, horizonDays = 365, alpha = 4.414 * 7): Promise<number> {
  const out = createWriteStream(path);
  let rows = 0;
  let chunk = 'customer_id,date,amount\n';
  const pending: string[] = [];
  simulateTransactions(customers, seed, (t) => {
    chunk += `${t.customer_id},${t.date},${t.amount}\n`;
    rows++;
    if (chunk.length > 1 << 20) {
      pending.push(chunk);
      chunk = '';
    }
  }, horizonDays, alpha);
  pending.push(chunk);
  for (const part of pending) if (!out.write(part)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  return rows;
}
