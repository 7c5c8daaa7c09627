/**
 * Store-backed attribution on a real (in-memory) DuckDB, with journeys small
 * enough to credit by hand. Workspace EUR, margin 1, range March 2026.
 *
 * - P (p1): paid_search visit 28 Feb 10:00 (campaign brand, ad ad1) → email
 *   visit 5 Mar 10:00 (campaign spring) → direct visit 10 Mar 10:00 and a sale
 *   of 90 at 10:00. Touch ages 10, 5 and 0 days.
 * - B (b1): display impression 20 Mar 08:00 (retarget / banner) → organic
 *   search visit 12:00 → sale of 60 at 12:05 (the impression is 4 h 05 before:
 *   inside the 1-day view window).
 * - C (user u7): affiliate visit on device c1 12 Mar, then on device c2 a
 *   direct visit and a sale of 30 on 15 Mar (stitched by user id).
 * - D: an imported order of 20 on 25 Mar with no events (no touch at all).
 * - E (e1): an email visit on 22 Mar, no sale (a non-converting journey).
 * - F (f1): a paid-search visit and a sale of 500 on 2 Apr (outside the range).
 *
 * 4 conversions, 200 EUR in March.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultChannelRules } from '../../tracking/channel-rules.js';
import { enrichEvent } from '../../ingest/enrich.js';
import type { EventRecord } from '../../records/events.js';
import { setRevenueSources } from '../../store/revenue-settings.js';
import { DuckDbStore } from '../../store/duckdb/duckdb-store.js';
import type { Workspace } from '../../records/workspace.js';
import { attributionCompare, attributionPaths, attributionReport, type AttributionRequest } from './attribution.js';
import { apportion } from './attribution-credits.js';
import { rankAgainstTruth, truthForRange, type ComparisonRow } from './attribution-compare.js';
import { kpiReport } from '../kpi/kpi.js';

const workspace: Workspace = { id: 'ws_attr', name: 'Attribution', currency: 'EUR', timezone: 'UTC', margin: '1', write_key: 'wk_attr' };
const ws = workspace.id;
const site = 'https://shop.example';
const ev = (e: Partial<EventRecord> & Pick<EventRecord, 'id' | 'type' | 'ts' | 'anonymous_id'>): EventRecord => e as EventRecord;
const eur = (amount: string) => ({ amount, currency: 'EUR' });

const events: EventRecord[] = [
  ev({ id: 'p-1', type: 'page_view', ts: '2026-02-28T10:00:00.000Z', anonymous_id: 'p1', session_id: 'sp1', url: `${site}/?utm_source=google&utm_medium=cpc`, utm: { source: 'google', medium: 'cpc', campaign: 'brand', content: 'ad1' } }),
  ev({ id: 'p-2', type: 'page_view', ts: '2026-03-05T10:00:00.000Z', anonymous_id: 'p1', session_id: 'sp2', url: `${site}/?utm_medium=email`, utm: { source: 'newsletter', medium: 'email', campaign: 'spring' } }),
  ev({ id: 'p-3', type: 'page_view', ts: '2026-03-10T10:00:00.000Z', anonymous_id: 'p1', session_id: 'sp3', url: `${site}/` }),
  ev({ id: 'p-4', type: 'conversion', ts: '2026-03-10T10:00:00.000Z', anonymous_id: 'p1', session_id: 'sp3', order_id: 'o1', revenue: eur('90') }),
  ev({ id: 'b-1', type: 'impression', ts: '2026-03-20T08:00:00.000Z', anonymous_id: 'b1', utm: { source: 'gdn', medium: 'display', campaign: 'retarget', content: 'banner' } }),
  ev({ id: 'b-2', type: 'page_view', ts: '2026-03-20T12:00:00.000Z', anonymous_id: 'b1', session_id: 'sb1', url: `${site}/`, referrer: 'https://www.google.com/' }),
  ev({ id: 'b-3', type: 'conversion', ts: '2026-03-20T12:05:00.000Z', anonymous_id: 'b1', session_id: 'sb1', order_id: 'o2', revenue: eur('60') }),
  ev({ id: 'c-1', type: 'page_view', ts: '2026-03-12T09:00:00.000Z', anonymous_id: 'c1', user_id: 'u7', session_id: 'sc1', url: `${site}/`, utm: { source: 'partner', medium: 'affiliate', campaign: 'deals' } }),
  ev({ id: 'c-2', type: 'page_view', ts: '2026-03-15T09:00:00.000Z', anonymous_id: 'c2', user_id: 'u7', session_id: 'sc2', url: `${site}/` }),
  ev({ id: 'c-3', type: 'conversion', ts: '2026-03-15T09:30:00.000Z', anonymous_id: 'c2', user_id: 'u7', session_id: 'sc2', order_id: 'o3', revenue: eur('30') }),
  ev({ id: 'e-1', type: 'page_view', ts: '2026-03-22T09:00:00.000Z', anonymous_id: 'e1', session_id: 'se1', url: `${site}/`, utm: { source: 'newsletter', medium: 'email', campaign: 'spring' } }),
  ev({ id: 'f-1', type: 'page_view', ts: '2026-04-02T09:00:00.000Z', anonymous_id: 'f1', session_id: 'sf1', url: `${site}/`, utm: { source: 'google', medium: 'cpc', campaign: 'brand', content: 'ad1' } }),
  ev({ id: 'f-2', type: 'conversion', ts: '2026-04-02T09:10:00.000Z', anonymous_id: 'f1', session_id: 'sf1', order_id: 'o5', revenue: eur('500') }),
];

const march = { from: '2026-03-01', to: '2026-03-31' };
let store: DuckDbStore;

beforeAll(async () => {
  store = await DuckDbStore.open(':memory:');
  await store.ensureWorkspace(workspace);
  // This scenario mixes browser sales with imports and counts them all (issue 12 #1: with a verified source the
  // default counts only verified sales in every report; see verified-revenue.case.ts).
  await setRevenueSources(store, ws, 'all');
  expect(await store.insertEvents(ws, events.map((e) => enrichEvent(e, defaultChannelRules)))).toBe(events.length);
  await store.upsertOrders(ws, [{ order_id: 'o4', customer_id: 'u9', ts: '2026-03-25T12:00:00.000Z', amount: eur('20') }]);
  const spend = (date: string, channel: string, campaign: string, ad: string, cost: string) =>
    ({ date, channel, campaign, ad, cost: eur(cost), impressions: 100, clicks: 10, pricing_model: 'cpc' as const });
  await store.replaceSpend(ws, [
    spend('2026-03-01', 'paid_search', 'brand', 'ad1', '45.00'),
    spend('2026-03-05', 'email', 'spring', '(not set)', '5.00'),
    spend('2026-03-20', 'display', 'retarget', 'banner', '12.00'),
    spend('2026-03-12', 'affiliates', 'deals', '(not set)', '6.00'),
  ]);
});
afterAll(async () => store?.close());

const report = (req: AttributionRequest) => attributionReport(store, ws, { ...march, ...req });
/** channel → [conversions, revenue] of a by-channel report. */
async function credits(req: AttributionRequest): Promise<Record<string, [number, number]>> {
  const r = await report({ by: 'channel', ...req });
  return Object.fromEntries(r.rows.filter((row) => Number(row.conversions) > 0).map((row) => [String(row.channel), [Number(row.conversions), Number(row.revenue)]]));
}

