/**
 * The ClickHouse KPI rollups held equal to the full query (issue 14), on ClickHouse 18.16 (one
 * server and two shards) and on a current release: random worlds (test/helpers/kpi-world.ts, the
 * DuckDB rollups' generator) changed step by step — late events and identity merges, orders and CRM
 * leads linked by click id, email and customer, replaced spend and new rates, deletions, a person's
 * erasure, new channel rules, time zone, margin and revenue sources, sessions and sales across local
 * midnight — and after every step every KPI figure, in total, per channel and by every dimension,
 * over a wide and a narrow range and two lookbacks, read from the rollups equals the figure the full
 * query computes from the events, exactly (money as decimal text).
 *
 * Per seed and setup: 10 steps × 17 comparisons (11 groupings over a 46-day range with a 30-day
 * lookback; totals, channel and day over a 5-day range and over a 16-day one with a 3-day lookback).
 * Seeds: CH_ROLLUP_SEEDS (default 1, and 4 on the single 18.16 server). Not covered, as for DuckDB:
 * a session longer than a day, a click id seen again more than 30 days later.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { kpiDimensions, type KpiQuery } from '../../src/metrics/kpi-query.js';
import type { EventRecord } from '../../src/records/events.js';
import type { ChannelRule } from '../../src/records/channel-rule.js';
import { classifyChannel, defaultChannelRules, hostOf, touchFacts } from '../../src/tracking/channel-rules.js';
import { setRevenueSources } from '../../src/store/revenue-settings.js';
import type { ScaleStore } from '../../src/store/scale/scale-store.js';
import { rng, World } from '../helpers/kpi-world.js';
import { openScaleStore, type ScaleSetup } from './engines.js';

const classifyWith = (rules: ChannelRule[]) => (e: Pick<EventRecord, 'utm' | 'referrer' | 'click_id' | 'properties' | 'url'>) => classifyChannel(touchFacts(e), rules, hostOf(e.url));
const queries: Omit<KpiQuery, 'by'>[] = [
  { from: '2026-03-01', to: '2026-04-15', lookbackDays: 30 },
  { from: '2026-03-10', to: '2026-03-14', lookbackDays: 30 },
  { from: '2026-03-05', to: '2026-03-20', lookbackDays: 3 },
];
const groupings = [null, ...kpiDimensions];

let store: ScaleStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

async function expectRollupsEqualFullQuery(s: ScaleStore, ws: string, step: string): Promise<void> {
  for (const [i, q] of queries.entries()) {
    for (const by of i === 0 ? groupings : ([null, 'channel', 'day'] as const)) {
      const query = { ...q, by };
      // One after the other: the current release's test server (chDB) answers one statement at a time.
      const reference = await s.kpiFactsFromEvents(ws, query);
      const rollups = await s.kpiFacts(ws, query);
      const sort = <T extends { key: string; channel?: string; campaign?: string }>(rows: T[] | undefined) =>
        [...(rows ?? [])].sort((a, b) => `${a.key}|${a.channel}|${a.campaign}`.localeCompare(`${b.key}|${b.channel}|${b.campaign}`));
      expect({ ...rollups, rows: sort(rollups.rows), channels: sort(rollups.channels) }, `${step}: by ${by} ${q.from}..${q.to} lookback ${q.lookbackDays}`)
        .toEqual({ ...reference, rows: sort(reference.rows), channels: sort(reference.channels) });
    }
  }
}

const setups: Record<ScaleSetup, number[]> = {
  'pg+clickhouse': [1, 4],
  // Two shards send their rows in no fixed order: every pick of the SQL must be by a total order (issue 14: the lead
  // events sharing a lead id once took whichever came first, so the build and the full query credited different persons).
  'pg+clickhouse-2-shards': [1],
  'pg+clickhouse-current': [1],
};

describe('ClickHouse KPI rollups equal the full query', () => {
  for (const [setup, defaults] of Object.entries(setups) as [ScaleSetup, number[]][]) {
    for (const seed of process.env.CH_ROLLUP_SEEDS ? process.env.CH_ROLLUP_SEEDS.split(',').map(Number) : defaults) {
      it(`${setup}, seed ${seed}: after every step, every figure by every dimension`, async () => {
        const r = rng(seed);
        const w = new World(r);
        store = await openScaleStore(setup);
        const s = store;
        const ws = `ws${seed}`;
        await s.ensureWorkspace({ id: ws, name: ws, currency: 'EUR', timezone: r.pick(['UTC', 'Asia/Tehran', 'America/Los_Angeles']), margin: '0.4', write_key: `wk${seed}_${setup}` });
        const batch = (n: number, from: number, days: number) => Array.from({ length: n }, () => w.visit(from, days)).flat();
        const steps: [string, () => Promise<unknown>][] = [
          ['first batch', async () => {
            await s.insertEvents(ws, batch(60, 0, 40));
            await s.upsertRates(ws, [{ date: '2026-03-01', currency: 'USD', rate: '0.9' }, { date: '2026-03-15', currency: 'USD', rate: '0.95' }]);
            await s.replaceSpend(ws, [{ date: '2026-03-11', channel: 'paid_search', campaign: 'brand', ad: 'ad1', cost: { amount: '12.34', currency: 'EUR' }, impressions: 100, clicks: 7, pricing_model: 'cpc' }]);
          }],
          ['late events and identity merges', () => s.insertEvents(ws, [...batch(25, 0, 20), ...batch(20, 0, 40).map((e) => (r.chance(0.3) ? { ...e, user_id: w.user() } : e))])],
          ['orders and CRM leads', async () => {
            const clicks = w.clickIds();
            await s.upsertOrders(ws, Array.from({ length: 12 }, (_, i) => ({
              order_id: `o${r.int(40)}`, customer_id: w.user(), ts: w.iso(0, 40), amount: { amount: `${10 + i}.50`, currency: r.pick(['EUR', 'USD']) },
              ...(r.chance(0.5) && clicks.length ? { click_id: r.pick(clicks) } : {}),
            })));
            await s.upsertLeads(ws, Array.from({ length: 8 }, () => {
              const created = w.iso(0, 35);
              return {
                lead_id: `l${r.int(20)}`, created_at: created, ...(r.chance(0.5) ? { mql_at: w.iso(5, 30) } : {}), ...(r.chance(0.3) ? { customer_at: w.iso(10, 30) } : {}),
                ...(r.chance(0.4) && w.emails.length ? { email_hash: r.pick(w.emails) } : {}), ...(r.chance(0.3) && clicks.length ? { click_id: r.pick(clicks) } : {}),
                ...(r.chance(0.3) ? { user_id: w.user() } : {}),
              };
            }));
          }],
          ['more events', () => s.insertEvents(ws, batch(30, 5, 35))],
          ['replaced spend and rates only', async () => {
            await s.replaceSpend(ws, [{ date: '2026-03-11', channel: 'paid_search', campaign: 'brand', ad: 'ad1', cost: { amount: '20.00', currency: 'USD' }, impressions: 90, clicks: 9, pricing_model: 'cpc' }]);
            await s.upsertRates(ws, [{ date: '2026-03-10', currency: 'GBP', rate: '1.15' }, { date: '2026-03-12', currency: 'USD', rate: '0.8' }]);
          }],
          ['deletions', async () => {
            await s.deleteEvents(ws, { ids: Array.from({ length: 15 }, () => `e${r.int(400)}`) });
            await s.insertEvents(ws, batch(10, 0, 40));
          }],
          ['a person erased', async () => {
            const person = w.user();
            await s.erasePerson(ws, await s.personLinks(ws, { user_ids: [person], anonymous_ids: [w.anon()], email_hashes: [] }));
          }],
          ['new channel rules', async () => {
            w.rules = [{ channel: 'search_all', source: 'google|bing' }, ...defaultChannelRules];
            await s.setChannelRules(ws, w.rules, classifyWith(w.rules));
            await s.insertEvents(ws, batch(10, 10, 20));
          }],
          ['time zone, margin and revenue sources', async () => {
            const now = (await s.getWorkspace(ws))!.timezone;
            await s.updateWorkspace(ws, { timezone: r.pick(['Pacific/Auckland', 'America/New_York', 'UTC'].filter((tz) => tz !== now)), margin: '0.25' });
            await setRevenueSources(s, ws, r.pick(['all', 'verified'] as const));
          }],
          ['a last batch across local midnights', () => s.insertEvents(ws, batch(20, 0, 45))],
        ];
        const kinds: string[] = [];
        for (const [name, run] of steps) {
          await run();
          const before = s.rollupRefreshes();
          await expectRollupsEqualFullQuery(s, ws, `${setup} seed ${seed}, ${name}`);
          const after = s.rollupRefreshes();
          kinds.push(after.rebuilt > before.rebuilt ? 'rebuilt' : 'fresh');
          if (process.env.CH_ROLLUP_PROGRESS) console.log(`${setup} seed ${seed}: ${name} equal (${kinds.at(-1)})`);
          expect(after.rebuilt - before.rebuilt, name).toBeLessThanOrEqual(1);
        }
        // Writes to events, orders and leads and a new time zone build a generation; spend and rates are read live.
        expect(kinds).toEqual(['rebuilt', 'rebuilt', 'rebuilt', 'rebuilt', 'fresh', 'rebuilt', 'rebuilt', 'rebuilt', 'rebuilt', 'rebuilt']);
        const totals = (await s.kpiFacts(ws, { by: null, ...queries[0] })).totals;
        for (const m of ['sessions', 'unique_visitors', 'tracked_clicks', 'leads', 'mqls', 'conversions', 'new_customers', 'spend'] as const) expect(Number(totals[m]), m).toBeGreaterThan(0);
      }, 3_000_000);
    }
  }
});
