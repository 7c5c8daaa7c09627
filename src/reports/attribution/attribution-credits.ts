/**
 * What every store-backed attribution report shares: credits by channel,
 * campaign or ad keyed alike, rounding that keeps the sums exact, and the
 * workspace's money context.
 */
import type { MetricContext } from '../../metrics/registry.js';
import { minorDigits } from '../../money/currency.js';
import { AppError } from '../../shared/errors.js';
import type { Store } from '../../store/store.js';
import type { Workspace } from '../../records/workspace.js';

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
 * Rounds non-negative numbers to `digits` decimals so that they still sum to
 * `total` rounded the same way (largest remainder: the units lost by flooring
 * go to the largest fractional parts). Fractional parts within a millionth of
 * a unit are a tie (what sets them apart is the floating-point noise of how
 * each engine summed them), and a tie goes to the item first in `tieOrder`
 * (code-unit order of the strings), else to the earlier item: so every engine
 * and every model that credits the same shares rounds them alike.
 *
 * @example apportion([1/3, 1/3, 1/3], 2, 1) // [0.34, 0.33, 0.33]
 */
export function apportion(values: readonly number[], digits: number, total: number, tieOrder?: readonly string[]): number[] {
  const scale = 10 ** digits;
  const target = Math.round(total * scale);
  const scaled = values.map((v) => v * scale);
  const units = scaled.map((v) => Math.floor(v + 1e-9));
  let missing = target - units.reduce((s, u) => s + u, 0);
  const tie = (a: number, b: number) => (tieOrder && tieOrder[a] !== tieOrder[b] ? (tieOrder[a] < tieOrder[b] ? -1 : 1) : a - b);
  const order = scaled.map((v, i) => ({ i, frac: Math.round((v - units[i]) * 1e6) })).sort((a, b) => b.frac - a.frac || tie(a.i, b.i));
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

/** Credits rounded with `apportion`: conversions to CREDIT_DIGITS, value to the minor unit, each summing exactly to its rounded total; ties go by row key. */
export function roundCredits(credits: readonly DimensionCredit[], conversions: number, value: number, moneyDigits: number): DimensionCredit[] {
  const keys = credits.map((c) => rowKey(c.channel, c.key, c.campaign));
  const conv = apportion(credits.map((c) => c.conversions), CREDIT_DIGITS, conversions, keys);
  const val = apportion(credits.map((c) => c.value), moneyDigits, value, keys);
  return credits.map((c, i) => ({ ...c, conversions: conv[i], value: val[i] }));
}
