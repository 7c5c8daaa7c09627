/**
 * Verified revenue and order take-over (issue 12 #1 and #3), part of the store contract:
 * every engine runs these cases through `runStoreContract`. They use workspaces of their
 * own; every expected figure is counted by hand in the comments.
 */
import { expect, it } from 'vitest';
import { defaultChannelRules } from '../../src/tracking/channel-rules.js';
import { enrichEvent } from '../../src/ingest/enrich.js';
import type { EventRecord } from '../../src/records/events.js';
import { setRevenueSources } from '../../src/store/revenue-settings.js';
import { attributionReport } from '../../src/reports/attribution/attribution.js';
import { cohortsReport } from '../../src/reports/customers/customers-cohorts.js';
import { rfmReport } from '../../src/reports/customers/customers-rfm.js';
import { ltvCacReport } from '../../src/reports/customers/customers-value.js';
import type { Store } from '../../src/store/store.js';
import type { Workspace } from '../../src/records/workspace.js';

const verifiedWs: Workspace = { id: 'ws_verified', name: 'Verified', currency: 'EUR', timezone: 'UTC', margin: '1', write_key: 'wk_verified' };
const reportsWs: Workspace = { id: 'ws_verified_reports', name: 'Verified reports', currency: 'EUR', timezone: 'UTC', margin: '1', write_key: 'wk_verified_reports' };
const browserOnlyWs: Workspace = { id: 'ws_browser_only', name: 'Browser only', currency: 'EUR', timezone: 'UTC', margin: '1', write_key: 'wk_browser_only' };
const site = 'https://shop.example';
const ev = (e: Partial<EventRecord> & Pick<EventRecord, 'id' | 'type' | 'ts' | 'anonymous_id'>): EventRecord => e as EventRecord;
const display = { source: 'dsp', medium: 'display', campaign: 'autumn' };
const email = { source: 'newsletter', medium: 'email' };

/**
 * October 2026. cust1 sees a display ad on the 10th and buys: order O-1 (440 EUR) comes from
 * the CRM import. v2 clicks a display ad (ck1) on the 15th; the network's postback (verified)
 * reports PB-1 at 60 EUR. Forgeries with the public key: FAKE-1, a backdated 250,000 EUR sale
 * after a display view; a copy of O-1 on the 3rd after an email visit (take-over); a copy of
 * PB-1 on the 14th at 6,000 EUR.
 */
const events: EventRecord[] = [
  ev({ id: 'v1', type: 'page_view', ts: '2026-10-10T09:00:00.000Z', anonymous_id: 'a_v1', user_id: 'cust1', url: `${site}/`, utm: display }),
  ev({ id: 'v2', type: 'click', ts: '2026-10-15T09:00:00.000Z', anonymous_id: 'a_v2', click_id: 'ck1', url: `${site}/`, utm: display }),
  ev({ id: 'pb:pbs_net:PB-1', type: 'conversion', ts: '2026-10-15T10:00:00.000Z', anonymous_id: 'a_v2', click_id: 'ck1', order_id: 'PB-1', revenue: { amount: '60', currency: 'EUR' }, properties: { source: 'postback', rl_verified: true } }),
  ev({ id: 'f1', type: 'page_view', ts: '2026-10-02T09:00:00.000Z', anonymous_id: 'a_f1', url: `${site}/`, utm: display }),
  ev({ id: 'f2', type: 'conversion', ts: '2026-10-02T10:00:00.000Z', anonymous_id: 'a_f1', order_id: 'FAKE-1', revenue: { amount: '250000', currency: 'EUR' } }),
  ev({ id: 'f3', type: 'page_view', ts: '2026-10-03T09:00:00.000Z', anonymous_id: 'a_f2', url: `${site}/`, utm: email }),
  ev({ id: 'f4', type: 'conversion', ts: '2026-10-03T10:00:00.000Z', anonymous_id: 'a_f2', order_id: 'O-1', revenue: { amount: '1', currency: 'EUR' } }),
  ev({ id: 'f5', type: 'conversion', ts: '2026-10-14T10:00:00.000Z', anonymous_id: 'a_f2', order_id: 'PB-1', revenue: { amount: '6000', currency: 'EUR' } }),
  // A forged earlier sale in cust1's name (no touch before it: direct), to make cust1 look like an old customer.
  ev({ id: 'f6', type: 'conversion', ts: '2026-10-05T10:00:00.000Z', anonymous_id: 'a_f3', user_id: 'cust1', order_id: 'FAKE-2', revenue: { amount: '100', currency: 'EUR' } }),
];

