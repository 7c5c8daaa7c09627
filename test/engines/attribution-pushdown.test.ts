import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attributionModels, type AttributionModel } from '../../src/attribution/index.js';
import { generateDemoWorld } from '../../src/demo/generate.js';
import { defaultChannelRules } from '../../src/tracking/channel-rules.js';
import { enrichEvent } from '../../src/ingest/enrich.js';
import { setRevenueSources } from '../../src/store/revenue-settings.js';
import { loadWorld } from '../../src/demo/load-world.js';
import type { EventRecord } from '../../src/records/events.js';
import { attributionCompare, attributionPaths, attributionReport, type AttributionRequest, type AttributionSettings } from '../../src/reports/attribution/attribution.js';
import { resolveSettings } from '../../src/reports/attribution/attribution-options.js';
import { creditSource } from '../../src/reports/attribution/attribution-source.js';
import { kpiReport } from '../../src/reports/kpi/kpi.js';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.js';
import type { Store } from '../../src/store/store.js';
import type { Workspace } from '../../src/records/workspace.js';
import { openScaleStore, type ScaleSetup } from './engines.js';
import { engineCredits } from '../helpers/engine-credits.js';

/**
 * Attribution pushed down into ClickHouse (rule credits, path counts and
 * channel sets computed in SQL; Shapley, Markov and the path reports finished
 * in Node on those aggregates) against the embedded DuckDB store's aggregates
 * (computed in Node from its journeys), and those against the engines run
 * directly on its journeys: a small world credited by hand, then a demo world
 * compared model by model, on one ClickHouse 18.16 server, two 18.16 shards and
 * a current release. Every store's `journeys` (and the scale stores'
 * `packedJourneys`) is replaced by a failure, so a report that still pulled
 * journeys through the port would fail here.
 */
const scaleSetups: Record<ScaleSetup, () => Promise<Store>> = {
  'pg+clickhouse': () => openScaleStore('pg+clickhouse'),
  'pg+clickhouse-2-shards': () => openScaleStore('pg+clickhouse-2-shards'),
  'pg+clickhouse-current': () => openScaleStore('pg+clickhouse-current'),
};
const allSetups: Record<'duckdb' | ScaleSetup, () => Promise<Store>> = { duckdb: () => DuckDbStore.open(':memory:'), ...scaleSetups };

/**
 * Opens a store that must answer attribution through its aggregates only: the reports never read
 * journeys, and the scale stores never hand them out packed either (DuckDB's aggregates read its
 * own packed journeys behind the port).
 */
async function openGuarded(setup: string, open: () => Promise<Store>): Promise<Store> {
  const store = await open();
  store.journeys = () => Promise.reject(new Error('attribution read journeys through the store port'));
  if (setup !== 'duckdb') store.packedJourneys = () => Promise.reject(new Error('attribution read journeys from a store that computes aggregates in SQL'));
  return store;
}

/**
 * Hand-credited world, EUR, range March 2026 (touch ages from the sale):
 * - A (a1): paid_search visit 1 Mar 10:00 (brand / ad1, 8 days), email visits
 *   5 Mar and 7 Mar 10:00 (spring, 4 and 2 days), direct visit and a sale of 90
 *   on 9 Mar 10:00 (0 days). Collapsed: paid_search > email > direct.
 * - B (b1): display impression 20 Mar 08:00 (retarget / banner, 4 h = 1/6 day),
 *   organic search visit and a sale of 60 at 12:00.
 * - D: an imported order of 20 on 25 Mar, no events: one (none) touch.
 * - E (e1): an email visit on 22 Mar, no sale (a non-converting path).
 * 3 conversions, 170 EUR.
 */
