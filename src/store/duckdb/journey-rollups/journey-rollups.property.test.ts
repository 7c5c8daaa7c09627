/**
 * Attribution from the journey rollups held equal to the raw journeys (issue 14): random worlds
 * changed step by step — event batches with late events, impressions and identity merges (a user
 * id sent for an anonymous id seen before), orders linked by click id and customer, new rates,
 * deletions, a person's erasure, new channel rules, the revenue sources switched — and after every
 * step each of the store's attribution aggregates (rule credits of every rule model by channel,
 * campaign and ad; path counts; channel sets; Markov transitions of orders 1 and 3), over two
 * ranges and two sets of windows, equals the same aggregate computed in Node on the store's raw
 * journeys (`journey-aggregates.ts` on `store.journeys`, what the store answered before), and the
 * credits sum to the conversions and their value.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { enrichEvent } from '../../../ingest/enrich.js';
import type { EventRecord, StoredEvent } from '../../../records/events.js';
import type { ChannelRule } from '../../../records/channel-rule.js';
import { classifyChannel, defaultChannelRules, hostOf, touchFacts } from '../../../tracking/channel-rules.js';
import { resolveSettings, type ResolvedSettings } from '../../../reports/attribution/attribution-options.js';
import { fetchJourneys } from '../../../../test/helpers/engine-credits.js';
import { setRevenueSources } from '../../revenue-settings.js';
import type { AggregateDimension, AggregateWindow, CreditRule } from '../../attribution-aggregates.js';
import { channelSetsOf, markovTransitionsOf, pathCountsOf, ruleCreditsOf } from '../aggregates/journey-aggregates.js';
import { DuckDbStore } from '../duckdb-store.js';

function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)], chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof rng>;

const day0 = Date.parse('2026-03-01T00:00:00.000Z');
const dayMs = 86_400_000;
const site = 'https://shop.example';
const sources: EventRecord['utm'][] = [
  { source: 'google', medium: 'cpc', campaign: 'brand', content: 'ad1' },
  { source: 'google', medium: 'cpc', campaign: 'generic', content: 'ad2' },
  { source: 'facebook', medium: 'paid_social', campaign: 'retarget', content: 'ad3' },
  { source: 'newsletter', medium: 'email', campaign: 'spring' },
  {},
];
const referrers = [undefined, 'https://www.bing.com/search', 'https://news.example.org/a'];

/** Events of 40 anonymous ids and 8 users; every instant is unique (ties would make the touches' order arbitrary). */
class World {
  private n = 0;
  private used = new Set<number>();
  private clicks: string[] = [];
  rules: ChannelRule[] = defaultChannelRules;
  constructor(private readonly r: Rng) {}

  private at(start: number, span: number): number {
    for (;;) {
      const t = start + this.r.int(span);
      if (!this.used.has(t)) {
        this.used.add(t);
        return t;
      }
    }
  }

  private ev(e: Partial<EventRecord> & Pick<EventRecord, 'type' | 'anonymous_id'>, t: number): StoredEvent {
    return enrichEvent({ id: `e${this.n++}`, ts: new Date(t).toISOString(), ...e } as EventRecord, this.rules);
  }

  anon = () => `a${this.r.int(40)}`;
  user = () => `u${this.r.int(8)}`;

  /** A visit: an impression maybe, a snippet session or server-side page views, maybe a click, an identify, a sale. */
  visit(dayFrom: number, days: number): StoredEvent[] {
    const r = this.r;
    const anon = this.anon();
    let t = this.at(day0 + dayFrom * dayMs, days * dayMs);
    const out: StoredEvent[] = [];
    if (r.chance(0.3)) {
      out.push(this.ev({ type: 'impression', anonymous_id: anon, utm: r.pick(sources) }, t));
      t = this.at(t + 60_000, r.chance(0.5) ? 2 * dayMs : 3_600_000);
    }
    const sid = r.chance(0.6) ? `s${this.n}` : undefined;
    const utm = r.pick(sources);
    const referrer = r.pick(referrers);
    for (let i = 0, pages = 1 + r.int(3); i < pages; i++) {
      out.push(this.ev({ type: 'page_view', anonymous_id: anon, session_id: sid, url: `${site}/`, ...(i === 0 ? { utm, referrer } : {}) }, t));
      t = this.at(t + 60_000, 20 * 60_000);
    }
    if (r.chance(0.4)) {
      const id = `c${this.n}`;
      this.clicks.push(id);
      out.push(this.ev({ type: 'click', anonymous_id: anon, session_id: sid, click_id: id, utm: r.pick(sources) }, t));
      t = this.at(t + 1000, 10 * 60_000);
    }
    if (r.chance(0.25)) out.push(this.ev({ type: 'custom', name: 'identify', anonymous_id: anon, user_id: this.user(), session_id: sid }, this.at(t, 60_000)));
    if (r.chance(0.4)) {
      const order = r.chance(0.4) ? `o${r.int(30)}` : undefined;
      out.push(this.ev({
        type: 'conversion', anonymous_id: anon, session_id: sid, order_id: order,
        revenue: r.chance(0.9) ? { amount: `${1 + r.int(500)}.${r.int(100)}`, currency: r.pick(['EUR', 'USD']) } : undefined,
        properties: r.chance(0.3) ? { rl_verified: true } : {},
      }, this.at(t, 30 * 60_000)));
    }
    return out;
  }

