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
 * Additive base measures. Money is a decimal string in the workspace currency;
 * everything else is a count. Derived metrics (CPA, ROAS, …) come from the registry.
 */
export interface BaseMeasures {
  spend: string;
  impressions: number;
  clicks: number;
  /** Distinct click ids of tracked clicks: tracking-link clicks, click events and postbacks' click ids. */
  tracked_clicks: number;
  sessions: number;
  unique_visitors: number;
  page_views: number;
  session_seconds: number;
  bounces: number;
  leads: number;
  mqls: number;
  sqls: number;
  opportunities: number;
  won: number;
  conversions: number;
  new_customers: number;
  revenue: string;
  /** Revenue of unverified sales (browser and write-key conversions), always apart; part of `revenue` only when revenue_sources is `all` (issue 12 #1). */
  revenue_unverified: string;
}

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
}

export function emptyMeasures(): BaseMeasures {
  return {
    spend: '0',
    impressions: 0,
    clicks: 0,
    tracked_clicks: 0,
    sessions: 0,
    unique_visitors: 0,
    page_views: 0,
    session_seconds: 0,
    bounces: 0,
    leads: 0,
    mqls: 0,
    sqls: 0,
    opportunities: 0,
    won: 0,
    conversions: 0,
    new_customers: 0,
    revenue: '0',
    revenue_unverified: '0',
  };
}
