/**
 * The embedded store's faster customer reads answer as the reads they replace (issue 14), on random
 * worlds (`test/helpers/kpi-world.ts`: identity merges, order ids shared by several people's
 * conversions, postbacks naming another person's click, imported orders linked by click id and
 * customer id, rates):
 *
 * - a profile asked by id reads only the rows that can touch it, through the KPI rollups
 *   (`personRowsFromRollups`) and from the events alone (`personRows`): for every person, and for ids
 *   no one has, both equal that person's row of the profiles of everyone (the query over all rows),
 *   also after late events and new identity merges arrive once the rollups are built;
 * - the sales up to a last day the history ends by are read from the rollups' credits: they equal
 *   the sales stitched from the raw events, row for row; up to a day before the last event or order
 *   (the last day of events and spend, with orders imported after it) they still are stitched from
 *   the events, and equal them; kept while the data is unchanged, they follow new orders and rates.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DuckDbStore } from './duckdb-store.js';
import { rng, World } from '../../../test/helpers/kpi-world.js';

let store: DuckDbStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const everyone = { rules: { match: 'all' as const, conditions: [] }, asOf: '2999-12-31' };

describe('customer reads answer as the full queries', () => {
  for (const seed of [1, 4]) {
    it(`seed ${seed}: each profile by id, and the sales up to the last day`, async () => {
      const r = rng(seed);
      const w = new World(r);
      store = await DuckDbStore.open(':memory:');
      const ws = `ws${seed}`;
      await store.ensureWorkspace({ id: ws, name: ws, currency: 'EUR', timezone: r.pick(['UTC', 'Asia/Tehran', 'America/Los_Angeles']), margin: '1', write_key: `wk${seed}` });
      const batch = (n: number, from: number, days: number) => Array.from({ length: n }, () => w.visit(from, days)).flat();
      await store.insertEvents(ws, batch(60, 0, 40));
      await store.upsertRates(ws, [{ date: '2026-03-01', currency: 'USD', rate: '0.9' }, { date: '2026-03-15', currency: 'USD', rate: '0.95' }]);
      await store.insertEvents(ws, batch(30, 0, 40).map((e) => (r.chance(0.3) ? { ...e, user_id: w.user() } : e)));
      const clicks = w.clickIds();
      await store.upsertOrders(ws, Array.from({ length: 14 }, (_, i) => ({
        order_id: `o${r.int(40)}`, customer_id: r.chance(0.8) ? w.user() : `buyer${i}`, ts: w.iso(0, 40), amount: { amount: `${10 + i}.50`, currency: r.pick(['EUR', 'USD']) },
        ...(r.chance(0.5) && clicks.length ? { click_id: r.pick(clicks) } : {}),
      })));

      const all = await store.customerProfiles(ws, { segment: everyone });
      expect(all.length, 'people').toBeGreaterThan(10);
      expect(all.some((p) => p.anonymous_ids.length > 1), 'a person on several devices').toBe(true);
      expect(all.some((p) => p.orders > 1), 'a repeat buyer').toBe(true);
      const sameProfiles = async (people: typeof all) => {
        for (const person of people) {
          expect(await store!.customerProfiles(ws, { ids: [person.customer_id] }), person.customer_id).toEqual([person]);
          expect(await store!.customerProfilesFromEvents(ws, [person.customer_id]), person.customer_id).toEqual([person]);
        }
        expect(await store!.customerProfiles(ws, { ids: ['nobody', 'a999'] })).toEqual([]);
        const two = people.slice(0, 2).map((p) => p.customer_id);
        expect(await store!.customerProfiles(ws, { ids: two })).toEqual(people.slice(0, 2));
      };
      await sameProfiles(all);
      // Late events (hits before sessions' first, sales among them) and new identity merges after the
      // rollups were built: the profile by id from the refreshed rollups still equals the full query.
      const stored = await store.listEvents(ws, { limit: 10_000 });
      const late = w.continueSessions(stored, true);
      await store.insertEvents(ws, late.map((e) => (r.chance(0.2) ? { ...e, user_id: w.user() } : e)));
      const after = await store.customerProfiles(ws, { segment: everyone });
      expect(after, 'the late events changed some profile').not.toEqual(all);
      await sameProfiles(after);

      // Every event and order is before the end of June 30: from the rollups, as the whole history.
      const whole = await store.customerTransactions(ws, { to: '2026-06-30' });
      expect(whole.length, 'sales').toBeGreaterThan(10);
      expect(whole).toEqual(await store.customerTransactionsFromEvents(ws, { to: '2026-06-30' }));
      expect(whole).toEqual(await store.customerTransactions(ws, {}));
      // The last day of events and spend (orders may come later: an order after it must not decide a sale).
      const { to } = await store.dataRange(ws);
      expect(await store.customerTransactions(ws, { to: to! })).toEqual(await store.customerTransactionsFromEvents(ws, { to: to! }));
      const earlier = await store.customerTransactions(ws, { to: '2026-03-20' });
      expect(earlier.length).toBeLessThan(whole.length);
      expect(earlier).toEqual(await store.customerTransactionsFromEvents(ws, { to: '2026-03-20' }));

      // The whole history's sales are kept while the data is unchanged: new orders and new rates are seen at once.
      await store.upsertOrders(ws, [{ order_id: 'late-usd', customer_id: w.user(), ts: w.iso(0, 40), amount: { amount: '40.00', currency: 'USD' } }]);
      const more = await store.customerTransactions(ws, {});
      expect(more.length).toBe(whole.length + 1);
      expect(more).toEqual(await store.customerTransactionsFromEvents(ws, {}));
      await store.upsertRates(ws, [{ date: '2026-01-01', currency: 'USD', rate: '2' }, { date: '2026-03-01', currency: 'USD', rate: '2' }, { date: '2026-03-15', currency: 'USD', rate: '2' }]);
      const rerated = await store.customerTransactions(ws, {});
      expect(rerated.find((t) => t.order_id === 'late-usd')?.amount).toBe(80);
      expect(rerated).toEqual(await store.customerTransactionsFromEvents(ws, {}));
    }, 600_000);
  }
});
