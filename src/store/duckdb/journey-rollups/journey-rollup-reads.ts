/**
 * The embedded store's attribution aggregates (`ports/aggregates.ts`) from its journey rollups
 * (issue 14): the rollups are brought up to date, the engine reads the range's conversions with
 * their windowed touches and the people without a conversion grouped by their windowed paths
 * (`journey-groups-sql.ts`), and Node groups the conversions by what each aggregate needs and
 * finishes it on the groups (`journey-groups.ts`). No raw event is read.
 *
 * The two reads of a range and windows are kept per store while the workspace's data is unchanged
 * (its data version, `data-version.ts`), so the models of one attribution page share them.
 */
import { DAY_MS } from '../../../attribution/journeys/journey-window.js';
import { localRange } from '../../../metrics/time-zone.js';
import { AppError, invalidArgument } from '../../../shared/errors.js';
import { KeptReads } from '../../../shared/kept-reads.js';
import { journeyLookbackDays, type AggregateDimension, type AggregateWindow } from '../../attribution-aggregates.js';
import type { Aggregates } from '../../ports/aggregates.js';
import type { DuckDbDatabase } from '../duckdb-database.js';
import { rangeSqlParams, sqlTimestamp } from '../kpi-sql.js';
import type { DuckDbJourneyRollups } from './duckdb-journey-rollups.js';
import { convRowsSql, FIELD_SEP, nullGroupsSql, TOUCH_SEP, type MsWindow } from './journey-groups-sql.js';
import {
  channelSetsOfGroups, groupConversions, markovTransitionsOfGroups, parseTouches, pathCountsOfGroups, ruleCreditsOfGroups,
  type ConvGroup, type ConvRow, type NullGroup,
} from './journey-groups.js';

type Query<K extends keyof Aggregates> = Parameters<Aggregates[K]>[1];

/** What the reads need: the database, its journey rollups, the workspace's currency and time zone, and its data version. */
export interface JourneyRollupSource {
  db: DuckDbDatabase;
  rollups: DuckDbJourneyRollups;
  workspace(workspaceId: string): Promise<{ currency: string; timezone: string } | undefined>;
  version(workspaceId: string): string;
}

/** Reads kept per store (a range or two, conversions and non-converting paths). */
export const keptReads = 8;

const msWindow = (w: AggregateWindow): MsWindow => ({ clickMs: w.lookbackClickDays * DAY_MS, viewMs: w.lookbackViewDays * DAY_MS, views: w.viewWeight !== 0 });

async function rangeOf(src: JourneyRollupSource, workspaceId: string, w: AggregateWindow) {
  const ws = await src.workspace(workspaceId);
  if (!ws) throw new AppError('not_found', `workspace ${workspaceId} does not exist`);
  await src.rollups.ensureFresh(workspaceId);
  const params = rangeSqlParams({ ws: workspaceId, from: w.from, to: w.to, lookbackDays: journeyLookbackDays(w), base: ws.currency, timezone: ws.timezone });
  // Non-converting paths are windowed back from the range's last millisecond.
  const { start, end } = localRange(w.from, w.to, ws.timezone);
  return { params, start, end: end - 1 };
}

async function readConversions(src: JourneyRollupSource, workspaceId: string, w: AggregateWindow): Promise<ConvRow[]> {
  const { params } = await rangeOf(src, workspaceId, w);
  const rows = await src.db.rows<{ touches: string | null; value: number | null }>(convRowsSql(msWindow(w)), params);
  return rows.map((r) => ({ touches: parseTouches(r.touches, FIELD_SEP, TOUCH_SEP), value: Number(r.value ?? 0) }));
}

