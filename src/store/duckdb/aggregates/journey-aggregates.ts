/**
 * Attribution aggregates (`store/attribution-aggregates.ts`) computed in Node from raw journeys
 * with the engines' windows (`attribution/journey-window.ts`): the reference the embedded store's
 * journey rollups are held to (`../journey-rollups/`, which share the row keys and options here),
 * and the same sums ClickHouse computes in SQL (`store/clickhouse/attribution-sql.ts`). Each
 * function takes the journeys of the window's range (touches within `journeyLookbackDays`) split
 * by `splitJourneys`; pure.
 */
import { collapseRepeats, creditJourneys, windowTouches, type Journey as EngineJourney, type JourneyOptions } from '../../../attribution/index.js';
import { DAY_MS, toMillis, type ResolvedWindow, type WindowedTouch } from '../../../attribution/journeys/journey-window.js';
import { transitionCounts } from '../../../attribution/models/markov-chain.js';
import { UNATTRIBUTED } from '../../../attribution/paths/types.js';
import type {
  AggregateCredit,
  AggregateDimension,
  AggregateWindow,
  ChannelSetCounts,
  CreditRule,
  MarkovTransition,
  PathCount,
  PathCounts,
  RuleCredits,
} from '../../attribution-aggregates.js';
import type { Journey } from '../../journeys.js';
import { invalidArgument } from '../../../shared/errors.js';

/** A read's journeys as the engines take them. */
export interface Split {
  converting: EngineJourney[];
  /** Windowed back from the range end, repeats kept; people with no touch in the window left out. */
  nonConverting: string[][];
}

export const resolved = (w: AggregateWindow, repeats: ResolvedWindow['repeats'] = w.repeats): ResolvedWindow => ({
  lookbackClickDays: w.lookbackClickDays,
  lookbackViewDays: w.lookbackViewDays,
  viewWeight: w.viewWeight,
  repeats,
});

/**
 * The conversions of `journeys` and, with `withNonConverting`, the windowed channel paths of the
 * people who did not convert, windowed back from `end` (the range end in epoch ms: the last
 * instant of its last local day) with the window's click and view days, repeats kept.
 */
export function splitJourneys(journeys: readonly Journey[], end: number, w: Pick<AggregateWindow, 'lookbackClickDays' | 'lookbackViewDays' | 'viewWeight'>, withNonConverting: boolean): Split {
  const converting: EngineJourney[] = [];
  const nonConverting: string[][] = [];
  const keep: ResolvedWindow = { lookbackClickDays: w.lookbackClickDays, lookbackViewDays: w.lookbackViewDays, viewWeight: w.viewWeight, repeats: 'keep' };
  for (const j of journeys) {
    if (j.conversion) {
      converting.push({ conversion: j.conversion, touches: j.touches });
      continue;
    }
    if (!withNonConverting) continue;
    const path = windowTouches({ conversion: { id: `person ${j.person}`, ts: end, value: 0 }, touches: j.touches }, keep).map((t) => t.channel);
    if (path.length > 0 && path[0] !== UNATTRIBUTED) nonConverting.push(path);
  }
  return { converting, nonConverting };
}

/** The row of a dimension a touch belongs to; campaigns and ads the store did not know are `(not set)`. */
export function rowOf(t: Pick<WindowedTouch, 'channel' | 'campaign' | 'ad'>, by: AggregateDimension): Omit<AggregateCredit, 'conversions' | 'value'> {
  if (by === 'channel') return { channel: t.channel, key: t.channel };
  if (by === 'campaign') return { channel: t.channel, key: t.campaign ?? '(not set)' };
  return { channel: t.channel, campaign: t.campaign ?? '(not set)', key: t.ad ?? '(not set)' };
}

export const rowKey = (r: Omit<AggregateCredit, 'conversions' | 'value'>) => [r.channel, r.campaign ?? '', r.key].join('\u0000');

