/**
 * Customer reports and segments on a small simulated world in a real DuckDB store. The checks
 * are conservation laws and agreements with independent paths: RFM segments partition the
 * customers and their revenue (= the KPI query's revenue), cohorts partition the new customers
 * (per channel = the KPI query's credited new customers), the funnel matches the raw CRM leads,
 * segment counts match counts done here in TypeScript, and a webhook receives every member once.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoWorld } from '../../demo/generate.js';
import type { DemoWorld } from '../../demo/world/types.js';
import { loadWorld } from '../../demo/load-world.js';
import { openWorkspace } from '../../server/start.js';
import { DuckDbStore } from '../../store/duckdb/duckdb-store.js';
import type { CustomerTransaction } from '../../store/customers.js';
import { clvReport, cohortsReport, customerProfileReport, funnelReport, ltvCacReport, rfmReport } from './customers.js';
import { poolByGroup } from './customers-cohorts.js';
import { audienceCsv, compareSegment, countSegment, createSegment, pushSegment, segmentAudience } from './segments.js';

const all = { from: '2000-01-01', to: '2100-12-31', lookbackDays: 30 };

describe('customer reports on a demo world (DuckDB)', () => {
  let store: DuckDbStore;
  let ws: string;
  let world: DemoWorld;
  let transactions: CustomerTransaction[];

  beforeAll(async () => {
    store = await DuckDbStore.open(':memory:');
    ws = (await openWorkspace(store, {})).workspace.id;
    world = generateDemoWorld({ seed: 11, days: 60, visitors: 5000 });
    await store.updateWorkspace(ws, { currency: world.truth.currency });
    await loadWorld(store, ws, world);
    transactions = await store.customerTransactions(ws, {});
  }, 60_000);
  afterAll(async () => store?.close());

  it('has sales from several customers, some repeat buyers', () => {
    const perCustomer = countBy(transactions.map((t) => t.customer_id));
    expect(perCustomer.size).toBeGreaterThan(100);
    expect([...perCustomer.values()].some((n) => n >= 2)).toBe(true);
  });

  it('RFM: segments partition the customers and their revenue; movement accounts for everyone', async () => {
    const facts = await store.kpiFacts(ws, { by: null, ...all });
    const rfm = await rfmReport(store, ws, {});
    const customers = new Set(transactions.map((t) => t.customer_id)).size;
    expect(rfm.customers).toBe(customers);
    expect(rfm.customers).toBe(facts.totals.new_customers);
    expect(sum(rfm.segments.map((s) => s.customers))).toBe(customers);
    expect(sum(rfm.grid.map((c) => c.customers))).toBe(customers);
    // Revenue is conserved: segments = grid = the KPI query's sales revenue.
    expect(sum(rfm.segments.map((s) => s.revenue))).toBeCloseTo(Number(facts.totals.revenue), 4);
    expect(sum(rfm.grid.map((c) => c.revenue))).toBeCloseTo(Number(facts.totals.revenue), 4);
    // Everyone scored now came from a segment 30 days ago or from "(none)".
    expect(sum(rfm.movement.filter((m) => m.to !== '(none)').map((m) => m.customers))).toBe(customers);
    const before = new Set(transactions.filter((t) => t.date <= rfm.previous_as_of).map((t) => t.customer_id)).size;
    expect(sum(rfm.movement.filter((m) => m.from !== '(none)').map((m) => m.customers))).toBe(before);
  });

  it('cohorts: sizes sum to the new customers, by month, week and channel', async () => {
    const facts = await store.kpiFacts(ws, { by: 'channel', ...all });
    for (const period of ['month', 'week'] as const) {
      const report = await cohortsReport(store, ws, { period });
      expect(sum(report.cohorts.map((c) => c.size))).toBe(facts.totals.new_customers);
      for (const c of report.cohorts) {
        expect(c.retention[0]).toBe(1); // everyone buys in their acquisition period
        expect(c.revenue_per_customer).toEqual([...c.revenue_per_customer].sort((a, b) => a - b)); // cumulative
      }
    }
    const byChannel = await cohortsReport(store, ws, { period: 'month', by: 'channel' });
    const credited = Object.fromEntries(facts.rows.filter((r) => r.measures.new_customers > 0).map((r) => [r.key, r.measures.new_customers]));
    expect(Object.fromEntries(byChannel.cohorts.map((c) => [c.cohort, c.size]))).toEqual(credited);
  });

  it('cohort pooling weights each acquisition cohort by its size (hand example)', () => {
    const cell = (offset: number, active: number, n: number, cum: number) => ({ offset, active_customers: active, retention: active / n, churn: null, revenue: 0, cumulative_revenue_per_customer: cum });
    const pooled = poolByGroup([
      { cohort: '2026-01', group: 'email', customers: 4, repeat_purchase_rate: 0.5, periods: [cell(0, 4, 4, 10), cell(1, 1, 4, 15)] },
      { cohort: '2026-02', group: 'email', customers: 1, repeat_purchase_rate: 0, periods: [cell(0, 1, 1, 20)] },
    ]);
    // Offset 0 over 5 customers: (4·10 + 1·20)/5 = 12; offset 1 only the January cohort: 1/4, 15.
    expect(pooled).toEqual([{ cohort: 'email', size: 5, retention: [1, 0.25], revenue_per_customer: [12, 15], repeat_purchase_rate: 0.4 }]);
  });

  it('CRM funnel: counts match the raw CRM leads; cost per MQL is spend / MQLs', async () => {
    const report = await funnelReport(store, ws, { from: world.truth.start_date, to: world.truth.end_date, by: 'channel' });
    const inRange = world.leads.filter((l) => l.created_at.slice(0, 10) >= report.from && l.created_at.slice(0, 10) <= report.to);
    const count = (stage: 'mql_at' | 'sql_at' | 'opportunity_at' | 'customer_at') => inRange.filter((l) => l[stage]).length;
    expect(report.stages.map((s) => s.stage)).toEqual(['lead', 'mql', 'sql', 'opportunity', 'customer']);
    expect(report.stages[0].count).toBeGreaterThanOrEqual(inRange.length);
    expect(report.stages.slice(1).map((s) => s.count)).toEqual([count('mql_at'), count('sql_at'), count('opportunity_at'), count('customer_at')]);
    expect(report.stages[1].rate_from_previous).toBeCloseTo(report.stages[1].count / report.stages[0].count, 12);
    expect(report.cost_per_mql).toBeCloseTo(report.spend / report.mqls_in_range, 9);
    // Per channel rows partition the leads.
    for (let k = 0; k < 5; k++) expect(sum(report.rows.map((r) => r.stages[k].count))).toBe(report.stages[k].count);
    const medians = report.stages.slice(1).map((s) => s.median_days).filter((d) => d !== null) as number[];
    for (const d of medians) expect(d).toBeGreaterThanOrEqual(0);
  });

  it('CLV on the store transactions: one prediction per customer, finite values', async () => {
    const report = await clvReport(store, ws, { horizon: 90 });
    expect(report.fit.customers).toBe(new Set(transactions.map((t) => t.customer_id)).size);
    expect(report.customers).toHaveLength(report.fit.customers);
    for (const c of report.customers) {
      expect(c.p_alive).toBeGreaterThanOrEqual(0);
      expect(c.p_alive).toBeLessThanOrEqual(1);
      expect(Number.isFinite(c.clv)).toBe(true);
    }
    expect(report.total_clv).toBeCloseTo(sum(report.customers.map((c) => c.clv)), 6);
  });

  it('LTV:CAC: customers per channel = credited new customers; CAC = spend / customers', async () => {
    const range = { from: world.truth.start_date, to: world.truth.end_date };
    const report = await ltvCacReport(store, ws, range);
    const facts = await store.kpiFacts(ws, { by: 'channel', ...range, lookbackDays: 30 });
    for (const row of report.channels) {
      const m = facts.rows.find((r) => r.key === row.channel)?.measures;
      expect(row.customers).toBe(m?.new_customers ?? 0);
      expect(row.spend).toBeCloseTo(Number(m?.spend ?? 0), 6);
      if (row.customers > 0) expect(row.cac).toBeCloseTo(row.spend / row.customers, 9);
    }
    expect(sum(report.channels.map((c) => c.customers))).toBe(facts.totals.new_customers);
  });

  it('profiles stitch a person across devices', async () => {
    const devices = new Map<string, Set<string>>();
    for (const e of world.events) if (e.user_id) devices.set(e.user_id, (devices.get(e.user_id) ?? new Set()).add(e.anonymous_id));
    const [user, anons] = [...devices.entries()].find(([, s]) => s.size >= 2)!;
    const { profile, events } = await customerProfileReport(store, ws, user);
    expect(profile.anonymous_ids).toEqual(expect.arrayContaining([...anons]));
    expect(new Set(events.map((e) => e.anonymous_id))).toEqual(new Set(profile.anonymous_ids));
    await expect(customerProfileReport(store, ws, 'nobody-here')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('segments: live counts agree with counts done here; CSV rows = count; compare', async () => {
    const perCustomer = countBy(transactions.map((t) => t.customer_id));
    const repeat = [...perCustomer.values()].filter((n) => n >= 2).length;
    await createSegment(store, ws, { id: 'repeat', name: 'Repeat buyers', conditions: [{ kind: 'orders', min_count: 2 }] });
    expect((await countSegment(store, ws, 'repeat')).people).toBe(repeat);
    const spend = new Map<string, number>();
    for (const t of transactions) spend.set(t.customer_id, (spend.get(t.customer_id) ?? 0) + t.amount);
    const threshold = median([...spend.values()]);
    await createSegment(store, ws, { id: 'big', name: 'Big spenders', conditions: [{ kind: 'spent', more_than: threshold }] });
    const big = [...spend.values()].filter((v) => v > threshold + 1e-9).length;
    expect((await countSegment(store, ws, 'big')).people).toBe(big);
    const { members } = await segmentAudience(store, ws, 'big');
    const csv = audienceCsv(members).trimEnd().split('\n');
    expect(csv[0]).toBe('customer_id,email_hash,anonymous_ids');
    expect(csv.length - 1).toBe(big);
    const cmp = await compareSegment(store, ws, 'repeat');
    expect(cmp.members.conversion_rate).toBe(1);
    expect(cmp.members.orders).toBe([...perCustomer.values()].filter((n) => n >= 2).reduce((s, n) => s + n, 0));
    expect(cmp.all.people).toBeGreaterThan(cmp.members.people);
    await expect(createSegment(store, ws, { id: 'repeat', name: 'Again', conditions: [] })).rejects.toMatchObject({ code: 'conflict' });
    await expect(createSegment(store, ws, { name: 'Bad', conditions: [{ kind: 'orders', min_count: 0 }] })).rejects.toMatchObject({ issues: [{ path: 'conditions.0.min_count' }] });
  });

  describe('webhook push', () => {
    let server: Server;
    let url: string;
    const received: { batch: number; batches: number; members: { customer_id: string }[] }[] = [];
    let failBatch = 0;
    beforeAll(async () => {
      server = createServer((req, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          const doc = JSON.parse(body);
          if (doc.batch === failBatch) {
            res.writeHead(500).end('nope');
            return;
          }
          received.push(doc);
          res.writeHead(204).end();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      // Loopback is refused unless the operator allows it (issue 12 #12): this test's own configuration does.
      process.env.ROILENS_OUTBOUND_ALLOW = '127.0.0.1';
    });
    afterAll(() => {
      delete process.env.ROILENS_OUTBOUND_ALLOW;
      return new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('delivers every member exactly once, in chunks', async () => {
      const count = (await countSegment(store, ws, 'big')).people;
      const result = await pushSegment(store, ws, 'big', { webhook: url, chunkSize: 10 });
      expect(result).toMatchObject({ members: count, batches: Math.ceil(count / 10), delivered_members: count, failed: [] });
      const ids = received.flatMap((r) => r.members.map((m) => m.customer_id));
      expect(ids).toHaveLength(count);
      expect(new Set(ids).size).toBe(count);
      expect(received.map((r) => r.batch)).toEqual(Array.from({ length: result.batches }, (_, i) => i + 1));
    });

    it('reports failed chunks and unreachable hooks instead of throwing', async () => {
      received.length = 0;
      failBatch = 2;
      const result = await pushSegment(store, ws, 'big', { webhook: url, chunkSize: 10, backoffMs: 5 });
      expect(result.failed).toEqual([{ batch: 2, members: 10, status: 500, error: 'http_error' }]);
      expect(result.delivered_members).toBe(result.members - 10);
      const closed = await pushSegment(store, ws, 'big', { webhook: 'http://127.0.0.1:1/x', chunkSize: 1000, backoffMs: 5 });
      expect(closed.failed).toEqual([{ batch: 1, members: closed.members, status: null, error: 'connection_failed' }]);
      await expect(pushSegment(store, ws, 'big', { webhook: 'ftp://x' })).rejects.toMatchObject({ code: 'invalid_input' });
    });
  });
});

function sum(values: number[]): number {
  return values.reduce((s, v) => s + v, 0);
}

function countBy(keys: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const k of keys) out.set(k, (out.get(k) ?? 0) + 1);
  return out;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
