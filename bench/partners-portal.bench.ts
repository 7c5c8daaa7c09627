/**
 * Every partner portal page's data at 1M conversions (issue 16 "Done when": < 0.5 s), on embedded
 * DuckDB. One programme, 1,000 partners, 1M credited sales as commission entries (5% refunded in
 * part: a reversal each) spread over 90 days; a partner's pages are read for 20 partners chosen
 * at random, through the same report functions the operations call:
 *
 * - me: the partner, its programme and its links (`portal.me`);
 * - statement: its month's statement with statuses derived from its whole ledger (`portal.statement`);
 * - postbacks: its delivery log (`portal.postbacks`).
 *
 * The floor, in the same run: a plain read of the same partner's ledger rows (`listLedger`), the
 * least any ledger page must do. Prints and writes bench/results/partners-portal.json with the
 * median and worst per page.
 * `CONVERSIONS=100000 npx tsx bench/partners-portal.bench.ts` for a smaller run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LedgerEntry, Partner, Program } from '../src/records/partners.js';
import { DuckDbStore } from '../src/store/duckdb/duckdb-store.js';
import { openWorkspace } from '../src/server/start.js';
import { partnerStatement } from '../src/reports/partners/statement-report.js';
import { listPartnerPostbacks } from '../src/reports/partners/partner-postbacks.js';
import { ledgerOf } from '../src/reports/partners/partner-report-reads.js';
import { mulberry32 } from '../src/shared/random.js';

const CONVERSIONS = Number(process.env.CONVERSIONS ?? 1_000_000);
const PARTNERS = 1_000;
const SAMPLED = 20;
const ws = 'default';
const start = Date.parse('2026-09-01T00:00:00Z');
const spanMs = 90 * 86_400_000;

const store = await DuckDbStore.open(':memory:');
await openWorkspace(store, {});
const program: Program = {
  id: 'prg_bench', workspace_id: ws, name: 'Bench programme', currency: 'EUR', window_days: 30, hold_days: 30, crediting: 'last_click',
  rules: [{ id: 'r1', event: 'sale', type: 'percent', amount: '10' }], min_payout: '50.00', payout_schedule: 'monthly', fraud_threshold: 80,
  accepts_applications: false, created_at: '2026-08-01T00:00:00.000Z',
};
await store.putProgram(program);
const partnerIds = Array.from({ length: PARTNERS }, (_, i) => `prt_${String(i).padStart(4, '0')}`);
for (const id of partnerIds) {
  const partner: Partner = {
    id, workspace_id: ws, program_id: program.id, name: `Partner ${id}`, email: `${id}@bench.example`, kind: 'affiliate', status: 'approved', parent_id: null, group: null,
    language: 'en', country: null, links: [], coupons: [], identities: [], retainer: null, postback_url: null, tax: null, created_at: '2026-08-01T00:00:00.000Z', approved_at: '2026-08-02T00:00:00.000Z',
  };
  await store.createPartner(partner);
}

const rand = mulberry32(16);
const loadStarted = performance.now();
const batch: LedgerEntry[] = [];
const flush = async () => {
  if (batch.length) await store.appendLedger(ws, batch.splice(0));
};
for (let i = 0; i < CONVERSIONS; i++) {
  const partner = partnerIds[Math.floor(rand() * PARTNERS)];
  const at = new Date(start + Math.floor((i / CONVERSIONS) * spanMs)).toISOString();
  const amount = (20 + Math.floor(rand() * 20_000) / 100).toFixed(2);
  const id = `led_${i}`;
  const base = { workspace_id: ws, program_id: program.id, partner_id: partner, currency: 'EUR', order_id: `o${i}`, rule_id: 'r1', payout_run_id: null, fraud_score: Math.floor(rand() * 30), held: false, note: null, customer: null };
  batch.push({ ...base, id, kind: 'commission', amount: (Number(amount) / 10).toFixed(2), key: `commission:o${i}:r1`, ref: null, refund_id: null, reason: null, occurred_at: at, created_at: at, order_amount: amount, share: '1' });
  if (rand() < 0.05) {
    const later = new Date(Date.parse(at) + 3 * 86_400_000).toISOString();
    batch.push({ ...base, id: `rev_${i}`, kind: 'reversal', amount: (-Number(amount) / 20).toFixed(2), key: `reversal:rf${i}:${id}`, ref: id, refund_id: `rf${i}`, reason: 'refund', occurred_at: later, created_at: later, order_amount: null, share: null });
  }
  if (batch.length >= 20_000) await flush();
}
await flush();
const loadMs = performance.now() - loadStarted;

const time = async (fn: () => Promise<unknown>) => {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
};
const pages: Record<string, number[]> = { floor_ledger_rows: [], me: [], statement: [], postbacks: [] };
const sampled = Array.from({ length: SAMPLED }, () => partnerIds[Math.floor(rand() * PARTNERS)]);
for (const id of sampled) {
  pages.floor_ledger_rows.push(await time(() => ledgerOf(store, ws, { partner_id: id })));
  pages.me.push(await time(async () => {
    const partner = await store.getPartner(ws, id);
    await store.getProgram(ws, partner!.program_id);
    for (const slug of partner!.links) await store.getLink(ws, slug);
  }));
  pages.statement.push(await time(async () => partnerStatement(store, (await store.getPartner(ws, id))!, { from: '2026-10-01', to: '2026-10-31' }, { from: 'from', to: 'to' }, new Date('2026-12-01T00:00:00Z'))));
  pages.postbacks.push(await time(() => listPartnerPostbacks(store, ws, id)));
}
await store.close();

const stat = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median_ms: Number(s[s.length >> 1].toFixed(1)), max_ms: Number(s[s.length - 1].toFixed(1)) };
};
const result = {
  bench: 'partners-portal',
  engine: 'duckdb',
  conversions: CONVERSIONS,
  partners: PARTNERS,
  sampled_partners: SAMPLED,
  ledger_load_ms: Math.round(loadMs),
  pages: Object.fromEntries(Object.entries(pages).map(([k, v]) => [k, stat(v)])),
  limit_ms: 500,
  pass: Object.entries(pages).every(([, v]) => Math.max(...v) < 500),
};
mkdirSync(join('bench', 'results'), { recursive: true });
writeFileSync(join('bench', 'results', 'partners-portal.json'), JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result, null, 2));
