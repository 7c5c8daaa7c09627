/**
 * The embedded store's link statistics over the KPI rollups (`linkStatsFastSql`, issue 14) answer as
 * the query over the raw events they replace (`linkStatsSql`, `linkStatsFromEvents`), on random
 * worlds (`test/helpers/kpi-world.ts`: identity merges, order ids shared by several people's
 * conversions, postbacks naming another person's click, verified and unverified sales in three
 * currencies with rates) with link clicks added: repeated clicks by one visitor on one or several
 * links, clicks carrying a user id, clicks whose `rl_cid` is not their click id (not link clicks),
 * imported orders naming a link click's id or another click's, orders after the last event. Held
 * equal over ranges whose history ends by their last day (the sales from the credits) and ranges
 * before it (the sales from the credit events cut at the range's end), one-day ranges either side
 * of local midnight in a non-UTC time zone, lookbacks of 1, 7 and 30 days, each revenue mode, and
 * again after late events (hits before sessions' first, sales) and new identity merges arrive.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DuckDbStore } from './duckdb-store.js';
import { rng, World } from '../../../test/helpers/kpi-world.js';
import { setRevenueSources } from '../revenue-settings.js';
import type { StoredEvent } from '../../records/events.js';

let store: DuckDbStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const slugs = ['autumn', 'spring', 'summer', 'winter'];
const day = (n: number) => new Date(Date.parse('2026-03-01T00:00:00Z') + n * 86_400_000).toISOString().slice(0, 10);

describe('link stats over the rollups answer as the query over the events', () => {
  for (const [seed, timezone] of [[2, 'Asia/Tehran'], [5, 'America/Los_Angeles'], [9, 'UTC']] as const) {
    it(`seed ${seed} (${timezone}): every range, lookback and revenue mode, before and after late events`, async () => {
      const r = rng(seed);
      const w = new World(r);
      store = await DuckDbStore.open(':memory:');
      const ws = `ws${seed}`;
      await store.ensureWorkspace({ id: ws, name: ws, currency: 'EUR', timezone, margin: '1', write_key: `wk${seed}` });
      let n = 0;
      const linkClicks: string[] = [];
      /** Link clicks (`/c/:slug`): some visitors click several times, some with a user id; a few name another click id. */
      const clicks = (count: number): StoredEvent[] => Array.from({ length: count }, () => {
        const cid = `rl_${n++}`;
        const real = r.chance(0.9);
        if (real) linkClicks.push(cid);
        return w.event({
          type: 'click', anonymous_id: w.anon(), click_id: cid, ...(r.chance(0.15) ? { user_id: w.user() } : {}),
          properties: { link: r.pick(slugs), rl_cid: real ? cid : `rl_x${n}`, rl_server_click: true },
        });
      });
      const batch = (count: number, from: number, days: number) => Array.from({ length: count }, () => w.visit(from, days)).flat();
      await store.insertEvents(ws, [...batch(60, 0, 40), ...clicks(80)]);
      await store.upsertRates(ws, [{ date: '2026-03-01', currency: 'USD', rate: '0.9' }, { date: '2026-03-15', currency: 'USD', rate: '0.95' }, { date: '2026-03-20', currency: 'GBP', rate: '1.2' }]);
      await store.insertEvents(ws, [...batch(30, 0, 40), ...clicks(40)].map((e) => (r.chance(0.3) ? { ...e, user_id: w.user() } : e)));
      const anyClick = () => (r.chance(0.6) && linkClicks.length ? r.pick(linkClicks) : r.pick(w.clickIds()));
      // Orders up to 45 days in: some after the last event (day 40), so no range but the latest has its whole history.
      await store.upsertOrders(ws, Array.from({ length: 20 }, (_, i) => ({
        order_id: `o${r.int(40)}`, customer_id: r.chance(0.8) ? w.user() : `buyer${i}`, ts: w.iso(0, 45), amount: { amount: `${10 + i}.50`, currency: r.pick(['EUR', 'USD', 'GBP']) },
        ...(r.chance(0.7) ? { click_id: anyClick() } : {}),
      })));

      const ranges = [
        { from: day(0), to: '2026-12-31' }, // the whole history: the sales from the credits
        { from: day(10), to: day(50) }, // ends after the last order too
        { from: day(5), to: day(30) }, // the sales from the credit events cut at the range's end
        { from: day(20), to: day(39) },
        { from: day(12), to: day(12) }, // one local day, and the next: the edges across local midnight
        { from: day(13), to: day(13) },
      ];
      const same = async (label: string) => {
        let credited = 0;
        for (const range of ranges) {
          for (const lookbackDays of [1, 7, 30]) {
            const q = { ...range, lookbackDays };
            const want = await store!.linkStatsFromEvents(ws, q);
            expect(await store!.linkStats(ws, q), `${label} ${JSON.stringify(q)}`).toEqual(want);
            credited += want.reduce((s, x) => s + x.conversions, 0);
          }
        }
        return credited;
      };
      const modes = async (label: string) => {
        let credited = 0;
        for (const mode of [null, 'all', 'verified'] as const) {
          await setRevenueSources(store!, ws, mode);
          credited += await same(`${label} ${mode}`);
        }
        return credited;
      };
      expect(await modes('built'), 'sales credited to links').toBeGreaterThan(20);
      const whole = await store.linkStatsFromEvents(ws, { ...ranges[0], lookbackDays: 30 });
      expect(whole.length, 'links').toBe(slugs.length);
      expect(whole.some((l) => l.unique_clicks < l.clicks), 'a visitor clicking again').toBe(true);

      // Late events (hits before sessions' first, sales, clicks) and new identity merges after the rollups were built.
      const stored = await store.listEvents(ws, { limit: 10_000 });
      const late = [...w.continueSessions(stored, true), ...clicks(20)];
      await store.insertEvents(ws, late.map((e) => (r.chance(0.2) ? { ...e, user_id: w.user() } : e)));
      await store.upsertOrders(ws, [{ order_id: 'o_late', customer_id: w.user(), ts: w.iso(0, 40), amount: { amount: '77.00', currency: 'USD' }, click_id: anyClick() }]);
      expect(await store.linkStatsFromEvents(ws, { ...ranges[0], lookbackDays: 30 }), 'the late events changed the figures').not.toEqual(whole);
      await modes('after late events');
    }, 600_000);
  }
});
