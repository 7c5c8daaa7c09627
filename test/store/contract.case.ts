/**
 * The store contract: one case file that every adapter runs unchanged
 * (DuckDB now; PostgreSQL + ClickHouse later). The scenario below is small
 * enough to compute by hand; the expected numbers are derived in comments.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultChannelRules } from '../../src/tracking/channel-rules.js';
import { enrichEvent } from '../../src/ingest/enrich.js';
import type { EventRecord } from '../../src/records/events.js';
import type { SegmentRules } from '../../src/store/customers.js';
import { packedConversions, unpackJourneys } from '../../src/store/packed-journeys.js';
import type { Store } from '../../src/store/store.js';
import type { Workspace } from '../../src/records/workspace.js';
import { sessionAndTimeZoneCases } from './kpi-sessions-time.case.js';
import { spendReplacementCases } from './spend-replacement.case.js';
import { eventDeletionCases } from './event-deletion.case.js';
import { verifiedRevenueCases } from './verified-revenue.case.js';
import { leadTiesCases } from './lead-ties.case.js';
import { setRevenueSources } from '../../src/store/revenue-settings.js';
import { adCampaignCases } from './kpi-ad-campaigns.case.js';
import { portMethodNames, recordingStore } from '../../src/store/port-calls.js';
import { portMethodCases } from './port-methods.case.js';
import { partnerFactsCases } from './partner-facts.case.js';
import { peopleCases } from './people.case.js';
import { partnerCases } from './partners.case.js';

export const contractWorkspace: Workspace = { id: 'ws_contract', name: 'Contract', currency: 'EUR', timezone: 'UTC', margin: '1', write_key: 'wk_contract' };

const site = 'https://shop.example';
const ev = (e: Partial<EventRecord> & Pick<EventRecord, 'id' | 'type' | 'ts' | 'anonymous_id'>): EventRecord => e as EventRecord;

/** Journeys: a1 paid search → buys 100 EUR; b1 organic social then direct → buys 50 USD (= 45 EUR);
 *  c1 direct, no sale; d1 email click, identifies as u1; d2 (u1, other device) buys 30 EUR direct. */
export const contractEvents: EventRecord[] = [
  ev({ id: 'e1', type: 'page_view', ts: '2026-01-10T10:00:00.000Z', anonymous_id: 'a1', session_id: 's1', url: `${site}/?utm_source=google&utm_medium=cpc&utm_campaign=brand`, utm: { source: 'google', medium: 'cpc', campaign: 'brand' }, properties: { country: 'de', device: 'desktop' } }),
  ev({ id: 'e2', type: 'page_view', ts: '2026-01-10T10:05:00.000Z', anonymous_id: 'a1', session_id: 's1', url: `${site}/product`, referrer: `${site}/` }),
  ev({ id: 'e3', type: 'conversion', ts: '2026-01-10T10:10:00.000Z', anonymous_id: 'a1', session_id: 's1', order_id: 'o1', revenue: { amount: '100.00', currency: 'EUR' } }),
  ev({ id: 'e4', type: 'page_view', ts: '2026-01-11T09:00:00.000Z', anonymous_id: 'b1', session_id: 's2', url: `${site}/blog`, referrer: 'https://www.facebook.com/' }),
  ev({ id: 'e5', type: 'page_view', ts: '2026-01-12T09:00:00.000Z', anonymous_id: 'b1', session_id: 's3', url: `${site}/` }),
  ev({ id: 'e6', type: 'conversion', ts: '2026-01-12T09:20:00.000Z', anonymous_id: 'b1', session_id: 's3', order_id: 'o2', revenue: { amount: '50', currency: 'USD' } }),
  ev({ id: 'e7', type: 'page_view', ts: '2026-01-12T11:00:00.000Z', anonymous_id: 'c1', session_id: 's4', url: `${site}/` }),
  ev({ id: 'e8', type: 'page_view', ts: '2026-01-05T08:00:00.000Z', anonymous_id: 'd1', session_id: 's5', url: `${site}/?utm_source=newsletter&utm_medium=email`, utm: { source: 'newsletter', medium: 'email' } }),
  ev({ id: 'e9', type: 'custom', name: 'identify', ts: '2026-01-05T08:01:00.000Z', anonymous_id: 'd1', session_id: 's5', user_id: 'u1' }),
  ev({ id: 'e10', type: 'page_view', ts: '2026-01-13T20:00:00.000Z', anonymous_id: 'd2', user_id: 'u1', session_id: 's6', url: `${site}/` }),
  ev({ id: 'e11', type: 'conversion', ts: '2026-01-13T20:05:00.000Z', anonymous_id: 'd2', user_id: 'u1', session_id: 's6', order_id: 'o3', revenue: { amount: '30', currency: 'EUR' } }),
  ev({ id: 'e12', type: 'lead', name: 'signup', ts: '2026-01-10T10:03:00.000Z', anonymous_id: 'a1', session_id: 's1' }),
];

