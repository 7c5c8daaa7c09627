/**
 * Store contract cases for issue 11 #11 beyond the KPIs: attribution journeys, the CRM funnel and
 * the customer reports (transactions, profiles, segments, cohorts, RFM, CLV, LTV:CAC) cut their
 * ranges and their day, week and month buckets at the workspace's local midnights, in
 * Asia/Tehran (+03:30) and Asia/Ho_Chi_Minh (+07:00). Each store runs them through
 * `reportTimeZoneCases(() => store)`, in workspaces of their own.
 *
 * The reports are asked through `src/reports` as the API asks them, so a store that pushes
 * cohorts, RFM, CLV or LTV:CAC down (`Store.cohortCounts`, …) is held to the same answers as
 * one that hands every sale to Node. Every sale, lead and visit below lies on another local
 * day than its UTC day (several across a month's end), so each expected answer, worked out by
 * hand in the comments, differs from the one of whole UTC days.
 *
 * Tehran (Asia/Tehran, +03:30 all year since 2022):
 *   visit va  pa 2026-01-31T20:00Z = Sat 31 Jan 23:30   paid search
 *   order oa1 pa 2026-01-31T21:00Z = Sun  1 Feb 00:30   100 EUR (imported)
 *   visit ve  pe 2026-01-31T21:10Z = Sun  1 Feb 00:40   paid search, no sale
 *   sale  ob1 pb 2026-02-01T19:00Z = Sun  1 Feb 22:30    40 EUR (event), no touch
 *   visit vf  pf 2026-02-01T20:40Z = Mon  2 Feb 00:10   paid search, no sale
 *   sale  oc1 pc 2026-02-01T21:00Z = Mon  2 Feb 00:30    80 EUR (event), no touch
 *   order oa2 pa 2026-02-28T20:45Z = Sun  1 Mar 00:15    50 EUR (imported)
 *   leads L4 2026-01-31T20:45Z (1 Feb 00:15), L1 2026-01-31T21:00Z (1 Feb 00:30; MQL two days later),
 *         L2 2026-02-01T20:00Z (1 Feb 23:30), L3 2026-02-01T21:00Z (2 Feb 00:30)
 * Ho Chi Minh City (+07:00):
 *   sale oh1 ph 2026-03-31T16:30Z = 31 Mar 23:30 (7 EUR); sale og1 pg 2026-03-31T17:30Z = 1 Apr 00:30 (9 EUR);
 *   lead LH 2026-03-31T17:30Z = 1 Apr 00:30
 */
import { beforeAll, expect, it } from 'vitest';
import { defaultChannelRules } from '../../src/tracking/channel-rules.js';
import { enrichEvent } from '../../src/ingest/enrich.js';
import type { EventRecord } from '../../src/records/events.js';
import { attributionPaths, attributionReport } from '../../src/reports/attribution/attribution.js';
import { clvFitFromStore, cohortsReport, funnelReport, ltvCacReport, rfmReport } from '../../src/reports/customers/customers.js';
import { setRevenueSources } from '../../src/store/revenue-settings.js';
import type { Store } from '../../src/store/store.js';
import type { Workspace } from '../../src/records/workspace.js';

const site = 'https://shop.example';
const ev = (e: Partial<EventRecord> & Pick<EventRecord, 'id' | 'type' | 'ts' | 'anonymous_id'>) => enrichEvent(e as EventRecord, defaultChannelRules);
const sale = (id: string, anon: string, ts: string, amount: string) =>
  ev({ id, type: 'conversion', ts, anonymous_id: anon, order_id: `o${id}`, revenue: { amount, currency: 'EUR' } });
const paidVisit = (id: string, anon: string, ts: string) =>
  ev({ id, type: 'page_view', ts, anonymous_id: anon, session_id: `s_${id}`, url: `${site}/?utm_source=google&utm_medium=cpc`, utm: { source: 'google', medium: 'cpc' } });
const workspace = (id: string, timezone: string): Workspace => ({ id, name: id, currency: 'EUR', timezone, margin: '1', write_key: `wk_${id}` });

export const reportTimeZoneWorkspaces = { tehran: workspace('ws_rtz_tehran', 'Asia/Tehran'), hcm: workspace('ws_rtz_hcm', 'Asia/Ho_Chi_Minh') };