async function readNulls(src: JourneyRollupSource, workspaceId: string, w: AggregateWindow): Promise<NullGroup[]> {
  const { params, start, end } = await rangeOf(src, workspaceId, w);
  const ms = msWindow(w);
  // Touches older than the windows reach back from the range end cannot be in a path.
  const since = Math.max(start, end - Math.max(ms.clickMs, ms.views ? ms.viewMs : 0));
  const { ws, from_ts, to_ts, base } = params;
  const rows = await src.db.rows<{ path: string; n: number }>(nullGroupsSql(ms, end), { ws, from_ts, to_ts, base, since_ts: sqlTimestamp(since) });
  return rows.map((r) => ({ path: r.path.split(FIELD_SEP), n: Number(r.n) }));
}

const caches = new WeakMap<JourneyRollupSource, KeptReads>();

/** A read answered from the store's kept reads while the workspace's data version is unchanged; concurrent asks share one. */
function kept<T>(src: JourneyRollupSource, workspaceId: string, w: AggregateWindow, what: 'conversions' | 'nulls', read: () => Promise<T>): Promise<T> {
  let cache = caches.get(src);
  if (!cache) caches.set(src, (cache = new KeptReads(keptReads)));
  const key = JSON.stringify([workspaceId, what, w.from, w.to, w.lookbackClickDays, w.lookbackViewDays, w.viewWeight !== 0]);
  return cache.read(key, src.version(workspaceId), read);
}

const conversions = (src: JourneyRollupSource, workspaceId: string, w: AggregateWindow) => kept(src, workspaceId, w, 'conversions', () => readConversions(src, workspaceId, w));
const nulls = (src: JourneyRollupSource, workspaceId: string, w: AggregateWindow) => kept(src, workspaceId, w, 'nulls', () => readNulls(src, workspaceId, w));

const groupings = new WeakMap<readonly ConvRow[], Map<string, ConvGroup[]>>();

/** The read's conversions grouped by what `by` and the flags keep, once per read: every model of a page groups the same rows alike. */
function groupsOf(rows: readonly ConvRow[], by: AggregateDimension, age = false, days = false): ConvGroup[] {
  let byKey = groupings.get(rows);
  if (!byKey) groupings.set(rows, (byKey = new Map()));
  const id = `${by} ${age} ${days}`;
  let groups = byKey.get(id);
  if (!groups) byKey.set(id, (groups = groupConversions(rows, { campaign: by !== 'channel', ad: by === 'ad', age, days })));
  return groups;
}

/** `Aggregates.attributionRuleCredits` from the journey rollups (time decay groups by the touches' ages too). */
export async function ruleCreditsFromRollups(src: JourneyRollupSource, workspaceId: string, query: Query<'attributionRuleCredits'>) {
  const rows = await conversions(src, workspaceId, query);
  return ruleCreditsOfGroups(groupsOf(rows, query.by, query.rule.model === 'time-decay'), query);
}

/** `Aggregates.attributionPathCounts` from the journey rollups. */
export async function pathCountsFromRollups(src: JourneyRollupSource, workspaceId: string, query: Query<'attributionPathCounts'>) {
  const [rows, paths] = await Promise.all([conversions(src, workspaceId, query), query.includeNonConverting ? nulls(src, workspaceId, query) : []]);
  return pathCountsOfGroups(groupsOf(rows, 'channel', false, true), paths, query);
}

/** `Aggregates.attributionChannelSets` from the journey rollups. */
export async function channelSetsFromRollups(src: JourneyRollupSource, workspaceId: string, query: Query<'attributionChannelSets'>) {
  return channelSetsOfGroups(groupsOf(await conversions(src, workspaceId, query), query.by), query);
}

/** `Aggregates.attributionMarkovTransitions` from the journey rollups (with the non-converting paths). */
export async function markovTransitionsFromRollups(src: JourneyRollupSource, workspaceId: string, query: Query<'attributionMarkovTransitions'>) {
  if (!Number.isInteger(query.order) || query.order < 1 || query.order > 4) throw invalidArgument('order', `order must be 1, 2, 3 or 4, got ${query.order}`);
  const [rows, paths] = await Promise.all([conversions(src, workspaceId, query), nulls(src, workspaceId, query)]);
  return markovTransitionsOfGroups(groupsOf(rows, 'channel'), paths, query);
}