export function runStoreContract(engine: string, open: () => Promise<Store>): void {
  describe(`store contract: ${engine}`, () => {
    let store: Store;
    const ws = contractWorkspace.id;
    const called = new Set<string>();
    beforeAll(async () => {
      store = recordingStore(await open(), called);
      await store.ensureWorkspace(contractWorkspace);
      // This scenario mixes browser-only sales with imported orders and counts them all (issue 12 #1: the
      // default would count only verified sales once orders exist; see verified-revenue.case.ts).
      await setRevenueSources(store, ws, 'all');
      await store.upsertRates(ws, [{ date: '2026-01-01', currency: 'USD', rate: '0.9' }]);
      const stored = contractEvents.map((e) => enrichEvent(e, defaultChannelRules));
      expect(await store.insertEvents(ws, stored)).toBe(12);
      // Re-sent events are stored once.
      expect(await store.insertEvents(ws, stored.slice(0, 3))).toBe(0);
      await store.upsertOrders(ws, [
        { order_id: 'o1', customer_id: 'a1', ts: '2026-01-10T10:10:00.000Z', amount: { amount: '100.00', currency: 'EUR' } },
        { order_id: 'o4', customer_id: 'u9', ts: '2026-01-14T12:00:00.000Z', amount: { amount: '20', currency: 'EUR' } },
      ]);
      await store.replaceSpend(ws, [
        { date: '2026-01-10', channel: 'paid_search', campaign: 'brand', ad: 'ad1', cost: { amount: '40.00', currency: 'EUR' }, impressions: 1000, clicks: 50, pricing_model: 'cpc' },
        { date: '2026-01-11', channel: 'display', campaign: 'prospecting', ad: 'banner', cost: { amount: '10', currency: 'USD' }, impressions: 2000, clicks: 10, pricing_model: 'cpm' },
      ]);
    });
    afterAll(async () => store?.close());

    it('stores each event once and lists a visitor in time order', async () => {
      expect(await store.countEvents(ws)).toBe(12);
      const a1 = await store.listEvents(ws, { anonymous_id: 'a1' });
      expect(a1.map((e) => e.id)).toEqual(['e1', 'e12', 'e2', 'e3']);
      expect(a1[3].revenue).toEqual({ amount: '100', currency: 'EUR' });
      expect(a1[0].channel).toBe('paid_search');
      expect(a1[1].channel).toBe('direct');
      const u1 = await store.listEvents(ws, { user_id: 'u1' });
      expect(u1.map((e) => e.id)).toEqual(['e9', 'e10', 'e11']);
    });

    it('totals: spend converted through rates, sales deduplicated by order id, visitors exact', async () => {
      const facts = await store.kpiFacts(ws, { by: null, from: '2026-01-01', to: '2026-01-31', lookbackDays: 30 });
      // spend 40 EUR + 10 USD × 0.9 = 49 EUR
      expect(Number(facts.totals.spend)).toBe(49);
      expect(facts.totals.impressions).toBe(3000);
      expect(facts.totals.clicks).toBe(60);
      // sessions s1..s6; visitors a1, b1, c1, d1, d2
      expect(facts.totals.sessions).toBe(6);
      expect(facts.totals.unique_visitors).toBe(5);
      expect(facts.totals.page_views).toBe(7);
      // o1 (event + order, once), o2, o3, o4 (order only): 100 + 45 + 30 + 20
      expect(facts.totals.conversions).toBe(4);
      expect(Number(facts.totals.revenue)).toBe(195);
      expect(facts.totals.new_customers).toBe(4);
      expect(facts.totals.leads).toBe(1);
      expect(facts.warnings).toEqual([]);
    });

    it('by channel: last non-direct click, identities stitched across devices', async () => {
      const facts = await store.kpiFacts(ws, { by: 'channel', from: '2026-01-01', to: '2026-01-31', lookbackDays: 30 });
      const row = (c: string) => facts.rows.find((r) => r.key === c)?.measures;
      expect(row('paid_search')).toMatchObject({ spend: '40.000000', conversions: 1, revenue: '100.000000', sessions: 1, leads: 1 });
      expect(row('display')).toMatchObject({ spend: '9.000000', conversions: 0, sessions: 0 });
      // b1 bought in a direct session; the last non-direct touch was organic social.
      expect(row('organic_social')).toMatchObject({ conversions: 1, revenue: '45.000000', sessions: 1 });
      // d2 is u1, whose other device d1 came from the newsletter 8 days earlier.
      expect(row('email')).toMatchObject({ conversions: 1, revenue: '30.000000', sessions: 1 });
      // o4 has no journey; s3, s4, s6 are direct sessions.
      expect(row('direct')).toMatchObject({ conversions: 1, revenue: '20.000000', sessions: 3 });
      const sum = facts.rows.reduce((s, r) => s + r.measures.conversions, 0);
      expect(sum).toBe(facts.totals.conversions);
    });

    it('a shorter lookback window leaves old touches out', async () => {
      const facts = await store.kpiFacts(ws, { by: 'channel', from: '2026-01-01', to: '2026-01-31', lookbackDays: 7 });
      expect(facts.rows.find((r) => r.key === 'email')?.measures.conversions ?? 0).toBe(0);
      expect(facts.rows.find((r) => r.key === 'direct')?.measures.conversions).toBe(2);
    });

    it('by day keeps money exact and sums to the totals', async () => {
      const facts = await store.kpiFacts(ws, { by: 'day', from: '2026-01-10', to: '2026-01-14', lookbackDays: 30 });
      const day = (d: string) => facts.rows.find((r) => r.key === d)?.measures;
      expect(day('2026-01-10')).toMatchObject({ spend: '40.000000', conversions: 1 });
      expect(day('2026-01-12')).toMatchObject({ conversions: 1, revenue: '45.000000' });
      expect(facts.totals.conversions).toBe(4);
    });

    it('re-importing a spend range replaces it, never doubles', async () => {
      await store.replaceSpend(ws, [
        { date: '2026-01-10', channel: 'paid_search', campaign: 'brand', ad: 'ad1', cost: { amount: '42.50', currency: 'EUR' }, impressions: 1100, clicks: 55, pricing_model: 'cpc' },
      ]);
      const facts = await store.kpiFacts(ws, { by: null, from: '2026-01-01', to: '2026-01-31', lookbackDays: 30 });
      expect(facts.totals.spend).toBe('51.500000');
      expect(facts.totals.clicks).toBe(65);
    });

    spendReplacementCases(() => store);
    eventDeletionCases(() => store);
    verifiedRevenueCases(() => store);
    leadTiesCases(() => store);
    partnerFactsCases(() => store);

    sessionAndTimeZoneCases(() => store);
    adCampaignCases(() => store);

    it('channel days: spend and credited sales per day and channel', async () => {
      const days = await store.channelDaily(ws, { from: '2026-01-01', to: '2026-01-31', lookbackDays: 30 });
      const find = (d: string, c: string) => days.find((r) => r.date === d && r.channel === c);
      expect(find('2026-01-10', 'paid_search')).toMatchObject({ spend: '42.500000', conversions: 1, revenue: '100.000000' });
      expect(find('2026-01-11', 'display')).toMatchObject({ spend: '9.000000', conversions: 0 });
      expect(find('2026-01-13', 'email')).toMatchObject({ spend: '0.000000', conversions: 1, revenue: '30.000000' });
      expect(days.reduce((s, r) => s + r.conversions, 0)).toBe(4);
    });

    it('documents: put, get, list, delete', async () => {
      await store.putDocument(ws, 'experiments', 'x1', { key: 'x1', name: 'Hero' });
      await store.putDocument(ws, 'experiments', 'x1', { key: 'x1', name: 'Hero v2' });
      expect(await store.getDocument(ws, 'experiments', 'x1')).toEqual({ key: 'x1', name: 'Hero v2' });
      expect(await store.listDocuments(ws, 'experiments')).toHaveLength(1);
      await store.ensureWorkspace({ ...contractWorkspace, id: 'ws_contract_other', write_key: 'wk_contract_other' });
      await store.putDocument('ws_contract_other', 'experiments', 'x1', { key: 'x1', name: 'Theirs' });
      expect(await store.documentWorkspaces('experiments', 'x1')).toEqual([ws, 'ws_contract_other']);
      expect(await store.deleteDocument('ws_contract_other', 'experiments', 'x1')).toBe(true);
      expect(await store.documentWorkspaces('experiments', 'x1')).toEqual([ws]);
      expect(await store.documentWorkspaces('experiments', 'nothing')).toEqual([]);
      expect(await store.deleteDocument(ws, 'experiments', 'x1')).toBe(true);
      expect(await store.getDocument(ws, 'experiments', 'x1')).toBeUndefined();
    });

    it('experiment stats: people in the variant of their first exposure, outcomes after it', async () => {
      const exposure = (id: string, anon: string, ts: string, variant: string, user?: string) =>
        enrichEvent(ev({ id, type: 'custom', name: '$exposure', ts, anonymous_id: anon, ...(user ? { user_id: user } : {}), properties: { experiment: 'hero', variant } }), defaultChannelRules);
      await store.insertEvents(ws, [
        exposure('x1', 'a1', '2026-01-10T09:00:00.000Z', 'A'), // a1 then signs up (10:03) and buys o1 (100) at 10:10
        exposure('x2', 'b1', '2026-01-12T09:30:00.000Z', 'B'), // after b1's o2 at 09:20: no outcome
        exposure('x3', 'c1', '2026-01-12T10:00:00.000Z', 'B'),
        exposure('x4', 'd2', '2026-01-13T19:00:00.000Z', 'B', 'u1'), // u1 buys o3 (30)
        exposure('x5', 'd1', '2026-01-13T19:30:00.000Z', 'A'), // same person u1, later: stays in B
      ]);
      const stats = await store.experimentStats(ws, { experiment: 'hero' });
      expect(stats).toEqual([
        { variant: 'A', users: 1, converters: 1, conversions: 1, revenue_sum: 100, revenue_sum_squares: 10000, leads: 1 },
        { variant: 'B', users: 3, converters: 1, conversions: 1, revenue_sum: 30, revenue_sum_squares: 900, leads: 0 },
      ]);
    });

    it('experiment exposures: first exposure per anonymous id with its hash version', async () => {
      const exposure = (id: string, anon: string, ts: string, variant: string, hashVersion?: number | string) =>
        enrichEvent(ev({ id, type: 'custom', name: '$exposure', ts, anonymous_id: anon, properties: { experiment: 'hash-check', variant, ...(hashVersion !== undefined ? { hash_version: hashVersion } : {}) } }), defaultChannelRules);
      // A workspace of its own: these people must not join the shared world's profiles and segments.
      const hashWs = await store.ensureWorkspace({ id: 'ws_hash_check', name: 'Hash check', currency: 'EUR', timezone: 'UTC', margin: '1', write_key: 'wk_hash_check' });
      await store.insertEvents(hashWs.id, [
        exposure('hx1', 'p2', '2026-01-10T09:00:00.000Z', 'B', 2),
        exposure('hx2', 'p2', '2026-01-11T09:00:00.000Z', 'A', 2), // later: the first one counts
        exposure('hx3', 'p1', '2026-01-12T09:00:00.000Z', 'A', '2'), // a string version reads the same
        exposure('hx4', 'p3', '2026-01-13T09:00:00.000Z', '1'), // snippet before versions: none
        exposure('hx5', 'p4', '2026-02-03T09:00:00.000Z', 'A', 1), // outside the range below
      ]);
      expect(await store.experimentExposures(hashWs.id, { experiment: 'hash-check', from: '2026-01-01', to: '2026-01-31', limit: 10 })).toEqual([
        { anonymous_id: 'p1', variant: 'A', hash_version: '2' },
        { anonymous_id: 'p2', variant: 'B', hash_version: '2' },
        { anonymous_id: 'p3', variant: '1', hash_version: null },
      ]);
      expect(await store.experimentExposures(hashWs.id, { experiment: 'hash-check', limit: 2 })).toEqual([
        { anonymous_id: 'p1', variant: 'A', hash_version: '2' },
        { anonymous_id: 'p2', variant: 'B', hash_version: '2' },
      ]);
    });

    it('journeys carry the touches before each sale', async () => {
      const journeys = await store.journeys(ws, { from: '2026-01-01', to: '2026-01-31', lookbackDays: 30, includeNonConverting: true });
      const o2 = journeys.find((j) => j.conversion?.id === 'o2');
      expect(o2?.touches.map((t) => t.channel)).toEqual(['organic_social', 'direct']);
      expect(o2?.conversion?.value).toBeCloseTo(45, 9);
      const o3 = journeys.find((j) => j.conversion?.id === 'o3');
      expect(o3?.person).toBe('u1');
      expect(o3?.touches.map((t) => t.channel)).toEqual(['email', 'direct']);
      const nonConverting = journeys.filter((j) => j.conversion === null).map((j) => j.person);
      expect(nonConverting).toEqual(['c1']);
      // Packed for a worker thread, the same journeys.
      const packed = await store.packedJourneys(ws, { from: '2026-01-01', to: '2026-01-31', lookbackDays: 30, includeNonConverting: true });
      expect(unpackJourneys(packed)).toEqual(journeys);
      expect(packedConversions(packed)).toBe(journeys.length - 1);
    });

    // ---- customers (issue 5). People: a1, b1, c1, u1 (devices d1, d2) and u9 (imported order only). ----

    it('customer transactions: one row per sale, per stitched person, in the workspace currency', async () => {
      // o1 (event + order, once) 100; o2 50 USD × 0.9 = 45; o3 bought on d2 belongs to u1; o4 only imported.
      const all = await store.customerTransactions(ws, {});
      expect(all).toEqual([
        { customer_id: 'a1', date: '2026-01-10', amount: 100, order_id: 'o1' },
        { customer_id: 'b1', date: '2026-01-12', amount: 45, order_id: 'o2' },
        { customer_id: 'u1', date: '2026-01-13', amount: 30, order_id: 'o3' },
        { customer_id: 'u9', date: '2026-01-14', amount: 20, order_id: 'o4' },
      ]);
      expect((await store.customerTransactions(ws, { to: '2026-01-12' })).map((t) => t.order_id)).toEqual(['o1', 'o2']);
    });

    it('customer profiles: devices, first touch, acquisition channel, latest traits', async () => {
      await store.insertEvents(ws, [
        enrichEvent(ev({ id: 'e13', type: 'custom', name: 'identify', ts: '2026-01-14T08:00:00.000Z', anonymous_id: 'd2', user_id: 'u1', properties: { age_band: '25-34', city: 'Berlin', plan: 'pro' } }), defaultChannelRules),
      ]);
      const profiles = await store.customerProfiles(ws, {});
      // Most revenue first: a1 100, b1 45, u1 30, u9 20, c1 0.
      expect(profiles.map((p) => p.customer_id)).toEqual(['a1', 'b1', 'u1', 'u9', 'c1']);
      const u1 = profiles.find((p) => p.customer_id === 'u1')!;
      expect(u1).toMatchObject({
        anonymous_ids: ['d1', 'd2'],
        first_seen: '2026-01-05T08:00:00.000Z',
        last_seen: '2026-01-14T08:00:00.000Z',
        first_touch: { channel: 'email', campaign: '(not set)' },
        // o3 was bought on d2 in a direct visit; the newsletter visit on d1 (8 days before) gets the credit.
        acquisition: { channel: 'email', campaign: '(not set)', date: '2026-01-13' },
        orders: 1,
        revenue: 30,
        city: 'Berlin',
        traits: { age_band: '25-34', city: 'Berlin', plan: 'pro' },
      });
      const a1 = profiles.find((p) => p.customer_id === 'a1')!;
      expect(a1).toMatchObject({ anonymous_ids: ['a1'], country: 'DE', device: 'desktop', first_touch: { channel: 'paid_search', campaign: 'brand' }, acquisition: { channel: 'paid_search' }, orders: 1, revenue: 100 });
      expect(profiles.find((p) => p.customer_id === 'b1')?.acquisition?.channel).toBe('organic_social');
      const u9 = profiles.find((p) => p.customer_id === 'u9')!;
      expect(u9).toMatchObject({ anonymous_ids: [], first_seen: '2026-01-14T12:00:00.000Z', first_touch: null, acquisition: { channel: 'direct' }, revenue: 20 });
      expect(profiles.find((p) => p.customer_id === 'c1')).toMatchObject({ first_touch: { channel: 'direct' }, acquisition: null, orders: 0 });
      expect((await store.customerProfiles(ws, { ids: ['c1', 'u1', 'nobody'] })).map((p) => p.customer_id)).toEqual(['u1', 'c1']);
      expect(await store.customerProfiles(ws, { limit: 2 })).toHaveLength(2);
    });

    it('CRM funnel: leads created in the range, stage counts and median days, by credited channel', async () => {
      await store.upsertLeads(ws, [
        // u1: email (touch d1 on Jan 5); lead → MQL 2 d, MQL → SQL 4 d, SQL → opportunity 1 d, → customer 20 h 05 min.
        { lead_id: 'L1', user_id: 'u1', created_at: '2026-01-06T00:00:00.000Z', mql_at: '2026-01-08T00:00:00.000Z', sql_at: '2026-01-12T00:00:00.000Z', opportunity_at: '2026-01-13T00:00:00.000Z', customer_at: '2026-01-13T20:05:00.000Z' },
        // b1: organic social 5 minutes earlier; lead → MQL 1 d.
        { lead_id: 'L2', user_id: 'b1', created_at: '2026-01-11T09:05:00.000Z', mql_at: '2026-01-12T09:05:00.000Z' },
        // Nobody known: direct.
        { lead_id: 'L3', created_at: '2026-01-20T00:00:00.000Z' },
      ]);
      // Plus the lead event e12 of a1 (paid search), with no CRM stages.
      const rows = await store.crmFunnel(ws, { from: '2026-01-01', to: '2026-01-31', by: 'channel' });
      const total = rows.find((r) => r.key === null)!;
      expect(total.stages.map((s) => s.count)).toEqual([4, 2, 1, 1, 1]);
      expect(total.stages[0].median_days).toBeNull();
      expect(total.stages[1].median_days).toBeCloseTo(1.5, 9); // median of 2 and 1
      expect(total.stages[2].median_days).toBeCloseTo(4, 9);
      expect(total.stages[3].median_days).toBeCloseTo(1, 9);
      expect(total.stages[4].median_days).toBeCloseTo(72_300 / 86_400, 9);
      const counts = Object.fromEntries(rows.filter((r) => r.key !== null).map((r) => [r.key, r.stages.map((s) => s.count)]));
      expect(counts).toEqual({ direct: [1, 0, 0, 0, 0], email: [1, 1, 1, 1, 1], organic_social: [1, 1, 0, 0, 0], paid_search: [1, 0, 0, 0, 0] });
      const early = await store.crmFunnel(ws, { from: '2026-01-01', to: '2026-01-09', by: null });
      expect(early).toHaveLength(1);
      expect(early[0].stages.map((s) => s.count)).toEqual([1, 1, 1, 1, 1]);
    });

    it('segments: rules over traits, behaviour and acquisition, values passed as parameters', async () => {
      const count = async (rules: SegmentRules, asOf = '2026-01-31') => (await store.peopleStats(ws, { segment: { rules, asOf } })).people;
      const members = async (rules: SegmentRules, asOf = '2026-01-31') =>
        (await store.customerProfiles(ws, { segment: { rules, asOf } })).map((p) => p.customer_id).sort();
      expect(await store.peopleStats(ws, {})).toEqual({ people: 5, buyers: 4, orders: 4, revenue: 195 });
      expect(await members({ match: 'all', conditions: [{ kind: 'orders', min_count: 1 }, { kind: 'acquisition_channel', values: ['email', 'organic_social'] }] })).toEqual(['b1', 'u1']);
      expect(await members({ match: 'all', conditions: [{ kind: 'trait', trait: 'country', values: ['DE'] }] })).toEqual(['a1']);
      expect(await members({ match: 'all', conditions: [{ kind: 'trait', trait: 'age_band', values: ['25-34', '35-44'] }] })).toEqual(['u1']);
      expect(await count({ match: 'all', conditions: [{ kind: 'trait', trait: 'city', values: ['Berlin'] }] })).toBe(1);
      // $exposure events from Jan 11 to Jan 13: b1, c1, u1 (twice, on two devices); a1's on Jan 10 is too old.
      expect(await members({ match: 'all', conditions: [{ kind: 'event', name: '$exposure', min_count: 1, days: 3 }] }, '2026-01-13')).toEqual(['b1', 'c1', 'u1']);
      expect(await members({ match: 'all', conditions: [{ kind: 'event', name: '$exposure', min_count: 2, days: 3 }] }, '2026-01-13')).toEqual(['u1']);
      expect(await members({ match: 'all', conditions: [{ kind: 'page', path: '/product' }] })).toEqual(['a1']);
      expect(await members({ match: 'any', conditions: [{ kind: 'spent', more_than: 40 }, { kind: 'page', path: '/blog' }] })).toEqual(['a1', 'b1']);
      // As of Jan 12 only o1 and o2 have happened.
      expect(await members({ match: 'all', conditions: [{ kind: 'orders', min_count: 1 }] }, '2026-01-12')).toEqual(['a1', 'b1']);
      const buyers = await store.peopleStats(ws, { segment: { rules: { match: 'all', conditions: [{ kind: 'spent', more_than: 40 }] }, asOf: '2026-01-31' } });
      expect(buyers).toEqual({ people: 2, buyers: 2, orders: 2, revenue: 145 });
      expect(await count({ match: 'all', conditions: [{ kind: 'trait', trait: 'country', values: ["DE' OR 1=1 --"] }] })).toBe(0);
      expect(await count({ match: 'all', conditions: [] })).toBe(5);
    });

    // ---- tracking links (issue 11 #3, #4), in a workspace of their own ----

    const linkWs: Workspace = { id: 'ws_links', name: 'Links', currency: 'EUR', timezone: 'UTC', margin: '1', write_key: 'wk_links' };
    const linkOf = (slug: string, destination: string) => ({ slug, destination, utm: { source: 'blog' }, disabled: false, created_at: '2026-01-15T00:00:00.000Z' });

    it('links: slugs unique per installation, deleted ones reserved; disable, edit, delete; workspace fallback_url', async () => {
      await store.ensureWorkspace(linkWs);
      await store.updateWorkspace(linkWs.id, { fallback_url: 'https://links.example/' });
      expect((await store.getWorkspace(linkWs.id))?.fallback_url).toBe('https://links.example/');
      expect(await store.createLink(linkWs.id, linkOf('spring', 'https://links.example/spring'))).toBe(true);
      expect(await store.createLink(linkWs.id, linkOf('autumn', 'https://links.example/autumn'))).toBe(true);
      expect(await store.createLink(linkWs.id, linkOf('gone', 'https://links.example/gone'))).toBe(true);
      // Taken in this workspace and in another one: nothing is overwritten.
      expect(await store.createLink(linkWs.id, linkOf('spring', 'https://evil.example/'))).toBe(false);
      expect(await store.createLink(ws, linkOf('spring', 'https://evil.example/'))).toBe(false);
      expect((await store.getLink(linkWs.id, 'spring'))?.destination).toBe('https://links.example/spring');
      expect(await store.getLink(ws, 'spring')).toBeUndefined();

      const disabled = await store.updateLink(linkWs.id, 'spring', { disabled: true, utm: { source: 'news', campaign: 'x' } });
      expect(disabled).toMatchObject({ slug: 'spring', disabled: true, utm: { source: 'news', campaign: 'x' }, destination: 'https://links.example/spring' });
      expect(disabled?.updated_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(await store.updateLink(ws, 'spring', { disabled: false })).toBeUndefined();
      expect((await store.updateLink(linkWs.id, 'spring', { disabled: false, destination: 'https://links.example/spring2', channel: 'affiliates' }))).toMatchObject({ disabled: false, channel: 'affiliates', destination: 'https://links.example/spring2' });

      expect(await store.deleteLink(linkWs.id, 'gone')).toBe(true);
      expect(await store.deleteLink(linkWs.id, 'gone')).toBe(false);
      expect(await store.getLink(linkWs.id, 'gone')).toBeUndefined();
      expect(await store.updateLink(linkWs.id, 'gone', { disabled: true })).toBeUndefined();
      expect(await store.createLink(ws, linkOf('gone', 'https://other.example/'))).toBe(false);
      expect((await store.listLinks(linkWs.id)).map((l) => l.slug)).toEqual(['autumn', 'spring']);
      // One page: the slugs after `after` in byte order ('B' < 'a', whatever the database's locale), `limit` of them.
      expect((await store.listLinks(linkWs.id, { limit: 1 })).map((l) => l.slug)).toEqual(['autumn']);
      expect((await store.listLinks(linkWs.id, { after: 'autumn', limit: 5 })).map((l) => l.slug)).toEqual(['spring']);
      expect((await store.listLinks(linkWs.id, { after: 'B', limit: 1 })).map((l) => l.slug)).toEqual(['autumn']);
      expect(await store.listLinks(linkWs.id, { after: 'spring' })).toEqual([]);
      expect(await store.resolveLink('gone')).toMatchObject({ workspace_id: 'ws_links', deleted: true, link: { slug: 'gone' } });
      expect(await store.resolveLink('spring')).toMatchObject({ workspace_id: 'ws_links', deleted: false, link: { destination: 'https://links.example/spring2' } });
      expect(await store.resolveLink('nope')).toBeUndefined();
    });

    it('link stats: clicks, unique clicks, and sales credited to the last link click in the window', async () => {
      const click = (id: string, anon: string, ts: string, slug: string, cid: string, linkClick = true) =>
        ev({ id, type: 'click', ts, anonymous_id: anon, click_id: cid, properties: linkClick ? { link: slug, rl_cid: cid } : { link: slug } });
      const sale = (id: string, anon: string, ts: string, order: string, amount: string, currency = 'EUR') =>
        ev({ id, type: 'conversion', ts, anonymous_id: anon, order_id: order, revenue: { amount, currency } });
      // Browser sales and an imported order, all counted (issue 12 #1).
      await setRevenueSources(store, linkWs.id, 'all');
      await store.upsertRates(linkWs.id, [{ date: '2026-01-01', currency: 'USD', rate: '0.9' }]);
      await store.insertEvents(linkWs.id, [
        click('k1', 'p1', '2026-02-01T10:00:00.000Z', 'spring', 'rl_1'),
        click('k2', 'p1', '2026-02-01T11:00:00.000Z', 'spring', 'rl_2'), // the same visitor again
        click('k3', 'p2', '2026-02-02T09:00:00.000Z', 'spring', 'rl_3'),
        click('k4', 'p2', '2026-02-03T09:00:00.000Z', 'autumn', 'rl_4'), // p2's later link click
        click('k5', 'p3', '2026-02-02T10:00:00.000Z', 'spring', 'x_5', false), // a click event /c/ did not record
        click('k6', 'p4', '2026-01-20T10:00:00.000Z', 'autumn', 'rl_6'), // before the range, 16 days before p4's order
        sale('s1', 'p1', '2026-02-01T12:00:00.000Z', 'L1', '100.00'), // spring (k2)
        sale('s2', 'p2', '2026-02-02T12:00:00.000Z', 'L2', '50', 'USD'), // spring (k3): 50 USD × 0.9 = 45 EUR
        sale('s3', 'p2', '2026-02-04T12:00:00.000Z', 'L3', '30'), // autumn (k4 is later than k3)
        sale('s5', 'p3', '2026-02-03T12:00:00.000Z', 'L5', '10'), // no link click: nobody's
        sale('s6', 'p1', '2026-03-15T00:00:00.000Z', 'L6', '5'), // 42 days after k2: outside the window
      ].map((e) => enrichEvent(e, defaultChannelRules)));
      // An imported order carrying k6's click id belongs to p4: autumn.
      await store.upsertOrders(linkWs.id, [{ order_id: 'L4', customer_id: 'crm-77', ts: '2026-02-05T00:00:00.000Z', amount: { amount: '20', currency: 'EUR' }, click_id: 'rl_6' }]);

      const month = await store.linkStats(linkWs.id, { from: '2026-02-01', to: '2026-03-31', lookbackDays: 30 });
      expect(month).toEqual([
        { slug: 'autumn', clicks: 1, unique_clicks: 1, conversions: 2, revenue: '50.000000' }, // L3 30 + L4 20
        { slug: 'spring', clicks: 3, unique_clicks: 2, conversions: 2, revenue: '145.000000' }, // L1 100 + L2 45
      ]);
      // A 7-day window loses L4 (16 days after k6).
      const week = await store.linkStats(linkWs.id, { from: '2026-02-01', to: '2026-03-31', lookbackDays: 7 });
      expect(week.find((r) => r.slug === 'autumn')).toEqual({ slug: 'autumn', clicks: 1, unique_clicks: 1, conversions: 1, revenue: '30.000000' });
      // One day: k3 and L2 only.
      expect(await store.linkStats(linkWs.id, { from: '2026-02-02', to: '2026-02-02', lookbackDays: 30 })).toEqual([
        { slug: 'spring', clicks: 1, unique_clicks: 1, conversions: 1, revenue: '45.000000' },
      ]);

      // Days are the workspace's: 21:00 UTC on Feb 1 is 00:30 on Feb 2 in Tehran (+03:30).
      await store.insertEvents(linkWs.id, [enrichEvent(click('k7', 'p5', '2026-02-01T21:00:00.000Z', 'autumn', 'rl_7'), defaultChannelRules)]);
      const utcFeb1 = await store.linkStats(linkWs.id, { from: '2026-02-01', to: '2026-02-01', lookbackDays: 30 });
      expect(utcFeb1.find((r) => r.slug === 'autumn')).toEqual({ slug: 'autumn', clicks: 1, unique_clicks: 1, conversions: 0, revenue: '0.000000' });
      await store.updateWorkspace(linkWs.id, { timezone: 'Asia/Tehran' });
      // Tehran Feb 1 = [Jan 31 20:30, Feb 1 20:30) UTC: k1, k2 and L1 only.
      expect(await store.linkStats(linkWs.id, { from: '2026-02-01', to: '2026-02-01', lookbackDays: 30 })).toEqual([
        { slug: 'spring', clicks: 2, unique_clicks: 1, conversions: 1, revenue: '100.000000' },
      ]);
      // Tehran Feb 2 = [Feb 1 20:30, Feb 2 20:30) UTC: k7 (autumn), k3 and L2 (spring).
      expect(await store.linkStats(linkWs.id, { from: '2026-02-02', to: '2026-02-02', lookbackDays: 30 })).toEqual([
        { slug: 'autumn', clicks: 1, unique_clicks: 1, conversions: 0, revenue: '0.000000' },
        { slug: 'spring', clicks: 1, unique_clicks: 1, conversions: 1, revenue: '45.000000' },
      ]);
    });

    it('workspaces are listed, archived and restored; API keys are found by hash, listed per workspace, revoked and stamped when used (issue 15)', async () => {
      await store.ensureWorkspace({ ...contractWorkspace, id: 'ws_contract_b', name: 'B', write_key: 'wk_contract_b' });
      expect((await store.listWorkspaces()).map((w) => w.id)).toEqual(expect.arrayContaining([ws, 'ws_contract_b']));
      await store.updateWorkspace('ws_contract_b', { archived_at: '2026-02-01T00:00:00.000Z' });
      expect((await store.getWorkspace('ws_contract_b'))?.archived_at).toBe('2026-02-01T00:00:00.000Z');
      await store.updateWorkspace('ws_contract_b', { archived_at: null });
      expect((await store.getWorkspace('ws_contract_b'))?.archived_at ?? null).toBeNull();

      const key = { id: 'key_1', workspace_id: ws, kind: 'secret' as const, prefix: 'rl_sk_abcdef', scopes: ['kpis:read', 'imports:write'], allowed_origins: [], created_at: '2026-02-01T10:00:00.000Z', last_used_at: null, revoked_at: null };
      await store.createApiKey(key, 'hash-1');
      await store.createApiKey({ ...key, id: 'key_2', workspace_id: 'ws_contract_b', kind: 'write', prefix: 'rl_pub_abcdef', scopes: ['events:write'], allowed_origins: ['https://b.example'] }, 'hash-2');
      expect(await store.findApiKey('hash-1')).toEqual(key);
      expect(await store.findApiKey('hash-3')).toBeUndefined();
      expect((await store.listApiKeys(ws)).map((k) => k.id)).toEqual(['key_1']);
      expect(await store.listApiKeys('ws_contract_b')).toEqual([expect.objectContaining({ id: 'key_2', kind: 'write', allowed_origins: ['https://b.example'] })]);
      // Another workspace's key is not this workspace's to revoke.
      expect(await store.revokeApiKey(ws, 'key_2', '2026-02-02T00:00:00.000Z')).toBe(false);
      expect(await store.revokeApiKey(ws, 'key_1', '2026-02-02T00:00:00.000Z')).toBe(true);
      expect(await store.revokeApiKey(ws, 'key_1', '2026-02-03T00:00:00.000Z')).toBe(true);
      expect((await store.findApiKey('hash-1'))?.revoked_at).toBe('2026-02-02T00:00:00.000Z');
      await store.touchApiKey('key_2', '2026-02-02T12:00:00.000Z');
      // A use stamped earlier than the last one (requests racing) leaves the later time.
      await store.touchApiKey('key_2', '2026-02-02T11:00:00.000Z');
      expect((await store.findApiKey('hash-2'))?.last_used_at).toBe('2026-02-02T12:00:00.000Z');
    });

    portMethodCases(() => store);
    peopleCases(() => store);
    partnerCases(() => store);

    // Keep last: every method of every port (store/ports/index.ts) was called by a case above on this engine.
    it('has a case for every port method', () => {
      const missing = portMethodNames().filter((m) => !called.has(m) && !calledOutsideCases.has(m));
      expect(missing, 'port methods without a contract case').toEqual([]);
    });
  });
}

/** Called by the suite's own set-up and tear-down rather than by a case. */
const calledOutsideCases = new Set(['close']);