describe('attributionReport: hand-credited journeys from the store', () => {
  it('first touch: paid_search, display (the impression), affiliates (other device), (none)', async () => {
    expect(await credits({ model: 'first' })).toEqual({ paid_search: [1, 90], display: [1, 60], affiliates: [1, 30], '(none)': [1, 20] });
  });

  it('last touch: the direct visits of P and C, organic search for B', async () => {
    expect(await credits({ model: 'last' })).toEqual({ direct: [2, 120], organic_search: [1, 60], '(none)': [1, 20] });
  });

  it('last non-direct: email for P, organic search for B, affiliates for C', async () => {
    expect(await credits({ model: 'last-non-direct' })).toEqual({ email: [1, 90], organic_search: [1, 60], affiliates: [1, 30], '(none)': [1, 20] });
  });

  it('linear: thirds of P (30 each), halves of B (30) and C (15); direct = 1/3 + 1/2', async () => {
    const c = await credits({ model: 'linear' });
    expect(c.paid_search[0]).toBeCloseTo(1 / 3, 6);
    expect(c.email[0]).toBeCloseTo(1 / 3, 6);
    expect(c.direct[0]).toBeCloseTo(5 / 6, 5);
    expect(c.display).toEqual([0.5, 30]);
    expect(c.organic_search).toEqual([0.5, 30]);
    expect(c.affiliates).toEqual([0.5, 15]);
    expect([c.paid_search[1], c.email[1], c.direct[1]]).toEqual([30, 30, 45]);
  });

  it('position 40/20/40: P 36/18/36; two-touch journeys split 50/50', async () => {
    const c = await credits({ model: 'position' });
    expect(c.paid_search).toEqual([0.4, 36]);
    expect(c.email).toEqual([0.2, 18]);
    expect(c.direct).toEqual([0.9, 51]);
    expect(c.affiliates).toEqual([0.5, 15]);
  });

  it('position weights are configurable: 10/80/10 gives P 9/72/9', async () => {
    const r = await report({ model: 'position', by: 'campaign', positionWeights: '10,80,10' });
    const row = (campaign: string) => r.rows.find((x) => x.campaign === campaign)!;
    expect(row('brand')).toMatchObject({ conversions: 0.1, revenue: 9 });
    expect(row('spring')).toMatchObject({ conversions: 0.8, revenue: 72 });
  });

  it('time decay, half-life 5 days: ages 10, 5, 0 days weigh 1/4, 1/2, 1 → 1/7, 2/7, 4/7 of P', async () => {
    const r = await report({ model: 'time-decay', by: 'campaign', halfLifeDays: 5 });
    const row = (channel: string, campaign: string) => r.rows.find((x) => x.channel === channel && x.campaign === campaign)!;
    expect(Number(row('paid_search', 'brand').conversions)).toBeCloseTo(1 / 7, 6);
    expect(row('paid_search', 'brand').revenue).toBe(12.86); // 90 / 7 = 12.857…
    expect(Number(row('email', 'spring').conversions)).toBeCloseTo(2 / 7, 6);
    expect(row('email', 'spring').revenue).toBe(25.71); // 180 / 7 = 25.714…
  });

  it('custom weights: paid_search 3, email 1, direct 0 → P 3/4 and 1/4', async () => {
    const c = await credits({ model: 'custom', channelWeights: { paid_search: 3, email: 1, direct: 0 } });
    expect(c.paid_search).toEqual([0.75, 67.5]);
    expect(c.email).toEqual([0.25, 22.5]);
  });

  it('shapley (one equal share per distinct channel) equals linear when no channel repeats', async () => {
    expect(await credits({ model: 'shapley' })).toEqual(await credits({ model: 'linear' }));
  });

  it('the click window: with 7 days the paid search visit (10 days old) drops out', async () => {
    expect((await credits({ model: 'first', lookbackClickDays: 7 })).email).toEqual([1, 90]);
  });

  it('view weight 0 leaves the impression out: B goes to organic search under first touch', async () => {
    const c = await credits({ model: 'first', viewWeight: 0 });
    expect(c.display).toBeUndefined();
    expect(c.organic_search).toEqual([1, 60]);
  });

  it('rows carry spend, CPA, ROAS and ROI (revenue / spend − 1 with margin 1)', async () => {
    const r = await report({ model: 'first', by: 'channel' });
    expect(r.rows.find((x) => x.channel === 'paid_search')).toEqual({ channel: 'paid_search', conversions: 1, revenue: 90, spend: 45, cpa: 45, roas: 2, roi: 1 });
    expect(r.rows.find((x) => x.channel === 'email')).toMatchObject({ conversions: 0, revenue: 0, spend: 5, cpa: null, roas: 0, roi: -1 });
    expect(r.totals).toEqual({ conversions: 4, revenue: 200, spend: 68, cpa: 17, roas: 2.941176, roi: 1.941176 });
    expect(r.channels.find((c) => c.channel === 'display')).toEqual({ channel: 'display', conversions: 1, value: 60 });
  });

  it('by ad: rows keyed by channel, campaign and ad, with the ad spend', async () => {
    const r = await report({ model: 'first', by: 'ad' });
    expect(r.rows.find((x) => x.ad === 'ad1')).toMatchObject({ channel: 'paid_search', campaign: 'brand', conversions: 1, revenue: 90, spend: 45 });
    expect(r.rows.find((x) => x.ad === 'banner')).toMatchObject({ channel: 'display', campaign: 'retarget', conversions: 1, revenue: 60, spend: 12 });
  });

  it('every model on every dimension conserves credit: rows sum to the 4 conversions and 200 EUR', async () => {
    for (const model of ['first', 'last', 'last-non-direct', 'linear', 'time-decay', 'position', 'custom', 'markov', 'shapley']) {
      for (const by of ['channel', 'campaign', 'ad']) {
        const r = await report({ model, by });
        expect(r.totals.conversions, `${model} by ${by}`).toBe(4);
        expect(r.totals.revenue).toBe(200);
        expect(r.rows.reduce((s, x) => s + Number(x.conversions), 0)).toBeCloseTo(4, 9);
        expect(r.rows.reduce((s, x) => s + Number(x.revenue) * 100, 0)).toBe(20000);
      }
    }
  });

  it('markov order 1, solved by hand: removal effects and the chain totals', async () => {
    // Collapsed paths: ps>email>direct→conv, display>organic→conv, affiliates>direct→conv, (none)→conv, email→null (E).
    // start → each of ps, display, affiliates, (none), email: 1/5; email → direct 1/2, null 1/2; every other step is certain.
    // P(conv) = 1/10 (ps) + 1/5 + 1/5 + 1/5 + 1/10 (E's email → direct) = 0.8.
    // Removing ps loses 0.1 → RE 0.125; email 0.2 → 0.25; direct 0.4 → 0.5; display, organic, affiliates, (none) 0.2 → 0.25.
    // Σ RE = 1.875, so the chain gives paid_search 4 × 0.125 / 1.875 = 0.2667 and direct 4 × 0.5 / 1.875 = 1.0667.
    const r = await report({ model: 'markov' });
    const re = Object.fromEntries(r.markov!.removal_effects.map((e) => [e.channel, e.conversions]));
    const expected = { paid_search: 0.125, email: 0.25, direct: 0.5, display: 0.25, organic_search: 0.25, affiliates: 0.25, '(none)': 0.25 };
    for (const [channel, value] of Object.entries(expected)) expect(re[channel], channel).toBeCloseTo(value, 12);
    const totals = Object.fromEntries(r.markov!.channel_totals.map((c) => [c.channel, c.conversions]));
    expect(totals.paid_search).toBeCloseTo(4 / 15, 12);
    expect(totals.direct).toBeCloseTo(16 / 15, 12);
    // D's conversion can only go to (none) (1, not the chain's 0.533): the per-conversion credits cannot meet the chain exactly.
    expect(r.markov!.fit_gap).toBeGreaterThan(0);
    expect(r.rows.find((x) => x.channel === '(none)')).toMatchObject({ conversions: 1, revenue: 20 });
    expect(r.markov!.order).toBe(1);
  });

  it('a wider range takes in F\'s sale of 500 in April', async () => {
    const r = await attributionReport(store, ws, { model: 'first', from: '2026-03-01', to: '2026-04-30' });
    expect(r.totals).toMatchObject({ conversions: 5, revenue: 700 });
    expect(r.rows.find((x) => x.channel === 'paid_search')).toMatchObject({ conversions: 2, revenue: 590 });
  });

  it('bad input names the field', async () => {
    await expect(report({ model: 'magic' })).rejects.toMatchObject({ code: 'invalid_input', issues: [{ path: 'model' }] });
    await expect(report({ model: 'first', by: 'country' })).rejects.toMatchObject({ issues: [{ path: 'by' }] });
    await expect(report({ model: 'markov', order: 7 })).rejects.toMatchObject({ issues: [{ path: 'order' }] });
    await expect(report({ model: 'position', positionWeights: '1,2' })).rejects.toMatchObject({ issues: [{ path: 'position_weights' }] });
    await expect(report({ model: 'first', from: '2026-02-30' })).rejects.toMatchObject({ issues: [{ path: 'from' }] });
  });

  it('an empty range gives no rows with credit and zero totals', async () => {
    const r = await attributionReport(store, ws, { model: 'markov', from: '2025-01-01', to: '2025-01-31' });
    expect(r.totals).toMatchObject({ conversions: 0, revenue: 0 });
    expect(r.rows).toEqual([]);
  });
});

