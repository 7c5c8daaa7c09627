import { fitShares } from '../models/fit-shares.js';
import { attributeMarkov, type RemovalEffect } from '../models/markov.js';
import { aggregatePaths } from '../paths/path-file.js';
import { resolveRuleOptions, ruleWeights } from '../models/rule-weights.js';
import { DAY_MS, resolveWindow, toMillis, windowTouches, type Journey, type WindowedTouch, type WindowOptions } from './journey-window.js';
import type { AttributionModel, ChannelCredit, PathRow, RuleOptions } from '../paths/types.js';
import { invalidArgument } from '../../shared/errors.js';

export interface JourneyOptions extends RuleOptions, WindowOptions {
  model: AttributionModel;
  /** Time decay half-life in days. Default a quarter of the click window. */
  halfLifeDays?: number;
  /** Markov order 1..4. Default 1. */
  order?: number;
  /** Channel paths of journeys that did not convert (Markov uses them as nulls; other models ignore them). */
  nonConverting?: string[][];
}

export interface TouchCredit {
  channel: string;
  campaign: string | null;
  ad: string | null;
  ts: number;
  kind: 'click' | 'view';
  /** Share of the conversion (the shares of one conversion sum to 1). */
  credit: number;
  /** Share of the conversion value (sums to the conversion value). */
  value: number;
}

export interface ConversionCredit {
  conversion_id: string;
  ts: number;
  value: number;
  touches: TouchCredit[];
}

export interface CampaignCredit extends ChannelCredit {
  campaign: string | null;
}

export interface AdCredit extends CampaignCredit {
  ad: string | null;
}

export interface JourneyAttribution {
  model: AttributionModel;
  conversions: ConversionCredit[];
  by_channel: ChannelCredit[];
  by_campaign: CampaignCredit[];
  by_ad: AdCredit[];
  totals: { conversions: number; value: number };
  /** Markov only: removal effects, states, and how closely the per-conversion shares meet the chain's channel totals. */
  markov?: { order: number; states: number; removal_effects: RemovalEffect[]; channel_totals: ChannelCredit[]; fit_gap: number };
}

/**
 * Attributes each conversion of a set of journeys to its touches.
 *
 * 1. Window: `windowTouches` keeps the clicks and impressions inside their
 *    lookback windows (impressions weighted by `viewWeight`), optionally
 *    collapsing repeats; a conversion with none gets a `(none)` touch.
 * 2. Shares per conversion, summing to 1:
 *    - rule-based models: `ruleWeights` on the windowed touches (time decay by
 *      age in days / halfLifeDays), times each touch's kind weight, normalised;
 *    - shapley: the conversion is the unanimity game of its channel set, so
 *      its Shapley value is an equal share per distinct channel — summed over
 *      conversions this is exactly the channel-level Shapley value;
 *    - markov: the chain is fitted on the windowed paths plus `nonConverting`,
 *      and `fitShares` splits each conversion among its channels so that the
 *      channel totals equal the chain's (starting from shares proportional
 *      to the removal effects).
 *    For shapley and markov a channel's share within a conversion is split
 *    over that channel's touches in proportion to their kind weight.
 * 3. Value credit is share × conversion value; the last touch takes the
 *    remainder so each conversion adds up exactly.
 * 4. Totals by channel, campaign and ad.
 */
export function attributeJourneys(journeys: readonly Journey[], options: JourneyOptions): JourneyAttribution {
  const { conversions, markov } = creditJourneys(journeys, options);
  return { model: options.model, conversions, ...aggregate(conversions), ...(markov ? { markov } : {}) };
}

/**
 * Steps 1–3 of `attributeJourneys`: each conversion's touch credits (and Markov's details),
 * without the totals by channel, campaign and ad (for callers that sum the credits their own way).
 *
 * @example
 * creditJourneys([{ conversion: { id: 'o1', ts: 0, value: 10 }, touches: [] }], { model: 'linear' }).conversions[0].touches[0].channel // '(none)'
 */
export function creditJourneys(journeys: readonly Journey[], options: JourneyOptions): Pick<JourneyAttribution, 'conversions' | 'markov'> {
  const { model } = options;
  const window = resolveWindow(options, model === 'markov' ? 'collapse' : 'keep');
  const rule = resolveRuleOptions(options);
  const halfLifeDays = options.halfLifeDays ?? window.lookbackClickDays / 4;
  if (!(halfLifeDays > 0)) throw invalidArgument('halfLifeDays', `halfLifeDays must be positive, got ${halfLifeDays}`);
  const windowed = journeys.map((j) => windowTouches(j, window));

  let shares: Float64Array[];
  let markovDetails: JourneyAttribution['markov'];
  if (model === 'markov' || model === 'shapley') {
    const channelShares = model === 'markov' ? markovShares(journeys, windowed, options) : undefined;
    markovDetails = channelShares?.details;
    shares = windowed.map((touches, j) => {
      const channels = distinctChannels(touches);
      const perChannel = channelShares ? channelShares.shares[j] : channels.map(() => 1 / channels.length);
      return spreadOverTouches(touches, channels, perChannel);
    });
  } else {
    shares = windowed.map((touches, j) => {
      const convTs = toMillis(journeys[j].conversion.ts, `conversion ${journeys[j].conversion.id}`);
      const halfLives = touches.map((t) => (convTs - t.ts) / DAY_MS / halfLifeDays);
      const w = ruleWeights(model, touches.map((t) => t.channel), rule, halfLives);
      for (let i = 0; i < w.length; i++) w[i] *= touches[i].weight;
      return normaliseOrEqual(w);
    });
  }

  const conversions: ConversionCredit[] = journeys.map((j, k) => creditConversion(j, windowed[k], shares[k]));
  return { conversions, ...(markovDetails ? { markov: markovDetails } : {}) };
}

