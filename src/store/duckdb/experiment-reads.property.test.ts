/**
 * The embedded store's experiment reads from the KPI rollups answer as the reads from the raw
 * events they replace (issue 14: `experimentStatsFromRollupsSql`, `experimentSampleSql(true)`), on
 * random worlds (`test/helpers/kpi-world.ts`: identity merges, order ids shared by several people's
 * conversions, verified and unverified sales in three currencies, one without a rate, leads sent
 * twice with one lead id, imported orders linked by click id and customer id) with exposures of
 * two experiments at random instants (before and after people's sales, before the experiment's
 * start), signed and not, some carrying a user id (a merge of their own):
 *
 * - the per variant figures (users, converters, conversions, leads exactly; the revenue sums, sums
 *   of doubles whose order DuckDB does not fix, to 1e-9 relative) under every counting, with the
 *   workspace's `revenue_sources` unset and set, and the sample's make-up, equal the reference;
 * - also after late events (hits before sessions' first, sales among them), new identity merges
 *   and late exposures arrive once the rollups are built;
 * - up to a day the history ends by the sales come from the rollups' credits, up to an earlier day
 *   they are stitched from the rollups' credit events up to it, and equal the reference either way.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DuckDbStore } from './duckdb-store.js';
import { rng, World, type Rng } from '../../../test/helpers/kpi-world.js';
import { setRevenueSources } from '../revenue-settings.js';
import { enrichEvent } from '../../ingest/enrich.js';
import type { ExperimentCounting, ExperimentVariantStats } from '../store.js';

let store: DuckDbStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

/** Exposures of `hero` (mostly) and `other` by random anonymous ids, at random instants of the world's first 40 days. */
function exposures(w: World, r: Rng, n: number) {
  return Array.from({ length: n }, () => w.event({
    type: 'custom', name: '$exposure', anonymous_id: w.anon(), ...(r.chance(0.15) ? { user_id: w.user() } : {}),
    properties: {
      experiment: r.chance(0.85) ? 'hero' : 'other', variant: r.pick(['A', 'B', 'C']), hash_version: 2,
      ...(r.chance(0.75) ? { rl_signed: true } : {}), ...(r.chance(0.8) ? { rl_src: r.pick(['snippet', 'server']) } : {}),
    },
  }));
}

