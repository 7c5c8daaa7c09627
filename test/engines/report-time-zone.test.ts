import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultChannelRules } from '../../src/tracking/channel-rules.js';
import { enrichEvent } from '../../src/ingest/enrich.js';
import { setRevenueSources } from '../../src/store/revenue-settings.js';
import type { EventRecord } from '../../src/records/events.js';
import { reportTimeZoneCases as sharedReportTimeZoneCases } from '../store/report-time-zone.case.js';
import type { Store } from '../../src/store/store.js';
import type { Workspace } from '../../src/records/workspace.js';
import { openScaleStore, type ScaleSetup } from './engines.js';

/**
 * Issue 11 #11 on ClickHouse. The shared store case (`test/store/report-time-zone.case.ts`, which
 * DuckDB runs too) asks through the reports; the cases here hold the push-down methods themselves
 * (RFM score counts, CLV groups, cohort counts, acquired revenue, first purchases) to hand-worked
 * answers. Journeys, the CRM funnel and the customer reports cut their ranges
 * and buckets at the workspace's local midnights (Asia/Tehran +03:30, Asia/Ho_Chi_Minh +07:00),
 * on 18.16 and on a current release. Every sale below lies on a different local day than its UTC
 * day, so each expected answer (worked out by hand in the comments) differs from the UTC one.
 */

const site = 'https://shop.example';
const ev = (e: Partial<EventRecord> & Pick<EventRecord, 'id' | 'type' | 'ts' | 'anonymous_id'>) => enrichEvent(e as EventRecord, defaultChannelRules);
const sale = (id: string, anon: string, ts: string, amount: string) =>
  ev({ id, type: 'conversion', ts, anonymous_id: anon, order_id: `o_${id}`, revenue: { amount, currency: 'EUR' } });
const visit = (id: string, anon: string, ts: string) =>
  ev({ id, type: 'page_view', ts, anonymous_id: anon, session_id: `s_${id}`, url: `${site}/?utm_source=google&utm_medium=cpc`, utm: { source: 'google', medium: 'cpc' } });
const workspace = (id: string, timezone: string): Workspace => ({ id, name: id, currency: 'EUR', timezone, margin: '1', write_key: `wk_${id}` });

/** Day numbers (days since 1970-01-01) and the period numbers of cohorts. */
const dayNo = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
const weekOf = (date: string) => Math.floor((dayNo(date) + 3) / 7);
const monthOf = (ym: string) => Number(ym.slice(0, 4)) * 12 + Number(ym.slice(5, 7)) - 1;

