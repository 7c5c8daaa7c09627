/**
 * Turns the store's channel-day rows into the marketing-mix dataset: one
 * period per calendar day of the range (days without rows count as zero),
 * one spend series per channel that spent anything, and the outcome summed
 * over every channel (organic and direct included: the model explains all
 * demand, the channels only their increment). The outcome `new_customers`
 * counts first purchases per day instead of all sales: media acquires
 * customers, while repeat purchases follow the customer base built up over
 * months and would be read as a media effect wherever spend grows with it.
 */
import Big from 'big.js';
import type { MmmDataset } from '../../budget/index.js';
import type { ChannelDay } from '../../store/store.js';
import { internalError } from '../../shared/errors.js';

export type OutcomeKind = 'conversions' | 'new_customers' | 'revenue';

export interface ChannelSeries {
  dataset: MmmDataset;
  /**
   * Outcome credited to each spend channel by last non-direct click, credited[channel][day]
   * (for new customers: the day's credited conversions times the day's share of first purchases).
   */
  credited: number[][];
  /** Exact spend over the range (decimal string) and per channel. */
  spendTotal: string;
  spendByChannel: Record<string, string>;
}

const dayMs = 86_400_000;

/** Every ISO date from `from` to `to`, inclusive. */
export function eachDay(from: string, to: string): string[] {
  const out: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let ms = Date.parse(`${from}T00:00:00Z`); ms <= end; ms += dayMs) out.push(new Date(ms).toISOString().slice(0, 10));
  return out;
}

/** First purchases per day (the customers core's; kept here for the dataset's callers). */
export { firstPurchasesByDay } from '../../customers/purchases/first-purchases.js';

/**
 * Builds the daily series of a range. Channels are sorted by name; rows
 * outside the range are ignored. `firstPurchases` (from `firstPurchasesByDay`)
 * is required for the `new_customers` outcome.
 * @example
 * channelSeries([{ date: '2026-01-02', channel: 'search', spend: '10', conversions: 2, revenue: '50' }],
 *   { from: '2026-01-01', to: '2026-01-02', outcome: 'conversions' }).dataset
 * // { dates: ['2026-01-01', '2026-01-02'], channels: ['search'], spend: [[0, 10]], outcome: [0, 2] }
 */
export function channelSeries(rows: readonly ChannelDay[], range: { from: string; to: string; outcome: OutcomeKind }, firstPurchases?: ReadonlyMap<string, number>): ChannelSeries {
  if (range.outcome === 'new_customers' && !firstPurchases) throw internalError('channelSeries: the new_customers outcome needs first purchases per day');
  const dates = eachDay(range.from, range.to);
  const index = new Map(dates.map((d, t) => [d, t]));
  const inRange = rows.filter((r) => index.has(r.date));
  const spendByChannel = new Map<string, Big>();
  for (const r of inRange) spendByChannel.set(r.channel, (spendByChannel.get(r.channel) ?? new Big(0)).plus(r.spend));
  const channels = [...spendByChannel].filter(([, total]) => total.gt(0)).map(([name]) => name).sort();
  const column = new Map(channels.map((c, i) => [c, i]));

  const spend = channels.map(() => new Array<number>(dates.length).fill(0));
  const credited = channels.map(() => new Array<number>(dates.length).fill(0));
  const outcome = dates.map(() => new Big(0));
  for (const r of inRange) {
    const t = index.get(r.date)!;
    const value = range.outcome === 'revenue' ? new Big(r.revenue) : new Big(r.conversions);
    outcome[t] = outcome[t].plus(value);
    const c = column.get(r.channel);
    if (c === undefined) continue;
    spend[c][t] += Number(r.spend);
    credited[c][t] += Number(value);
  }
  if (range.outcome === 'new_customers') {
    dates.forEach((date, t) => {
      const sales = Number(outcome[t]);
      const firsts = firstPurchases!.get(date) ?? 0;
      const share = sales > 0 ? Math.min(1, firsts / sales) : 0;
      for (const row of credited) row[t] *= share;
      outcome[t] = new Big(firsts);
    });
  }
  const total = channels.reduce((acc, c) => acc.plus(spendByChannel.get(c)!), new Big(0));
  return {
    dataset: { dates, channels, spend, outcome: outcome.map((v) => Number(v)) },
    credited,
    spendTotal: total.toFixed(),
    spendByChannel: Object.fromEntries(channels.map((c) => [c, spendByChannel.get(c)!.toFixed()])),
  };
}