/**
 * Conversions that share their windowed touches: `journey` stands for `n` of them worth `value`
 * together (a raw conversion is one of one; the journey rollups' groups are many); `days`, when
 * given, is their whole days from the first windowed touch to the conversion.
 */
export interface WeightedJourney {
  journey: EngineJourney;
  n: number;
  value: number;
  days?: number;
}

const oneEach = (converting: readonly EngineJourney[]): WeightedJourney[] => converting.map((journey) => ({ journey, n: 1, value: journey.conversion.value }));

/** Rule-based credits summed by the dimension, rows in order of first credited touch. */
export function ruleCreditsOf({ converting }: Split, query: AggregateWindow & { by: AggregateDimension; rule: CreditRule }): RuleCredits {
  return weightedRuleCredits(oneEach(converting), query);
}

export function weightedRuleCredits(weighted: readonly WeightedJourney[], query: AggregateWindow & { by: AggregateDimension; rule: CreditRule }): RuleCredits {
  const totals = { conversions: 0, value: 0 };
  if (weighted.length === 0) return { rows: [], totals };
  const result = creditJourneys(weighted.map((w) => w.journey), ruleOptionsOf(query));
  const rows = new Map<string, AggregateCredit>();
  result.conversions.forEach((c, i) => {
    const { n, value } = weighted[i];
    totals.conversions += n;
    totals.value += value;
    for (const t of c.touches) {
      const at = rowOf(t, query.by);
      const k = rowKey(at);
      let row = rows.get(k);
      if (!row) rows.set(k, (row = { ...at, conversions: 0, value: 0 }));
      row.conversions += t.credit * n;
      row.value += t.value;
    }
  });
  return { rows: [...rows.values()], totals };
}

/** The engine options of a rule-based credit query. */
export function ruleOptionsOf(query: AggregateWindow & { rule: CreditRule }): JourneyOptions {
  const { rule } = query;
  return {
    model: rule.model,
    lookbackClickDays: query.lookbackClickDays,
    lookbackViewDays: query.lookbackViewDays,
    viewWeight: query.viewWeight,
    repeats: query.repeats,
    ...(rule.model === 'last-non-direct' ? { directChannel: rule.directChannel } : {}),
    ...(rule.model === 'time-decay' ? { halfLifeDays: rule.halfLifeDays } : {}),
    ...(rule.model === 'position' ? { positionWeights: [...rule.positionWeights] as [number, number, number] } : {}),
    ...(rule.model === 'custom' ? { channelWeights: { ...rule.channelWeights }, defaultWeight: rule.defaultWeight } : {}),
  };
}

/** Distinct windowed paths with their conversions, value and non-converting journeys; days from first touch to conversion. */
export function pathCountsOf({ converting, nonConverting }: Split, query: AggregateWindow & { includeNonConverting: boolean }): PathCounts {
  return weightedPathCounts(oneEach(converting), nonConverting.map((path) => ({ path, n: 1 })), query);
}

export function weightedPathCounts(
  weighted: readonly WeightedJourney[],
  nonConverting: readonly { path: string[]; n: number }[],
  query: AggregateWindow & { includeNonConverting: boolean },
): PathCounts {
  const w = resolved(query);
  const paths = new Map<string, PathCount>();
  const add = (path: string[], conversions: number, value: number, nulls: number) => {
    const k = path.join('\u0000');
    const row = paths.get(k);
    if (row) {
      row.conversions += conversions;
      row.value += value;
      row.nulls += nulls;
    } else paths.set(k, { path, conversions, value, nulls });
  };
  const days = new Map<number, { days: number; conversions: number; value: number }>();
  for (const { journey, n, value, days: known } of weighted) {
    const touches = windowTouches(journey, w);
    add(touches.map((t) => t.channel), n, value, 0);
    const d = known ?? Math.floor((toMillis(journey.conversion.ts, `conversion ${journey.conversion.id}`) - touches[0].ts) / DAY_MS);
    const bucket = days.get(d) ?? days.set(d, { days: d, conversions: 0, value: 0 }).get(d)!;
    bucket.conversions += n;
    bucket.value += value;
  }
  if (query.includeNonConverting) for (const p of nonConverting) add(p.path, 0, 0, p.n);
  return { paths: [...paths.values()], days: [...days.values()].sort((a, b) => a.days - b.days) };
}

