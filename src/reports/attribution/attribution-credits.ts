/**
 * The fetch and compute steps every store-backed attribution report shares:
 * journeys from the store, one model run on them, credits summed by channel,
 * campaign or ad, and rounding that keeps the sums exact.
 */
import { randomUUID } from 'node:crypto';
import type { AttributionModel } from '../../attribution/index.js';
import type { MetricContext } from '../../metrics/registry.js';
import { addDays, localMidnight } from '../../metrics/time-zone.js';
import { minorDigits } from '../../money/currency.js';
import { AppError } from '../../shared/errors.js';
import { runHeavy } from '../heavy/run.js';
import { packedConversions } from '../../store/packed-journeys.js';
import type { Store } from '../../store/store.js';
import type { Workspace } from '../../records/workspace.js';
import { engineOptions, type AttributionDimension, type ResolvedRange, type ResolvedSettings } from './attribution-options.js';
import { journeysOf, type JourneyCredits, type PackedRead, type StoreJourneys } from '../heavy/journey-jobs.js';

export type { StoreJourneys } from '../heavy/journey-jobs.js';

/**
 * Reads the journeys of a date range, packed for a worker thread: every
 * conversion in it with its person's touches (stitched across devices) within
 * the longer of the two lookback windows, and, when asked, the touches of
 * people who did not convert (windowed back from the range end when unpacked,
 * `journey-jobs.ts`).
 */
export async function readJourneys(store: Store, workspaceId: string, range: ResolvedRange, s: ResolvedSettings, withNonConverting: boolean): Promise<PackedRead> {
  const packed = await store.packedJourneys(workspaceId, {
    from: range.from,
    to: range.to,
    lookbackDays: Math.max(s.lookbackClickDays, Math.ceil(s.lookbackViewDays)),
    includeNonConverting: withNonConverting,
  });
  // The range ends at the local midnight after `to` in the workspace's time zone.
  const end = localMidnight(addDays(range.to, 1), (await store.getWorkspace(workspaceId))?.timezone ?? 'UTC') - 1;
  const window = { lookbackClickDays: s.lookbackClickDays, lookbackViewDays: s.lookbackViewDays, viewWeight: s.viewWeight };
  return { id: randomUUID(), packed, conversions: packedConversions(packed), end, window, withNonConverting };
}

/** The journeys of a date range as the engines take them (`readJourneys`, unpacked here). */
export async function fetchJourneys(store: Store, workspaceId: string, range: ResolvedRange, s: ResolvedSettings, withNonConverting: boolean): Promise<StoreJourneys> {
  return journeysOf(await readJourneys(store, workspaceId, range, s, withNonConverting));
}

/**
 * Runs one model on a read's journeys on a worker thread (issue 12 #7: Markov and Shapley take
 * seconds on a big world, and even a rule's pass over the journeys is more than the event loop
 * should hold); nothing to attribute gives empty credits; a bad option becomes a 400.
 */
export async function runModel(journeys: PackedRead, model: AttributionModel, s: ResolvedSettings): Promise<JourneyCredits> {
  if (journeys.conversions === 0) {
    return { model, by_channel: [], by_campaign: [], by_ad: [], totals: { conversions: 0, value: 0 } };
  }
  return runHeavy('attributePackedJourneys', journeys, engineOptions(model, s));
}

/** Credited conversions and value of one row of a dimension (`key` is the channel, campaign or ad). */
export interface DimensionCredit {
  channel: string;
  /** For ad rows, the campaign the ad ran in (ad rows are keyed by channel, campaign and ad). */
  campaign?: string;
  key: string;
  conversions: number;
  value: number;
}

/** Joins a channel, the campaign of an ad row (when it has one) and a dimension value into one map key. */
export const rowKey = (channel: string, key: string, campaign?: string) =>
  campaign === undefined ? `${channel}\u0000${key}` : `${channel}\u0000${campaign}\u0000${key}`;

