/**
 * Ad rows carry their campaign (issue 11, "Reach from the dashboard": the overview drills
 * channel → campaign → ad): the KPI facts by ad are keyed by channel, campaign and ad, so the
 * ad name `banner1`, run in the campaigns `spring` and `summer`, is two rows, each with its own
 * spend and conversions; the same for the model credits of the KPI report and the attribution
 * report. Part of the store contract (`runStoreContract`), in a workspace of its own; every
 * expected figure is worked out by hand in the comments.
 */
import Big from 'big.js';
import { expect, it } from 'vitest';
import { defaultChannelRules } from '../../src/tracking/channel-rules.js';
import { enrichEvent } from '../../src/ingest/enrich.js';
import type { EventRecord } from '../../src/records/events.js';
import { setRevenueSources } from '../../src/store/revenue-settings.js';
import { attributionReport } from '../../src/reports/attribution/attribution.js';
import { kpiReport } from '../../src/reports/kpi/kpi.js';
import type { Store } from '../../src/store/store.js';
import type { Workspace } from '../../src/records/workspace.js';

const adWs: Workspace = { id: 'ws_ad_campaigns', name: 'Ad campaigns', currency: 'EUR', timezone: 'UTC', margin: '1', write_key: 'wk_ad_campaigns' };
const site = 'https://shop.example';
const ev = (e: Partial<EventRecord> & Pick<EventRecord, 'id' | 'type' | 'ts' | 'anonymous_id'>) => enrichEvent(e as EventRecord, defaultChannelRules);
/** A server-side page view from a Facebook ad (paid_social) of `campaign`, ad (utm_content) `ad`. */
const adVisit = (id: string, anon: string, ts: string, campaign: string, ad: string) => {
  const utm = { source: 'facebook', medium: 'cpc', campaign, content: ad };
  return ev({ id, type: 'page_view', ts, anonymous_id: anon, url: `${site}/?utm_source=facebook&utm_medium=cpc&utm_campaign=${campaign}&utm_content=${ad}`, utm });
};
const sale = (id: string, anon: string, ts: string, amount: string) =>
  ev({ id, type: 'conversion', ts, anonymous_id: anon, order_id: `o_${id}`, revenue: { amount, currency: 'EUR' } });
const day = '2026-03-02';
const range = { from: day, to: day };

/**
 * 2 March 2026 (UTC), browser sales only (revenue_sources all).
 * Spend: paid_social spring/banner1 30.00, summer/banner1 12.50, summer/video2 7.25;
 * paid_search spring/banner1 5.00 (the same campaign and ad names in another channel). Total 54.75.
 * People (server-side page views: each visit here is its own session):
 * - p1 spring/banner1 09:00, buys 40 at 09:10;
 * - p2 summer/banner1 10:00, buys 25 at 10:05;
 * - p3 spring/banner1 08:00, then summer/banner1 11:00, buys 15 at 11:30;
 * - p4 summer/video2 12:00, no sale;
 * - p5 a direct visit 13:00, buys 20 at 13:05.
 */
async function seed(store: Store): Promise<void> {
  await store.ensureWorkspace(adWs);
  await setRevenueSources(store, adWs.id, 'all');
  await store.replaceSpend(adWs.id, [
    { date: day, channel: 'paid_social', campaign: 'spring', ad: 'banner1', cost: { amount: '30.00', currency: 'EUR' }, impressions: 1000, clicks: 40, pricing_model: 'cpm' },
    { date: day, channel: 'paid_social', campaign: 'summer', ad: 'banner1', cost: { amount: '12.50', currency: 'EUR' }, impressions: 500, clicks: 10, pricing_model: 'cpm' },
    { date: day, channel: 'paid_social', campaign: 'summer', ad: 'video2', cost: { amount: '7.25', currency: 'EUR' }, impressions: 300, clicks: 5, pricing_model: 'cpm' },
    { date: day, channel: 'paid_search', campaign: 'spring', ad: 'banner1', cost: { amount: '5.00', currency: 'EUR' }, impressions: 100, clicks: 3, pricing_model: 'cpc' },
  ]);
  const events = [
    adVisit('p1v', 'p1', `${day}T09:00:00.000Z`, 'spring', 'banner1'), sale('p1s', 'p1', `${day}T09:10:00.000Z`, '40.00'),
    adVisit('p2v', 'p2', `${day}T10:00:00.000Z`, 'summer', 'banner1'), sale('p2s', 'p2', `${day}T10:05:00.000Z`, '25.00'),
    adVisit('p3a', 'p3', `${day}T08:00:00.000Z`, 'spring', 'banner1'), adVisit('p3b', 'p3', `${day}T11:00:00.000Z`, 'summer', 'banner1'),
    sale('p3s', 'p3', `${day}T11:30:00.000Z`, '15.00'),
    adVisit('p4v', 'p4', `${day}T12:00:00.000Z`, 'summer', 'video2'),
    ev({ id: 'p5v', type: 'page_view', ts: `${day}T13:00:00.000Z`, anonymous_id: 'p5', url: `${site}/` }), sale('p5s', 'p5', `${day}T13:05:00.000Z`, '20.00'),
  ];
  expect(await store.insertEvents(adWs.id, events)).toBe(events.length);
}