/**
 * Converting journeys by their set of channels (sorted), and per set and row of the dimension the
 * touches' shares of their channel (kind weight over the channel's total; equal shares when the
 * total is 0) summed over the set's conversions, and the same times each conversion's value.
 */
export function channelSetsOf({ converting }: Split, query: AggregateWindow & { by: AggregateDimension }): ChannelSetCounts {
  return weightedChannelSets(oneEach(converting), query);
}

export function weightedChannelSets(weighted: readonly WeightedJourney[], query: AggregateWindow & { by: AggregateDimension }): ChannelSetCounts {
  const w = resolved(query);
  const sets = new Map<string, ChannelSetCounts['sets'][number]>();
  const touches = new Map<string, ChannelSetCounts['touches'][number]>();
  for (const { journey, n, value } of weighted) {
    const windowed = windowTouches(journey, w);
    const channels = [...new Set(windowed.map((t) => t.channel))].sort();
    const setKey = channels.join('\u0000');
    const set = sets.get(setKey) ?? sets.set(setKey, { channels, conversions: 0, value: 0 }).get(setKey)!;
    set.conversions += n;
    set.value += value;
    const weightOf = new Map<string, number>();
    const countOf = new Map<string, number>();
    for (const t of windowed) {
      weightOf.set(t.channel, (weightOf.get(t.channel) ?? 0) + t.weight);
      countOf.set(t.channel, (countOf.get(t.channel) ?? 0) + 1);
    }
    for (const t of windowed) {
      const total = weightOf.get(t.channel)!;
      const share = total > 0 ? t.weight / total : 1 / countOf.get(t.channel)!;
      const at = rowOf(t, query.by);
      const k = `${setKey}\u0001${rowKey(at)}`;
      const row = touches.get(k) ?? touches.set(k, { channels, ...at, touches: 0, value: 0 }).get(k)!;
      row.touches += share * n;
      row.value += share * value;
    }
  }
  return { sets: [...sets.values()], touches: [...touches.values()] };
}

/** The k-order Markov chain's transitions over converting and non-converting windowed paths, repeats merged, in order of first appearance. */
export function markovTransitionsOf({ converting, nonConverting }: Split, query: AggregateWindow & { order: number }): MarkovTransition[] {
  return weightedMarkovTransitions(oneEach(converting), nonConverting.map((path) => ({ path, n: 1 })), query);
}

export function weightedMarkovTransitions(
  weighted: readonly WeightedJourney[],
  nonConverting: readonly { path: string[]; n: number }[],
  query: AggregateWindow & { order: number },
): MarkovTransition[] {
  if (!Number.isInteger(query.order) || query.order < 1 || query.order > 4) throw invalidArgument('order', `order must be 1, 2, 3 or 4, got ${query.order}`);
  const w = resolved(query);
  const paths = new Map<string, { ids: string[]; conversions: number; value: number; nulls: number }>();
  const add = (channels: string[], conversions: number, value: number, nulls: number) => {
    const ids = collapseRepeats(channels, (c) => c);
    const k = ids.join('\u0000');
    const row = paths.get(k);
    if (row) {
      row.conversions += conversions;
      row.value += value;
      row.nulls += nulls;
    } else paths.set(k, { ids, conversions, value, nulls });
  };
  for (const { journey, n, value } of weighted) add(windowTouches(journey, w).map((t) => t.channel), n, value, 0);
  for (const p of nonConverting) add(p.path, 0, 0, p.n);
  return transitionCounts([...paths.values()], query.order).map((t) => ({
    from: t.from === '(start)' ? '(start)' : [...t.from],
    to: typeof t.to === 'string' ? t.to : [...t.to],
    weight: t.weight,
    value: t.value,
  }));
}
