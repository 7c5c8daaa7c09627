/**
 * The options of the store-backed attribution reports, normalised once for
 * the CLI and the HTTP routes: which model, which dimension, which dates and
 * which lookback windows. Bad values become AppErrors naming the field
 * (the names of the HTTP querystring: `model`, `lookback_click_days`, …).
 */
import { attributionModels, type AttributionModel, type JourneyOptions } from '../../attribution/index.js';
import { invalid } from '../../shared/errors.js';

export const attributionDimensions = ['channel', 'campaign', 'ad'] as const;
export type AttributionDimension = (typeof attributionDimensions)[number];

/** The models a comparison shows when none are named, last click first (the baseline of the highlights). */
export const defaultComparedModels: AttributionModel[] = ['last', 'first', 'last-non-direct', 'linear', 'time-decay', 'position', 'markov', 'shapley'];

/** Window and model settings shared by every attribution report; all optional. */
export interface AttributionSettings {
  /** Clicks (and visits) older than this before the conversion are ignored. Default 30. */
  lookbackClickDays?: number;
  /** Impressions older than this are ignored. Default 1. */
  lookbackViewDays?: number;
  /** Weight of an impression relative to a click; 0 leaves impressions out. Default 1. */
  viewWeight?: number;
  /** Time decay half-life in days. Default a quarter of the click window. */
  halfLifeDays?: number;
  /** Position based: first, middle, last shares; a list or "40,20,40". Default 40/20/40. */
  positionWeights?: readonly number[] | string;
  /** Markov order 1..4. Default 1. */
  order?: number;
  /** Consecutive touches of one channel: keep (default for rule-based models) or collapse. */
  repeats?: string;
  /** Custom model: weight per channel. */
  channelWeights?: Record<string, number>;
  /** The channel last-non-direct skips. Default `direct`. */
  directChannel?: string;
}

/** The date range, resolved: inclusive YYYY-MM-DD dates. */
export interface ResolvedRange {
  from: string;
  to: string;
}

/** Settings with the defaults filled in, ready for `attributeJourneys`. */
export interface ResolvedSettings {
  lookbackClickDays: number;
  lookbackViewDays: number;
  viewWeight: number;
  halfLifeDays: number;
  positionWeights: [number, number, number];
  order: number;
  repeats?: 'keep' | 'collapse';
  channelWeights?: Record<string, number>;
  directChannel: string;
}

/** Checks one model name (`model` field). */
export function parseModel(value: string | undefined, field = 'model'): AttributionModel {
  if (value === undefined || value === '') throw invalid(field, `required: one of ${attributionModels.join(', ')}`);
  if (!(attributionModels as readonly string[]).includes(value)) throw invalid(field, `expected one of ${attributionModels.join(', ')}, got "${value}"`);
  return value as AttributionModel;
}

/** Checks a list of models, given as an array or comma-separated (`models` field); duplicates are dropped; default every model. */
export function parseModels(value: string | readonly string[] | undefined): AttributionModel[] {
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return [...defaultComparedModels];
  const names = (typeof value === 'string' ? value.split(',') : value).map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw invalid('models', 'name at least one model');
  return [...new Set(names.map((name) => parseModel(name, 'models')))];
}

/** Checks the dimension (`by` field); default channel. */
export function parseDimension(value: string | undefined): AttributionDimension {
  if (value === undefined || value === '') return 'channel';
  if (!(attributionDimensions as readonly string[]).includes(value)) throw invalid('by', `expected one of ${attributionDimensions.join(', ')}, got "${value}"`);
  return value as AttributionDimension;
}

function number(value: number | undefined, field: string, fallback: number, check: { min: number; max?: number; integer?: boolean; positive?: boolean }): number {
  if (value === undefined) return fallback;
  const ok = Number.isFinite(value) && value >= check.min && (check.max === undefined || value <= check.max) && (!check.integer || Number.isInteger(value)) && (!check.positive || value > 0);
  if (!ok) {
    const range = check.max === undefined ? `${check.positive ? 'greater than' : 'at least'} ${check.min}` : `from ${check.min} to ${check.max}`;
    throw invalid(field, `expected ${check.integer ? 'an integer' : 'a number'} ${range}, got ${String(value)}`);
  }
  return value;
}

