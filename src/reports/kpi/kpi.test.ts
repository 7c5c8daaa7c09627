/**
 * The KPI report end to end on the embedded store (the handler behind `GET /v1/kpis`
 * and `roilens kpi`): cost ratios of channels without spend and `totals.paid`.
 * Every expected number is computed by hand in the comments.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultChannelRules } from '../../tracking/channel-rules.js';
import { enrichEvent } from '../../ingest/enrich.js';
import type { EventRecord } from '../../records/events.js';
import { DuckDbStore } from '../../store/duckdb/duckdb-store.js';
import type { Store } from '../../store/store.js';
import { kpiReport } from './kpi.js';

const ws = { id: 'ws_kpi', name: 'KPI', currency: 'EUR', timezone: 'UTC', margin: '1', write_key: 'wk_kpi' };
const ev = (e: Partial<EventRecord> & Pick<EventRecord, 'id' | 'type' | 'ts' | 'anonymous_id'>) => enrichEvent(e as EventRecord, defaultChannelRules);

describe('KPI figures: null cost ratios and totals.paid (issue 11 #5)', () => {
  let store: Store;
  beforeAll(async () => {
    store = await DuckDbStore.open(':memory:');
    await store.ensureWorkspace(ws);
    await store.insertEvents(ws.id, [
      // p1 comes from paid search and buys 100 EUR; q1 and q2 come direct and buy 30 + 20 EUR.
      ev({ id: 'p1v', type: 'page_view', ts: '2026-03-02T10:00:00.000Z', anonymous_id: 'p1', session_id: 'sp1', url: 'https://shop.example/?utm_source=google&utm_medium=cpc', utm: { source: 'google', medium: 'cpc', campaign: 'brand' } }),
      ev({ id: 'p1c', type: 'conversion', ts: '2026-03-02T10:05:00.000Z', anonymous_id: 'p1', session_id: 'sp1', order_id: 'o1', revenue: { amount: '100', currency: 'EUR' } }),
      ev({ id: 'q1v', type: 'page_view', ts: '2026-03-02T11:00:00.000Z', anonymous_id: 'q1', session_id: 'sq1', url: 'https://shop.example/' }),
      ev({ id: 'q1c', type: 'conversion', ts: '2026-03-02T11:05:00.000Z', anonymous_id: 'q1', session_id: 'sq1', order_id: 'o2', revenue: { amount: '30', currency: 'EUR' } }),
      ev({ id: 'q2v', type: 'page_view', ts: '2026-03-03T11:00:00.000Z', anonymous_id: 'q2', session_id: 'sq2', url: 'https://shop.example/' }),
      ev({ id: 'q2c', type: 'conversion', ts: '2026-03-03T11:05:00.000Z', anonymous_id: 'q2', session_id: 'sq2', order_id: 'o3', revenue: { amount: '20', currency: 'EUR' } }),
    ]);
    await store.replaceSpend(ws.id, [
      { date: '2026-03-02', channel: 'paid_search', campaign: 'brand', ad: 'a1', cost: { amount: '40.00', currency: 'EUR' }, impressions: 1000, clicks: 20, pricing_model: 'cpc' },
    ]);
  });
  afterAll(async () => store?.close());

  it('a channel without spend has null CPA, CPC, CPL, CAC, ROAS and ROI, not 0', async () => {
    const report = await kpiReport(store, ws.id, { by: 'channel', from: '2026-03-01', to: '2026-03-03', compare: 'none' });
    const direct = report.rows.find((r) => r.channel === 'direct')!;
    expect(direct).toMatchObject({ spend: 0, conversions: 2, revenue: 50 });
    for (const m of ['cpa', 'cpc', 'cpm', 'cpl', 'cac', 'cost_per_mql', 'cost_per_sql', 'roas', 'roi']) expect(direct[m]).toBeNull();
    // paid search: 40 spent, 1 sale of 100 → CPA 40, CPC 40 / 20 = 2, ROAS 2.5, ROI (100 − 40) / 40 = 1.5
    expect(report.rows.find((r) => r.channel === 'paid_search')).toMatchObject({ cpa: 40, cpc: 2, roas: 2.5, roi: 1.5 });
  });

  it('totals cover every row; totals.paid covers the channels with spend', async () => {
    const report = await kpiReport(store, ws.id, { by: 'channel', from: '2026-03-01', to: '2026-03-03', compare: 'none' });
    // all rows: 40 spent, 3 sales worth 150 → CPA 13.33, ROAS 3.75, ROI 2.75
    expect(report.totals).toMatchObject({ spend: 40, revenue: 150, conversions: 3, cpa: 13.33, roas: 3.75, roi: 2.75 });
    expect(report.totals.paid).toEqual({ spend: 40, revenue: 100, roas: 2.5, roi: 1.5, cpa: 40, channels: ['paid_search'] });
  });

  it('totals.paid is the same whatever the rows are grouped by', async () => {
    for (const by of ['day', 'campaign', 'country']) {
      const report = await kpiReport(store, ws.id, { by, from: '2026-03-01', to: '2026-03-03', compare: 'none' });
      expect(report.totals.paid, by).toEqual({ spend: 40, revenue: 100, roas: 2.5, roi: 1.5, cpa: 40, channels: ['paid_search'] });
    }
    // The day without spend: direct's sale only → nothing paid, every paid figure null.
    const quiet = await kpiReport(store, ws.id, { by: 'day', from: '2026-03-03', to: '2026-03-03', compare: 'none' });
    expect(quiet.totals).toMatchObject({ spend: 0, revenue: 20, cpa: null, roas: null, roi: null });
    expect(quiet.totals.paid).toEqual({ spend: 0, revenue: 0, roas: null, roi: null, cpa: null, channels: [] });
  });
});