/**
 * Credits summed by the dimension: by channel; by (channel, campaign); by
 * (channel, campaign, ad), as the KPI report keys its ad rows (one ad name in
 * two campaigns is two rows). Campaigns and ads the store did not know are
 * `(not set)`, as in the KPI report.
 */
export function creditsBy(result: JourneyCredits, by: AttributionDimension): Map<string, DimensionCredit> {
  const out = new Map<string, DimensionCredit>();
  const add = (channel: string, key: string, conversions: number, value: number, campaign?: string) => {
    const k = rowKey(channel, key, campaign);
    let row = out.get(k);
    if (!row) out.set(k, (row = { channel, ...(campaign === undefined ? {} : { campaign }), key, conversions: 0, value: 0 }));
    row.conversions += conversions;
    row.value += value;
  };
  if (by === 'channel') for (const c of result.by_channel) add(c.channel, c.channel, c.conversions, c.value);
  else if (by === 'campaign') for (const c of result.by_campaign) add(c.channel, c.campaign ?? '(not set)', c.conversions, c.value);
  else for (const c of result.by_ad) add(c.channel, c.ad ?? '(not set)', c.conversions, c.value, c.campaign ?? '(not set)');
  return out;
}

/**
 * Rounds non-negative numbers to `digits` decimals so that they still sum to
 * `total` rounded the same way (largest remainder: the units lost by flooring
 * go to the largest fractional parts, ties to the earlier item).
 *
 * @example apportion([1/3, 1/3, 1/3], 2, 1) // [0.34, 0.33, 0.33]
 */
export function apportion(values: readonly number[], digits: number, total: number): number[] {
  const scale = 10 ** digits;
  const target = Math.round(total * scale);
  const scaled = values.map((v) => v * scale);
  const units = scaled.map((v) => Math.floor(v + 1e-9));
  let missing = target - units.reduce((s, u) => s + u, 0);
  const order = scaled.map((v, i) => ({ i, frac: v - units[i] })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  while (missing > 0 && order.length > 0) {
    for (let k = 0; k < order.length && missing > 0; k++, missing--) units[order[k].i] += 1;
  }
  let progress = true;
  while (missing < 0 && progress) {
    progress = false;
    for (let k = order.length - 1; k >= 0 && missing < 0; k--) {
      if (units[order[k].i] > 0) {
        units[order[k].i] -= 1;
        missing++;
        progress = true;
      }
    }
  }
  return units.map((u) => Number((u / scale).toFixed(digits)));
}

/** Digits conversions are rounded to (credits are shares of a conversion). */
export const CREDIT_DIGITS = 6;

/** The workspace, or 404. */
export async function workspaceOf(store: Store, workspaceId: string): Promise<Workspace> {
  const ws = await store.getWorkspace(workspaceId);
  if (!ws) throw new AppError('not_found', `workspace ${workspaceId} does not exist`);
  return ws;
}

/** Margin and money digits of a workspace, as the KPI registry takes them. */
export function metricContext(ws: Workspace): MetricContext {
  return { margin: Number(ws.margin), moneyDigits: minorDigits(ws.currency) };
}

/** Rounds a money amount to the minor unit, the way `apportion` rounds its total. */
export function roundMoney(amount: number, digits: number): number {
  const scale = 10 ** digits;
  return Number((Math.round(amount * scale) / scale).toFixed(digits));
}

/** Credits rounded with `apportion`: conversions to CREDIT_DIGITS, value to the minor unit, each summing exactly to its rounded total. */
export function roundCredits(credits: readonly DimensionCredit[], conversions: number, value: number, moneyDigits: number): DimensionCredit[] {
  const conv = apportion(credits.map((c) => c.conversions), CREDIT_DIGITS, conversions);
  const val = apportion(credits.map((c) => c.value), moneyDigits, value);
  return credits.map((c, i) => ({ ...c, conversions: conv[i], value: val[i] }));
}
