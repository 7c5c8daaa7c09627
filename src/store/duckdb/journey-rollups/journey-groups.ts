/**
 * The attribution aggregates (`store/attribution-aggregates.ts`) from grouped journeys
 * (`journey-groups-sql.ts`): every conversion of a group has the same windowed touches, so it gets
 * the same shares under every model; one representative journey per group, run through the same
 * engine code as single journeys (`attributeJourneys`, `windowTouches`), has its shares weighted by
 * the group's conversions and its value by the group's summed value. Pure.
 */
import type { Journey } from '../../../attribution/index.js';
import { DAY_MS } from '../../../attribution/journeys/journey-window.js';
import type { AggregateDimension, AggregateWindow, ChannelSetCounts, CreditRule, MarkovTransition, PathCounts, RuleCredits } from '../../attribution-aggregates.js';
import {
  weightedChannelSets, weightedMarkovTransitions, weightedPathCounts, weightedRuleCredits, type WeightedJourney,
} from '../aggregates/journey-aggregates.js';

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

/** A conversion's touches under `key` (only the attributes kept). */
function keptTouches(touches: readonly Required<GroupTouch>[], key: GroupKey): GroupTouch[] {
  return touches.map((t) => ({
    channel: t.channel,
    kind: t.kind,
    ...(key.campaign ? { campaign: t.campaign } : {}),
    ...(key.ad ? { ad: t.ad } : {}),
    ...(key.age ? { age: t.age } : {}),
  }));
}

/**
 * Conversions with the same touches under `key`, in order of each group's first conversion. The
 * key text is made straight from the touches; a group's touches only when the group is new (most
 * conversions join one, and a page groups every read three ways).
 */
export function groupConversions(rows: readonly ConvRow[], key: GroupKey): ConvGroup[] {
  const groups = new Map<string, ConvGroup>();
  for (const r of rows) {
    // The first touch is the oldest; no touch: the conversion's own `(none)` touch, 0 days.
    const days = key.days && r.touches.length > 0 ? Math.floor(r.touches[0].age / DAY_MS) : 0;
    let k = String(days);
    for (const t of r.touches) {
      k += `\u0002${t.channel}\u0001${t.kind}`;
      if (key.campaign) k += `\u0001${t.campaign}`;
      if (key.ad) k += `\u0001${t.ad}`;
      if (key.age) k += `\u0001${t.age}`;
    }
    const g = groups.get(k);
    if (g) {
      g.n += 1;
      g.value += r.value;
    } else groups.set(k, { touches: keptTouches(r.touches, key), days, n: 1, value: r.value });
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

const weighted = new WeakMap<readonly ConvGroup[], WeightedJourney[]>();

/** The groups' representative journeys, made once per groups (the groups of a read are kept and shared by the models). */
function weightedOf(groups: readonly ConvGroup[]): WeightedJourney[] {
  let out = weighted.get(groups);
  if (!out) weighted.set(groups, (out = groups.map((g, i) => ({ journey: representative(g, i), n: g.n, value: g.value, days: g.days }))));
  return out;
}

/** Rule-based credits summed by the dimension, rows in order of first credited touch. */
export function ruleCreditsOfGroups(groups: readonly ConvGroup[], query: AggregateWindow & { by: AggregateDimension; rule: CreditRule }): RuleCredits {
  return weightedRuleCredits(weightedOf(groups), query);
}

/** Distinct windowed paths with their conversions, value and non-converting journeys; days from first touch to conversion. */
export function pathCountsOfGroups(groups: readonly ConvGroup[], nulls: readonly NullGroup[], query: AggregateWindow & { includeNonConverting: boolean }): PathCounts {
  return weightedPathCounts(weightedOf(groups), nulls, query);
}

/** Converting journeys by channel set, and per set and row the touches' shares of their channel. */
export function channelSetsOfGroups(groups: readonly ConvGroup[], query: AggregateWindow & { by: AggregateDimension }): ChannelSetCounts {
  return weightedChannelSets(weightedOf(groups), query);
}

/** The k-order Markov chain's transitions over the groups' and the nulls' paths, repeats merged. */
export function markovTransitionsOfGroups(groups: readonly ConvGroup[], nulls: readonly NullGroup[], query: AggregateWindow & { order: number }): MarkovTransition[] {
  return weightedMarkovTransitions(weightedOf(groups), nulls, query);
}