/** Signed exposures of `hero` at the very instant of some stored sales, by their anonymous ids (a sale at the exposure counts). */
function exposuresAtSales(w: World, stored: { id: string; type: string; anonymous_id: string; ts: string }[]) {
  return stored.filter((e) => e.type === 'conversion').slice(0, 6).map((e) => enrichEvent({
    id: `x-${e.id}`, type: 'custom', name: '$exposure', anonymous_id: e.anonymous_id, ts: e.ts,
    properties: { experiment: 'hero', variant: 'B', hash_version: 2, rl_signed: true, rl_src: 'snippet' },
  }, w.rules));
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

function expectSameStats(fast: ExperimentVariantStats[], ref: ExperimentVariantStats[], label: string) {
  const exact = (rows: ExperimentVariantStats[]) => rows.map(({ revenue_sum: _s, revenue_sum_squares: _q, ...rest }) => rest);
  expect(exact(fast), label).toEqual(exact(ref));
  fast.forEach((row, i) => {
    expect(close(row.revenue_sum, ref[i].revenue_sum), `${label} ${row.variant} revenue ${row.revenue_sum} vs ${ref[i].revenue_sum}`).toBe(true);
    expect(close(row.revenue_sum_squares, ref[i].revenue_sum_squares), `${label} ${row.variant} squares`).toBe(true);
  });
}

const countings: (ExperimentCounting | undefined)[] = [
  undefined,
  { signed_only: true, revenue_sources: null },
  { signed_only: false, revenue_sources: 'all' },
  { signed_only: true, revenue_sources: 'verified' },
];

describe('experiment reads from the rollups answer as from the events', () => {
  for (const seed of [3, 7]) {
    it(`seed ${seed}: stats and sample under every counting, after late events, up to several days`, async () => {
      const r = rng(seed);
      const w = new World(r);
      store = await DuckDbStore.open(':memory:');
      const s = store;
      const ws = `ws${seed}`;
      await s.ensureWorkspace({ id: ws, name: ws, currency: 'EUR', timezone: r.pick(['UTC', 'Asia/Tehran', 'America/Los_Angeles']), margin: '1', write_key: `wk${seed}` });
      const batch = (n: number, from: number, days: number) => Array.from({ length: n }, () => w.visit(from, days)).flat();
      await s.insertEvents(ws, [...batch(60, 0, 40), ...exposures(w, r, 30)]);
      await s.upsertRates(ws, [{ date: '2026-03-01', currency: 'USD', rate: '0.9' }, { date: '2026-03-15', currency: 'USD', rate: '0.95' }]);
      await s.insertEvents(ws, batch(30, 0, 40).map((e) => (r.chance(0.3) ? { ...e, user_id: w.user() } : e)));
      const clicks = w.clickIds();
      await s.upsertOrders(ws, Array.from({ length: 14 }, (_, i) => ({
        order_id: `o${r.int(40)}`, customer_id: r.chance(0.8) ? w.user() : `buyer${i}`, ts: w.iso(0, 40), amount: { amount: `${10 + i}.50`, currency: r.pick(['EUR', 'USD']) },
        ...(r.chance(0.5) && clicks.length ? { click_id: r.pick(clicks) } : {}),
      })));

      const reads = () => Object.values(s.rollupRefreshes()).reduce((a, b) => a + b, 0);
      const same = async (phase: string, ranges: { from?: string; to?: string }[]) => {
        const seen = { conversions: 0, leads: 0, revenue: 0 };
        for (const range of ranges) {
          for (const counting of countings) {
            const q = { experiment: 'hero', ...range, counting };
            const before = reads();
            const fast = await s.experimentStats(ws, q);
            expect(reads(), `${phase} ${JSON.stringify(range)}: from the rollups`).toBeGreaterThan(before);
            expectSameStats(fast, await s.experimentStatsFromEvents(ws, q), `${phase} ${JSON.stringify(q)}`);
            for (const row of fast) {
              seen.conversions += row.conversions;
              seen.leads += row.leads;
              seen.revenue += row.revenue_sum;
            }
          }
          const q = { experiment: 'hero', ...range };
          expect(await s.experimentSample(ws, q), `${phase} sample ${JSON.stringify(range)}`).toEqual(await s.experimentSampleFromEvents(ws, q));
        }
        expect(seen.conversions, `${phase}: exposed people bought after their exposure`).toBeGreaterThan(0);
        expect(seen.leads, `${phase}: exposed people sent leads`).toBeGreaterThan(0);
        expect(seen.revenue).toBeGreaterThan(0);
      };
      const ranges = [
        {},
        { from: '2026-03-08' },
        // Every event and order is before the end of June 30: the sales from the credits; March 25 is before the last: stitched up to it.
        { from: '2026-03-03', to: '2026-06-30' },
        { from: '2026-03-03', to: '2026-03-25' },
      ];
      await same('first', ranges);
      const sample = await s.experimentSample(ws, { experiment: 'hero' });
      expect(sample.unsigned_units + sample.top_sources.length, 'unsigned people and sources').toBeGreaterThan(1);

      // Late events and exposures, new identity merges, after the rollups were built.
      const stored = await s.listEvents(ws, { limit: 10_000 });
      const late = [...w.continueSessions(stored, true), ...exposures(w, r, 12), ...exposuresAtSales(w, stored)];
      await s.insertEvents(ws, late.map((e) => (r.chance(0.2) ? { ...e, user_id: w.user() } : e)));
      await same('late', ranges);
      // The workspace counts every sale (the stored setting `rev_mode` reads), then only verified ones.
      await setRevenueSources(s, ws, 'all');
      await same('all', ranges.slice(0, 1));
      await setRevenueSources(s, ws, 'verified');
      await same('verified', ranges.slice(0, 1));
    }, 600_000);
  }
});