describe('attributionCompare and attributionPaths on the same journeys', () => {
  it('lines the models up per channel; each sums to 4; no truth without a demo world', async () => {
    const c = await attributionCompare(store, ws, { ...march, models: 'first,last,linear,markov' });
    expect(c.models).toEqual(['first', 'last', 'linear', 'markov']);
    for (const m of c.models) expect(c.rows.reduce((s, r) => s + r.models[m].conversions, 0)).toBeCloseTo(4, 9);
    const search = c.rows.find((r) => r.channel === 'paid_search')!;
    expect(search).toMatchObject({ spend: 45, truth: null, models: { first: { conversions: 1, revenue: 90, cpa: 45, roas: 2 }, last: { conversions: 0, revenue: 0, cpa: null, roas: 0 } } });
    expect(c.closest_to_truth).toBeNull();
    expect(c.truth_range).toBeNull();
    // last-touch direct 2 → linear 5/6: −58 %; the baseline is last click.
    expect(c.highlights).toContain('direct -58% under linear vs last');
  });

  it('rejects an unknown model in the list, naming models', async () => {
    await expect(attributionCompare(store, ws, { ...march, models: 'first,nope' })).rejects.toMatchObject({ issues: [{ path: 'models' }] });
  });

  it('path reports: paths, lengths, days to conversion, assists and the flow', async () => {
    const p = await attributionPaths(store, ws, march);
    expect(p.journeys).toEqual({ converting: 4, non_converting: 1 });
    expect(p.top_paths.find((t) => t.path.join('>') === 'paid_search>email>direct')).toEqual({ path: ['paid_search', 'email', 'direct'], journeys: 1, conversions: 1, value: 90, conversion_rate: 1 });
    expect(p.top_paths.find((t) => t.path.join('>') === 'email')).toMatchObject({ journeys: 1, conversions: 0 });
    // D has the single (none) touch, B and C two touches, P three.
    expect(p.path_lengths).toEqual([{ length: 1, conversions: 1, value: 20 }, { length: 2, conversions: 2, value: 90 }, { length: 3, conversions: 1, value: 90 }]);
    // First touch → sale: B 4 h (0 d), D 0 d, C 3 d (12th 09:00 → 15th 09:30), P 10 d.
    expect(p.days_to_conversion).toEqual([{ days: 0, conversions: 2, value: 80 }, { days: 3, conversions: 1, value: 30 }, { days: 10, conversions: 1, value: 90 }]);
    const assisted = Object.fromEntries(p.assisted.map((a) => [a.channel, [a.assisted, a.last_touch]]));
    expect(assisted).toMatchObject({ direct: [0, 2], organic_search: [0, 1], paid_search: [1, 0], email: [1, 0], display: [1, 0], affiliates: [1, 0] });
    expect(p.sankey.links).toContainEqual({ source: '1:paid_search', target: '2:email', value: 1, conversions: 1 });
    expect(p.sankey.links).toContainEqual({ source: '1:email', target: 'no conversion', value: 1, conversions: 0 });
    expect(p.sankey.nodes).toContainEqual({ name: 'conversion' });
  });
});

