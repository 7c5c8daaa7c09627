/**
 * A segment's live count reads only what its rules compare (`segmentStatsSql`, issue 14) and
 * answers as the query over every person's every fact (`peopleStatsSql`): on random worlds
 * (`test/helpers/kpi-world.ts`: identity merges, shared order ids, postbacks, imported orders with
 * and without a person, rates) with countries, devices, cities, languages and identify traits, for
 * random rules of every kind of condition, matched with `all` and with `any`, as of a day after the
 * history (rules on sales alone then read the rollups' credits) and a day inside it. Two answers are also
 * counted by hand from the profiles of everyone: everyone, and the repeat buyers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../records/events.js';
import type { SegmentCondition, SegmentQuery, SegmentRules } from '../customers.js';
import type { DuckDbAnalysis } from './duckdb-analysis.js';
import { segmentNeeds } from './customers-sql.js';
import { DuckDbStore } from './duckdb-store.js';
import { rng, World, type Rng } from '../../../test/helpers/kpi-world.js';

let store: DuckDbStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

/** The store's analyses, to ask the full query (`full`) beside the store's own answer. */
const analysisOf = (s: DuckDbStore) => (s as unknown as { analysis: DuckDbAnalysis }).analysis;

/** Traits on page views and identify calls, some missing, so the latest event carrying each decides. */
function withTraits(r: Rng, e: StoredEvent): StoredEvent {
  const traits = {
    ...(r.chance(0.5) ? { country: r.pick(['DE', 'FR', 'IR']) } : {}),
    ...(r.chance(0.5) ? { device: r.pick(['mobile', 'desktop']) } : {}),
  };
  const props = {
    ...(r.chance(0.3) ? { city: r.pick(['Berlin', 'Tehran']) } : {}),
    ...(r.chance(0.3) ? { language: r.pick(['de', 'fa']) } : {}),
    ...(e.name === 'identify' && r.chance(0.7) ? { plan: r.pick(['pro', 'free']) } : {}),
  };
  if (e.type !== 'page_view' && e.name !== 'identify') return e;
  return { ...e, ...traits, properties: { ...(e.properties ?? {}), ...props } };
}

function randomCondition(r: Rng): SegmentCondition {
  switch (r.int(9)) {
    case 0: return { kind: 'trait', trait: r.pick(['country', 'device']), values: [r.pick(['DE', 'FR', 'mobile', 'desktop', 'XX'])] };
    case 1: return { kind: 'trait', trait: r.pick(['city', 'language', 'plan']), values: [r.pick(['Berlin', 'Tehran', 'de', 'fa', 'pro', 'free'])] };
    case 2: return { kind: 'event', name: r.pick(['identify', 'conversion', 'page_view', 'lead']), min_count: 1 + r.int(3), days: 1 + r.int(60) };
    case 3: return { kind: 'page', path: r.pick(['/', '/p', '/q', '/t']), ...(r.chance(0.5) ? { days: 1 + r.int(60) } : {}) };
    case 4: case 5: return { kind: 'orders', min_count: 1 + r.int(3) };
    case 6: return { kind: 'spent', more_than: r.pick([0, 10, 250.5, 600]) };
    default: return { kind: 'acquisition_channel', values: [r.pick(['paid_search', 'paid_social', 'email', 'direct', 'referral'])] };
  }
}

