import type {
  AggregateDimension,
  AggregateWindow,
  ChannelSetCounts,
  CreditRule,
  MarkovTransition,
  PathCounts,
  RuleCredits,
} from '../attribution-aggregates.js';
import { channelSetsSql, journeyLookbackDays, markovTransitionsSql, pathCountsSql, ruleCreditsSql } from './attribution-sql.js';
import type { ClickHouseEventStore } from './clickhouse-event-store.js';
import { invalidArgument } from '../../shared/errors.js';

/**
 * The attribution aggregates of the ClickHouse half: each runs one query of
 * `attribution-sql.ts` and shapes its small result into the Store's types.
 */

type Row = Record<string, unknown>;

/** By ad, the campaign a credited row belongs to (ad rows are keyed by channel, campaign and ad). */
const campaignOf = (by: AggregateDimension, r: Row): { campaign?: string } => (by === 'ad' ? { campaign: String(r.row_campaign) } : {});

/** The windows' dates are local days of `timeZone` (the workspace's). */
const contextOf = (ch: ClickHouseEventStore, workspaceId: string, base: string, timeZone: string, w: AggregateWindow) =>
  ch.ctx(workspaceId, base, w.from, w.to, journeyLookbackDays(w), timeZone);

export async function attributionRuleCredits(
  ch: ClickHouseEventStore,
  workspaceId: string,
  base: string,
  timeZone: string,
  query: AggregateWindow & { by: AggregateDimension; rule: CreditRule },
): Promise<RuleCredits> {
  const rows = await ch.query<Row>(ruleCreditsSql(contextOf(ch, workspaceId, base, timeZone, query), query, query.by, query.rule));
  const out: RuleCredits = { rows: [], totals: { conversions: 0, value: 0 } };
  for (const r of rows) {
    if (Number(r.is_total)) out.totals = { conversions: Number(r.conversions), value: Number(r.credit_value) };
    else out.rows.push({ channel: String(r.channel), ...campaignOf(query.by, r), key: String(r.key), conversions: Number(r.conversions), value: Number(r.credit_value) });
  }
  return out;
}

export async function attributionPathCounts(
  ch: ClickHouseEventStore,
  workspaceId: string,
  base: string,
  timeZone: string,
  query: AggregateWindow & { includeNonConverting: boolean },
): Promise<PathCounts> {
  const rows = await ch.query<Row>(pathCountsSql(contextOf(ch, workspaceId, base, timeZone, query), query, query.includeNonConverting));
  const out: PathCounts = { paths: [], days: [] };
  for (const r of rows) {
    if (Number(r.part) === 0) {
      out.paths.push({ path: (r.g_path as unknown[]).map(String), conversions: Number(r.conversions), value: Number(r.path_value), nulls: Number(r.nulls) });
    } else out.days.push({ days: Number(r.g_days), conversions: Number(r.conversions), value: Number(r.path_value) });
  }
  return out;
}

export async function attributionChannelSets(
  ch: ClickHouseEventStore,
  workspaceId: string,
  base: string,
  timeZone: string,
  query: AggregateWindow & { by: AggregateDimension },
): Promise<ChannelSetCounts> {
  const rows = await ch.query<Row>(channelSetsSql(contextOf(ch, workspaceId, base, timeZone, query), query, query.by));
  const out: ChannelSetCounts = { sets: [], touches: [] };
  for (const r of rows) {
    const channels = (r.channel_set as unknown[]).map(String);
    if (Number(r.is_total)) out.sets.push({ channels, conversions: Number(r.touch_share), value: Number(r.credit_value) });
    else out.touches.push({ channels, channel: String(r.channel), ...campaignOf(query.by, r), key: String(r.key), touches: Number(r.touch_share), value: Number(r.credit_value) });
  }
  return out;
}

const ENDS = ['', '(conversion)', '(null)'] as const;

/** Markov transitions of converting and non-converting journeys, in order of first appearance. */
export async function attributionMarkovTransitions(
  ch: ClickHouseEventStore,
  workspaceId: string,
  base: string,
  timeZone: string,
  query: AggregateWindow & { order: number },
): Promise<MarkovTransition[]> {
  if (!Number.isInteger(query.order) || query.order < 1 || query.order > 4) throw invalidArgument('order', `order must be 1, 2, 3 or 4, got ${query.order}`);
  const rows = await ch.query<Row>(markovTransitionsSql(contextOf(ch, workspaceId, base, timeZone, query), query, query.order));
  return rows.map((r) => {
    const from = (r.g_from as unknown[]).map(String);
    const ends = Number(r.ends);
    return {
      from: from.length === 0 ? '(start)' : from,
      to: ends === 0 ? (r.g_to as unknown[]).map(String) : ENDS[ends] as '(conversion)' | '(null)',
      weight: Number(r.weight),
      value: Number(r.conv_value),
    };
  });
}
