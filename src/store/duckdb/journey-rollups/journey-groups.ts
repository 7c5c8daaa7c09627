/**
 * The attribution aggregates (`store/attribution-aggregates.ts`) from grouped journeys
 * (`journey-groups-sql.ts`): every conversion of a group has the same windowed touches, so it gets
 * the same shares under every model; one representative journey per group, run through the same
 * engine code as single journeys (`attributeJourneys`, `windowTouches`), has its shares weighted by
 * the group's conversions and its value by the group's summed value. Pure.
 */
import { attributeJourneys, collapseRepeats, windowTouches, type Journey } from '../../../attribution/index.js';
import { DAY_MS } from '../../../attribution/journeys/journey-window.js';
import { transitionCounts } from '../../../attribution/models/markov-chain.js';
import type {
  AggregateCredit, AggregateDimension, AggregateWindow, ChannelSetCounts, CreditRule, MarkovTransition, PathCount, PathCounts, RuleCredits,
} from '../../attribution-aggregates.js';
import { resolved, rowKey, rowOf, ruleOptionsOf } from '../aggregates/journey-aggregates.js';

/** A windowed touch of a group (`age`: ms before the conversion, when the group keeps ages). */
export interface GroupTouch {
  channel: string;
  kind: 'click' | 'view';
  campaign?: string;
  ad?: string;
  age?: number;
}

/** Conversions whose windowed touches are `touches` (in time order): `n` of them, worth `value` together. */
export interface ConvGroup {
  touches: GroupTouch[];
  /** Whole days from the first windowed touch to the conversion (when grouped by it). */
  days: number;
  n: number;
  value: number;
}

/** `n` people without a conversion whose windowed channel path is `path`. */
export interface NullGroup {
  path: string[];
  n: number;
}

/** One conversion: its windowed touches (every attribute, ages kept) and value. */
export interface ConvRow {
  touches: Required<GroupTouch>[];
  value: number;
}

/** What conversions are grouped by: the touches' attributes kept, and whether their days to conversion. */
export interface GroupKey {
  campaign: boolean;
  ad: boolean;
  /** Each touch's age (time decay needs them). */
  age: boolean;
  /** Whole days from the first windowed touch to the conversion. */
  days: boolean;
}

/** Parses a conversion's touches as `convRowsSql` writes them (fields by `fieldSep`, touches by `touchSep`). */
export function parseTouches(text: string | null, fieldSep: string, touchSep: string): Required<GroupTouch>[] {
  if (!text) return [];
  return text.split(touchSep).map((t) => {
    const [channel, campaign, ad, kind, age] = t.split(fieldSep);
    return { channel, campaign, ad, kind: kind === 'view' ? 'view' : 'click', age: Number(age) };
  });
}

/** Conversions with the same touches under `key`, in order of each group's first conversion. */
export function groupConversions(rows: readonly ConvRow[], key: GroupKey): ConvGroup[] {
  const groups = new Map<string, ConvGroup>();
  for (const r of rows) {
    const touches = r.touches.map((t) => ({
      channel: t.channel,
      kind: t.kind,
      ...(key.campaign ? { campaign: t.campaign } : {}),
      ...(key.ad ? { ad: t.ad } : {}),
      ...(key.age ? { age: t.age } : {}),
    }));
    // The first touch is the oldest; no touch: the conversion's own `(none)` touch, 0 days.
    const days = key.days && r.touches.length > 0 ? Math.floor(r.touches[0].age / DAY_MS) : 0;
    const k = `${days}\u0002${touches.map((t) => [t.channel, t.kind, t.campaign ?? '', t.ad ?? '', t.age ?? ''].join('\u0001')).join('\u0002')}`;
    const g = groups.get(k);
    if (g) {
      g.n += 1;
      g.value += r.value;
    } else groups.set(k, { touches, days, n: 1, value: r.value });
  }
  return [...groups.values()];
}

/** The representative conversion's instant (any: only ages matter). */
const AT = Date.UTC(2000, 0, 1);

/** One journey standing for a group: its touches at their ages before the conversion (0 when not kept), its value the group's. */
function representative(g: ConvGroup, i: number): Journey {
  return {
    conversion: { id: `group ${i}`, ts: AT, value: g.value },
    touches: g.touches.map((t) => ({ ts: AT - (t.age ?? 0), channel: t.channel, campaign: t.campaign ?? null, ad: t.ad ?? null, kind: t.kind })),
  };
}

