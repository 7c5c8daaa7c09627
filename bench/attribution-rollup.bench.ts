/**
 * Attribution from the kept-up journey rollups (issue 14): every model of the attribution page
 * (the eight compared models by channel, Markov with its transitions, and the path reports) over
 * the demo world's 90 days, from the store, on the demo world (about 1M events) and replicated
 * ten times (10M), beside the floor, a plain GROUP BY over the same event rows (count, distinct
 * visitors and revenue per channel over the range and its 30-day lookback), measured in the same
 * run. Each timed page misses the store's kept reads (a settings write bumps the data version
 * first), so it reads the rollups again. Also: the same page computed on the raw journeys
 * (`store.journeys` and the Node engines, what the page cost before; 1M only), the first read with
 * the rollups' rebuild, and a refresh after 1,000 new events of known people. Writes
 * bench/results/attribution-rollup.json with the machine's load (a run with fewer visitors or without
 * the 10M world prints its results and keeps them in its temporary directory).
 *
 * Knobs: ATTRIBUTION_ROLLUP_VISITORS (a smaller world), ATTRIBUTION_ROLLUP_SIZES=1m (no 10M
 * replication), ATTRIBUTION_ROLLUP_RAW=0 (no raw-journey page: minutes on a loaded machine).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { loadavg } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { attributionModels, type AttributionModel } from '../src/attribution/index.js';
import { demoDefaults, generateDemoWorld } from '../src/demo/generate.js';
import { loadWorld } from '../src/demo/load-world.js';
import { enrichEvent } from '../src/ingest/enrich.js';
import { localRange } from '../src/metrics/time-zone.js';
import type { StoredEvent } from '../src/records/events.js';
import { resolveSettings } from '../src/reports/attribution/attribution-options.js';
import { creditSource, pathReports } from '../src/reports/attribution/attribution-source.js';
import { openWorkspace } from '../src/server/start.js';
import { splitJourneys } from '../src/store/duckdb/aggregates/journey-aggregates.js';
import { channelSetsOf, markovTransitionsOf, pathCountsOf, ruleCreditsOf } from '../src/store/duckdb/aggregates/journey-aggregates.js';
import { DuckDbStore } from '../src/store/duckdb/duckdb-store.js';
import { defaultChannelRules } from '../src/tracking/channel-rules.js';
import { tempDir } from '../test/helpers/temp.js';

const tmp = tempDir('roilens-attribution-rollup-bench-');
const path = `${tmp.dir}/attribution.duckdb`;
const visitors = Number(process.env.ATTRIBUTION_ROLLUP_VISITORS ?? demoDefaults.visitors);
const sizes = (process.env.ATTRIBUTION_ROLLUP_SIZES ?? '1m,10m').split(',');
const withRaw = process.env.ATTRIBUTION_ROLLUP_RAW !== '0';
const world = generateDemoWorld({ visitors });
let store = await DuckDbStore.open(path, { memoryLimit: '1GB' });
const { workspace } = await openWorkspace(store, {});
const { events } = await loadWorld(store, workspace.id, world);
const range = { from: world.truth.start_date, to: world.truth.end_date };
const settings = resolveSettings({});
const spare: StoredEvent[] = world.events.slice(0, 1_000).map((e) => enrichEvent({ ...e, id: `${e.id}_late` }, defaultChannelRules));
world.events.length = 0;
const load = () => loadavg().map((x) => +x.toFixed(2));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function timed<T>(runs: number, before: () => Promise<unknown>, fn: () => Promise<T>): Promise<{ ms: number; runs_ms: number[]; value: T }> {
  const times: number[] = [];
  let value: T | undefined;
  for (let i = 0; i < runs; i++) {
    await before();
    const t = performance.now();
    value = await fn();
    times.push(Math.round(performance.now() - t));
  }
  return { ms: median(times), runs_ms: times, value: value! };
}

let bumps = 0;
/** A settings write: the workspace's data version moves, so the store's kept reads are not used. */
const bump = () => store.setSetting('bench.attribution-rollup', String(bumps++));

/** The attribution page's work: every compared model by channel, then the path reports. */
async function page() {
  const source = creditSource(store, workspace.id, range, settings);
  const totals: Record<string, { conversions: number; value: number }> = {};
  for (const model of ['markov', ...attributionModels.filter((m) => m !== 'markov')] as AttributionModel[]) totals[model] = (await source.credits(model, 'channel')).totals;
  const paths = await pathReports(store, workspace.id, range, settings, 20);
  return { totals, converting: paths.converting, non_converting: paths.nonConverting };
}

/** The same aggregates computed in Node on the raw journeys (what the store answered before the rollups). */
async function pageFromJourneys() {
  const lookbackDays = Math.max(settings.lookbackClickDays, Math.ceil(settings.lookbackViewDays));
  const rows = await store.journeys(workspace.id, { ...range, lookbackDays, includeNonConverting: true });
  const { end } = localRange(range.from, range.to, workspace.timezone);
  const split = splitJourneys(rows, end - 1, settings, true);
  const window = { ...range, lookbackClickDays: settings.lookbackClickDays, lookbackViewDays: settings.lookbackViewDays, viewWeight: settings.viewWeight };
  markovTransitionsOf(split, { ...window, repeats: 'collapse', order: settings.order });
  channelSetsOf(split, { ...window, repeats: 'collapse', by: 'channel' });
  channelSetsOf(split, { ...window, repeats: 'keep', by: 'channel' });
  for (const rule of [{ model: 'first' }, { model: 'last' }, { model: 'linear' }, { model: 'last-non-direct', directChannel: 'direct' }, { model: 'time-decay', halfLifeDays: settings.halfLifeDays }, { model: 'position', positionWeights: [40, 20, 40] }] as const) {
    ruleCreditsOf(split, { ...window, repeats: 'keep', by: 'channel', rule });
  }
  return pathCountsOf(split, { ...window, repeats: 'keep', includeNonConverting: true }).paths.length;
}

