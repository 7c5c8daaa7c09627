import { gregorianBuckets, type CalendarBuckets } from '../../../metrics/calendar-buckets.js';
import { kpiDimensionMeanings, alsoPerChannel, dimensionSql, type FactColumns } from '../../meanings/kpi-dimensions.js';
import { kpiMeasureNames } from '../../meanings/kpi-measures.js';
import type { KpiDimension } from '../../../metrics/kpi-query.js';
import { creditedColumns, factSelect, kpiFactsOver, revModeCte, rollupDialect } from '../kpi-sql.js';
import { saleValueColumns } from '../credits/credit-columns-sql.js';

/** The daily rows (`rollup_daily`) of the range's local days. */
const dailyOf = (where: string) => `(SELECT * FROM rollup_daily WHERE workspace_id = $ws AND local_day BETWEEN $from::DATE AND $to::DATE AND ${where})`;
const daily = (alias: string, source: 'session' | 'touch'): FactColumns => ({ source, column: (name) => `${alias}.${name}`, localDate: `${alias}.local_day` });

/**
 * Unique visitors by `by`, in total and per channel (`rollup-daily-sql.ts`, `rollup_uv`): a
 * visitor-day counts when it is the visitor's first day of the row's value in the range, or (rows
 * by a time bucket) in its bucket. The rows' keys are those the session fact's GROUPING SETS give.
 */
function uniqueVisitorsSql(by: KpiDimension | null, buckets: CalendarBuckets): string[] {
  const firstInRange = '(u.prev_day IS NULL OR u.prev_day < $from::DATE)';
  const cols = kpiMeasureNames.map((m) => `${m === 'unique_visitors' ? 'sum(u.visitors)' : '0'} AS ${m}`).join(', ');
  const select = (isTotal: boolean, isChannel: boolean, key: string, channel: string, campaign: string, dim: string, counted: string) =>
    `SELECT ${isTotal} AS is_total, ${isChannel} AS is_channel, (${key})::VARCHAR AS key, ${channel}::VARCHAR AS channel, ${campaign}::VARCHAR AS campaign, ${cols}
    FROM rollup_uv u WHERE u.workspace_id = $ws AND u.dim = '${dim}' AND u.local_day BETWEEN $from::DATE AND $to::DATE AND ${counted}
    GROUP BY ALL`;
  const parts = [select(true, false, 'NULL', 'NULL', 'NULL', 'all', firstInRange)];
  if (by && kpiDimensionMeanings[by].kind === 'time') {
    const bucket = (date: string) => dimensionSql(rollupDialect, { source: 'session', column: (c) => `u.${c}`, localDate: date }, by, buckets)!;
    parts.push(select(false, false, bucket('u.local_day'), 'NULL', 'NULL', 'all', `(${firstInRange.slice(1, -1)} OR ${bucket('u.prev_day')} <> ${bucket('u.local_day')})`));
  } else if (by) {
    // As `dimensionSql` of a session's attribute; campaign rows carry their channel, ad rows their channel and campaign (stored with the key).
    parts.push(select(false, false, `coalesce(u.key, '(not set)')`, by === 'campaign' || by === 'ad' ? 'u.channel' : 'NULL', by === 'ad' ? 'u.campaign' : 'NULL', by, firstInRange));
  }
  if (alsoPerChannel(by)) parts.push(select(false, true, 'u.key', 'NULL', 'NULL', 'channel', firstInRange));
  return parts;
}

/**
 * The KPI fact query over the rollups (`rollup-sql.ts`, `rollup-daily-sql.ts`): the same facts,
 * measures and result rows as `kpiFactsSql`. Sessions and tracked clicks are summed from their
 * daily rows, unique visitors from `rollup_uv`, and sales and leads read one row each: they are
 * valued with the rates and credited with the lookback at read time, so neither needs a rebuild
 * when they change. Parameters as `kpiFactsSql` (`kpiSqlParams`).
 */
export function kpiRollupSql(by: KpiDimension | null, timezone = 'UTC', revenueSources: 'verified' | 'all' | null = null, buckets: CalendarBuckets = gregorianBuckets): string {
  // Without an explicit setting, `verified` once the workspace has a verified source (kept by the refresh).
  const revMode = revenueSources
    ? revModeCte(revenueSources)
    : `rev_mode AS (SELECT CASE WHEN (SELECT has_verified FROM rollup_state WHERE workspace_id = $ws) THEN 'verified' ELSE 'all' END AS mode)`;
  const ctes = `${revMode},
    rates_ts AS (SELECT currency, date::TIMESTAMP AS since, rate FROM rates WHERE workspace_id = $ws),
    rates_iv AS (SELECT *, coalesce(lead(since) OVER (PARTITION BY currency ORDER BY since), 'infinity'::TIMESTAMP) AS until FROM rates_ts),
    first_rate AS (SELECT currency, arg_min(rate, date) AS rate FROM rates WHERE workspace_id = $ws GROUP BY currency),
    credited AS MATERIALIZED (
      SELECT r.is_sale, r.ts, r.is_new, r.mql_at, r.sql_at, r.opportunity_at, r.customer_at, r.verified,
        r.verified OR (SELECT mode FROM rev_mode) = 'all' AS counted, ${saleValueColumns('r', 'x', 'f')},
        ${creditedColumns('r', 'r', 'r.touch_ts')}
      FROM (SELECT * FROM rollup_credits WHERE workspace_id = $ws AND (NOT is_sale OR (ts >= $from_ts::TIMESTAMP AND ts < $to_ts::TIMESTAMP))) r
      -- The rate in force at the sale (as the full query's ASOF join; a hash join on the currency, then the interval, is cheaper on few rows).
      LEFT JOIN rates_iv x ON r.currency = x.currency AND r.ts >= x.since AND r.ts < x.until
      LEFT JOIN first_rate f ON f.currency = r.currency
    )`;
  const sessions = { sessions: 'sum(se.sessions)', page_views: 'sum(se.page_views)', session_seconds: 'sum(se.session_ms) / 1000', bounces: 'sum(se.bounces)' };
  const visits = [
    factSelect(by, buckets, daily('se', 'session'), dailyOf('sessions > 0'), 'se', sessions, 'TRUE', rollupDialect),
    factSelect(by, buckets, daily('tk', 'touch'), dailyOf('tracked > 0'), 'tk', { tracked_clicks: 'sum(tk.tracked)' }, 'TRUE', rollupDialect),
    ...uniqueVisitorsSql(by, buckets),
  ];
  return kpiFactsOver(ctes, by, timezone, buckets, visits);
}
