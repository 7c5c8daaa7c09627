import { absorptionFromStart, buildChain, statesWithChannel, type IdPath } from './markov-chain.js';
import { pathTotals } from './path-file.js';
import { collapseRepeats } from './rule-weights.js';
import type { ChannelCredit, PathAttribution, PathRow } from './types.js';

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
  const order = options.order ?? 1;
  if (!Number.isInteger(order) || order < 1 || order > 4) throw new RangeError(`order must be 1, 2, 3 or 4, got ${order}`);
  const channelIds = new Map<string, number>();
  const names: string[] = [];
  const paths: IdPath[] = rows.map((r) => ({
    ids: collapseRepeats(r.path, (c) => c).map((c) => {
      let id = channelIds.get(c);
      if (id === undefined) {
        id = names.length;
        channelIds.set(c, id);
        names.push(c);
      }
      return id;
    }),
    conversions: r.conversions,
    value: r.value,
    nulls: r.nulls,
  }));
  const totals = pathTotals(rows);
  const chain = buildChain(paths, order);
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
