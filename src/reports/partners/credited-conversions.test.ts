/**
 * creditedConversions on the embedded store: facts a page at a time, credited by hand. Programme
 * "p" (EUR, 7 days, last click, 10% per sale); Ann holds link `ann` and coupon ANN10, Bob link `bob`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbStore } from '../../store/duckdb/duckdb-store.js';
import { enrichEvent } from '../../ingest/enrich.js';
import { defaultChannelRules } from '../../tracking/channel-rules.js';
import type { EventRecord } from '../../records/events.js';
import type { Partner, Program } from '../../records/partners.js';
import { creditedConversions } from './credited-conversions.js';

const program: Program = {
  id: 'p', workspace_id: 'ws_cc', name: 'P', currency: 'EUR', window_days: 7, hold_days: 30, crediting: 'last_click',
  rules: [{ id: 'r1', event: 'sale', type: 'percent', amount: '10' }], min_payout: '0', payout_schedule: 'monthly',
  fraud_threshold: 80, accepts_applications: false, created_at: '2026-01-01T00:00:00.000Z',
};
const partner = (id: string, over: Partial<Partner>): Partner => ({
  id, workspace_id: 'ws_cc', program_id: 'p', name: id, email: `${id}@example.com`, kind: 'affiliate', status: 'approved',
  parent_id: null, group: null, language: 'en', country: null, links: [], coupons: [], identities: [], retainer: null,
  postback_url: null, tax: null, created_at: '2026-01-01T00:00:00.000Z', approved_at: '2026-01-01T00:00:00.000Z', ...over,
});
const partners = [partner('ann', { links: ['ann'], coupons: ['ANN10'] }), partner('bob', { links: ['bob'] })];
const ev = (e: Partial<EventRecord> & Pick<EventRecord, 'id' | 'type' | 'ts' | 'anonymous_id'>) => enrichEvent(e as EventRecord, defaultChannelRules);
const click = (id: string, slug: string, anon: string, ts: string) => ev({ id, type: 'click', ts, anonymous_id: anon, click_id: `rl_${id}`, properties: { link: slug, rl_cid: `rl_${id}`, rl_server_click: true, sub1: id } });

describe('creditedConversions', () => {
  let store: DuckDbStore;
  beforeAll(async () => {
    store = await DuckDbStore.open(':memory:');
    await store.ensureWorkspace({ id: 'ws_cc', name: 'CC', currency: 'EUR', timezone: 'UTC', margin: '1', write_key: 'wk_cc' });
    await store.upsertRates('ws_cc', [{ date: '2026-01-01', currency: 'USD', rate: '0.9' }]);
    await store.insertEvents('ws_cc', [
      // v1 clicks Ann, then Bob; v2 clicks Ann; v3 forges a click on Ann's link (no server mark).
      click('k1', 'ann', 'v1', '2026-03-01T10:00:00.000Z'), click('k2', 'bob', 'v1', '2026-03-02T10:00:00.000Z'),
      click('k3', 'ann', 'v2', '2026-03-02T10:00:00.000Z'),
      ev({ id: 'f1', type: 'click', ts: '2026-03-02T10:00:00.000Z', anonymous_id: 'v3', click_id: 'rl_f1', properties: { link: 'ann', rl_cid: 'rl_f1' } }),
      // v2's sale is sent by a browser (unverified): it pays nothing.
      ev({ id: 's2', type: 'conversion', ts: '2026-03-03T10:00:00.000Z', anonymous_id: 'v2', order_id: 'o2', revenue: { amount: '70', currency: 'EUR' } }),
    ]);
    await store.upsertOrders('ws_cc', [
      // v1's order (by its click id): Bob's click is the last → Bob, 50 USD = 45.00 EUR.
      { order_id: 'o1', customer_id: 'c1', ts: '2026-03-03T10:00:00.000Z', amount: { amount: '50', currency: 'USD' }, click_id: 'rl_k1' },
      // The forger's order by its click id: no server click → nobody; c4 with Ann's coupon and no click → Ann.
      { order_id: 'o3', customer_id: 'c3', ts: '2026-03-03T11:00:00.000Z', amount: { amount: '10', currency: 'EUR' }, click_id: 'rl_f1' },
      { order_id: 'o4', customer_id: 'c4', ts: '2026-03-04T11:00:00.000Z', amount: { amount: '20', currency: 'EUR' }, coupon: 'ANN10' },
    ]);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('credits each verified sale once, over pages of 1, with the credited clicks for fraud scoring', async () => {
    const r = await creditedConversions(store, 'ws_cc', program, partners, { from: '2026-03-01', to: '2026-03-31' }, { pageSize: 1 });
    expect(r.credited.map((c) => [c.id, c.partner_id, c.via, c.amount, c.click_id, c.sub_ids])).toEqual([
      ['o1', 'bob', 'click', '45.00', 'rl_k2', { sub1: 'k2' }],
      ['o4', 'ann', 'coupon', '20.00', null, {}],
    ]);
    expect(r.skipped).toEqual([]);
    expect(r.clicks.map((c) => c.click_id)).toEqual(['rl_k2']);
  });
});
