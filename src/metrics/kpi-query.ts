/** What a KPI report asks the store for, and the additive facts the store answers with. */
import type { CalendarKind } from './calendar-buckets.js';

export const kpiDimensions = [
  'channel',
  'campaign',
  'ad',
  'source_medium',
  'landing_page',
  'country',
  'device',
  'day',
  'week',
  'month',
] as const;
export type KpiDimension = (typeof kpiDimensions)[number];

export interface KpiQuery {
  /** Group rows by this dimension; null for totals only. */
  by: KpiDimension | null;
  /** Inclusive dates, YYYY-MM-DD. */
  from: string;
  to: string;
  /** Lookback window of the last-non-direct-click credit, in days. */
  lookbackDays: number;
  /** Week start and month buckets (default gregorian: weeks from Monday, Gregorian months). */
  calendar?: CalendarKind;
}

/**
 * Additive base measures and their units, in report order: `money` is a decimal string in the
 * workspace currency, `count` a number. Derived metrics (CPA, ROAS, …) come from the registry;
 * each store computes these from its engine's expressions (src/store/meanings/kpi-measures.ts).
 */
export const baseMeasureUnits = {
  spend: 'money',
  impressions: 'count',
  clicks: 'count',
  /** Distinct click ids of tracked clicks: tracking-link clicks, click events and postbacks' click ids. */
  tracked_clicks: 'count',
  sessions: 'count',
  unique_visitors: 'count',
  page_views: 'count',
  session_seconds: 'count',
  bounces: 'count',
  leads: 'count',
  mqls: 'count',
  sqls: 'count',
  opportunities: 'count',
  won: 'count',
  conversions: 'count',
  new_customers: 'count',
  revenue: 'money',
  /** Revenue of unverified sales (browser and write-key conversions), always apart; part of `revenue` only when revenue_sources is `all` (issue 12 #1). */
  revenue_unverified: 'money',
} as const;

/** The base measures of one row of facts (see `baseMeasureUnits`). */
export type BaseMeasures = { -readonly [K in keyof typeof baseMeasureUnits]: (typeof baseMeasureUnits)[K] extends 'money' ? string : number };

export interface KpiFactRow {
  key: string;
  /** For campaign and ad rows, the channel they belong to. */
  channel?: string;
  /** For ad rows, the campaign they belong to: ad rows are keyed by channel, campaign and ad, so one ad name in two campaigns is two rows. */
  campaign?: string;
  measures: BaseMeasures;
}

export interface KpiFacts {
  currency: string;
  rows: KpiFactRow[];
  totals: BaseMeasures;
  /** Per channel (key = channel) when `rows` are by a dimension that does not say it (day, country, …, or none). */
  channels?: KpiFactRow[];
  /** Data problems the numbers carry, e.g. amounts whose currency has no rate. */
  warnings: string[];
  /** When the aggregates the figures come from were last brought up to date with the events (ISO instant); absent when read from the raw events. */
  fresh_as_of?: string;
}

export function emptyMeasures(): BaseMeasures {
  const m: Record<string, string | number> = {};
  for (const [name, unit] of Object.entries(baseMeasureUnits)) m[name] = unit === 'money' ? '0' : 0;
  return m as BaseMeasures;
}
