import { gregorianBuckets, type CalendarBuckets } from '../../../metrics/calendar-buckets.js';
import type { KpiDimension } from '../../../metrics/kpi-query.js';
import { creditedColumns, kpiFactsOver, revModeCte, saleValueColumns } from '../kpi-sql.js';

/**
 * The KPI fact query over the rollups (`rollup-sql.ts`): the same facts, measures and result rows
 * as `kpiFactsSql`, read from one row per session, tracked click, sale and lead instead of the
 * events. Sessions and clicks are picked by their stored local day; sales are valued with the
 * rates and credited with the lookback at read time, so neither needs a rebuild when they change.
 * Parameters as `kpiFactsSql` (`kpiSqlParams`).
 */
export function kpiRollupSql(by: KpiDimension | null, timezone = 'UTC', revenueSources: 'verified' | 'all' | null = null, buckets: CalendarBuckets = gregorianBuckets): string {
  // Without an explicit setting, `verified` once the workspace has a verified source (kept by the refresh).
  const revMode = revenueSources
    ? revModeCte(revenueSources)
    : `rev_mode AS (SELECT CASE WHEN (SELECT has_verified FROM rollup_state WHERE workspace_id = $ws) THEN 'verified' ELSE 'all' END AS mode)`;
  const ctes = `${revMode},
    rates_ts AS (SELECT currency, date::TIMESTAMP AS since, rate FROM rates WHERE workspace_id = $ws),
    rates_iv AS (SELECT *, lead(since) OVER (PARTITION BY currency ORDER BY since) AS until FROM rates_ts),
    first_rate AS (SELECT currency, arg_min(rate, date) AS rate FROM rates WHERE workspace_id = $ws GROUP BY currency),
    sess AS (SELECT * FROM rollup_sessions WHERE workspace_id = $ws AND local_day BETWEEN $from::DATE AND $to::DATE),
    tracked AS (SELECT * FROM rollup_clicks WHERE workspace_id = $ws AND local_day BETWEEN $from::DATE AND $to::DATE),
    credited AS MATERIALIZED (
      SELECT r.is_sale, r.ts, r.is_new, r.mql_at, r.sql_at, r.opportunity_at, r.customer_at, r.verified,
        r.verified OR (SELECT mode FROM rev_mode) = 'all' AS counted, ${saleValueColumns('r', 'x', 'f')},
        ${creditedColumns('r', 'r', 'r.touch_ts')}
      FROM (SELECT * FROM rollup_credits WHERE workspace_id = $ws AND (NOT is_sale OR (ts >= $from_ts::TIMESTAMP AND ts < $to_ts::TIMESTAMP))) r
      -- The rate in force at the sale (as the full query's ASOF join; a range join is cheaper on few rows).
      LEFT JOIN rates_iv x ON r.currency = x.currency AND r.ts >= x.since AND (x.until IS NULL OR r.ts < x.until)
      LEFT JOIN first_rate f ON f.currency = r.currency
    )`;
  return kpiFactsOver(ctes, by, timezone, buckets, true);
}