describe('model= on the KPI report', () => {
  const kpis = (extra: { model?: string; by?: string }) => kpiReport(store, ws, { by: 'channel', ...march, compare: 'none', ...extra });
  const row = (r: Awaited<ReturnType<typeof kpis>>, channel: string) => r.rows.find((x) => x.channel === channel)!;

  it('changes conversions, revenue and what follows from them, never spend, sessions or new customers', async () => {
    const base = await kpis({});
    const first = await kpis({ model: 'first' });
    expect(base.attribution).toBe('last-non-direct');
    expect(first.attribution).toBe('first');
    // The store credits last non-direct click (visits only): P → email, B → organic search, C → affiliates, D → direct.
    expect(row(base, 'paid_search')).toMatchObject({ conversions: 0, spend: 45, cpa: null });
    // The paid search visit was on 28 Feb: no March session, so no conversion rate.
    expect(row(first, 'paid_search')).toMatchObject({ conversions: 1, revenue: 90, spend: 45, cpa: 45, roas: 2, roi: 1, aov: 90, profit: 45, sessions: 0, conversion_rate: null });
    expect(row(first, 'display')).toMatchObject({ conversions: 1, revenue: 60, spend: 12, roas: 5 });
    // D's order without touches is `direct` in the KPI report under every model.
    expect(row(first, 'direct')).toMatchObject({ conversions: 1, revenue: 20 });
    for (const channel of ['paid_search', 'email', 'display', 'affiliates', 'direct']) {
      expect(row(first, channel).spend).toBe(row(base, channel).spend);
      expect(row(first, channel).sessions).toBe(row(base, channel).sessions);
      expect(row(first, channel).new_customers).toBe(row(base, channel).new_customers);
    }
    expect(first.totals).toEqual(base.totals);
    expect(first.rows.reduce((s, x) => s + Number(x.conversions), 0)).toBe(4);
  });

  it('rates per visit follow the credits: linear gives email (2 March sessions) 1/3 and 30', async () => {
    const email = row(await kpis({ model: 'linear' }), 'email');
    expect(email).toMatchObject({ sessions: 2, revenue: 30, value_per_visit: 15, cpa: 15 });
    expect(Number(email.conversion_rate)).toBeCloseTo(1 / 6, 5);
  });

  it('explicit last-non-direct is the default report', async () => {
    expect(await kpis({ model: 'last-non-direct' })).toEqual(await kpis({}));
  });

  it('by campaign: linear thirds of P on brand and spring', async () => {
    const r = await kpis({ by: 'campaign', model: 'linear' });
    const brand = r.rows.find((x) => x.campaign === 'brand')!;
    expect(brand).toMatchObject({ channel: 'paid_search', spend: 45, revenue: 30 });
    expect(Number(brand.conversions)).toBeCloseTo(1 / 3, 6);
  });

  it('other dimensions with a model are a 400 naming model', async () => {
    await expect(kpis({ by: 'day', model: 'first' })).rejects.toMatchObject({ code: 'invalid_input', issues: [{ path: 'model' }] });
    await expect(kpis({ model: 'nope' })).rejects.toMatchObject({ issues: [{ path: 'model' }] });
  });
});

