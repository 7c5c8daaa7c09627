import { creditedColumns, localTime, revModeCte } from '../kpi-sql.js';
import { saleValueColumns } from '../credits/credit-columns-sql.js';
import { spendAndSalesByDay } from './channel-daily-sql.js';

/**
 * Every sale of the whole history with its person, local day and value in the base currency, and
 * for each person's first sale the channel and campaign that acquired them, read from the KPI
 * rollups' credits (`../rollups/rollup-sql.ts`: one row per sale, its stitched person, whether it is
 * the person's first and its candidate touch, kept up at ingestion) instead of stitching the
 * events again (issue 14). The same rows as `customerTransactionsSql` over the whole history, in
 * the same order (time, then key), and the same acquisition as `customerProfilesSql`'s
 * `acq_channel`, `acq_campaign` and `acq_date`:
 *
 * - which sales count: the workspace's `revenue_sources` (`revenueSources`; unset: `verified` once
 *   the workspace has a verified source, which the refresh keeps in `rollup_state`);
 * - a sale's value: its amount at the rate in force at the sale (else the currency's first rate);
 * - the first sale: the credits' `is_new` is taken over every sale, the first verified one when
 *   there is any; among the counted sales that is the same row (in `verified` mode only verified
 *   sales count, in `all` mode every sale does);
 * - the acquisition: the latest touch at or before the first sale, within `$lookback` days, else
 *   `direct` / `(not set)`.
 *
 * Parameters: $ws, $base (the workspace currency), $lookback (days).
 */
export function customerSalesRollupSql(timezone: string, revenueSources: 'verified' | 'all' | null): string {
  return `WITH ${countedSalesCtes(revenueSources, 'TRUE')}
    SELECT person AS customer_id, strftime(${localTime('ts', timezone)}, '%Y-%m-%d') AS date, value::DOUBLE AS amount, key AS order_id,
      CASE WHEN is_new THEN channel END AS acq_channel, CASE WHEN is_new THEN campaign END AS acq_campaign
    FROM sales ORDER BY ts, key`;
}

/**
 * `rev_mode` (which sales count) from the workspace's `revenue_sources` (`revenueSources`), unset:
 * `verified` once the workspace has a verified source, which the rollups' refresh keeps in
 * `rollup_state` (as `revModeCte(null)` finds it in the orders, leads and events).
 */
export function rollupRevModeCte(revenueSources: 'verified' | 'all' | null): string {
  return revenueSources
    ? revModeCte(revenueSources)
    : `rev_mode AS (SELECT CASE WHEN (SELECT has_verified FROM rollup_state WHERE workspace_id = $ws) THEN 'verified' ELSE 'all' END AS mode)`;
}

/**
 * The counted sales of the rollups' credits matching `where` (over the credits' columns), valued
 * and credited (`sales`: key, person, ts, is_new, value, unconverted and the credited attributes),
 * as `customerSalesRollupSql` describes; with the rate CTEs (`rates_ts`, `first_rate`) spend needs.
 */
function countedSalesCtes(revenueSources: 'verified' | 'all' | null, where: string): string {
  return `${rollupRevModeCte(revenueSources)},
    rates_ts AS (SELECT currency, date::TIMESTAMP AS since, rate FROM rates WHERE workspace_id = $ws),
    rates_iv AS (SELECT *, lead(since) OVER (PARTITION BY currency ORDER BY since) AS until FROM rates_ts),
    first_rate AS (SELECT currency, arg_min(rate, date) AS rate FROM rates WHERE workspace_id = $ws GROUP BY currency),
    sales AS (
      SELECT r.key, r.person, r.ts, r.is_new, ${saleValueColumns('r', 'x', 'f')}, ${creditedColumns('r', 'r', 'r.touch_ts')}
      FROM (SELECT * FROM rollup_credits WHERE workspace_id = $ws AND is_sale AND (verified OR (SELECT mode FROM rev_mode) = 'all') AND ${where}) r
      LEFT JOIN rates_iv x ON r.currency = x.currency AND r.ts >= x.since AND (x.until IS NULL OR r.ts < x.until)
      LEFT JOIN first_rate f ON f.currency = r.currency
    )`;
}

/**
 * `channelDailySql` over the rollups (issue 14): spend per day and channel as there, and the
 * counted sales of the instants [$from_ts, $to_ts) per local day and credited channel from the
 * credits (people stitched over the whole history, as the KPIs count them) instead of the events.
 * Parameters as `channelDailySql` (`kpiSqlParams`).
 */
export function channelDailyRollupSql(timezone: string, revenueSources: 'verified' | 'all' | null): string {
  return `WITH ${countedSalesCtes(revenueSources, 'ts >= $from_ts::TIMESTAMP AND ts < $to_ts::TIMESTAMP')},
    ${spendAndSalesByDay(timezone, 'sales')}`;
}

/**
 * People, buyers, orders and revenue of the buyers matching `where` (a segment's rules compiled
 * over `p.orders`, `p.revenue` and `p.acq_channel` only, that no one without a sale matches: see
 * `segmentNeeds`), from the rollups' credits instead of the events (issue 14: a segment's live
 * count): per person the counted sales, their value and the channel of the first, as
 * `customerSalesRollupSql` reads them, so as `segmentStatsSql` answers over the whole history.
 * Parameters: $ws, $base, $lookback and the rules' own.
 */
export function segmentStatsRollupSql(revenueSources: 'verified' | 'all' | null, where: string): string {
  return `WITH ${countedSalesCtes(revenueSources, 'TRUE')},
    people AS (
      SELECT person, count(*) AS orders, sum(value) AS revenue, any_value(channel) FILTER (WHERE is_new) AS acq_channel
      FROM sales GROUP BY person
    )
    SELECT count(*)::DOUBLE AS people, (count(*) FILTER (WHERE p.orders > 0))::DOUBLE AS buyers,
      coalesce(sum(p.orders), 0)::DOUBLE AS orders, coalesce(sum(p.revenue), 0)::DOUBLE AS revenue
    FROM people p WHERE ${where}`;
}
