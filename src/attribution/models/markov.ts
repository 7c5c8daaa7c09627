import { absorptionFromStart, buildChain, chainFromTransitions, CONVERSION, NULL, statesWithChannel, type IdPath, type MarkovChain, type Transition } from './markov-chain.js';
import { pathTotals } from '../paths/path-file.js';
import { collapseRepeats } from './rule-weights.js';
import type { ChannelCredit, PathAttribution, PathRow } from '../paths/types.js';
import { invalidArgument } from '../../shared/errors.js';

export interface MarkovOptions {
  /** Markov order 1..4 (a state is a window of `order` consecutive channels). Default 1. */
  order?: number;
}

export interface RemovalEffect {
  channel: string;
  /** 1 − P(conversion | channel removed) / P(conversion). */
  conversions: number;
  /** The same on expected conversion value per journey. */
  value: number;
}

export interface MarkovAttribution extends PathAttribution {
  model: 'markov';
  order: number;
  states: number;
  /** P(conversion) of a journey under the fitted chain. */
  conversion_probability: number;
  /** Expected conversion value per journey under the fitted chain. */
  value_per_journey: number;
  removal_effects: RemovalEffect[];
}

/**
 * Markov-chain attribution with the removal effect, solved exactly.
 *
 * Consecutive repeats are merged (ChannelAttribution's convention), the
 * k-order chain of `buildChain` is fitted on converting and non-converting
 * journeys, and for each channel c the chain is solved again with every
 * state containing c made a dead end. With p = P(conversion) and p₋c the
 * same without c, RE_c = 1 − p₋c / p and
 * conversions_c = total conversions × RE_c / Σ RE. Value is credited the same
 * way from removal effects on the expected value per journey (conversions
 * leaving a state earn the mean value of the conversions observed there, as
 * ChannelAttribution samples them), so credits sum to the total value.
 */
export function attributeMarkov(rows: readonly PathRow[], options: MarkovOptions = {}): MarkovAttribution {
  const order = checkOrder(options.order ?? 1);
  const { idOf, names } = channelInterner();
  const paths: IdPath[] = rows.map((r) => ({
    ids: collapseRepeats(r.path, (c) => c).map(idOf),
    conversions: r.conversions,
    value: r.value,
    nulls: r.nulls,
  }));
  return solveRemovalEffects(buildChain(paths, order), names, pathTotals(rows));
}

/**
 * `attributeMarkov` on a chain's summed transitions (channels by name, e.g.
 * counted by a store) instead of its paths; the totals are those of the
 * transitions into `(conversion)` and `(null)`.
 */
export function attributeMarkovTransitions(rows: readonly Transition<string>[], options: MarkovOptions = {}): MarkovAttribution {
  const order = checkOrder(options.order ?? 1);
  const named = chainFromTransitions(rows, order);
  const { idOf, names } = channelInterner();
  const stateChannels = named.stateChannels.map((state) => state.map(idOf));
  const totals = { conversions: 0, value: 0, nulls: 0 };
  for (const r of rows) {
    if (r.to === CONVERSION) {
      totals.conversions += r.weight;
      totals.value += r.value;
    } else if (r.to === NULL) totals.nulls += r.weight;
  }
  return solveRemovalEffects({ ...named, stateChannels }, names, totals);
}

/** Numbers channel names in order of first sight; `names[id]` gives a name back. */
function channelInterner(): { idOf: (channel: string) => number; names: string[] } {
  const ids = new Map<string, number>();
  const names: string[] = [];
  const idOf = (channel: string) => {
    let id = ids.get(channel);
    if (id === undefined) {
      id = names.length;
      ids.set(channel, id);
      names.push(channel);
    }
    return id;
  };
  return { idOf, names };
}

function checkOrder(order: number): number {
  if (!Number.isInteger(order) || order < 1 || order > 4) throw invalidArgument('order', `order must be 1, 2, 3 or 4, got ${order}`);
  return order;
}

/** The removal effect of each channel (`names[id]`) on the chain, and the credits they give `totals`. */
function solveRemovalEffects(chain: MarkovChain, names: readonly string[], totals: PathAttribution['totals']): MarkovAttribution {
  const order = chain.order;
  const rewards = [chain.convProb, chain.valueRate];
  const [pConv, pValue] = absorptionFromStart(chain, rewards);

  const removal_effects: RemovalEffect[] = names.map((channel, id) => {
    const [conv, value] = absorptionFromStart(chain, rewards, statesWithChannel(chain, id));
    return {
      channel,
      conversions: pConv > 0 ? clamp01(1 - conv / pConv) : 0,
      value: pValue > 0 ? clamp01(1 - value / pValue) : 0,
    };
  });
  const sumConv = removal_effects.reduce((s, r) => s + r.conversions, 0);
  const sumValue = removal_effects.reduce((s, r) => s + r.value, 0);
  const channels: ChannelCredit[] = removal_effects.map((r) => ({
    channel: r.channel,
    conversions: sumConv > 0 ? (totals.conversions * r.conversions) / sumConv : 0,
    value: sumValue > 0 ? (totals.value * r.value) / sumValue : 0,
  }));
  return {
    model: 'markov',
    order,
    states: chain.size,
    conversion_probability: pConv,
    value_per_journey: pValue,
    channels,
    totals,
    removal_effects,
  };
}

/** Removal can only lower the conversion probability; clamp rounding noise at the ends. */
function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