describe('a segment count reads only what its rules compare', () => {
  for (const seed of [2, 5, 9]) {
    it(`seed ${seed}: equals the full query for random rules`, async () => {
      const r = rng(seed);
      const w = new World(r);
      store = await DuckDbStore.open(':memory:');
      const ws = `ws${seed}`;
      await store.ensureWorkspace({ id: ws, name: ws, currency: 'EUR', timezone: r.pick(['UTC', 'Asia/Tehran', 'America/Los_Angeles']), margin: '1', write_key: `wk${seed}` });
      const batch = (n: number) => Array.from({ length: n }, () => w.visit(0, 40)).flat().map((e) => withTraits(r, e));
      await store.insertEvents(ws, batch(70));
      await store.upsertRates(ws, [{ date: '2026-03-01', currency: 'USD', rate: '0.9' }, { date: '2026-03-15', currency: 'USD', rate: '0.95' }]);
      await store.insertEvents(ws, batch(40).map((e) => (r.chance(0.3) ? { ...e, user_id: w.user() } : e)));
      const clicks = w.clickIds();
      await store.upsertOrders(ws, Array.from({ length: 16 }, (_, i) => ({
        order_id: `o${r.int(40)}`, customer_id: r.chance(0.8) ? w.user() : `buyer${i}`, ts: w.iso(0, 40), amount: { amount: `${10 + i}.50`, currency: r.pick(['EUR', 'USD']) },
        ...(r.chance(0.5) && clicks.length ? { click_id: r.pick(clicks) } : {}),
      })));
      // After the last event and order (rules on sales alone read the rollups' credits), and a day inside the history.
      const late = '2026-05-31';
      const early = '2026-03-25';
      let asOf = late;
      const full = (q: { segment?: SegmentQuery }) => analysisOf(store!).peopleStats(ws, q, true);
      const of = (rules: SegmentRules) => ({ segment: { rules, asOf } });
      // The queries the store runs, to see which answered from the rollups' credits.
      const db = (store as unknown as { db: { rows: (sql: string, params: unknown) => Promise<unknown[]> } }).db;
      const rows = db.rows.bind(db);
      let fromCredits = 0;
      db.rows = (sql, params) => {
        if (/FROM rollup_credits/.test(sql) && /people AS/.test(sql)) fromCredits++;
        return rows(sql, params);
      };

      // By hand from the profiles of everyone: how many people, how many bought, and the repeat buyers.
      const profiles = await store.customerProfiles(ws, of({ match: 'all', conditions: [] }));
      const repeat = profiles.filter((p) => p.orders >= 2);
      expect(await store.peopleStats(ws, {})).toEqual({ ...(await full({})), people: profiles.length, buyers: profiles.filter((p) => p.orders > 0).length });
      const repeatStats = await store.peopleStats(ws, of({ match: 'all', conditions: [{ kind: 'orders', min_count: 2 }] }));
      expect(fromCredits, 'the repeat buyers from the rollups').toBe(1);
      expect(repeatStats.people, 'repeat buyers').toBe(repeat.length);
      expect(repeatStats.orders).toBe(repeat.reduce((s, p) => s + p.orders, 0));
      expect(repeatStats.revenue).toBeCloseTo(repeat.reduce((s, p) => s + p.revenue, 0), 6);
      expect(repeat.length, 'a repeat buyer').toBeGreaterThan(0);

      let matched = 0;
      let buyersOnly = 0;
      for (let i = 0; i < 80; i++) {
        const rules: SegmentRules = { match: r.pick(['all', 'any'] as const), conditions: Array.from({ length: 1 + r.int(3) }, () => randomCondition(r)) };
        if (i % 3 === 0) rules.conditions = rules.conditions.filter((c) => c.kind === 'orders' || c.kind === 'spent' || c.kind === 'acquisition_channel');
        asOf = i % 4 === 0 ? early : late;
        const fast = await store.peopleStats(ws, of(rules));
        expect(fast, `${asOf} ${JSON.stringify(rules)}`).toEqual(await full(of(rules)));
        if (fast.people > 0) matched++;
        if (segmentNeeds(rules).buyersOnly && fast.people > 0) buyersOnly++;
      }
      // The rules drawn match someone, through every shape of the query, the rollups' credits too.
      expect(matched).toBeGreaterThan(25);
      expect(buyersOnly).toBeGreaterThan(10);
      expect(fromCredits).toBeGreaterThan(5);
    }, 600_000);
  }
});

describe('segmentNeeds', () => {
  it('lists the traits and first sale compared and whether only buyers can match', () => {
    const orders: SegmentCondition = { kind: 'orders', min_count: 2 };
    const country: SegmentCondition = { kind: 'trait', trait: 'country', values: ['DE'] };
    const plan: SegmentCondition = { kind: 'trait', trait: 'plan', values: ['pro'] };
    expect(segmentNeeds({ match: 'all', conditions: [orders] })).toEqual({ traits: [], acquisition: false, buyersOnly: true });
    expect(segmentNeeds({ match: 'all', conditions: [country, plan, orders] })).toEqual({ traits: ['country'], acquisition: false, buyersOnly: true });
    expect(segmentNeeds({ match: 'any', conditions: [country, orders] })).toEqual({ traits: ['country'], acquisition: false, buyersOnly: false });
    expect(segmentNeeds({ match: 'any', conditions: [{ kind: 'spent', more_than: 0 }, { kind: 'acquisition_channel', values: ['email'] }] })).toEqual({ traits: [], acquisition: true, buyersOnly: true });
    // A person without sales has spent 0, which is more than −1; no conditions match everyone.
    expect(segmentNeeds({ match: 'all', conditions: [{ kind: 'spent', more_than: -1 }] }).buyersOnly).toBe(false);
    expect(segmentNeeds({ match: 'all', conditions: [] }).buyersOnly).toBe(false);
  });
});