  clickIds = () => this.clicks;
  iso = (dayFrom: number, days: number) => new Date(this.at(day0 + dayFrom * dayMs, days * dayMs)).toISOString();
}

const classifyWith = (rules: ChannelRule[]) => (e: Pick<EventRecord, 'utm' | 'referrer' | 'click_id' | 'properties' | 'url'>) => classifyChannel(touchFacts(e), rules, hostOf(e.url));
const ranges = [{ from: '2026-03-10', to: '2026-04-10' }, { from: '2026-03-20', to: '2026-03-26' }];
const settings: ResolvedSettings[] = [resolveSettings({}), resolveSettings({ lookbackClickDays: 7, lookbackViewDays: 2.5, viewWeight: 0.5, halfLifeDays: 1.5 })];
const rules = (s: ResolvedSettings): CreditRule[] => [
  { model: 'first' }, { model: 'last' }, { model: 'linear' }, { model: 'last-non-direct', directChannel: 'direct' },
  { model: 'time-decay', halfLifeDays: s.halfLifeDays }, { model: 'position', positionWeights: [40, 20, 40] },
  { model: 'custom', channelWeights: { paid_search: 2, email: 0.5 }, defaultWeight: 1 },
];

/** Rows keyed by `key`, figures rounded off their floating-point noise. */
function keyed<T>(rows: readonly T[], key: (r: T) => string, figures: (r: T) => number[]): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const r of rows) out[key(r)] = figures(r).map((x) => Math.round(x * 1e6) / 1e6);
  return out;
}

async function expectRollupsEqualJourneys(store: DuckDbStore, ws: string, step: string): Promise<number> {
  let conversions = 0;
  for (const range of ranges) {
    for (const s of settings) {
      const split = await fetchJourneys(store, ws, range, s);
      const at = `${step}, ${range.from}..${range.to}, click ${s.lookbackClickDays} d`;
      for (const repeats of ['keep', 'collapse'] as const) {
        const window: AggregateWindow = { ...range, lookbackClickDays: s.lookbackClickDays, lookbackViewDays: s.lookbackViewDays, viewWeight: s.viewWeight, repeats };
        for (const by of ['channel', 'campaign', 'ad'] as AggregateDimension[]) {
          for (const rule of rules(s)) {
            const q = { ...window, by, rule };
            const got = await store.attributionRuleCredits(ws, q);
            const want = ruleCreditsOf(split, q);
            const rowKey = (r: { channel: string; campaign?: string; key: string }) => `${r.channel}|${r.campaign ?? ''}|${r.key}`;
            expect(got.rows.map(rowKey), `${at}: ${rule.model} by ${by} ${repeats}, row order`).toEqual(want.rows.map(rowKey));
            expect(keyed(got.rows, rowKey, (r) => [r.conversions, r.value]), `${at}: ${rule.model} by ${by} ${repeats}`).toEqual(keyed(want.rows, rowKey, (r) => [r.conversions, r.value]));
            expect(got.totals.conversions).toBe(want.totals.conversions);
            expect(got.totals.value).toBeCloseTo(want.totals.value, 6);
            // Conserved: the credits sum to the conversions and their value.
            expect(got.rows.reduce((n, r) => n + r.conversions, 0)).toBeCloseTo(got.totals.conversions, 6);
            expect(got.rows.reduce((n, r) => n + r.value, 0)).toBeCloseTo(got.totals.value, 6);
            conversions = Math.max(conversions, got.totals.conversions);
          }
          const sets = await store.attributionChannelSets(ws, { ...window, by });
          const wantSets = channelSetsOf(split, { ...window, by });
          expect(keyed(sets.sets, (r) => r.channels.join('>'), (r) => [r.conversions, r.value]), `${at}: channel sets by ${by}`).toEqual(keyed(wantSets.sets, (r) => r.channels.join('>'), (r) => [r.conversions, r.value]));
          const touchKey = (r: (typeof sets.touches)[number]) => `${r.channels.join('>')}|${r.channel}|${r.campaign ?? ''}|${r.key}`;
          expect(keyed(sets.touches, touchKey, (r) => [r.touches, r.value]), `${at}: channel set touches by ${by}`).toEqual(keyed(wantSets.touches, touchKey, (r) => [r.touches, r.value]));
        }
        for (const includeNonConverting of [true, false]) {
          const got = await store.attributionPathCounts(ws, { ...window, includeNonConverting });
          const want = pathCountsOf(split, { ...window, includeNonConverting });
          expect(got.paths.map((p) => p.path.join('>')), `${at}: path order ${repeats}`).toEqual(want.paths.map((p) => p.path.join('>')));
          expect(keyed(got.paths, (p) => p.path.join('>'), (p) => [p.conversions, p.value, p.nulls]), `${at}: paths ${repeats}`).toEqual(keyed(want.paths, (p) => p.path.join('>'), (p) => [p.conversions, p.value, p.nulls]));
          expect(keyed(got.days, (d) => String(d.days), (d) => [d.conversions, d.value]), `${at}: days`).toEqual(keyed(want.days, (d) => String(d.days), (d) => [d.conversions, d.value]));
        }
        for (const order of [1, 3]) {
          const tKey = (t: { from: string[] | string; to: string[] | string }) => JSON.stringify([t.from, t.to]);
          const got = await store.attributionMarkovTransitions(ws, { ...window, order });
          const want = markovTransitionsOf(split, { ...window, order });
          expect(got.map(tKey), `${at}: markov ${order} order`).toEqual(want.map(tKey));
          expect(keyed(got, tKey, (t) => [t.weight, t.value]), `${at}: markov ${order}`).toEqual(keyed(want, tKey, (t) => [t.weight, t.value]));
        }
      }
    }
  }
  return conversions;
}