function pushDownTimeZoneCases(store: () => Store): void {
  const teh = workspace('ws_tz_tehran', 'Asia/Tehran');
  const hcm = workspace('ws_tz_hcm', 'Asia/Ho_Chi_Minh');

  beforeAll(async () => {
    await store().ensureWorkspace(teh);
    // Browser sales and lead imports, all counted (issue 12 #1: the default would count only verified sales).
    await setRevenueSources(store(), teh.id, 'all');
    await store().insertEvents(teh.id, [
      visit('va', 'pa', '2026-03-08T20:00:00.000Z'), // Sun 8 Mar 23:30 Tehran: a paid-search visit
      sale('a1', 'pa', '2026-03-08T20:40:00.000Z', '20'), // Mon 9 Mar 00:10 Tehran (UTC: 8 Mar)
      sale('b1', 'pb', '2026-03-09T20:20:00.000Z', '40'), // Mon 9 Mar 23:50 Tehran (UTC: 9 Mar)
      sale('c1', 'pc', '2026-03-09T20:40:00.000Z', '80'), // Tue 10 Mar 00:10 Tehran (UTC: 9 Mar)
      sale('d1', 'pd', '2026-03-31T20:40:00.000Z', '10'), // Wed 1 Apr 00:10 Tehran (UTC: 31 Mar)
      sale('d2', 'pd', '2026-04-15T20:40:00.000Z', '5'), // Thu 16 Apr 00:10 Tehran (UTC: 15 Apr)
      visit('ve', 'pe', '2026-03-09T20:10:00.000Z'), // 9 Mar 23:40 Tehran (UTC 9 Mar): no sale
      visit('vf', 'pf', '2026-03-08T21:00:00.000Z'), // 9 Mar 00:30 Tehran (UTC 8 Mar): no sale
    ]);
    await store().upsertLeads(teh.id, [
      { lead_id: 'L1', user_id: 'u1', created_at: '2026-03-08T20:40:00.000Z', mql_at: '2026-03-10T20:40:00.000Z' }, // 9 Mar 00:10 Tehran
      { lead_id: 'L2', user_id: 'u2', created_at: '2026-03-08T21:00:00.000Z' }, // 9 Mar 00:30 Tehran
      { lead_id: 'L3', user_id: 'u3', created_at: '2026-03-09T20:40:00.000Z' }, // 10 Mar 00:10 Tehran (UTC 9 Mar)
    ]);
    await store().ensureWorkspace(hcm);
    await setRevenueSources(store(), hcm.id, 'all');
    await store().insertEvents(hcm.id, [
      sale('h1', 'ph', '2026-03-31T16:30:00.000Z', '7'), // 31 Mar 23:30 in Ho Chi Minh City
      sale('g1', 'pg', '2026-03-31T17:30:00.000Z', '9'), // 1 Apr 00:30 (UTC: 31 Mar)
    ]);
    await store().upsertLeads(hcm.id, [{ lead_id: 'LH', user_id: 'uh', created_at: '2026-03-31T17:30:00.000Z' }]); // 1 Apr 00:30
  });

  it('journeys: conversions and non-converting touches of the local days (Tehran)', async () => {
    const journeys = await store().journeys(teh.id, { from: '2026-03-09', to: '2026-03-09', lookbackDays: 30, includeNonConverting: true });
    // Local 9 Mar: sales a1 and b1 (UTC would be b1 and c1); pa's visit of 8 Mar 23:30 is a touch of a1.
    const converted = journeys.filter((j) => j.conversion).map((j) => [j.person, j.conversion?.id, j.conversion?.value, j.touches.map((t) => t.channel)]);
    expect(converted).toEqual([['pa', 'o_a1', 20, ['paid_search']], ['pb', 'o_b1', 40, []]]);
    // Visits of 9 Mar without a sale: pe (23:40) and pf (00:30, 8 Mar in UTC).
    expect(journeys.filter((j) => !j.conversion).map((j) => j.person).sort()).toEqual(['pe', 'pf']);
  });

  it('journeys: the month starts at local midnight (Ho Chi Minh City)', async () => {
    const april = await store().journeys(hcm.id, { from: '2026-04-01', to: '2026-04-30', lookbackDays: 30, includeNonConverting: false });
    expect(april.map((j) => j.conversion?.id)).toEqual(['o_g1']);
    const march = await store().journeys(hcm.id, { from: '2026-03-01', to: '2026-03-31', lookbackDays: 30, includeNonConverting: false });
    expect(march.map((j) => j.conversion?.id)).toEqual(['o_h1']);
  });

  it('attribution push-down: the conversions of the local days', async () => {
    const window = { from: '2026-03-09', to: '2026-03-09', lookbackClickDays: 30, lookbackViewDays: 1, viewWeight: 0, repeats: 'keep' as const };
    const credits = await store().attributionRuleCredits?.(teh.id, { ...window, by: 'channel', rule: { model: 'last' } });
    // a1 (20, paid_search) and b1 (40, no touch: (none)).
    expect(credits?.totals).toEqual({ conversions: 2, value: 60 });
    expect(credits?.rows.map((r) => [r.channel, r.conversions, r.value]).sort()).toEqual([['(none)', 1, 40], ['paid_search', 1, 20]]);
    const paths = await store().attributionPathCounts?.(teh.id, { ...window, includeNonConverting: true });
    // Non-converting paths: pe and pf, one paid-search visit each.
    expect(paths?.paths.map((p) => [p.path.join('>'), p.conversions, p.value, p.nulls]).sort()).toEqual([['(none)', 1, 40, 0], ['paid_search', 1, 20, 2]]);
    const hcmCredits = await store().attributionRuleCredits?.(hcm.id, { ...window, from: '2026-04-01', to: '2026-04-30', by: 'channel', rule: { model: 'last' } });
    expect(hcmCredits?.totals).toEqual({ conversions: 1, value: 9 });
  });

  it('CRM funnel: leads created on the local days', async () => {
    const [total] = await store().crmFunnel(teh.id, { from: '2026-03-09', to: '2026-03-09', by: null });
    // L1 and L2 (UTC 9 Mar would be L3 alone); L1 reached MQL two days later.
    expect(total.stages.map((s) => s.count)).toEqual([2, 1, 0, 0, 0]);
    expect(total.stages[1].median_days).toBe(2);
    const [april] = await store().crmFunnel(hcm.id, { from: '2026-04-01', to: '2026-04-30', by: null });
    expect(april.stages[0].count).toBe(1);
  });

  it('customer transactions and first purchases are dated on the local day', async () => {
    const sales = await store().customerTransactions(teh.id, {});
    expect(sales.map((s) => [s.order_id, s.date])).toEqual([
      ['o_a1', '2026-03-09'], ['o_b1', '2026-03-09'], ['o_c1', '2026-03-10'], ['o_d1', '2026-04-01'], ['o_d2', '2026-04-16'],
    ]);
    // Up to 9 Mar (local): a1 and b1 only.
    expect((await store().customerTransactions(teh.id, { to: '2026-03-09' })).map((s) => s.order_id)).toEqual(['o_a1', 'o_b1']);
    const firsts = await store().firstPurchasesByDay?.(teh.id, { to: '2026-04-30' });
    expect(Object.fromEntries([...(firsts ?? new Map())].sort())).toEqual({ '2026-03-09': 2, '2026-03-10': 1, '2026-04-01': 1 });
    const [profile] = await store().customerProfiles(teh.id, { ids: ['pd'] });
    expect(profile.acquisition?.date).toBe('2026-04-01');
  });

  it('segments: "in the last D days" are local days ending on the as-of day', async () => {
    const boughtWithin = (days: number, asOf: string) =>
      store().peopleStats(teh.id, { segment: { asOf, rules: { match: 'all', conditions: [{ kind: 'event', name: 'conversion', min_count: 1, days }] } } });
    // 10 Mar (local): c1 alone (00:10); UTC 10 Mar has no sale.
    expect(await boughtWithin(1, '2026-03-10')).toEqual({ people: 1, buyers: 1, orders: 1, revenue: 80 });
    // 9–10 Mar: a1, b1, c1 (UTC would miss a1, on 8 Mar).
    expect((await boughtWithin(2, '2026-03-10')).people).toBe(3);
    // A window of a million days reaches the first sale.
    expect((await boughtWithin(1_000_000, '2026-04-30')).people).toBe(4);
  });

  it('cohorts: local months and Monday weeks', async () => {
    const months = await store().cohortCounts?.(teh.id, { period: 'month', by: null });
    // a1, b1, c1 in March; d1 on 1 April (31 March in UTC), d2 in April too.
    expect(months?.map((c) => [c.start, c.offset, c.active, c.revenue])).toEqual([[monthOf('2026-03'), 0, 3, 140], [monthOf('2026-04'), 0, 1, 15]]);
    const weeks = await store().cohortCounts?.(teh.id, { period: 'week', by: null });
    // a1 on Monday 9 March (Sunday 8 March in UTC) joins b1 and c1; d: 1 April, then 16 April two weeks later.
    expect(weeks?.map((c) => [c.start, c.offset, c.active])).toEqual([[weekOf('2026-03-09'), 0, 3], [weekOf('2026-03-30'), 0, 1], [weekOf('2026-03-30'), 2, 1]]);
    const hcmMonths = await store().cohortCounts?.(hcm.id, { period: 'month', by: null });
    expect(hcmMonths?.map((c) => [c.start, c.active, c.revenue])).toEqual([[monthOf('2026-03'), 1, 7], [monthOf('2026-04'), 1, 9]]);
  });

  it('RFM: as of a local day, recency in local days', async () => {
    const rfm = await store().rfmScoreCounts?.(teh.id, { asOf: '2026-03-09', compareDays: 1 });
    // Buyers by 9 Mar (local): pa and pb, both that day (c1 is on 10 Mar).
    expect(rfm?.as_of).toBe('2026-03-09');
    expect(rfm?.counts.reduce((n, c) => n + c.customers, 0)).toBe(2);
    expect(rfm?.top.map((t) => [t.customer_id, t.recency_days, t.frequency, t.monetary])).toEqual([['pb', 0, 1, 40], ['pa', 0, 1, 20]]);
    // Without a day: the local day of the last sale (d2, 16 April).
    const latest = await store().rfmScoreCounts?.(teh.id, { compareDays: 30 });
    expect([latest?.as_of, latest?.previous_as_of]).toEqual(['2026-04-16', '2026-03-17']);
    expect(latest?.top.find((t) => t.customer_id === 'pc')?.recency_days).toBe(37); // 10 Mar → 16 Apr
    const hcmRfm = await store().rfmScoreCounts?.(hcm.id, { asOf: '2026-03-31', compareDays: 1 });
    expect(hcmRfm?.top.map((t) => t.customer_id)).toEqual(['ph']);
  });

  it('CLV summaries: calibration end and ages in local days', async () => {
    const clv = await store().clvSummaries?.(teh.id, { calibrationEnd: '2026-03-09' });
    // pa and pb bought once, on the calibration day itself.
    expect(clv?.groups.map((g) => [g.frequency, g.recency_days, g.age_days, g.repeat_value, g.customers])).toEqual([[0, 0, 0, 0, 2]]);
    const latest = await store().clvSummaries?.(teh.id, {});
    expect(latest?.calibration_end).toBe('2026-04-16');
    // pd: 1 April and 16 April → one repeat day 15 days later worth 5; age 15.
    expect(latest?.groups.find((g) => g.frequency === 1)).toMatchObject({ recency_days: 15, age_days: 15, repeat_value: 5, customers: 1 });
    expect(latest?.groups.find((g) => g.frequency === 0 && g.age_days === 37)?.customers).toBe(1); // pc, 10 Mar
    expect(latest?.groups.find((g) => g.frequency === 0 && g.age_days === 38)?.customers).toBe(2); // pa and pb, 9 Mar
  });

  it('LTV:CAC: customers acquired on the local days of the range', async () => {
    // First sales 10–31 March (local): pc alone (d1 is on 1 April; UTC would take pd, not pc).
    const acquired = await store().acquiredRevenue?.(teh.id, { from: '2026-03-10', to: '2026-03-31', periodDays: 30 });
    expect(acquired).toEqual([{ channel: 'direct', period: 0, buyers: 1, revenue: 80 }]);
    // From 1 April: pd, whose sales are 15 local days apart (period 0 of 14 days, then period 1).
    const april = await store().acquiredRevenue?.(teh.id, { from: '2026-04-01', to: '2026-04-30', periodDays: 14 });
    expect(april).toEqual([{ channel: 'direct', period: 0, buyers: 1, revenue: 10 }, { channel: 'direct', period: 1, buyers: 1, revenue: 5 }]);
  });
}

/** One 18.16 server, two 18.16 shards behind Distributed tables, and a current release (as the store contract). */
const setups: ScaleSetup[] = ['pg+clickhouse', 'pg+clickhouse-2-shards', 'pg+clickhouse-current'];

for (const setup of setups) {
  describe(`report time zones: ${setup}`, () => {
    let store: Store | undefined;
    beforeAll(async () => {
      store = await openScaleStore(setup);
    }, 60_000);
    afterAll(async () => store?.close());
    sharedReportTimeZoneCases(() => store as Store);
    pushDownTimeZoneCases(() => store as Store);
  });
}
