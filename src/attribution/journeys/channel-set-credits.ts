import { fitShares } from '../models/fit-shares.js';
import type { Transition } from '../models/markov-chain.js';
import { attributeMarkov, attributeMarkovTransitions } from '../models/markov.js';
import { aggregatePaths } from '../paths/path-file.js';
import type { JourneyAttribution } from './journeys.js';
import type { PathRow } from '../paths/types.js';
import { invalidArgument } from '../../shared/errors.js';

/** Conversions whose windowed touches cover exactly `channels` (sorted), and their value. */
export interface ChannelSetRow {
  channels: string[];
  conversions: number;
  value: number;
}

/**
 * For one channel set and one row of a dimension (`key`: channel, campaign or
 * ad; an ad row also names its `campaign`): the touches' shares of their
 * channel in each journey (kind weight over the channel's kind weights) summed
 * over the set's conversions, and the same times each conversion's value.
 */
export interface ChannelSetTouchRow {
  channels: string[];
  channel: string;
  campaign?: string;
  key: string;
  touches: number;
  value: number;
}

export interface KeyCredit {
  channel: string;
  /** The campaign of an ad row, as its touch rows say it. */
  campaign?: string;
  key: string;
  conversions: number;
  value: number;
}

export interface ChannelSetAttribution {
  rows: KeyCredit[];
  markov?: NonNullable<JourneyAttribution['markov']>;
}

/**
 * The journey-level Shapley and Markov credits of `attributeJourneys`, from
 * conversions grouped by channel set instead of one journey each. Both models
 * split a conversion among its channels by its channel set alone (Shapley:
 * equal shares; Markov: the shares `fitShares` fits to the chain's channel
 * totals, identical for conversions with the same set), then a channel's
 * share over its touches by kind weight. So a row of the dimension gets
 * Σ over sets of share(set, channel) × the set's summed touch shares, and
 * Markov's chain is fitted on the aggregated `paths` (windowed converting
 * paths and non-converting paths, as `attributeJourneys` builds them) or on
 * their summed `transitions`.
 * Rows keep the order of `touches`, without rows that get no credit.
 *
 * @example creditChannelSets('shapley', [{ channels: ['a', 'b'], conversions: 2, value: 10 }],
 *   [{ channels: ['a', 'b'], channel: 'a', key: 'a', touches: 2, value: 10 }, { channels: ['a', 'b'], channel: 'b', key: 'b', touches: 2, value: 10 }])
 *   // rows: a 1 / 5, b 1 / 5
 */
export function creditChannelSets(
  model: 'shapley' | 'markov',
  sets: readonly ChannelSetRow[],
  touches: readonly ChannelSetTouchRow[],
  markov?: { paths: readonly PathRow[]; order: number } | { transitions: readonly Transition<string>[]; order: number },
): ChannelSetAttribution {
  const setKey = (channels: readonly string[]) => channels.join('\u0000');
  const shareOf = new Map<string, Map<string, number>>();
  let details: ChannelSetAttribution['markov'];
  if (model === 'shapley') {
    for (const s of sets) shareOf.set(setKey(s.channels), new Map(s.channels.map((c) => [c, 1 / s.channels.length])));
  } else {
    if (!markov) throw invalidArgument('markov', 'markov credits need the aggregated paths');
    const result =
      'transitions' in markov ? attributeMarkovTransitions(markov.transitions, { order: markov.order }) : attributeMarkov(aggregatePaths(markov.paths), { order: markov.order });
    const index = new Map(result.channels.map((c, i) => [c.channel, i]));
    const prior = result.removal_effects.map((r) => r.conversions);
    const target = result.channels.map((c) => c.conversions);
    // A channel the chain never saw (data arriving between the two reads) gets no credit.
    const members = sets.map((s) => s.channels.map((c) => {
      let i = index.get(c);
      if (i === undefined) {
        index.set(c, (i = prior.length));
        prior.push(0);
        target.push(0);
      }
      return i;
    }));
    const fit = fitShares(members, prior.length, prior, target, undefined, undefined, sets.map((s) => s.conversions));
    sets.forEach((s, j) => shareOf.set(setKey(s.channels), new Map(s.channels.map((c, k) => [c, fit.shares[j][k]]))));
    details = { order: result.order, states: result.states, removal_effects: result.removal_effects, channel_totals: result.channels, fit_gap: fit.gap };
  }

  const out = new Map<string, KeyCredit>();
  for (const t of touches) {
    const share = shareOf.get(setKey(t.channels))?.get(t.channel) ?? 0;
    if (!(share > 0)) continue;
    const k = t.campaign === undefined ? `${t.channel}\u0000${t.key}` : `${t.channel}\u0000${t.campaign}\u0000${t.key}`;
    let row = out.get(k);
    if (!row) out.set(k, (row = { channel: t.channel, ...(t.campaign === undefined ? {} : { campaign: t.campaign }), key: t.key, conversions: 0, value: 0 }));
    row.conversions += share * t.touches;
    row.value += share * t.value;
  }
  return { rows: [...out.values()], ...(details ? { markov: details } : {}) };
}