const handWs: Workspace = { id: 'ws_push_hand', name: 'Pushdown by hand', currency: 'EUR', timezone: 'UTC', margin: '1', write_key: 'wk_push_hand' };
const site = 'https://shop.example';
const ev = (e: Partial<EventRecord> & Pick<EventRecord, 'id' | 'type' | 'ts' | 'anonymous_id'>): EventRecord => e as EventRecord;
const eur = (amount: string) => ({ amount, currency: 'EUR' });
const email = { source: 'newsletter', medium: 'email', campaign: 'spring' };
const handEvents: EventRecord[] = [
  ev({ id: 'a-1', type: 'page_view', ts: '2026-03-01T10:00:00.000Z', anonymous_id: 'a1', session_id: 'sa1', url: `${site}/`, utm: { source: 'google', medium: 'cpc', campaign: 'brand', content: 'ad1' } }),
  ev({ id: 'a-2', type: 'page_view', ts: '2026-03-05T10:00:00.000Z', anonymous_id: 'a1', session_id: 'sa2', url: `${site}/`, utm: email }),
  ev({ id: 'a-3', type: 'page_view', ts: '2026-03-07T10:00:00.000Z', anonymous_id: 'a1', session_id: 'sa3', url: `${site}/`, utm: email }),
  ev({ id: 'a-4', type: 'page_view', ts: '2026-03-09T10:00:00.000Z', anonymous_id: 'a1', session_id: 'sa4', url: `${site}/` }),
  ev({ id: 'a-5', type: 'conversion', ts: '2026-03-09T10:00:00.000Z', anonymous_id: 'a1', session_id: 'sa4', order_id: 'oa', revenue: eur('90') }),
  ev({ id: 'b-1', type: 'impression', ts: '2026-03-20T08:00:00.000Z', anonymous_id: 'b1', utm: { source: 'gdn', medium: 'display', campaign: 'retarget', content: 'banner' } }),
  ev({ id: 'b-2', type: 'page_view', ts: '2026-03-20T12:00:00.000Z', anonymous_id: 'b1', session_id: 'sb1', url: `${site}/`, referrer: 'https://www.google.com/' }),
  ev({ id: 'b-3', type: 'conversion', ts: '2026-03-20T12:00:00.000Z', anonymous_id: 'b1', session_id: 'sb1', order_id: 'ob', revenue: eur('60') }),
  ev({ id: 'e-1', type: 'page_view', ts: '2026-03-22T09:00:00.000Z', anonymous_id: 'e1', session_id: 'se1', url: `${site}/`, utm: email }),
];
const march = { from: '2026-03-01', to: '2026-03-31' };

