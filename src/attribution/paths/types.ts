/**
 * Shared shapes of the attribution engines. Everything here is plain data:
 * the engines take these records and return them, with no I/O.
 */

/** One aggregated path of a path file: the channels in order, how many journeys on it converted (and for how much), and how many did not. */
export interface PathRow {
  path: string[];
  conversions: number;
  value: number;
  nulls: number;
}

/** Attributed conversions and value of one channel. */
export interface ChannelCredit {
  channel: string;
  conversions: number;
  value: number;
}

export const ruleModels = ['first', 'last', 'last-non-direct', 'linear', 'time-decay', 'position', 'custom'] as const;
export type RuleModel = (typeof ruleModels)[number];

export const attributionModels = [...ruleModels, 'markov', 'shapley'] as const;
export type AttributionModel = (typeof attributionModels)[number];

/** `keep` counts every touch; `collapse` merges consecutive touches of the same channel into one. */
export type RepeatsMode = 'keep' | 'collapse';

/** Options of the rule-based models; every field has a default. */
export interface RuleOptions {
  /** Default `keep` (ChannelAttribution's heuristic models count repeats too). */
  repeats?: RepeatsMode;
  /** Time decay on positions: a touch k steps before the conversion weighs 2^(-k / halfLifeSteps). Default 1. */
  halfLifeSteps?: number;
  /** Position based: shares of first, middle and last touch, in any unit (normalised). Default [40, 20, 40]. */
  positionWeights?: [number, number, number];
  /** Custom model: weight of a touch by its channel (missing channels weigh `defaultWeight`), then normalised per conversion. */
  channelWeights?: Record<string, number>;
  /** Custom model: weight of channels absent from `channelWeights`. Default 1. */
  defaultWeight?: number;
  /** The channel that last-non-direct skips. Default `direct`. */
  directChannel?: string;
}

/** The result of a path-level model. Extra fields depend on the model. */
export interface PathAttribution {
  model: AttributionModel;
  channels: ChannelCredit[];
  totals: { conversions: number; value: number; nulls: number };
}

/** Channel shown for a conversion with no touch inside its lookback window. */
export const UNATTRIBUTED = '(none)';