describe('apportion', () => {
  it('rounds to the digits and keeps the rounded total (largest remainder)', () => {
    expect(apportion([1 / 3, 1 / 3, 1 / 3], 2, 1)).toEqual([0.34, 0.33, 0.33]);
    expect(apportion([12.857142857, 25.714285714, 51.428571429], 2, 90)).toEqual([12.86, 25.71, 51.43]);
    expect(apportion([0.5, 0.5], 0, 1)).toEqual([1, 0]);
    expect(apportion([], 2, 0)).toEqual([]);
  });
});

describe('rankAgainstTruth', () => {
  // Truth: paid_search 6, display 4 (paid), organic 0. Model a: 9, 1, 5 → paid split .9/.1 vs .6/.4 → ½(.3 + .3) = 0.3.
  // Model b: 3, 2, 10 → split .6/.4 → 0. Absolute errors: a (3 + 3 + 5) / 3 = 11/3, b (3 + 2 + 10) / 3 = 5.
  const cell = (conversions: number) => ({ conversions, revenue: conversions * 10, cpa: null, roas: null });
  const rows: ComparisonRow[] = [
    { channel: 'paid_search', spend: 10, truth: { conversions: 6, revenue: 60 }, models: { a: cell(9), b: cell(3) } },
    { channel: 'display', spend: 10, truth: { conversions: 4, revenue: 40 }, models: { a: cell(1), b: cell(2) } },
    { channel: 'organic_search', spend: 0, truth: { conversions: 0, revenue: 0 }, models: { a: cell(5), b: cell(10) } },
    { channel: '(none)', spend: 0, truth: null, models: { a: cell(0), b: cell(0) } },
  ];

  it('ranks by the split among paid channels, not by the absolute error', () => {
    const ranking = rankAgainstTruth(rows, ['a', 'b'], new Set(['paid_search', 'display']));
    expect(ranking.map((r) => r.model)).toEqual(['b', 'a']);
    expect(ranking[0]).toEqual({ model: 'b', share_error: 0, mean_absolute_error: 5, revenue_mean_absolute_error: 50 });
    expect(ranking[1].share_error).toBeCloseTo(0.3, 6);
    expect(ranking[1].mean_absolute_error).toBeCloseTo(11 / 3, 6);
  });

  it('no truth, no ranking', () => {
    expect(rankAgainstTruth(rows.map((r) => ({ ...r, truth: null })), ['a'], new Set())).toEqual([]);
  });
});