export function reportTimeZoneCases(store: () => Store): void {
  const teh = reportTimeZoneWorkspaces.tehran.id;
  const hcm = reportTimeZoneWorkspaces.hcm.id;

  beforeAll(async () => {
    await store().ensureWorkspace(reportTimeZoneWorkspaces.tehran);
    // This scenario mixes browser sales with imports and counts them all (issue 12 #1: with a verified source the
    // default counts only verified sales in every report; see verified-revenue.case.ts).
    await setRevenueSources(store(), teh, 'all');
    await store().insertEvents(teh, [
      paidVisit('va', 'pa', '2026-01-31T20:00:00.000Z'),
      paidVisit('ve', 'pe', '2026-01-31T21:10:00.000Z'),
      sale('b1', 'pb', '2026-02-01T19:00:00.000Z', '40'),
      paidVisit('vf', 'pf', '2026-02-01T20:40:00.000Z'),
      sale('c1', 'pc', '2026-02-01T21:00:00.000Z', '80'),
    ]);
    await store().upsertOrders(teh, [
      { order_id: 'oa1', customer_id: 'pa', ts: '2026-01-31T21:00:00.000Z', amount: { amount: '100', currency: 'EUR' } },
      { order_id: 'oa2', customer_id: 'pa', ts: '2026-02-28T20:45:00.000Z', amount: { amount: '50', currency: 'EUR' } },
    ]);
    await store().upsertLeads(teh, [
      { lead_id: 'L1', user_id: 'ul1', created_at: '2026-01-31T21:00:00.000Z', mql_at: '2026-02-02T21:00:00.000Z' },
      { lead_id: 'L2', user_id: 'ul2', created_at: '2026-02-01T20:00:00.000Z' },
      { lead_id: 'L3', user_id: 'ul3', created_at: '2026-02-01T21:00:00.000Z' },
      { lead_id: 'L4', user_id: 'ul4', created_at: '2026-01-31T20:45:00.000Z' },
    ]);
    await store().ensureWorkspace(reportTimeZoneWorkspaces.hcm);
    await setRevenueSources(store(), hcm, 'all');
    await store().insertEvents(hcm, [sale('h1', 'ph', '2026-03-31T16:30:00.000Z', '7'), sale('g1', 'pg', '2026-03-31T17:30:00.000Z', '9')]);
    await store().upsertLeads(hcm, [{ lead_id: 'LH', user_id: 'uh', created_at: '2026-03-31T17:30:00.000Z' }]);
  });

  it('report time zones: journeys hold the conversions and visits of the local days (Tehran)', async () => {
    const journeys = await store().journeys(teh, { from: '2026-02-01', to: '2026-02-01', lookbackDays: 30, includeNonConverting: true });
    // Local 1 Feb = [31 Jan 20:30Z, 1 Feb 20:30Z): oa1 (with pa's paid visit 30 minutes before the day) and ob1;
    // oc1 is on 2 Feb. Whole UTC days would give ob1 and oc1, and pf instead of pe.
    const converted = journeys.filter((j) => j.conversion).map((j) => [j.person, j.conversion!.id, j.conversion!.value, j.touches.map((t) => t.channel)]);
    expect(converted).toEqual([['pa', 'oa1', 100, ['paid_search']], ['pb', 'ob1', 40, []]]);
    expect(journeys.filter((j) => !j.conversion).map((j) => j.person)).toEqual(['pe']);
  });

  it('report time zones: a local month starts at local midnight (Ho Chi Minh City journeys)', async () => {
    const ids = async (from: string, to: string) =>
      (await store().journeys(hcm, { from, to, lookbackDays: 30, includeNonConverting: false })).map((j) => j.conversion?.id);
    expect(await ids('2026-04-01', '2026-04-30')).toEqual(['og1']);
    expect(await ids('2026-03-01', '2026-03-31')).toEqual(['oh1']);
  });

  it('report time zones: attribution credits and path reports of the local days (Tehran)', async () => {
    const report = await attributionReport(store(), teh, { model: 'last', from: '2026-02-01', to: '2026-02-01' });
    // oa1 (100, paid search) and ob1 (40, no touch); UTC days would give ob1 and oc1: 120.
    expect(report.totals).toMatchObject({ conversions: 2, revenue: 140 });
    expect(report.channels.map((c) => [c.channel, c.conversions, c.value]).sort()).toEqual([['(none)', 1, 40], ['paid_search', 1, 100]]);
    // With a one-day click window, pe's visit (1 Feb 00:40) is inside the day that ends at the local midnight
    // (2 Feb 00:00 = 1 Feb 20:30Z), 19 h 20 min before it; against the UTC end it would be older than a day.
    const paths = await attributionPaths(store(), teh, { from: '2026-02-01', to: '2026-02-01', lookbackClickDays: 1 });
    expect(paths.journeys).toEqual({ converting: 2, non_converting: 1 });
    const hcmReport = await attributionReport(store(), hcm, { model: 'last', from: '2026-04-01', to: '2026-04-30' });
    expect(hcmReport.totals).toMatchObject({ conversions: 1, revenue: 9 });
  });

  it('report time zones: the CRM funnel counts the leads created on the local days', async () => {
    // Stage counts of the total row; a range without leads may have no row at all (as on ClickHouse) or zeros.
    const counts = async (ws: string, from: string, to: string) =>
      (await store().crmFunnel(ws, { from, to, by: null })).find((r) => r.key === null)?.stages.map((s) => s.count) ?? [0, 0, 0, 0, 0];
    // Local 1 Feb: L4, L1, L2 (L1 an MQL two days later); UTC 1 Feb would be L2 and L3.
    const [total] = await store().crmFunnel(teh, { from: '2026-02-01', to: '2026-02-01', by: null });
    expect(total.stages.map((s) => s.count)).toEqual([3, 1, 0, 0, 0]);
    expect(total.stages[1].median_days).toBeCloseTo(2, 9);
    expect(await counts(teh, '2026-02-02', '2026-02-02')).toEqual([1, 0, 0, 0, 0]);
    const report = await funnelReport(store(), teh, { from: '2026-02-01', to: '2026-02-01' });
    expect(report.stages.map((s) => s.count)).toEqual([3, 1, 0, 0, 0]);
    // LH is created on 1 April in Ho Chi Minh City (31 March in UTC).
    expect(await counts(hcm, '2026-04-01', '2026-04-30')).toEqual([1, 0, 0, 0, 0]);
    expect(await counts(hcm, '2026-03-01', '2026-03-31')).toEqual([0, 0, 0, 0, 0]);
  });

  it('report time zones: sales and acquisitions are dated on the local day; "up to" a day ends at local midnight', async () => {
    const sales = await store().customerTransactions(teh, {});
    expect(sales.map((s) => [s.order_id, s.customer_id, s.date, s.amount])).toEqual([
      ['oa1', 'pa', '2026-02-01', 100], ['ob1', 'pb', '2026-02-01', 40], ['oc1', 'pc', '2026-02-02', 80], ['oa2', 'pa', '2026-03-01', 50],
    ]);
    expect((await store().customerTransactions(teh, { to: '2026-02-01' })).map((s) => s.order_id)).toEqual(['oa1', 'ob1']);
    expect((await store().customerTransactions(hcm, {})).map((s) => [s.order_id, s.date])).toEqual([['oh1', '2026-03-31'], ['og1', '2026-04-01']]);
    const profiles = await store().customerProfiles(teh, { ids: ['pa', 'pc'] });
    expect(profiles.map((p) => [p.customer_id, p.acquisition])).toEqual([
      ['pa', { channel: 'paid_search', campaign: '(not set)', date: '2026-02-01' }],
      ['pc', { channel: 'direct', campaign: '(not set)', date: '2026-02-02' }],
    ]);
  });

  it('report time zones: segment windows are local days ending on the as-of day', async () => {
    const boughtWithin = (days: number, asOf: string) =>
      store().peopleStats(teh, { segment: { asOf, rules: { match: 'all', conditions: [{ kind: 'event', name: 'conversion', min_count: 1, days }] } } });
    // Local 2 Feb holds oc1 (00:30) alone; UTC 2 Feb holds no sale.
    expect(await boughtWithin(1, '2026-02-02')).toEqual({ people: 1, buyers: 1, orders: 1, revenue: 80 });
    // Local 1 Feb holds ob1 (22:30) alone among the sale events (pa's are imported orders); UTC 1 Feb adds oc1.
    expect(await boughtWithin(1, '2026-02-01')).toEqual({ people: 1, buyers: 1, orders: 1, revenue: 40 });
    // A window of a million days (the largest a segment takes) reaches every sale event: pb and pc.
    expect((await boughtWithin(1_000_000, '2026-03-01')).people).toBe(2);
  });

  it('report time zones: cohorts by local month and local Monday week', async () => {
    const months = await cohortsReport(store(), teh, { period: 'month' });
    // pa's first order (31 Jan 21:00Z) is 1 Feb in Tehran: one February cohort of pa, pb, pc (220 EUR), and pa
    // again on 1 March (50 EUR). UTC months would put pa in a January cohort of its own.
    expect(months.cohorts).toHaveLength(1);
    expect(months.cohorts[0]).toMatchObject({ cohort: '2026-02', size: 3, repeat_purchase_rate: 1 / 3 });
    expect(months.cohorts[0].retention.map((r) => +r.toFixed(12))).toEqual([1, +(1 / 3).toFixed(12)]);
    expect(months.cohorts[0].revenue_per_customer.map((r) => +r.toFixed(9))).toEqual([+(220 / 3).toFixed(9), 90]);
    const weeks = await cohortsReport(store(), teh, { period: 'week' });
    // Sunday 1 Feb is in the week of Monday 26 Jan (pa, pb); Monday 2 Feb starts pc's week; pa buys again on
    // Sunday 1 March, in the week of 23 Feb, four weeks after its first.
    expect(weeks.cohorts.map((c) => [c.cohort, c.size, c.retention])).toEqual([
      ['2026-01-26', 2, [1, 0, 0, 0, 0.5]],
      ['2026-02-02', 1, [1, 0, 0, 0]],
    ]);
    const hcmMonths = await cohortsReport(store(), hcm, { period: 'month' });
    expect(hcmMonths.cohorts.map((c) => [c.cohort, c.size, c.revenue_per_customer])).toEqual([['2026-03', 1, [7, 7]], ['2026-04', 1, [9]]]);
  });

  it('report time zones: RFM as of a local day, recency in local days', async () => {
    const asOf = await rfmReport(store(), teh, { as_of: '2026-02-01', compare_days: 1 });
    // Sales by the end of local 1 Feb: oa1 and ob1 (UTC would add oc1).
    expect([asOf.as_of, asOf.previous_as_of, asOf.customers, asOf.revenue]).toEqual(['2026-02-01', '2026-01-31', 2, 140]);
    expect(asOf.top_customers.map((c) => [c.customer_id, c.recency_days, c.frequency, c.monetary])).toEqual([['pa', 0, 1, 100], ['pb', 0, 1, 40]]);
    // Without a day: the local day of the last sale, 1 March; pb bought 28 local days before it, pc 27.
    const latest = await rfmReport(store(), teh, { compare_days: 30 });
    expect([latest.as_of, latest.previous_as_of]).toEqual(['2026-03-01', '2026-01-30']);
    expect(latest.top_customers.map((c) => [c.customer_id, c.recency_days, c.frequency, c.monetary])).toEqual([['pa', 0, 2, 150], ['pc', 27, 1, 80], ['pb', 28, 1, 40]]);
  });

  it('report time zones: CLV calibrates on local days', async () => {
    // By default the calibration ends on the local day of the last sale (oa2, 1 March); pa's two purchase days
    // (1 Feb, 1 March) are the one repeat purchase the model needs.
    const latest = await clvFitFromStore(store(), teh, { time_unit: 'day' });
    expect([latest.calibration_end, latest.customers]).toEqual(['2026-03-01', 3]);
    // Calibrated to 28 Feb, pa has not bought again yet (UTC days would see oa2 on 28 Feb): nothing to fit.
    await expect(clvFitFromStore(store(), teh, { calibration_end: '2026-02-28', time_unit: 'day' })).rejects.toThrow(/no customer has a repeat purchase/);
  });

  it('report time zones: LTV:CAC takes the customers acquired on the local days of the range', async () => {
    // First sales on local 1 Feb: pa (paid search, 100 then 50 on 1 March: day 28, the third 14-day period) and pb
    // (direct, 40); pc's is on 2 Feb. UTC 1 Feb would be pb and pc, both direct.
    const report = await ltvCacReport(store(), teh, { from: '2026-02-01', to: '2026-02-01', period_days: 14 });
    expect(report.channels.map((c) => [c.channel, c.customers, c.ltv])).toEqual([['direct', 1, 40], ['paid_search', 1, 150]]);
    const later = await ltvCacReport(store(), teh, { from: '2026-02-02', to: '2026-02-28', period_days: 14 });
    expect(later.channels.map((c) => [c.channel, c.customers, c.ltv])).toEqual([['direct', 1, 80]]);
  });

  it('report time zones: dates far from the data are answered, not failed', async () => {
    // Years 1 and 9999 are valid dates; their local midnights lie outside what the engines store.
    expect(await store().customerTransactions(teh, { to: '9999-12-31' })).toHaveLength(4);
    expect(await store().journeys(teh, { from: '0001-01-01', to: '9999-12-31', lookbackDays: 30, includeNonConverting: false })).toHaveLength(4);
    expect((await store().crmFunnel(teh, { from: '0001-01-01', to: '9999-12-31', by: null })).find((r) => r.key === null)?.stages[0].count).toBe(4);
    const rules = { match: 'all' as const, conditions: [{ kind: 'event' as const, name: 'conversion', min_count: 1, days: 1_000_000 }] };
    // A million days before 9999-12-31 is the year 7262: no sale that late.
    expect((await store().peopleStats(teh, { segment: { asOf: '9999-12-31', rules } })).people).toBe(0);
    expect((await store().peopleStats(teh, { segment: { asOf: '0001-01-01', rules } })).people).toBe(0);
  });
}