/** The floor: one plain GROUP BY over the range's event rows and its lookback (the store closed: one process opens the file once). */
async function floor(runs: number): Promise<number> {
  await store.close();
  const instance = await DuckDBInstance.create(path, { memory_limit: '1GB' });
  const conn = await instance.connect();
  const { start, end } = localRange(range.from, range.to, workspace.timezone);
  const sql = `SELECT channel, count(*), count(DISTINCT anonymous_id), sum(revenue_amount) FROM events
    WHERE workspace_id = $ws AND ts >= $from::TIMESTAMP - INTERVAL 30 DAY AND ts < $to::TIMESTAMP GROUP BY 1`;
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 23).replace('T', ' ');
  const { ms } = await timed(runs, async () => undefined, () => conn.runAndReadAll(sql, { ws: workspace.id, from: iso(start), to: iso(end) }));
  conn.closeSync();
  instance.closeSync();
  store = await DuckDbStore.open(path, { memoryLimit: '1GB' });
  return ms;
}

async function measure(label: string, withJourneys: boolean) {
  const loadBefore = load();
  const rebuilt = await timed(1, bump, page);
  const rollups = await timed(5, bump, page);
  const kept = await timed(3, async () => undefined, page);
  const journeys = withJourneys ? await timed(1, bump, pageFromJourneys) : undefined;
  const refreshes = store.journeyRollupRefreshes();
  const floorMs = await floor(5);
  return {
    label,
    events: await store.countEvents(workspace.id),
    load_before: loadBefore,
    load_after: load(),
    first_page_with_rebuild_ms: rebuilt.ms,
    all_models_ms: rollups.ms,
    all_models_runs_ms: rollups.runs_ms,
    all_models_from_kept_reads_ms: kept.ms,
    floor_ms: floorMs,
    all_models_to_floor: +(rollups.ms / floorMs).toFixed(2),
    ...(journeys ? { raw_journeys_ms: journeys.ms, raw_journeys_to_floor: +(journeys.ms / floorMs).toFixed(2) } : {}),
    conversions: rollups.value.totals.linear.conversions,
    converting: rollups.value.converting,
    non_converting: rollups.value.non_converting,
    refreshes,
  };
}

const oneMillion = await measure('demo world', withRaw);

// 1,000 late events of known people: the next page refreshes their persons only.
await store.insertEvents(workspace.id, spare);
const refresh = await timed(1, bump, page);
const afterLate = { events: spare.length, page_with_refresh_ms: refresh.ms, refreshes: store.journeyRollupRefreshes() };

let tenMillion: Awaited<ReturnType<typeof measure>> | undefined;
if (sizes.includes('10m')) {
  await store.close();
  // Replicate the world ten times (new ids, people and sessions), written around the store: the rollups see the count move and rebuild.
  {
    const instance = await DuckDBInstance.create(path);
    const conn = await instance.connect();
    await conn.run(`
      INSERT INTO events
      SELECT workspace_id, id || '_r' || r, type, ts, anonymous_id || '_r' || r, user_id || '_r' || r, session_id || '_r' || r,
        name, url, referrer, utm_source, utm_medium, utm_campaign, utm_content, utm_term, click_id || '_r' || r,
        order_id || '_r' || r, revenue_amount, revenue_currency, properties, channel, landing_page, country, device
      FROM events, range(1, 10) AS copies(r) WHERE NOT id LIKE '%\\_late' ESCAPE '\\'`);
    await conn.run(`
      INSERT INTO orders (workspace_id, order_id, customer_id, ts, amount, currency, email_hash, click_id)
      SELECT workspace_id, order_id || '_r' || r, customer_id || '_r' || r, ts, amount, currency, email_hash, click_id || '_r' || r
      FROM orders, range(1, 10) AS copies(r)`);
    conn.closeSync();
    instance.closeSync();
  }
  store = await DuckDbStore.open(path, { memoryLimit: '1GB' });
  tenMillion = await measure('demo world × 10', false);
}
await store.close();

const results = {
  date: new Date().toISOString(),
  node: process.version,
  cores: 2,
  note: 'load = os.loadavg() (1, 5, 15 min) before and after each measure; the machine is shared, so compare each figure with its floor from the same run',
  demo_events: events,
  range,
  targets: { all_models_1m_ms: 500, all_models_10m_ms: 2000 },
  attribution_1m: oneMillion,
  late_events_1m: afterLate,
  attribution_10m: tenMillion,
};
const out = visitors === demoDefaults.visitors && tenMillion ? 'bench/results/attribution-rollup.json' : `${tmp.dir}/attribution-rollup.json`;
mkdirSync('bench/results', { recursive: true });
writeFileSync(out, JSON.stringify(results, null, 2));
console.log(JSON.stringify(results, null, 2));
tmp.cleanup();
