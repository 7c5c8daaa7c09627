import { baseCtesSql, localDays, localTime } from '../kpi-sql.js';

/** Spend, conversions and revenue per local day and channel (conversions credited last non-direct click). */
export function channelDailySql(timezone = 'UTC', revenueSources: 'verified' | 'all' | null = null): string {
  return `WITH ${baseCtesSql(localDays, 'counted', revenueSources)},
    ${spendAndSalesByDay(timezone, 'conv')}`;
}

/**
 * The CTEs and select after a query's own sales CTE (`sales`: rows with ts, channel, value): spend per
 * day and channel in the base currency, the sales per local day and channel, joined by day and channel.
 */
export function spendAndSalesByDay(timezone: string, sales: string): string {
  return `spend_days AS (
      SELECT s.date AS day, s.channel,
        sum(CASE WHEN s.currency = $base THEN s.cost ELSE s.cost * coalesce(r.rate, f.rate) END) AS spend
      FROM (SELECT *, date::TIMESTAMP AS day_ts FROM spend WHERE workspace_id = $ws AND date BETWEEN $from::DATE AND $to::DATE) s
      ASOF LEFT JOIN rates_ts r ON s.currency = r.currency AND s.day_ts >= r.since
      LEFT JOIN first_rate f ON f.currency = s.currency
      GROUP BY ALL
    ),
    conv_days AS (
      SELECT ${localTime('ts', timezone)}::DATE AS day, channel, count(*) AS conversions, sum(value) AS revenue FROM ${sales} GROUP BY ALL
    )
    SELECT strftime(coalesce(s.day, c.day), '%Y-%m-%d') AS date, coalesce(s.channel, c.channel) AS channel,
      coalesce(s.spend, 0)::DECIMAL(38,6)::VARCHAR AS spend, coalesce(c.conversions, 0)::DOUBLE AS conversions,
      coalesce(c.revenue, 0)::DECIMAL(38,6)::VARCHAR AS revenue
    FROM spend_days s FULL OUTER JOIN conv_days c ON s.day = c.day AND s.channel = c.channel
    ORDER BY date, channel`;
}
