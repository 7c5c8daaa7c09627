import type { CalendarBuckets, MonthStart } from '../../metrics/calendar-buckets.js';
import type { KpiDimension } from '../../metrics/kpi-query.js';

/**
 * The KPI dimensions, defined once for every engine (Cube's way: one meaning, and an engine
 * expression only where SQL dialects differ). A dimension is either an attribute of a fact's
 * rows (the channel, campaign, … a session or credited touch carries; spend rows carry only
 * channel, campaign and ad) or a time bucket of the row's local date in the workspace calendar.
 * Each engine's KPI builder gives a `KpiDialect` (how it writes dates and missing values) and,
 * per fact, `FactColumns` (how that fact's rows are read); the SQL of a dimension comes from here.
 */

/** What a fact's rows are: spend rows (ad platforms), sessions, or touches (tracked clicks, credited leads and sales). */
export type FactSource = 'spend' | 'session' | 'touch';

/** How one fact's rows are read in an engine's query. */
export interface FactColumns {
  source: FactSource;
  /** The row's own column `name` (channel, campaign, …), e.g. `se.channel` on DuckDB, `s_channel` on ClickHouse. */
  column(name: string): string;
  /** The row's local date in the workspace time zone (spend rows carry the platform's date). */
  localDate: string;
}

/** The expressions that differ between engines. */
export interface KpiDialect {
  /** The literal of a key a row does not have (DuckDB NULL, ClickHouse ''). */
  readonly none: string;
  /** `expr`, or '(not set)' when it is null. */
  orNotSet(expr: string): string;
  /** YYYY-MM-DD of a date. */
  dayKey(date: string): string;
  /** YYYY-MM-DD of the first day of the date's week, weeks starting on ISO day `weekStart` (Monday 1 … Sunday 7). */
  weekKey(date: string, weekStart: number): string;
  /** The date's month: YYYY-MM (Gregorian, `months` null), else the key of the latest month start not after it. */
  monthKey(date: string, months: MonthStart[] | null): string;
}

type Meaning =
  /**
   * An attribute of the rows: `onSpend`, spend rows carry it too; `carries`, the keys its rows also
   * name (an ad is keyed by channel, campaign and ad); `direct`, its value in a sale or lead
   * without a touch in the lookback window (credited to direct; null: none).
   */
  | { kind: 'attribute'; onSpend: boolean; carries: ('channel' | 'campaign')[]; direct: string | null }
  | { kind: 'time'; key: (d: KpiDialect, date: string, buckets: CalendarBuckets) => string };

const attribute = (onSpend: boolean, direct: string | null, carries: ('channel' | 'campaign')[] = []): Meaning => ({ kind: 'attribute', onSpend, carries, direct });

/** Every dimension a KPI report can be grouped by (`kpiDimensions`), and what it means. */
export const kpiDimensionMeanings: Record<KpiDimension, Meaning> = {
  channel: attribute(true, 'direct'),
  campaign: attribute(true, '(not set)', ['channel']),
  ad: attribute(true, '(not set)', ['channel', 'campaign']),
  source_medium: attribute(false, '(direct) / (none)'),
  landing_page: attribute(false, null),
  country: attribute(false, null),
  device: attribute(false, null),
  day: { kind: 'time', key: (d, date) => d.dayKey(date) },
  week: { kind: 'time', key: (d, date, b) => d.weekKey(date, b.weekStart) },
  month: { kind: 'time', key: (d, date, b) => d.monthKey(date, b.months) },
};

/**
 * The source / medium of a raw event row, per engine ("google / cpc", "facebook.com / referral",
 * "(direct) / (none)"): the UTM source, else the referrer's host, else (direct); the UTM medium,
 * else organic for organic search, referral when there is a referrer, else (none).
 */
export const sourceMediumSql = {
  duckdb: `coalesce(utm_source, regexp_extract(referrer, '^https?://(?:www\\.)?([^/:?#]+)', 1), '(direct)') || ' / ' ||
  coalesce(utm_medium, CASE WHEN channel = 'organic_search' THEN 'organic' WHEN referrer IS NOT NULL AND referrer <> '' THEN 'referral' ELSE '(none)' END)`,
  clickhouse: `concat(
  ifNull(utm_source, if(isNull(referrer), '(direct)', extract(assumeNotNull(referrer), '^https?://(?:www\\\\.)?([^/:?#]+)'))),
  ' / ',
  ifNull(utm_medium, multiIf(channel = 'organic_search', 'organic', ifNull(referrer, '') != '', 'referral', '(none)')))`,
} as const;

/**
 * The attributes a credited sale or lead takes from its last non-direct touch, in this order, and
 * what it gets without one in the lookback window (the engine prints the value; null: none).
 */
export const creditedAttributes: readonly { name: KpiDimension; direct: string | null }[] = Object.entries(kpiDimensionMeanings).flatMap(([name, m]) =>
  m.kind === 'attribute' ? [{ name: name as KpiDimension, direct: m.direct }] : [],
);

/** The dimension's value (text) in a fact's rows, or null where the fact has none (spend rows have no country). */
export function dimensionSql(d: KpiDialect, f: FactColumns, by: KpiDimension, buckets: CalendarBuckets): string | null {
  const m = kpiDimensionMeanings[by];
  if (m.kind === 'time') return m.key(d, f.localDate, buckets);
  if (f.source === 'spend') return m.onSpend ? f.column(by) : null;
  return d.orNotSet(f.column(by));
}

/** The channel a row names besides its key (campaign and ad rows), else `none`. */
export function rowChannelSql(d: KpiDialect, f: FactColumns, by: KpiDimension | null): string {
  return by && carries(by, 'channel') ? f.column('channel') : d.none;
}

/** The campaign a row names besides its key (ad rows: one ad name in two campaigns is two rows), else `none`. */
export function rowCampaignSql(d: KpiDialect, f: FactColumns, by: KpiDimension | null, buckets: CalendarBuckets): string {
  return by && carries(by, 'campaign') ? dimensionSql(d, f, 'campaign', buckets)! : d.none;
}

/**
 * Whether the rows by `by` do not say their channel, so the facts are also summed per channel:
 * the report's `totals.paid` needs each channel's spend, without a second query.
 */
export function alsoPerChannel(by: KpiDimension | null): boolean {
  return by !== 'channel' && !(by && carries(by, 'channel'));
}

function carries(by: KpiDimension, key: 'channel' | 'campaign'): boolean {
  const m = kpiDimensionMeanings[by];
  return m.kind === 'attribute' && m.carries.includes(key);
}