function positionWeights(value: readonly number[] | string | undefined): [number, number, number] {
  if (value === undefined || value === '') return [40, 20, 40];
  const weights = typeof value === 'string' ? value.split(',').map((s) => Number(s.trim())) : [...value];
  if (weights.length !== 3 || weights.some((w) => !Number.isFinite(w) || w < 0) || weights[0] + weights[2] <= 0) {
    throw invalid('position_weights', `expected three non-negative numbers like 40,20,40 (first + last > 0), got "${String(value)}"`);
  }
  return weights as [number, number, number];
}

/**
 * The custom model's weights, written `channel=weight,…` (non-negative weights; channels not named weigh 1),
 * or undefined for none. Errors name `field` (`channel_weights`, `--channel-weights`).
 */
export function parseChannelWeights(text: string | undefined, field = 'channel_weights'): Record<string, number> | undefined {
  if (!text) return undefined;
  const out: Record<string, number> = {};
  for (const part of text.split(',')) {
    const [channel, weight] = part.split('=').map((s) => s?.trim());
    const w = Number(weight);
    if (!channel || weight === undefined || weight === '' || !Number.isFinite(w) || w < 0) {
      throw invalid(field, `expected channel=weight pairs with non-negative weights, got "${part}"`);
    }
    out[channel] = w;
  }
  return out;
}

/** Fills in and checks the window and model settings. */
export function resolveSettings(s: AttributionSettings = {}): ResolvedSettings {
  const lookbackClickDays = number(s.lookbackClickDays, 'lookback_click_days', 30, { min: 1, max: 365, integer: true });
  const lookbackViewDays = number(s.lookbackViewDays, 'lookback_view_days', 1, { min: 0, max: 365 });
  if (s.repeats !== undefined && s.repeats !== 'keep' && s.repeats !== 'collapse') throw invalid('repeats', `expected keep or collapse, got "${s.repeats}"`);
  return {
    lookbackClickDays,
    lookbackViewDays,
    viewWeight: number(s.viewWeight, 'view_weight', 1, { min: 0 }),
    halfLifeDays: number(s.halfLifeDays, 'half_life_days', lookbackClickDays / 4, { min: 0, positive: true }),
    positionWeights: positionWeights(s.positionWeights),
    order: number(s.order, 'order', 1, { min: 1, max: 4, integer: true }),
    ...(s.repeats ? { repeats: s.repeats as 'keep' | 'collapse' } : {}),
    ...(s.channelWeights ? { channelWeights: s.channelWeights } : {}),
    directChannel: s.directChannel || 'direct',
  };
}

/** The engine options of one model under resolved settings. */
export function engineOptions(model: AttributionModel, s: ResolvedSettings): JourneyOptions {
  return {
    model,
    lookbackClickDays: s.lookbackClickDays,
    lookbackViewDays: s.lookbackViewDays,
    viewWeight: s.viewWeight,
    halfLifeDays: s.halfLifeDays,
    positionWeights: s.positionWeights,
    order: s.order,
    directChannel: s.directChannel,
    ...(s.repeats ? { repeats: s.repeats } : {}),
    ...(s.channelWeights ? { channelWeights: s.channelWeights } : {}),
  };
}

/** The settings as the answer echoes them (snake_case, like the querystring). */
export function describeSettings(s: ResolvedSettings) {
  return {
    lookback_click_days: s.lookbackClickDays,
    lookback_view_days: s.lookbackViewDays,
    view_weight: s.viewWeight,
    half_life_days: s.halfLifeDays,
    position_weights: s.positionWeights,
    order: s.order,
    repeats: s.repeats ?? 'keep (markov: collapse)',
    direct_channel: s.directChannel,
  };
}