function markovShares(journeys: readonly Journey[], windowed: WindowedTouch[][], options: JourneyOptions) {
  const rows: PathRow[] = windowed.map((touches, j) => ({
    path: touches.map((t) => t.channel),
    conversions: 1,
    value: journeys[j].conversion.value,
    nulls: 0,
  }));
  for (const path of options.nonConverting ?? []) if (path.length > 0) rows.push({ path, conversions: 0, value: 0, nulls: 1 });
  const result = attributeMarkov(aggregatePaths(rows), { order: options.order ?? 1 });
  const index = new Map(result.channels.map((c, i) => [c.channel, i]));
  const members = windowed.map((touches) => distinctChannels(touches).map((c) => index.get(c)!));
  const prior = result.removal_effects.map((r) => r.conversions);
  const target = result.channels.map((c) => c.conversions);
  const fit = fitShares(members, result.channels.length, prior, target);
  return {
    shares: fit.shares,
    details: { order: result.order, states: result.states, removal_effects: result.removal_effects, channel_totals: result.channels, fit_gap: fit.gap },
  };
}

function distinctChannels(touches: readonly WindowedTouch[]): string[] {
  return [...new Set(touches.map((t) => t.channel))];
}

/** Gives each channel's share to its touches, in proportion to their kind weights. */
function spreadOverTouches(touches: readonly WindowedTouch[], channels: readonly string[], perChannel: readonly number[]): Float64Array {
  const weightOf = new Map<string, number>();
  for (const t of touches) weightOf.set(t.channel, (weightOf.get(t.channel) ?? 0) + t.weight);
  const shareOf = new Map(channels.map((c, i) => [c, perChannel[i]]));
  const w = new Float64Array(touches.length);
  touches.forEach((t, i) => {
    const total = weightOf.get(t.channel)!;
    const count = touches.filter((u) => u.channel === t.channel).length;
    w[i] = shareOf.get(t.channel)! * (total > 0 ? t.weight / total : 1 / count);
  });
  return normaliseOrEqual(w);
}

function normaliseOrEqual(w: Float64Array): Float64Array {
  let sum = 0;
  for (const x of w) sum += x;
  if (!(sum > 0)) return w.fill(1 / w.length);
  for (let i = 0; i < w.length; i++) w[i] /= sum;
  return w;
}

/** Turns shares into touch credits; the last touch with a share takes the remainder so sums are exact. */
function creditConversion(journey: Journey, touches: readonly WindowedTouch[], shares: Float64Array): ConversionCredit {
  const value = journey.conversion.value;
  const credits: TouchCredit[] = [];
  let last = -1;
  for (let i = 0; i < touches.length; i++) if (shares[i] > 0) last = i;
  let creditSoFar = 0;
  let valueSoFar = 0;
  for (let i = 0; i < touches.length; i++) {
    if (shares[i] <= 0) continue;
    const t = touches[i];
    const credit = i === last ? 1 - creditSoFar : shares[i];
    const v = i === last ? value - valueSoFar : shares[i] * value;
    creditSoFar += credit;
    valueSoFar += v;
    credits.push({ channel: t.channel, campaign: t.campaign, ad: t.ad, ts: t.ts, kind: t.kind, credit, value: v });
  }
  return { conversion_id: journey.conversion.id, ts: toMillis(journey.conversion.ts, `conversion ${journey.conversion.id}`), value, touches: credits };
}

/** Sums touch credits by channel, by (channel, campaign) and by (channel, campaign, ad), in order of first appearance. */
export function aggregate(conversions: readonly ConversionCredit[]) {
  const byChannel = new Map<string, ChannelCredit>();
  const byCampaign = new Map<string, CampaignCredit>();
  const byAd = new Map<string, AdCredit>();
  let totalConv = 0;
  let totalValue = 0;
  for (const c of conversions) {
    totalConv += 1;
    totalValue += c.value;
    for (const t of c.touches) {
      add(byChannel, t.channel, { channel: t.channel, conversions: 0, value: 0 }, t);
      add(byCampaign, `${t.channel}\u0000${t.campaign}`, { channel: t.channel, campaign: t.campaign, conversions: 0, value: 0 }, t);
      add(byAd, `${t.channel}\u0000${t.campaign}\u0000${t.ad}`, { channel: t.channel, campaign: t.campaign, ad: t.ad, conversions: 0, value: 0 }, t);
    }
  }
  return {
    by_channel: [...byChannel.values()],
    by_campaign: [...byCampaign.values()],
    by_ad: [...byAd.values()],
    totals: { conversions: totalConv, value: totalValue },
  };
}

function add<T extends ChannelCredit>(map: Map<string, T>, key: string, empty: T, t: TouchCredit): void {
  let row = map.get(key);
  if (!row) map.set(key, (row = empty));
  row.conversions += t.credit;
  row.value += t.value;
}