describe('truth for a range (demo worlds)', () => {
  const truth = {
    start_date: '2026-01-01',
    end_date: '2026-01-03',
    channels: [
      { channel: 'paid_search', incremental_conversions: 6, incremental_revenue: '300.00' },
      { channel: 'email', incremental_conversions: 0, incremental_revenue: '0' },
    ],
    daily: [
      { date: '2026-01-01', incremental: { paid_search: 1 } },
      { date: '2026-01-02', incremental: { paid_search: 2 } },
      { date: '2026-01-03', incremental: { paid_search: 3 } },
    ],
  } as unknown as Parameters<typeof truthForRange>[0];

  it('uses the whole-window totals when the range covers the window', () => {
    expect(truthForRange(truth, { from: '2025-12-01', to: '2026-02-01' }).get('paid_search')).toEqual({ conversions: 6, revenue: 300 });
  });

  it('sums the daily incremental counts inside a part of the window, revenue pro-rated', () => {
    // days 2 and 3: 2 + 3 = 5 of 6 conversions → 5/6 × 300 = 250
    expect(truthForRange(truth, { from: '2026-01-02', to: '2026-01-10' }).get('paid_search')).toEqual({ conversions: 5, revenue: 250 });
    expect(truthForRange(truth, { from: '2026-01-02', to: '2026-01-10' }).get('email')).toEqual({ conversions: 0, revenue: 0 });
  });

  it('has no truth outside the window', () => {
    expect(truthForRange(truth, { from: '2026-02-01', to: '2026-02-10' }).size).toBe(0);
  });
});
