import { baseCtes, rangeSqlParams } from './kpi-sql.js';

/**
 * Clicks and credited sales per link slug (see `Store.linkStats`), over the instants
 * [$from_ts, $to_ts) of the workspace's local days (parameters: `linkStatsParams`).
 *
 * A link click is a `click` event whose properties name the `link` and carry the click
 * id as `rl_cid` (what `/c/:slug` records). A sale in the range goes to the link of the
 * person's latest link click at or before it, when that click lies within the lookback
 * window (ties: the greater slug); people are stitched by user id as in the KPIs, and an
 * order or postback carrying the click id belongs to the person who clicked.
 */
export function linkStatsSql(): string {
  return `WITH ${baseCtes},
    link_clicks AS (
      SELECT json_extract_string(properties, '$.link') AS slug, person, anonymous_id, ts
      FROM ev
      WHERE type = 'click' AND click_id IS NOT NULL AND properties LIKE '%rl_cid%'
        AND json_extract_string(properties, '$.rl_cid') = click_id
        AND json_extract_string(properties, '$.link') IS NOT NULL
        AND ts >= $from_ts::TIMESTAMP - to_days($lookback::INTEGER)
    ),
    click_counts AS (
      SELECT slug, count(*) AS clicks, count(DISTINCT anonymous_id) AS unique_clicks
      FROM link_clicks WHERE ts >= $from_ts::TIMESTAMP AND ts < $to_ts::TIMESTAMP GROUP BY slug
    ),
    sale_link AS (
      SELECT c.key, arg_max(l.slug, (l.ts, l.slug)) AS slug, any_value(c.value) AS value
      FROM conv_money c
      JOIN link_clicks l ON l.person = c.person AND l.ts <= c.ts AND l.ts >= c.ts - to_days($lookback::INTEGER)
      WHERE c.ts >= $from_ts::TIMESTAMP AND c.ts < $to_ts::TIMESTAMP
      GROUP BY c.key
    ),
    sale_counts AS (
      SELECT slug, count(*) AS conversions, sum(value) AS revenue FROM sale_link GROUP BY slug
    )
    SELECT coalesce(k.slug, s.slug) AS slug, coalesce(k.clicks, 0)::DOUBLE AS clicks, coalesce(k.unique_clicks, 0)::DOUBLE AS unique_clicks,
      coalesce(s.conversions, 0)::DOUBLE AS conversions, coalesce(s.revenue, 0)::DECIMAL(38,6)::VARCHAR AS revenue
    FROM click_counts k FULL OUTER JOIN sale_counts s ON k.slug = s.slug
    ORDER BY slug`;
}

/** Parameters of `linkStatsSql` for the local days [from, to] of `timeZone` (the shared CTEs read the same instants). */
export function linkStatsParams(q: { ws: string; from: string; to: string; lookbackDays: number; base: string; timeZone: string }): Record<string, string | number> {
  return rangeSqlParams({ ws: q.ws, from: q.from, to: q.to, lookbackDays: q.lookbackDays, base: q.base, timezone: q.timeZone });
}
