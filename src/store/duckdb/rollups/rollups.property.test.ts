/**
 * The KPI rollups held equal to the full query (issue 14): random worlds changed step by step —
 * event batches with late events and identity merges (a user id sent for an anonymous id seen
 * before), events reaching orders through their click ids, orders and CRM leads linked by click id, email and customer, deletions and a person's
 * erasure, replaced spend, new rates, new channel rules, time zone and margin changes, sessions and
 * sales across local midnight — and after every step every KPI figure, in total, per channel and
 * by every dimension, over a wide and a narrow range and two lookbacks, from the rollups equals
 * the figure the full query computes from the raw events, exactly (money as decimal text).
 *
 * Coverage, per seed: 14 steps × (11 groupings, totals and 10 dimensions, over a 46-day range with a
 * 30-day lookback + totals, channel and day over a 5-day range and a 16-day one with a 3-day lookback)
 * = 238 comparisons of every measure of every row. The suite runs seeds 1 and 4 (476; 45–105 s a
 * seed on this 2-core machine, by load); other seeds with `ROLLUP_SEEDS=1,2,3` (seeds 1–6 passed when the credits' partial refresh
 * landed, before the delta refresh). The steps after the first build that only insert events take
 * the delta refresh (`rollup-delta-sql.ts`): the test holds that every one of its ways (sessions merged
 * from the batch or read again, clicks seen before, touches from the batch or read again) ran. Not
 * covered: a session longer than a day, and a click id seen again more than 30 days later (the full query reads a
 * day either side of a range for sessions and 31 days before it for clicks; the rollups read all).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { kpiDimensions, type KpiQuery } from '../../../metrics/kpi-query.js';
import type { EventRecord, StoredEvent } from '../../../records/events.js';
import type { ChannelRule } from '../../../records/channel-rule.js';
import { classifyChannel, defaultChannelRules, hostOf, touchFacts } from '../../../tracking/channel-rules.js';
import { setRevenueSources } from '../../revenue-settings.js';
import { DuckDbStore } from '../duckdb-store.js';
import { inRowOrder, rng, World } from '../../../../test/helpers/kpi-world.js';

const classifyWith = (rules: ChannelRule[]) => (e: Pick<EventRecord, 'utm' | 'referrer' | 'click_id' | 'properties' | 'url'>) => classifyChannel(touchFacts(e), rules, hostOf(e.url));
const queries: Omit<KpiQuery, 'by'>[] = [
  { from: '2026-03-01', to: '2026-04-15', lookbackDays: 30 },
  { from: '2026-03-10', to: '2026-03-14', lookbackDays: 30 },
  { from: '2026-03-05', to: '2026-03-20', lookbackDays: 3 },
];
const groupings = [null, ...kpiDimensions];

let store: DuckDbStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

async function expectRollupsEqualFullQuery(s: DuckDbStore, ws: string, step: string): Promise<void> {
  for (const [i, q] of queries.entries()) {
    // Every grouping over the wide range; totals, channel and day over the narrow ones.
    for (const by of i === 0 ? groupings : ([null, 'channel', 'day'] as const)) {
      const query = { ...q, by };
      const reference = await s.kpiFactsFromEvents(ws, query);
      const { fresh_as_of: freshAsOf, ...rollups } = await s.kpiFacts(ws, query);
      expect(Date.parse(freshAsOf!), 'the watermark').toBeLessThanOrEqual(Date.now());
      expect(inRowOrder(rollups), `${step}: by ${by} ${q.from}..${q.to} lookback ${q.lookbackDays}`).toEqual(inRowOrder(reference));
    }
  }
}

describe('KPI rollups equal the full query', () => {
  for (const seed of (process.env.ROLLUP_SEEDS ?? '1,4').split(',').map(Number)) {
    it(`seed ${seed}: after every step, every figure by every dimension`, async () => {
      const r = rng(seed);
      const w = new World(r);
      store = await DuckDbStore.open(':memory:');
      const ws = `ws${seed}`;
      await store.ensureWorkspace({ id: ws, name: ws, currency: 'EUR', timezone: r.pick(['UTC', 'Asia/Tehran', 'America/Los_Angeles']), margin: '0.4', write_key: `wk${seed}` });
      let orderClicks: string[] = [];
      const sent: StoredEvent[] = [];
      const batch = (n: number, from: number, days: number) => {
        const events = Array.from({ length: n }, () => w.visit(from, days)).flat();
        sent.push(...events);
        return events;
      };
      const steps: [string, () => Promise<unknown>][] = [
        ['first batch', async () => {
          await store!.insertEvents(ws, batch(60, 0, 40));
          await store!.upsertRates(ws, [{ date: '2026-03-01', currency: 'USD', rate: '0.9' }, { date: '2026-03-15', currency: 'USD', rate: '0.95' }]);
          await store!.replaceSpend(ws, [{ date: '2026-03-11', channel: 'paid_search', campaign: 'brand', ad: 'ad1', cost: { amount: '12.34', currency: 'EUR' }, impressions: 100, clicks: 7, pricing_model: 'cpc' }]);
        }],
        ['late events and identity merges', () => store!.insertEvents(ws, [...batch(25, 0, 20), ...batch(20, 0, 40).map((e) => (r.chance(0.3) ? { ...e, user_id: w.user() } : e))])],
        // Only some persons' events after a build: sessions continued after their last hit (merged
        // from the batch) and late within them (read again), sales at and before persons' last touches.
        ['hits after known sessions', () => store!.insertEvents(ws, w.continueSessions(sent, false))],
        ['late hits in known sessions', () => store!.insertEvents(ws, w.continueSessions(sent, true))],
        // Two persons merged: an anonymous id with touches takes a user id that has sales of its own; sales of both, before and after.
        ['two persons merged', () => {
          const anon = r.pick(sent.filter((e) => e.type === 'page_view' && !e.user_id)).anonymous_id;
          const user = r.pick(sent.filter((e) => e.user_id).map((e) => e.user_id!).concat(['u1']));
          return store!.insertEvents(ws, [
            w.event({ type: 'custom', name: 'identify', anonymous_id: anon, user_id: user }),
            w.event({ type: 'conversion', anonymous_id: anon, revenue: { amount: '7.00', currency: 'EUR' } }),
            w.event({ type: 'conversion', anonymous_id: anon, user_id: user, revenue: { amount: '9.00', currency: 'EUR' } }),
            ...batch(3, 0, 40),
          ]);
        }],
        // Events stored before sent again with new ones: the batch's copy is not the batch, so the refresh reads the dirty ids' events.
        ['events sent again', () => store!.insertEvents(ws, [...sent.slice(0, 5), ...batch(5, 0, 40)])],
        ['orders and CRM leads', async () => {
          const clicks = w.clickIds();
          const orders = Array.from({ length: 12 }, (_, i) => ({
            order_id: `o${r.int(40)}`, customer_id: w.user(), ts: w.iso(0, 40), amount: { amount: `${10 + i}.50`, currency: r.pick(['EUR', 'USD']) },
            ...(r.chance(0.5) && clicks.length ? { click_id: r.pick(clicks) } : {}),
          }));
          orderClicks = orders.flatMap((o) => (o.click_id ? [o.click_id] : []));
          await store!.upsertOrders(ws, orders);
          await store!.upsertLeads(ws, Array.from({ length: 8 }, () => {
            const created = w.iso(0, 35);
            return {
              lead_id: `l${r.int(20)}`, created_at: created, ...(r.chance(0.5) ? { mql_at: w.iso(5, 30) } : {}), ...(r.chance(0.3) ? { customer_at: w.iso(10, 30) } : {}),
              ...(r.chance(0.4) && w.emails.length ? { email_hash: r.pick(w.emails) } : {}), ...(r.chance(0.3) && clicks.length ? { click_id: r.pick(clicks) } : {}),
              ...(r.chance(0.3) ? { user_id: w.user() } : {}),
            };
          }));
        }],
        // Only events: the refresh recomputes the credits they reach. Here orders change person
        // through their click (a postback from a person sorting first), sales through a new identity.
        ['events reaching orders through their clicks, and identities', () => store!.insertEvents(ws, [
          ...orderClicks.slice(0, 3).map((click, i) => w.event({ type: 'conversion', anonymous_id: `a0${i}`, click_id: click, properties: { source: 'postback' } })),
          ...orderClicks.slice(3, 5).map((click) => w.event({ type: 'click', anonymous_id: 'a00', click_id: click, utm: { source: 'google', medium: 'cpc' } })),
          w.event({ type: 'custom', name: 'identify', anonymous_id: w.anon(), user_id: 'u0' }),
          ...batch(10, 0, 40),
        ])],
        ['more events, then replaced spend and rates', async () => {
          await store!.insertEvents(ws, batch(30, 5, 35));
          await store!.replaceSpend(ws, [{ date: '2026-03-11', channel: 'paid_search', campaign: 'brand', ad: 'ad1', cost: { amount: '20.00', currency: 'USD' }, impressions: 90, clicks: 9, pricing_model: 'cpc' }]);
          await store!.upsertRates(ws, [{ date: '2026-03-10', currency: 'GBP', rate: '1.15' }]);
        }],
        ['deletions', async () => {
          await store!.deleteEvents(ws, { ids: Array.from({ length: 15 }, () => `e${r.int(400)}`) });
          await store!.insertEvents(ws, batch(10, 0, 40));
        }],
        ['a person erased', async () => {
          const person = w.user();
          await store!.erasePerson(ws, await store!.personLinks(ws, { user_ids: [person], anonymous_ids: [w.anon()], email_hashes: [] }));
        }],
        ['new channel rules', async () => {
          w.rules = [{ channel: 'search_all', source: 'google|bing' }, ...defaultChannelRules];
          await store!.setChannelRules(ws, w.rules, classifyWith(w.rules));
          await store!.insertEvents(ws, batch(10, 10, 20));
        }],
        ['time zone, margin and revenue sources', async () => {
          const now = (await store!.getWorkspace(ws))!.timezone;
          await store!.updateWorkspace(ws, { timezone: r.pick(['Pacific/Auckland', 'America/New_York', 'UTC'].filter((tz) => tz !== now)), margin: '0.25' });
          await setRevenueSources(store!, ws, r.pick(['all', 'verified'] as const));
        }],
        ['a last batch across local midnights', () => store!.insertEvents(ws, batch(20, 0, 45))],
      ];
      const kinds: string[] = [];
      for (const [name, run] of steps) {
        // Counted from before the step: the background refresh after an insert may run within it.
        const before = store.rollupRefreshes();
        await run();
        await expectRollupsEqualFullQuery(store, ws, `seed ${seed}, ${name}`);
        const after = store.rollupRefreshes();
        kinds.push((['rebuilt', 'refreshed', 'fresh'] as const).find((k) => after[k] > before[k])!);
      }
      // Inserts, orders and leads refresh the dirty persons; deletions, erasure, channel rules and a new time zone rebuild.
      expect(kinds).toEqual(['rebuilt', 'refreshed', 'refreshed', 'refreshed', 'refreshed', 'refreshed', 'refreshed', 'refreshed', 'refreshed', 'rebuilt', 'rebuilt', 'rebuilt', 'rebuilt', 'refreshed']);
      // The delta refresh ran, each of its ways at least once.
      const paths = store.rollupPaths();
      for (const [path, n] of Object.entries(paths)) expect(n, path).toBeGreaterThan(0);
      const totals = (await store.kpiFacts(ws, { by: null, ...queries[0] })).totals;
      for (const m of ['sessions', 'tracked_clicks', 'leads', 'mqls', 'conversions', 'new_customers', 'spend'] as const) expect(Number(totals[m]), m).toBeGreaterThan(0);
    }, 1_800_000);
  }
});