type Keyed = { channel?: string; campaign?: string; key: string };
const keyOf = (r: Keyed) => `${r.channel} / ${r.campaign} / ${r.key}`;

export function adCampaignCases(store: () => Store): void {
  it('KPI facts by ad: one ad name in two campaigns is two rows, each with its campaign, spend and conversions', async () => {
    await seed(store());
    const facts = await store().kpiFacts(adWs.id, { by: 'ad', ...range, lookbackDays: 30 });
    const rows = new Map(facts.rows.map((r) => [keyOf(r), r.measures]));
    expect([...rows.keys()].sort()).toEqual([
      'direct / (not set) / (not set)',
      'paid_search / spring / banner1',
      'paid_social / spring / banner1',
      'paid_social / summer / banner1',
      'paid_social / summer / video2',
    ]);
    const row = (k: string) => {
      const m = rows.get(k)!;
      return { spend: Number(m.spend), impressions: m.impressions, clicks: m.clicks, sessions: m.sessions, conversions: m.conversions, revenue: Number(m.revenue) };
    };
    // Last non-direct touch: p1 → spring/banner1; p2 and p3 (its 11:00 visit) → summer/banner1; p5 direct.
    // Sessions: spring/banner1 p1 09:00 and p3 08:00; summer/banner1 p2 10:00 and p3 11:00.
    expect(row('paid_social / spring / banner1')).toEqual({ spend: 30, impressions: 1000, clicks: 40, sessions: 2, conversions: 1, revenue: 40 });
    expect(row('paid_social / summer / banner1')).toEqual({ spend: 12.5, impressions: 500, clicks: 10, sessions: 2, conversions: 2, revenue: 40 });
    expect(row('paid_social / summer / video2')).toEqual({ spend: 7.25, impressions: 300, clicks: 5, sessions: 1, conversions: 0, revenue: 0 });
    expect(row('paid_search / spring / banner1')).toEqual({ spend: 5, impressions: 100, clicks: 3, sessions: 0, conversions: 0, revenue: 0 });
    expect(row('direct / (not set) / (not set)')).toEqual({ spend: 0, impressions: 0, clicks: 0, sessions: 1, conversions: 1, revenue: 20 });
    // Totals unchanged, and the rows add up to them: spend conserved, every conversion on one row.
    expect(Number(facts.totals.spend)).toBe(54.75);
    expect(facts.totals).toMatchObject({ conversions: 4, sessions: 6 });
    expect(facts.rows.reduce((s, r) => s.plus(r.measures.spend), new Big(0)).toFixed(2)).toBe('54.75');
    expect(facts.rows.reduce((s, r) => s + r.measures.conversions, 0)).toBe(facts.totals.conversions);
    expect(facts.rows.reduce((s, r) => s + r.measures.sessions, 0)).toBe(facts.totals.sessions);
    // By campaign the two banner1 rows are inside spring and summer, as before.
    const byCampaign = await store().kpiFacts(adWs.id, { by: 'campaign', ...range, lookbackDays: 30 });
    const summer = byCampaign.rows.find((r) => r.channel === 'paid_social' && r.key === 'summer')!.measures;
    expect({ spend: Number(summer.spend), conversions: summer.conversions }).toEqual({ spend: 19.75, conversions: 2 });
    expect(byCampaign.rows.every((r) => r.campaign === undefined)).toBe(true);
  });

  it('KPI report by ad: rows name channel and campaign; model credits split by campaign and add up to the conversions', async () => {
    const report = await kpiReport(store(), adWs.id, { by: 'ad', ...range, compare: 'none' });
    const pick = (r: Record<string, unknown>) => ({ ad: r.ad, channel: r.channel, campaign: r.campaign, spend: r.spend, conversions: r.conversions, revenue: r.revenue });
    // Most spend first.
    expect(report.rows.map(pick)).toEqual([
      { ad: 'banner1', channel: 'paid_social', campaign: 'spring', spend: 30, conversions: 1, revenue: 40 },
      { ad: 'banner1', channel: 'paid_social', campaign: 'summer', spend: 12.5, conversions: 2, revenue: 40 },
      { ad: 'video2', channel: 'paid_social', campaign: 'summer', spend: 7.25, conversions: 0, revenue: 0 },
      { ad: 'banner1', channel: 'paid_search', campaign: 'spring', spend: 5, conversions: 0, revenue: 0 },
      { ad: '(not set)', channel: 'direct', campaign: '(not set)', spend: 0, conversions: 1, revenue: 20 },
    ]);
    expect(report.totals).toMatchObject({ spend: 54.75, conversions: 4, revenue: 100 });
    // totals.paid: paid_social 49.75 spend, 3 sales, 80 revenue; paid_search 5, none → 54.75 spend, 80 revenue, CPA 18.25.
    expect(report.totals.paid).toMatchObject({ spend: 54.75, revenue: 80, cpa: 18.25, channels: ['paid_search', 'paid_social'] });

    // Linear and Shapley (one channel per journey: the same split): p3's sale is half spring/banner1 (its 08:00 visit),
    // half summer/banner1 (11:00). spring/banner1 1 + 0.5 = 1.5 conversions, 40 + 7.5 = 47.5;
    // summer/banner1 1 (p2) + 0.5 = 1.5, 25 + 7.5 = 32.5; direct 1, 20.
    for (const model of ['linear', 'shapley']) {
      const credited = await kpiReport(store(), adWs.id, { by: 'ad', ...range, compare: 'none', model });
      const rows = new Map(credited.rows.map((r) => [`${r.channel} / ${r.campaign} / ${r.ad}`, { spend: r.spend, conversions: r.conversions, revenue: r.revenue }]));
      expect(Object.fromEntries(rows), model).toEqual({
        'paid_social / spring / banner1': { spend: 30, conversions: 1.5, revenue: 47.5 },
        'paid_social / summer / banner1': { spend: 12.5, conversions: 1.5, revenue: 32.5 },
        'paid_social / summer / video2': { spend: 7.25, conversions: 0, revenue: 0 },
        'paid_search / spring / banner1': { spend: 5, conversions: 0, revenue: 0 },
        'direct / (not set) / (not set)': { spend: 0, conversions: 1, revenue: 20 },
      });
      // The credits sum to the conversions (no warning) and spend is conserved.
      expect(credited.warnings, model).toEqual([]);
      expect(credited.rows.reduce((s, r) => s + Number(r.conversions), 0), model).toBeCloseTo(4, 9);
      expect(credited.rows.reduce((s, r) => s.plus(Number(r.spend)), new Big(0)).toFixed(2), model).toBe('54.75');
      expect(credited.totals, model).toMatchObject({ spend: 54.75, conversions: 4, revenue: 100 });
    }
  });

  it('attribution report by ad: credits beside the spend of the same channel, campaign and ad', async () => {
    const report = await attributionReport(store(), adWs.id, { model: 'linear', by: 'ad', ...range });
    const rows = new Map(report.rows.map((r) => [`${r.channel} / ${r.campaign} / ${r.ad}`, { conversions: r.conversions, revenue: r.revenue, spend: r.spend, cpa: r.cpa }]));
    // The same linear credits as above; CPA = spend / conversions: 30 / 1.5 = 20, 12.5 / 1.5 = 8.33…
    expect(rows.get('paid_social / spring / banner1')).toEqual({ conversions: 1.5, revenue: 47.5, spend: 30, cpa: 20 });
    expect(rows.get('paid_social / summer / banner1')).toMatchObject({ conversions: 1.5, revenue: 32.5, spend: 12.5 });
    expect(rows.get('paid_social / summer / banner1')!.cpa).toBeCloseTo(12.5 / 1.5, 2);
    expect(rows.get('paid_social / summer / video2')).toMatchObject({ conversions: 0, spend: 7.25 });
    expect(rows.get('paid_search / spring / banner1')).toMatchObject({ conversions: 0, spend: 5 });
    expect(report.rows.reduce((s, r) => s + Number(r.conversions), 0)).toBeCloseTo(4, 9);
    expect(report.rows.reduce((s, r) => s + Number(r.spend), 0)).toBeCloseTo(54.75, 9);
    expect(report.totals).toMatchObject({ conversions: 4, revenue: 100, spend: 54.75 });
  });
}