let store: DuckDbStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe('attribution from the journey rollups equals the raw journeys', () => {
  for (const seed of (process.env.JOURNEY_ROLLUP_SEEDS ?? '1,2').split(',').map(Number)) {
    it(`seed ${seed}: after every step, every aggregate`, async () => {
      const r = rng(seed);
      const w = new World(r);
      store = await DuckDbStore.open(':memory:');
      const ws = `ws${seed}`;
      await store.ensureWorkspace({ id: ws, name: ws, currency: 'EUR', timezone: r.pick(['UTC', 'Asia/Tehran', 'America/Los_Angeles']), margin: '1', write_key: `wk${seed}` });
      const batch = (n: number, from: number, days: number) => Array.from({ length: n }, () => w.visit(from, days)).flat();
      const steps: [string, () => Promise<unknown>][] = [
        ['first batch', async () => {
          await store!.insertEvents(ws, batch(70, 0, 45));
          await store!.upsertRates(ws, [{ date: '2026-03-01', currency: 'USD', rate: '0.9' }]);
        }],
        ['late events and identity merges', () => store!.insertEvents(ws, [...batch(25, 0, 30), ...batch(25, 0, 45).map((e) => (r.chance(0.3) ? { ...e, user_id: w.user() } : e))])],
        ['orders and new rates', async () => {
          const clicks = w.clickIds();
          await store!.upsertOrders(ws, Array.from({ length: 10 }, (_, i) => ({
            order_id: `o${r.int(30)}`, customer_id: w.user(), ts: w.iso(5, 40), amount: { amount: `${10 + i}.50`, currency: r.pick(['EUR', 'USD']) },
            ...(r.chance(0.5) && clicks.length ? { click_id: r.pick(clicks) } : {}),
          })));
          await store!.upsertRates(ws, [{ date: '2026-03-18', currency: 'USD', rate: '0.95' }]);
        }],
        ['deletions', async () => {
          await store!.deleteEvents(ws, { ids: Array.from({ length: 15 }, () => `e${r.int(500)}`) });
          await store!.insertEvents(ws, batch(10, 0, 45));
        }],
        ['a person erased', async () => {
          await store!.erasePerson(ws, await store!.personLinks(ws, { user_ids: [w.user()], anonymous_ids: [w.anon()], email_hashes: [] }));
        }],
        ['new channel rules', async () => {
          w.rules = [{ channel: 'search_all', source: 'google|bing' }, ...defaultChannelRules];
          await store!.setChannelRules(ws, w.rules, classifyWith(w.rules));
          await store!.insertEvents(ws, batch(10, 10, 30));
        }],
        ['revenue sources, then a last batch', async () => {
          await setRevenueSources(store!, ws, r.pick(['all', 'verified'] as const));
          await store!.insertEvents(ws, batch(20, 0, 45).map((e) => (r.chance(0.2) ? { ...e, user_id: w.user() } : e)));
        }],
      ];
      const kinds: string[] = [];
      let conversions = 0;
      for (const [name, run] of steps) {
        await run();
        const before = store.journeyRollupRefreshes();
        conversions = Math.max(conversions, await expectRollupsEqualJourneys(store, ws, `seed ${seed}, ${name}`));
        const after = store.journeyRollupRefreshes();
        kinds.push((['rebuilt', 'refreshed'] as const).find((k) => after[k] > before[k]) ?? 'fresh');
      }
      // Inserts and orders refresh the dirty persons; deletions, erasure and channel rules rebuild.
      expect(kinds).toEqual(['rebuilt', 'refreshed', 'refreshed', 'rebuilt', 'rebuilt', 'rebuilt', 'refreshed']);
      expect(conversions).toBeGreaterThan(10);
    }, 900_000);
  }
});
