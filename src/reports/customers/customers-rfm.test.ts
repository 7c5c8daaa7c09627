/**
 * The RFM report on roilens' own demo world (the default seed 42, 90 days, 20,000 visitors,
 * ending 2026-11-20) in a real DuckDB store: about three customers in four buy once, yet no
 * frequency score and no named segment is empty, and the most valuable customers are told apart.
 * Before quintiles by rank, F = 2 and F = 3 were empty and "Potential loyalist" and "Need
 * attention" always 0 on this world; the list was ranked by predicted CLV, equal for
 * every one-time buyer of the same day.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rfmSegments } from '../../customers/index.js';
import { generateDemoWorld } from '../../demo/generate.js';
import { loadWorld } from '../../demo/load-world.js';
import { DuckDbStore } from '../../store/duckdb/duckdb-store.js';
import type { Workspace } from '../../records/workspace.js';
import { rfmReport, type RfmReport } from './customers-rfm.js';

const ws: Workspace = { id: 'ws_rfm_demo', name: 'RFM demo', currency: 'EUR', timezone: 'UTC', margin: '1', write_key: 'wk_rfm_demo' };

describe('RFM on the demo world (seed 42, 90 days, 20,000 visitors)', () => {
  let store: DuckDbStore;
  let report: RfmReport;
  let orders: Map<string, number>;
  let revenue: Map<string, number>;

  beforeAll(async () => {
    store = await DuckDbStore.open(':memory:');
    await store.ensureWorkspace(ws);
    await loadWorld(store, ws.id, generateDemoWorld({ seed: 42, days: 90, visitors: 20_000, endDate: '2026-11-20' }));
    orders = new Map();
    revenue = new Map();
    for (const t of await store.customerTransactions(ws.id, {})) {
      orders.set(t.customer_id, (orders.get(t.customer_id) ?? 0) + 1);
      revenue.set(t.customer_id, (revenue.get(t.customer_id) ?? 0) + t.amount);
    }
    report = await rfmReport(store, ws.id, {});
  }, 120_000);
  afterAll(async () => store?.close());

  it('is a world where most customers bought once', () => {
    const once = [...orders.values()].filter((n) => n === 1).length;
    expect(report.customers).toBe(orders.size);
    expect(once / orders.size).toBeGreaterThan(0.7);
  });

  it('fills every frequency score with a fifth of the customers', () => {
    const perF = [1, 2, 3, 4, 5].map((f) => report.grid.filter((c) => c.f === f).reduce((n, c) => n + c.customers, 0));
    for (const n of perF) expect([Math.floor(report.customers / 5), Math.ceil(report.customers / 5)]).toContain(n);
  });

  it('reaches every named segment', () => {
    const empty = report.segments.filter((s) => s.customers === 0).map((s) => s.segment);
    expect(empty).toEqual([]);
    expect(report.segments.map((s) => s.segment)).toEqual([...rfmSegments]);
  });

  it('lists 20 most valuable customers, none tied with the next on revenue, orders and recency', () => {
    const top = report.top_customers;
    expect(top).toHaveLength(20);
    for (let i = 1; i < top.length; i++) {
      const [a, b] = [top[i - 1], top[i]];
      const key = (c: typeof a) => `${c.monetary}/${c.frequency}/${c.recency_days}`;
      expect(key(a), `${a.customer_id} and ${b.customer_id}`).not.toBe(key(b));
      expect(a.monetary > b.monetary || (a.monetary === b.monetary && (a.frequency > b.frequency || (a.frequency === b.frequency && a.recency_days < b.recency_days)))).toBe(true);
    }
    // Each listed customer's orders are the store's, and nobody left out spent more than the last one listed.
    for (const c of top) expect(c.frequency).toBe(orders.get(c.customer_id));
    const listed = new Set(top.map((c) => c.customer_id));
    const richerLeftOut = [...revenue].filter(([id, r]) => !listed.has(id) && r > top[19].monetary + 1e-6);
    expect(richerLeftOut).toEqual([]);
  });
});