for (const [setup, open] of Object.entries(allSetups)) {
  describe(`hand-credited journeys on ${setup}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await openGuarded(setup, open);
      await store.ensureWorkspace(handWs);
      // Browser sales and an imported order, all counted (issue 12 #1: the default would count only verified sales).
      await setRevenueSources(store, handWs.id, 'all');
      await store.insertEvents(handWs.id, handEvents.map((e) => enrichEvent(e, defaultChannelRules)));
      await store.upsertOrders(handWs.id, [{ order_id: 'od', customer_id: 'u9', ts: '2026-03-25T12:00:00.000Z', amount: eur('20') }]);
    });
    afterAll(async () => store?.close());

    /** channel (or channel/campaign) → [conversions, revenue] of the unrounded credits. */
    async function credits(model: AttributionModel, settings: AttributionSettings = {}, by: 'channel' | 'campaign' = 'channel') {
      const c = await creditSource(store, handWs.id, march, resolveSettings(settings)).credits(model, by);
      expect(c.totals.conversions).toBe(3);
      expect(c.totals.value).toBeCloseTo(170, 9);
      return Object.fromEntries([...c.by.values()].map((r) => [by === 'channel' ? r.channel : `${r.channel}/${r.key}`, [r.conversions, r.value]]));
    }
    const close = (got: Record<string, number[]>, want: Record<string, number[]>) => {
      expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
      for (const [k, [conv, value]] of Object.entries(want)) {
        expect(got[k][0], k).toBeCloseTo(conv, 12);
        expect(got[k][1], k).toBeCloseTo(value, 9);
      }
    };

    it('first, last and last non-direct touch', async () => {
      close(await credits('first'), { paid_search: [1, 90], display: [1, 60], '(none)': [1, 20] });
      close(await credits('last'), { direct: [1, 90], organic_search: [1, 60], '(none)': [1, 20] });
      close(await credits('last-non-direct'), { email: [1, 90], organic_search: [1, 60], '(none)': [1, 20] });
    });

    it('linear: quarters of A with repeats kept (email twice), thirds when collapsed', async () => {
      close(await credits('linear'), { paid_search: [0.25, 22.5], email: [0.5, 45], direct: [0.25, 22.5], display: [0.5, 30], organic_search: [0.5, 30], '(none)': [1, 20] });
      close(await credits('linear', { repeats: 'collapse' }), { paid_search: [1 / 3, 30], email: [1 / 3, 30], direct: [1 / 3, 30], display: [0.5, 30], organic_search: [0.5, 30], '(none)': [1, 20] });
    });

    it('views: weight 0.5 gives B 1/3 display; a 0.1-day view window drops the 4-hour-old impression', async () => {
      const half = await credits('linear', { viewWeight: 0.5 });
      close({ display: half.display, organic_search: half.organic_search }, { display: [1 / 3, 20], organic_search: [2 / 3, 40] });
      const short = await credits('first', { lookbackViewDays: 0.1 });
      expect(short.display).toBeUndefined();
      close({ organic_search: short.organic_search }, { organic_search: [1, 60] });
    });

    it('position 40/20/40 over four touches: the two email visits share the middle 20 %', async () => {
      close(await credits('position', {}, 'campaign'), {
        'paid_search/brand': [0.4, 36], 'email/spring': [0.2, 18], 'direct/(not set)': [0.4, 36],
        'display/retarget': [0.5, 30], 'organic_search/(not set)': [0.5, 30], '(none)/(not set)': [1, 20],
      });
    });

    it('time decay, half-life 2 days: A ages 8, 4, 2, 0 days weigh 1/16, 4/16, 8/16, 16/16', async () => {
      const c = await credits('time-decay', { halfLifeDays: 2 });
      const b = 2 ** (-1 / 12); // the impression is 1/6 day = 1/12 half-life old
      close(c, {
        paid_search: [1 / 29, 90 / 29], email: [12 / 29, 1080 / 29], direct: [16 / 29, 1440 / 29],
        display: [b / (1 + b), (60 * b) / (1 + b)], organic_search: [1 / (1 + b), 60 / (1 + b)], '(none)': [1, 20],
      });
    });

    it('custom weights paid_search 3, email 1, direct 0: A 3/5 and 2/5', async () => {
      close(await credits('custom', { channelWeights: { paid_search: 3, email: 1, direct: 0 } }), {
        paid_search: [0.6, 54], email: [0.4, 36], display: [0.5, 30], organic_search: [0.5, 30], '(none)': [1, 20],
      });
    });

    it('shapley: one third per distinct channel of A, the email third over both visits', async () => {
      close(await credits('shapley', {}, 'campaign'), {
        'paid_search/brand': [1 / 3, 30], 'email/spring': [1 / 3, 30], 'direct/(not set)': [1 / 3, 30],
        'display/retarget': [0.5, 30], 'organic_search/(not set)': [0.5, 30], '(none)/(not set)': [1, 20],
      });
    });

    it('markov order 1, solved by hand: removal effects and chain totals', async () => {
      // Paths: ps>email>direct→conv, display>organic→conv, (none)→conv, email→null. start → ps, display, (none), email: 1/4 each;
      // email → direct 1/2, null 1/2. P(conv) = 1/8 + 1/4 + 1/4 + 1/8 = 3/4. Removing ps loses 1/8 → RE 1/6;
      // email or direct lose 1/4 → 1/3; display, organic, (none) lose 1/4 → 1/3. Σ RE = 11/6: ps 3 × (1/6)/(11/6) = 3/11, others 6/11.
      const c = await creditSource(store, handWs.id, march, resolveSettings({})).credits('markov', 'channel');
      const re = Object.fromEntries(c.markov!.removal_effects.map((e) => [e.channel, e.conversions]));
      expect(re.paid_search).toBeCloseTo(1 / 6, 12);
      for (const ch of ['email', 'direct', 'display', 'organic_search', '(none)']) expect(re[ch], ch).toBeCloseTo(1 / 3, 12);
      const totals = Object.fromEntries(c.markov!.channel_totals.map((t) => [t.channel, t.conversions]));
      expect(totals.paid_search).toBeCloseTo(3 / 11, 12);
      expect(totals.email).toBeCloseTo(6 / 11, 12);
      // D can only go to (none): 1, not the chain's 6/11.
      expect(c.markov!.fit_gap).toBeGreaterThan(0);
      expect(c.by.get('(none)\u0000(none)')).toMatchObject({ conversions: 1, value: 20 });
      expect([...c.by.values()].reduce((s, r) => s + r.conversions, 0)).toBeCloseTo(3, 12);
    });

    it('path reports: paths, lengths, days to conversion, assists', async () => {
      const p = await attributionPaths(store, handWs.id, march);
      expect(p.journeys).toEqual({ converting: 3, non_converting: 1 });
      expect(p.top_paths.map((t) => [t.path.join('>'), t.journeys, t.conversions, t.value])).toEqual([
        ['(none)', 1, 1, 20], ['display>organic_search', 1, 1, 60], ['paid_search>email>email>direct', 1, 1, 90], ['email', 1, 0, 0],
      ]);
      expect(p.path_lengths).toEqual([{ length: 1, conversions: 1, value: 20 }, { length: 2, conversions: 1, value: 60 }, { length: 4, conversions: 1, value: 90 }]);
      expect(p.days_to_conversion).toEqual([{ days: 0, conversions: 2, value: 80 }, { days: 8, conversions: 1, value: 90 }]);
      expect(Object.fromEntries(p.assisted.map((a) => [a.channel, [a.assisted, a.last_touch]]))).toEqual({
        paid_search: [1, 0], email: [1, 0], direct: [0, 1], display: [1, 0], organic_search: [0, 1], '(none)': [0, 1],
      });
    });
  });
}

/**
 * The demo world (seed 5, 21 days, 600 visitors) in DuckDB and in both
 * ClickHouse setups: every model by channel and by campaign, under default
 * settings and under a second set (7-day clicks, 2-day views at weight 0.5,
 * repeats collapsed, half-life 3 days, position 30/40/30, custom weights,
 * Markov order 2), gives the same credits, totals and reports.
 */
const demoWs: Workspace = { id: 'ws_push_demo', name: 'Pushdown demo', currency: 'EUR', timezone: 'UTC', margin: '1', write_key: 'wk_push_demo' };
const world = generateDemoWorld({ seed: 5, days: 21, visitors: 600 });
const days = world.spend.map((s) => s.date).sort();
const range = { from: days[0], to: days[days.length - 1] };
const variants: Record<string, AttributionSettings> = {
  defaults: {},
  tuned: { lookbackClickDays: 7, lookbackViewDays: 2, viewWeight: 0.5, repeats: 'collapse', halfLifeDays: 3, positionWeights: '30,40,30', channelWeights: { email: 2, direct: 0, paid_search: 0.5 }, order: 2 },
};

/** How far numbers may differ: `rel` × max(1, |want|), at least `abs`. */
interface Tolerance {
  rel: number;
  abs?: number;
}
/** Unrounded credits: summed in another order, so equal up to the last bits. */
const tight: Tolerance = { rel: 1e-9 };
/**
 * Rounded reports: credits are rounded by largest remainder, and two rows whose fractional
 * parts tie up to the last bits of a sum can take the unit in either engine: one unit
 * (1e-6 of a conversion, a cent) either way; a CPA of rounded spend over rounded credits then moves by
 * a cent too. The 1e-9 above the cent is the binary error of two cent amounts' difference (28.55 − 28.54
 * is 0.010000000000001563), not more room.
 */
const rounded: Tolerance = { rel: 1e-9, abs: 0.01 + 1e-9 };

/** A report with its rows in a fixed order: a rounding unit can swap two rows of equal rounded credit. */
function byIdentity<T extends { rows: object[]; fresh_as_of?: string }>(report: T): Omit<T, 'fresh_as_of'> {
  const identity = (row: object) => Object.values(row).filter((v) => typeof v === 'string').join('\u0000');
  // The watermark is when one store's aggregates were last brought up to date (DuckDB's say so; not compared).
  const { fresh_as_of: _watermark, ...rest } = report;
  return { ...rest, rows: [...report.rows].sort((a, b) => identity(a).localeCompare(identity(b))) };
}

/** Deep equality with numbers within the tolerance; says where they differ. */
function expectClose(got: unknown, want: unknown, tol: Tolerance, path = '$'): void {
  if (typeof want === 'number' && typeof got === 'number') {
    if (Math.abs(got - want) > Math.max(tol.abs ?? 0, tol.rel * Math.max(1, Math.abs(want)))) throw new Error(`${path}: got ${got}, want ${want}`);
    return;
  }
  if (Array.isArray(want)) {
    if (!Array.isArray(got) || got.length !== want.length) throw new Error(`${path}: got ${JSON.stringify(got)?.slice(0, 300)}, want ${JSON.stringify(want).slice(0, 300)}`);
    want.forEach((w, i) => expectClose(got[i], w, tol, `${path}[${i}]`));
    return;
  }
  if (want !== null && typeof want === 'object') {
    if (got === null || typeof got !== 'object') throw new Error(`${path}: got ${String(got)}`);
    const keys = Object.keys(want);
    expect(Object.keys(got).sort(), path).toEqual(keys.sort());
    for (const k of keys) expectClose((got as Record<string, unknown>)[k], (want as Record<string, unknown>)[k], tol, `${path}.${k}`);
    return;
  }
  expect(got, path).toEqual(want);
}

describe('pushdown equals the Node engines on a demo world', () => {
  let reference: Store;
  const stores = {} as Record<ScaleSetup, Store>;
  beforeAll(async () => {
    reference = await DuckDbStore.open(':memory:');
    await reference.ensureWorkspace(demoWs);
    await loadWorld(reference, demoWs.id, world);
    for (const [setup, open] of Object.entries(scaleSetups) as [ScaleSetup, () => Promise<Store>][]) {
      stores[setup] = await openGuarded(setup, open);
      await stores[setup].ensureWorkspace(demoWs);
      await loadWorld(stores[setup], demoWs.id, world);
    }
  });
  afterAll(async () => {
    await reference?.close();
    for (const s of Object.values(stores)) await s.close();
  });

  for (const [variant, settings] of Object.entries(variants)) {
    for (const by of ['channel', 'campaign'] as const) {
      it(`every model by ${by}, ${variant} settings: the same rows in the same order, credits conserved`, async () => {
        const resolved = resolveSettings(settings);
        for (const model of attributionModels) {
          const want = await creditSource(reference, demoWs.id, range, resolved).credits(model, by);
          expect(want.totals.conversions, model).toBeGreaterThan(20);
          // DuckDB's aggregates against the engines run directly on its journeys (rows in their own order).
          const engines = await engineCredits(reference, demoWs.id, range, resolved, model, by);
          expect(want.totals.conversions, model).toBe(engines.totals.conversions);
          expect([...want.by.keys()].sort(), model).toEqual([...engines.by.keys()].sort());
          for (const [k, row] of engines.by) expectClose(want.by.get(k), row, tight, `${model} by ${by} on duckdb ${k}`);
          if (model === 'markov') expectClose(want.markov, engines.markov, tight, `${model} by ${by} on duckdb`);
          for (const [setup, store] of Object.entries(stores)) {
            const got = await creditSource(store, demoWs.id, range, resolved).credits(model, by);
            const label = `${model} by ${by} on ${setup}`;
            expect(got.totals.conversions, label).toBe(want.totals.conversions);
            expect(got.totals.value, label).toBeCloseTo(want.totals.value, 6);
            expect([...got.by.keys()], label).toEqual([...want.by.keys()]);
            expectClose([...got.by.values()], [...want.by.values()], tight, label);
            expectClose([...got.channels.values()], [...want.channels.values()], tight, label);
            const sum = [...got.by.values()].reduce((s, r) => s + r.conversions, 0);
            expect(sum, label).toBeCloseTo(got.totals.conversions, 9);
            if (model === 'markov') expectClose(got.markov, want.markov, tight, label);
          }
        }
      }, 600_000);
    }

    it(`reports (attribution, compare, paths), ${variant} settings`, async () => {
      const q = { ...range, ...settings };
      const requests = [{ model: 'time-decay', by: 'campaign' }, { model: 'markov', by: 'channel' }, { model: 'shapley', by: 'ad' }] as AttributionRequest[];
      const want = {
        reports: await Promise.all(requests.map(async (req) => byIdentity(await attributionReport(reference, demoWs.id, { ...q, ...req })))),
        compare: byIdentity(await attributionCompare(reference, demoWs.id, q)),
        paths: await attributionPaths(reference, demoWs.id, { ...q, limit: 1000 }),
      };
      for (const [setup, store] of Object.entries(stores)) {
        for (const [i, req] of requests.entries()) expectClose(byIdentity(await attributionReport(store, demoWs.id, { ...q, ...req })), want.reports[i], rounded, `${setup} ${req.model}`);
        expectClose(byIdentity(await attributionCompare(store, demoWs.id, q)), want.compare, rounded, `${setup} compare`);
        expectClose(await attributionPaths(store, demoWs.id, { ...q, limit: 1000 }), want.paths, rounded, `${setup} paths`);
      }
    }, 600_000);
  }

  it('KPI report under a model', async () => {
    for (const [setup, store] of Object.entries(stores)) {
      for (const [model, by] of [['linear', 'campaign'], ['markov', 'campaign'], ['linear', 'ad'], ['shapley', 'ad']] as const) {
        const q = { by, ...range, compare: 'none', model };
        expectClose(byIdentity(await kpiReport(store, demoWs.id, q)), byIdentity(await kpiReport(reference, demoWs.id, q)), rounded, `${setup} kpi ${model} by ${by}`);
      }
    }
  }, 600_000);
});