/** Rule-based credits summed by the dimension, rows in order of first credited touch. */
export function ruleCreditsOfGroups(groups: readonly ConvGroup[], query: AggregateWindow & { by: AggregateDimension; rule: CreditRule }): RuleCredits {
  const totals = { conversions: 0, value: 0 };
  if (groups.length === 0) return { rows: [], totals };
  const result = attributeJourneys(groups.map(representative), ruleOptionsOf(query));
  const rows = new Map<string, AggregateCredit>();
  result.conversions.forEach((c, i) => {
    const n = groups[i].n;
    totals.conversions += n;
    totals.value += groups[i].value;
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

/** Distinct windowed paths with their conversions, value and non-converting journeys; days from first touch to conversion. */
export function pathCountsOfGroups(groups: readonly ConvGroup[], nulls: readonly NullGroup[], query: AggregateWindow & { includeNonConverting: boolean }): PathCounts {
  const w = resolved(query);
  const paths = new Map<string, PathCount>();
  const add = (path: string[], conversions: number, value: number, n: number) => {
    const k = path.join('\u0000');
    const row = paths.get(k);
    if (row) {
      row.conversions += conversions;
      row.value += value;
      row.nulls += n;
    } else paths.set(k, { path, conversions, value, nulls: n });
  };
  const days = new Map<number, { days: number; conversions: number; value: number }>();
  groups.forEach((g, i) => {
    add(windowTouches(representative(g, i), w).map((t) => t.channel), g.n, g.value, 0);
    const bucket = days.get(g.days) ?? days.set(g.days, { days: g.days, conversions: 0, value: 0 }).get(g.days)!;
    bucket.conversions += g.n;
    bucket.value += g.value;
  });
  if (query.includeNonConverting) for (const p of nulls) add(p.path, 0, 0, p.n);
  return { paths: [...paths.values()], days: [...days.values()].sort((a, b) => a.days - b.days) };
}

/** Converting journeys by channel set, and per set and row the touches' shares of their channel (as `channelSetsOf`). */
export function channelSetsOfGroups(groups: readonly ConvGroup[], query: AggregateWindow & { by: AggregateDimension }): ChannelSetCounts {
  const w = resolved(query);
  const sets = new Map<string, ChannelSetCounts['sets'][number]>();
  const touches = new Map<string, ChannelSetCounts['touches'][number]>();
  groups.forEach((g, i) => {
    const windowed = windowTouches(representative(g, i), w);
    const channels = [...new Set(windowed.map((t) => t.channel))].sort();
    const setKey = channels.join('\u0000');
    const set = sets.get(setKey) ?? sets.set(setKey, { channels, conversions: 0, value: 0 }).get(setKey)!;
    set.conversions += g.n;
    set.value += g.value;
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
      row.touches += share * g.n;
      row.value += share * g.value;
    }
  });
  return { sets: [...sets.values()], touches: [...touches.values()] };
}

/** The k-order Markov chain's transitions over the groups' and the nulls' paths, repeats merged (as `markovTransitionsOf`). */
export function markovTransitionsOfGroups(groups: readonly ConvGroup[], nulls: readonly NullGroup[], query: AggregateWindow & { order: number }): MarkovTransition[] {
  const w = resolved(query);
  const paths = new Map<string, { ids: string[]; conversions: number; value: number; nulls: number }>();
  const add = (channels: string[], conversions: number, value: number, n: number) => {
    const ids = collapseRepeats(channels, (c) => c);
    const k = ids.join('\u0000');
    const row = paths.get(k);
    if (row) {
      row.conversions += conversions;
      row.value += value;
      row.nulls += n;
    } else paths.set(k, { ids, conversions, value, nulls: n });
  };
  groups.forEach((g, i) => add(windowTouches(representative(g, i), w).map((t) => t.channel), g.n, g.value, 0));
  for (const p of nulls) add(p.path, 0, 0, p.n);
  return transitionCounts([...paths.values()], query.order).map((t) => ({
    from: t.from === '(start)' ? '(start)' : [...t.from],
    to: typeof t.to === 'string' ? t.to : [...t.to],
    weight: t.weight,
    value: t.value,
  }));
}
