import Big from 'big.js';
import type { CalendarKind } from './calendar-buckets.js';
import { computeMetrics, metricsByName, type MetricContext } from './registry.js';
import { emptyMeasures, type BaseMeasures, type KpiDimension, type KpiFacts } from './kpi-query.js';

export type KpiValues = Record<string, number | null>;

/** ROAS, ROI and CPA over the channels that had spend in the range (`totals.paid`). */
export interface PaidTotals {
  spend: number | null;
  revenue: number | null;
  roas: number | null;
  roi: number | null;
  cpa: number | null;
  /** The channels with spend these figures cover, by name. */
  channels: string[];
}

/** Every metric over all rows, plus `paid`: the money figures over the channels with spend. */
export interface KpiTotals {
  [metric: string]: number | null | PaidTotals | undefined;
  paid?: PaidTotals;
}

/** Facts of one channel (a `by=channel` row, or campaign/ad rows summed by their channel). */
export interface ChannelMeasures {
  channel: string;
  measures: BaseMeasures;
}

export interface KpiReport {
  by: KpiDimension | null;
  from: string;
  to: string;
  currency: string;
  attribution: string;
  /** The calendar of week and month rows (`jalali`: weeks from Saturday, months keyed 1405-09). */
  calendar: CalendarKind;
  /** One per dimension value: campaign rows also say their `channel`; ad rows their `channel` and `campaign` (an ad name in two campaigns is two rows). */
  rows: Record<string, string | number | null>[];
  totals: KpiTotals;
  previous?: { from: string; to: string; totals: KpiValues; change: KpiValues };
  warnings: string[];
  /** When the aggregates the figures come from were last brought up to date (the store's watermark), if they come from aggregates. */
  fresh_as_of?: string;
}

/** Turns store facts into the KPI report: derived metrics per row, totals and change against the previous period. */
export function buildKpiReport(input: {
  by: KpiDimension | null;
  from: string;
  to: string;
  facts: KpiFacts;
  previous?: { from: string; to: string; facts: KpiFacts };
  ctx: MetricContext;
  metrics?: string[];
  /** The model that credited the facts' conversions; default last-non-direct (the store's). */
  attribution?: string;
  /** Facts per channel for `totals.paid`; default `channelMeasuresOf(by, facts)`. */
  channels?: ChannelMeasures[];
  calendar?: CalendarKind;
}): KpiReport {
  const { by, facts, ctx, metrics } = input;
  const rows: Record<string, string | number | null>[] = facts.rows.map((row) => ({
    ...(by ? { [by]: row.key } : {}),
    ...(row.channel !== undefined && by !== 'channel' ? { channel: row.channel } : {}),
    ...(row.campaign !== undefined && by === 'ad' ? { campaign: row.campaign } : {}),
    ...computeMetrics(row.measures, ctx, metrics),
  }));
  const sortKey = by === 'day' || by === 'week' || by === 'month' ? null : 'spend';
  // Ties by name, then channel and campaign (one ad name can run in several campaigns).
  const byName = (a: Record<string, unknown>, b: Record<string, unknown>) =>
    String(a[by!]).localeCompare(String(b[by!])) || String(a.channel ?? '').localeCompare(String(b.channel ?? '')) || String(a.campaign ?? '').localeCompare(String(b.campaign ?? ''));
  rows.sort((a, b) =>
    sortKey ? Number(b[sortKey] ?? 0) - Number(a[sortKey] ?? 0) || Number(b.conversions ?? 0) - Number(a.conversions ?? 0) || byName(a, b) : byName(a, b),
  );
  const values = computeMetrics(facts.totals, ctx, metrics);
  const channels = input.channels ?? channelMeasuresOf(by, facts);
  const totals: KpiTotals = channels ? { ...values, paid: paidTotals(channels, ctx) } : values;
  const report: KpiReport = { by, from: input.from, to: input.to, currency: facts.currency, attribution: input.attribution ?? 'last-non-direct', calendar: input.calendar ?? 'gregorian', rows, totals, warnings: [...facts.warnings], ...(facts.fresh_as_of ? { fresh_as_of: facts.fresh_as_of } : {}) };
  if (input.previous) {
    const prevTotals = computeMetrics(input.previous.facts.totals, ctx, metrics);
    report.previous = { from: input.previous.from, to: input.previous.to, totals: prevTotals, change: changeBetween(values, prevTotals) };
  }
  return report;
}

/**
 * Each channel's facts: the rows by channel, campaign or ad summed by their channel, else the
 * store's per-channel facts (`facts.channels`); undefined when neither says it.
 */
export function channelMeasuresOf(by: KpiDimension | null, facts: KpiFacts): ChannelMeasures[] | undefined {
  if (by === 'channel') return facts.rows.map((r) => ({ channel: r.key, measures: r.measures }));
  if (by !== 'campaign' && by !== 'ad') return facts.channels?.map((r) => ({ channel: r.key, measures: r.measures }));
  const sums = new Map<string, BaseMeasures>();
  for (const row of facts.rows) {
    const channel = row.channel ?? '(not set)';
    const acc = sums.get(channel) ?? emptyMeasures();
    acc.spend = new Big(acc.spend).plus(row.measures.spend).toFixed();
    acc.revenue = new Big(acc.revenue).plus(row.measures.revenue).toFixed();
    acc.conversions += row.measures.conversions;
    sums.set(channel, acc);
  }
  return [...sums].map(([channel, measures]) => ({ channel, measures }));
}

/**
 * Spend, revenue, ROAS, ROI and CPA over the channels with spend: revenue credited to
 * channels that cost nothing (direct, organic) is left out, so ROAS reads as what the
 * paid channels returned. Null figures where nothing was spent.
 * @example paidTotals([{ channel: 'paid_search', measures: { spend: '40', revenue: '100', conversions: 1 } }, { channel: 'direct', measures: { spend: '0', revenue: '95', conversions: 3 } }])
 *   // → { spend: 40, revenue: 100, roas: 2.5, roi: 1.5, cpa: 40, channels: ['paid_search'] } (margin 1)
 */
export function paidTotals(channels: ChannelMeasures[], ctx: MetricContext): PaidTotals {
  const paid = emptyMeasures();
  const names: string[] = [];
  for (const { channel, measures } of channels) {
    if (!new Big(measures.spend).gt(0)) continue;
    names.push(channel);
    paid.spend = new Big(paid.spend).plus(measures.spend).toFixed();
    paid.revenue = new Big(paid.revenue).plus(measures.revenue).toFixed();
    paid.conversions += measures.conversions;
  }
  const k = computeMetrics(paid, ctx, ['spend', 'revenue', 'roas', 'roi', 'cpa']);
  return { spend: k.spend, revenue: k.revenue, roas: k.roas, roi: k.roi, cpa: k.cpa, channels: names.sort() };
}

/** Relative change per metric (0.12 = +12%); null when the previous value is 0 or missing. */
export function changeBetween(current: KpiValues, previous: KpiValues): KpiValues {
  const out: KpiValues = {};
  for (const name of Object.keys(current)) {
    const c = current[name];
    const p = previous[name];
    out[name] = c === null || p === null || p === undefined || p === 0 ? null : (c - p) / Math.abs(p);
  }
  return out;
}

/** The period of equal length that ends the day before `from`. */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const day = 86_400_000;
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  const length = Math.round((end - start) / day) + 1;
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: iso(start - length * day), to: iso(start - day) };
}

export function isKnownMetric(name: string): boolean {
  return metricsByName.has(name);
}
