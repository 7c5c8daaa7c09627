/**
 * Partner commissions for 1,000,000 credited conversions (issue 16 "Done when": < 2 s embedded).
 * A seeded month of sales and leads (mulberry32, seed 16) by 5,000 partners, a fifth of them
 * children of another (two-level overrides), through a programme with a percent sale rule with
 * retroactive tiers, a flat lead rule and a daily cap; `commissionEntries` from an empty ledger in
 * the Asia/Tehran zone. Beside it, in the same run, a floor: a plain pass over the same rows
 * computing each sale's percent with big.js and rounding it half-even (the least any exact
 * commission engine does), quoted as a ratio. Median of 3 runs each (PARTNERS_BENCH_RUNS). Writes
 * bench/results/partners-commissions.json, with `totals_digest`: SHA-256 (16 hex digits) of the
 * world's totals per partner, kind, reason and held, in minor units, one `partner|kind|reason|held=total`
 * line each in order. At 1M it is e22e8ffd69359ed9, as before the rewrite for speed (checked against
 * the commit before it): a change that moves any partner's figure changes it.
 *
 *   npx tsx bench/partners-commissions.bench.ts
 *   PARTNERS_BENCH_CONVERSIONS=100000 npx tsx bench/partners-commissions.bench.ts
 */
import Big from 'big.js';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CreditedConversion } from '../src/partners/credited-conversion.js';
import { commissionEntries } from '../src/partners/ledger/index.js';
import type { LedgerEntry, Partner, Program } from '../src/records/partners.js';
import { mulberry32 } from '../src/shared/random.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CONVERSIONS = Number(process.env.PARTNERS_BENCH_CONVERSIONS ?? 1_000_000);
const PARTNERS = 5_000;
const targetMs = 2_000;

const program: Program = {
  id: 'p1', workspace_id: 'bench', name: 'Bench', currency: 'EUR', window_days: 30, hold_days: 30, crediting: 'last_click',
  rules: [
    { id: 'sale', event: 'sale', type: 'percent', amount: '10', retroactive: true, tiers: [{ min_sales: 50, amount: '12' }, { min_sales: 150, amount: '15' }] },
    { id: 'lead', event: 'lead', type: 'flat', amount: '1.50', cap: { per: 'day', amount: '30' } },
  ],
  override_percent: '2', min_payout: '50', payout_schedule: 'monthly', fraud_threshold: 70, accepts_applications: true, created_at: '2026-01-01T00:00:00Z',
};

const partners = new Map<string, Partner>();
for (let i = 0; i < PARTNERS; i++) {
  const id = `pa${i}`;
  partners.set(id, {
    id, workspace_id: 'bench', program_id: 'p1', name: id, email: `${id}@example.com`, kind: 'affiliate', status: 'approved',
    parent_id: i % 5 === 4 ? `pa${i - 4}` : null, group: null, language: 'en', country: null, links: [], coupons: [], identities: [],
    retainer: null, postback_url: null, tax: null, created_at: '2026-01-01T00:00:00Z', approved_at: '2026-01-01T00:00:00Z',
  });
}

function world(): CreditedConversion[] {
  const rand = mulberry32(16);
  const start = Date.parse('2026-03-01T00:00:00Z');
  const span = 31 * 86_400_000;
  const rows: CreditedConversion[] = [];
  for (let i = 0; i < CONVERSIONS; i++) {
    const isSale = rand() < 0.85;
    const fraud = rand() < 0.02 ? 80 : null;
    rows.push({
      program_id: 'p1', partner_id: `pa${Math.floor(rand() ** 1.5 * PARTNERS)}`, event: isSale ? 'sale' : 'lead', id: `c${i}`,
      occurred_at: new Date(start + Math.floor((i / CONVERSIONS) * span)).toISOString(), amount: isSale ? (Math.floor(rand() * 30000) / 100 + 5).toFixed(2) : null,
      product: null, category: null, customer: `k${Math.floor(rand() * CONVERSIONS)}`, via: rand() < 0.2 ? 'coupon' : 'click', share: '1',
      click_id: null, sub_ids: {}, fraud_score: fraud, fraud_reasons: fraud ? ['burst'] : [],
    });
  }
  return rows;
}

function time<T>(fn: () => T): { ms: number; result: T } {
  const start = performance.now();
  const result = fn();
  return { ms: Math.round((performance.now() - start) * 10) / 10, result };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The floor: each sale's 10% with big.js, rounded half-even to cents, summed; each lead's flat 1.50. */
function floor(rows: CreditedConversion[]): string {
  const rate = new Big('0.1');
  const flat = new Big('1.50');
  let total = new Big(0);
  for (const r of rows) total = total.plus(r.amount === null ? flat : new Big(r.amount).times(rate).round(2, Big.roundHalfEven));
  return total.toFixed(2);
}

/** SHA-256 (16 hex digits) of the totals per partner, kind, reason and held, in cents (EUR amounts have 2 places). */
function totalsDigest(entries: readonly LedgerEntry[]): string {
  const totals = new Map<string, bigint>();
  for (const e of entries) {
    const key = `${e.partner_id}|${e.kind}|${e.reason}|${e.held}`;
    const [whole, part = ''] = e.amount.replace('-', '').split('.');
    const cents = BigInt(whole + part.padEnd(2, '0')) * (e.amount.startsWith('-') ? -1n : 1n);
    totals.set(key, (totals.get(key) ?? 0n) + cents);
  }
  const lines = [...totals].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`);
  return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16);
}

const rows = world();
const floorRuns: number[] = [];
const engineRuns: number[] = [];
let entries = 0;
let adjustments = 0;
let overrides = 0;
let digest = '';
const RUNS = Number(process.env.PARTNERS_BENCH_RUNS ?? 3);
for (let run = 0; run < RUNS; run++) {
  floorRuns.push(time(() => floor(rows)).ms);
  const { ms, result } = time(() => commissionEntries({ program, partners, timeZone: 'Asia/Tehran', existing: [], conversions: rows, now: '2026-04-01T00:00:00Z' }));
  engineRuns.push(ms);
  entries = result.length;
  adjustments = result.filter((e) => e.kind === 'adjustment').length;
  overrides = result.filter((e) => e.reason === 'override').length;
  digest = totalsDigest(result);
}
const result = {
  benchmark: 'partners-commissions',
  node: process.version,
  conversions: CONVERSIONS,
  partners: PARTNERS,
  entries,
  tier_adjustments: adjustments,
  overrides,
  totals_digest: digest,
  median_ms: median(engineRuns),
  runs_ms: engineRuns,
  floor_median_ms: median(floorRuns),
  floor_runs_ms: floorRuns,
  ratio_to_floor: Math.round((median(engineRuns) / median(floorRuns)) * 100) / 100,
  target_ms: targetMs,
  met: median(engineRuns) < targetMs,
  load_average_1m: Math.round(loadavg()[0] * 100) / 100,
  /** The process's peak resident set (the world, the floor and every run). */
  peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
};
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'partners-commissions.json'), JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result, null, 2));