export function verifiedRevenueCases(getStore: () => Store): void {
  const ws = verifiedWs.id;
  const october = { from: '2026-10-01', to: '2026-10-31', lookbackDays: 30 };

  it('verified revenue: forged conversions neither count nor take an order over; unverified revenue apart (issue 12 #1, #3)', async () => {
    const store = getStore();
    await store.ensureWorkspace(verifiedWs);
    await store.insertEvents(ws, events.map((e) => enrichEvent(e, defaultChannelRules)));
    await store.upsertOrders(ws, [{ order_id: 'O-1', customer_id: 'cust1', ts: '2026-10-10T10:00:00.000Z', amount: { amount: '440', currency: 'EUR' } }]);
    await store.replaceSpend(ws, [{ date: '2026-10-01', channel: 'display', campaign: 'autumn', ad: 'banner', cost: { amount: '1000', currency: 'EUR' }, impressions: 10_000, clicks: 100, pricing_model: 'cpm' }]);

    // Default (an order exists): verified only. O-1 (440, cust1, display on the 10th) and PB-1 (60: the
    // postback, not the 6,000 copy, v2's display click) → 2 sales, 500, both new customers (FAKE-2 does not
    // make cust1 old); FAKE-1's 250,000 and FAKE-2's 100 are unverified.
    const facts = await store.kpiFacts(ws, { by: 'channel', ...october });
    expect(facts.totals).toMatchObject({ conversions: 2, new_customers: 2, revenue: '500.000000', revenue_unverified: '250100.000000' });
    const displayRow = facts.rows.find((r) => r.key === 'display')!.measures;
    expect(displayRow).toMatchObject({ spend: '1000.000000', conversions: 2, revenue: '500.000000' });
    // The email visit before the forged copy of O-1 gets nothing.
    expect(facts.rows.find((r) => r.key === 'email')?.measures.conversions ?? 0).toBe(0);
    // O-1 stays on cust1's day (10th), PB-1 on the 15th; nothing on the 2nd or 3rd.
    const byDay = await store.kpiFacts(ws, { by: 'day', ...october });
    const daysWithSales = byDay.rows.filter((r) => r.measures.conversions > 0).map((r) => [r.key, r.measures.conversions, r.measures.revenue]).sort((x, y) => String(x[0]).localeCompare(String(y[0])));
    expect(daysWithSales).toEqual([['2026-10-10', 1, '440.000000'], ['2026-10-15', 1, '60.000000']]);
    const days = await store.channelDaily(ws, october);
    expect(days.filter((d) => d.conversions > 0).map((d) => [d.date, d.channel, d.conversions, d.revenue]).sort((x, y) => String(x[0]).localeCompare(String(y[0])))).toEqual([
      ['2026-10-10', 'display', 1, '440.000000'], ['2026-10-15', 'display', 1, '60.000000'],
    ]);

    // revenue_sources = all: FAKE-1 (display, 2nd) and FAKE-2 (direct, 5th) count too; O-1 and PB-1 are still decided
    // by their verified records. New customers: a_f1 (FAKE-1), cust1 (O-1, its first verified sale), v2 (PB-1).
    await setRevenueSources(store, ws, 'all');
    const all = await store.kpiFacts(ws, { by: 'channel', ...october });
    expect(all.totals).toMatchObject({ conversions: 4, new_customers: 3, revenue: '250600.000000', revenue_unverified: '250100.000000' });
    expect(all.rows.find((r) => r.key === 'email')?.measures.conversions ?? 0).toBe(0);
    await setRevenueSources(store, ws, 'verified');
    expect((await store.kpiFacts(ws, { by: null, ...october })).totals).toMatchObject({ conversions: 2, revenue: '500.000000' });
  });

  it('existing event ids: which of the given ids are stored (quotes and all)', async () => {
    const store = getStore();
    await store.insertEvents(ws, [enrichEvent(ev({ id: "it's", type: 'page_view', ts: '2026-10-20T09:00:00.000Z', anonymous_id: 'a_q', url: `${site}/` }), defaultChannelRules)]);
    expect((await store.existingEventIds(ws, ['v1', 'nope', 'pb:pbs_net:PB-1', "it's"])).sort()).toEqual(["it's", 'pb:pbs_net:PB-1', 'v1']);
    expect(await store.existingEventIds(ws, [])).toEqual([]);
    // Another workspace's ids are not this one's.
    expect(await store.existingEventIds(browserOnlyWs.id, ['v1'])).toEqual([]);
  });

  it('verified revenue: a workspace without any verified source counts its browser sales (revenue_sources default all)', async () => {
    const store = getStore();
    await store.ensureWorkspace(browserOnlyWs);
    await store.insertEvents(browserOnlyWs.id, [
      ev({ id: 'b1', type: 'page_view', ts: '2026-10-05T09:00:00.000Z', anonymous_id: 'a_b1', url: `${site}/`, utm: email }),
      ev({ id: 'b2', type: 'conversion', ts: '2026-10-05T09:10:00.000Z', anonymous_id: 'a_b1', order_id: 'B-1', revenue: { amount: '30', currency: 'EUR' } }),
    ].map((e) => enrichEvent(e, defaultChannelRules)));
    const facts = await store.kpiFacts(browserOnlyWs.id, { by: null, ...october });
    expect(facts.totals).toMatchObject({ conversions: 1, revenue: '30.000000', revenue_unverified: '30.000000' });
  });

  /**
   * Every report, not only the KPIs, counts what `revenue_sources` allows. October 2026: cust1 clicks the
   * tracking link `shop` (display) on the 10th and buys: order R-1, 200 EUR, imported (verified). a_r2 clicks
   * the link `promo` (email) on the 12th and a write-key conversion FAKE-R claims 50,000 EUR an hour later
   * (unverified). Spend: display 100, email 100 on the 1st.
   */
  it('verified revenue: attribution, LTV:CAC, CLV transactions, cohorts, RFM and link stats count what revenue_sources allows (issue 12 #1)', async () => {
    const store = getStore();
    const id = reportsWs.id;
    await store.ensureWorkspace(reportsWs);
    const linkClick = (evId: string, anon: string, slug: string, ts: string, utm: Record<string, string>, userId?: string) =>
      ev({ id: evId, type: 'click', ts, anonymous_id: anon, ...(userId ? { user_id: userId } : {}), click_id: `cid_${evId}`, url: `${site}/`, utm, properties: { link: slug, rl_cid: `cid_${evId}` } });
    await store.insertEvents(id, [
      linkClick('r1', 'a_r1', 'shop', '2026-10-10T09:00:00.000Z', display, 'cust1'),
      linkClick('r2', 'a_r2', 'promo', '2026-10-12T09:00:00.000Z', email),
      ev({ id: 'r3', type: 'conversion', ts: '2026-10-12T10:00:00.000Z', anonymous_id: 'a_r2', order_id: 'FAKE-R', revenue: { amount: '50000', currency: 'EUR' } }),
    ].map((e) => enrichEvent(e, defaultChannelRules)));
    await store.upsertOrders(id, [{ order_id: 'R-1', customer_id: 'cust1', ts: '2026-10-10T10:00:00.000Z', amount: { amount: '200', currency: 'EUR' } }]);
    const spendRow = (channel: string) => ({ date: '2026-10-01', channel, campaign: 'c', ad: 'a', cost: { amount: '100', currency: 'EUR' }, impressions: 1000, clicks: 10, pricing_model: 'cpm' as const });
    await store.replaceSpend(id, [spendRow('display'), spendRow('email')]);

    const figures = async () => {
      const attribution = await attributionReport(store, id, { model: 'last', by: 'channel', ...october });
      const ltv = await ltvCacReport(store, id, october);
      const cohorts = await cohortsReport(store, id, { period: 'month' });
      const rfm = await rfmReport(store, id, { as_of: '2026-10-31' });
      const links = await store.linkStats(id, october);
      const transactions = await store.customerTransactions(id, { to: '2026-10-31' });
      return {
        attribution: { ...attribution.totals, rows: attribution.rows.filter((r) => Number(r.conversions) > 0).map((r) => [r.channel, r.conversions, r.revenue]) },
        ltv: ltv.channels.map((c) => [c.channel, c.customers, c.ltv]),
        cohorts: cohorts.cohorts.map((c) => [c.cohort, c.size]),
        rfm: [rfm.customers, rfm.revenue],
        links: links.map((l) => [l.slug, l.clicks, l.conversions, l.revenue]),
        transactions: transactions.map((t) => [t.customer_id, t.date, t.amount, t.order_id]),
      };
    };
    // Verified only (default: an order exists, and explicitly): R-1 alone, on display and the link shop.
    const verifiedOnly = {
      attribution: { conversions: 1, revenue: 200, spend: 200, rows: [['display', 1, 200]] },
      ltv: [['display', 1, 200], ['email', 0, null]],
      cohorts: [['2026-10', 1]],
      rfm: [1, 200],
      links: [['promo', 1, 0, '0.000000'], ['shop', 1, 1, '200.000000']],
      transactions: [['cust1', '2026-10-10', 200, 'R-1']],
    };
    expect(await figures()).toMatchObject(verifiedOnly);
    // revenue_sources = all: FAKE-R counts too, credited to email and to the link promo; a_r2 becomes a customer.
    await setRevenueSources(store, id, 'all');
    expect(await figures()).toMatchObject({
      attribution: { conversions: 2, revenue: 50200, spend: 200, rows: [['display', 1, 200], ['email', 1, 50000]] },
      ltv: [['display', 1, 200], ['email', 1, 50000]],
      cohorts: [['2026-10', 2]],
      rfm: [2, 50200],
      links: [['promo', 1, 1, '50000.000000'], ['shop', 1, 1, '200.000000']],
      transactions: [['cust1', '2026-10-10', 200, 'R-1'], ['a_r2', '2026-10-12', 50000, 'FAKE-R']],
    });
    await setRevenueSources(store, id, 'verified');
    expect(await figures()).toMatchObject(verifiedOnly);
  });
}
