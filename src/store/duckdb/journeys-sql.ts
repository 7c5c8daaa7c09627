import { baseCtesSql, localDays } from './kpi-sql.js';

/**
 * Journeys for attribution: per conversion in the instants [$from_ts, $to_ts) of the
 * workspace's local days (`rangeSqlParams`), the person's touches
 * within $lookback days before it (session starts, clicks, and impressions as
 * view touches), as a JSON list; optionally the touches of people who did not convert.
 * A session's touch is its first page view (by time, then event id), whenever the range's reading starts, and a sale's
 * person and value are those of the whole history, whenever the range ends (issue 14: as the
 * journey rollups keep them, `journey-rollups/`; as the KPIs count them).
 */
export function journeysSql(includeNonConverting: boolean): string {
  // Touches of the same instant in the order of their attributes, as ClickHouse's arraySort of the touch tuples and the journey rollups.
  const touchOrder = 't.ts, t.channel, t.campaign, t.ad, t.kind';
  const touchJson = `to_json(list({'ts': strftime(t.ts, '%Y-%m-%dT%H:%M:%S.%gZ'), 'channel': t.channel, 'campaign': t.campaign, 'ad': t.ad, 'kind': t.kind} ORDER BY ${touchOrder}))`;
  const nonConverting = includeNonConverting
    ? `UNION ALL
       SELECT t.person, NULL AS conv_key, NULL AS conv_ts, NULL AS value, ${touchJson} AS touches
       FROM touch_events t
       WHERE t.ts >= $from_ts::TIMESTAMP AND t.ts < $to_ts::TIMESTAMP AND t.person NOT IN (SELECT person FROM conv_range)
       GROUP BY t.person`
    : '';
  return `WITH ${baseCtesSql(localDays, 'counted', null, true)},
    touch_events AS (
      SELECT person, ts, channel, coalesce(utm_campaign, '(not set)') AS campaign, coalesce(utm_content, '(not set)') AS ad,
        CASE WHEN type = 'impression' THEN 'view' ELSE 'click' END AS kind
      FROM ev WHERE type IN ('click', 'impression') AND ts >= $from_ts::TIMESTAMP - to_days($lookback::INTEGER)
      UNION ALL
      SELECT * FROM (
        SELECT person, ts, channel, coalesce(utm_campaign, '(not set)'), coalesce(utm_content, '(not set)'), 'click'
        FROM ev WHERE type = 'page_view'
        QUALIFY session_id IS NULL OR row_number() OVER (PARTITION BY session_id ORDER BY ts, id) = 1
      ) WHERE ts >= $from_ts::TIMESTAMP - to_days($lookback::INTEGER)
    ),
    conv_range AS (SELECT key, person, ts, value FROM conv_money WHERE ts >= $from_ts::TIMESTAMP AND ts < $to_ts::TIMESTAMP),
    journeys AS (
      SELECT any_value(c.person) AS person, c.key AS conv_key, strftime(any_value(c.ts), '%Y-%m-%dT%H:%M:%S.%gZ') AS conv_ts,
        any_value(c.value)::DOUBLE AS value,
        CASE WHEN count(t.ts) = 0 THEN NULL ELSE ${touchJson.replace(`ORDER BY ${touchOrder}))`, `ORDER BY ${touchOrder}) FILTER (WHERE t.ts IS NOT NULL))`)} END AS touches
      FROM conv_range c
      LEFT JOIN touch_events t ON t.person = c.person AND t.ts <= c.ts AND t.ts >= c.ts - to_days($lookback::INTEGER)
      GROUP BY c.key
      ${nonConverting}
    )
    SELECT * FROM journeys ORDER BY conv_ts NULLS LAST, person`;
}
