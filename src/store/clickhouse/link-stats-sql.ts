import Big from 'big.js';
import type { LinkStatsRow } from '../store.js';
import { convMoney, ev, money18, zero18, type SqlContext } from './base-sql.js';
import type { ClickHouseEventStore } from './clickhouse-event-store.js';

/**
 * Link clicks of the lookback before the range and of the range: `click` events whose
 * properties name the `link` and carry the click id as `rl_cid` (what `/c/:slug` records).
 */
function linkClicks(c: SqlContext): string {
  return `(SELECT visitParamExtractString(assumeNotNull(properties), 'link') AS l_slug, person, anonymous_id, ts AS l_ts
    FROM ${ev(c)}
    WHERE type = 'click' AND isNotNull(click_id) AND ts >= ${c.from - c.lookback}
      AND visitParamExtractString(ifNull(properties, ''), 'link') != ''
      AND visitParamExtractString(ifNull(properties, ''), 'rl_cid') = assumeNotNull(click_id))`;
}

/**
 * Clicks and credited sales per link slug, as the DuckDB adapter's `linkStatsSql`: a sale
 * in the range goes to the link of the person's latest link click at or before it within
 * the lookback window (ties: the greater slug). Rows: slug, clicks, unique_clicks,
 * conversions, revenue (Decimal128(18) text).
 */
export function linkStatsSql(c: SqlContext): string {
  const clicks = `(SELECT l_slug AS slug, count() AS clicks, uniqExact(anonymous_id) AS unique_clicks
    FROM ${linkClicks(c)} WHERE l_ts >= ${c.from} AND l_ts < ${c.to} GROUP BY slug)`;
  const creditedSales = `(SELECT key, argMax(l_slug, (l_ts, l_slug)) AS slug, any(value_text) AS value_text
    FROM (SELECT key, person, ts, toString(value) AS value_text FROM ${convMoney(c)} WHERE ts >= ${c.from}) AS j_l
    ALL INNER JOIN (SELECT person, l_ts, l_slug FROM ${linkClicks(c)}) AS j_r USING person
    WHERE l_ts <= ts AND l_ts >= ts - ${c.lookback}
    GROUP BY key)`;
  const sales = `(SELECT slug, count() AS conversions, sum(toDecimal128(value_text, 18)) AS revenue FROM ${creditedSales} GROUP BY slug)`;
  return `SELECT slug, sum(clicks) AS clicks, sum(unique_clicks) AS unique_clicks, sum(conversions) AS conversions, toString(sum(revenue)) AS revenue
    FROM (
      SELECT slug, clicks, unique_clicks, toUInt64(0) AS conversions, ${zero18} AS revenue FROM ${clicks}
      UNION ALL
      SELECT slug, toUInt64(0) AS clicks, toUInt64(0) AS unique_clicks, conversions, ${money18('revenue')} AS revenue FROM ${sales}
    )
    GROUP BY slug ORDER BY slug`;
}

/** Runs `linkStatsSql` over the local days of `timeZone` (see `Store.linkStats`); revenue rounded to 6 places half up, as DuckDB's cast. */
export async function linkStats(ch: ClickHouseEventStore, workspaceId: string, base: string, timeZone: string, query: { from: string; to: string; lookbackDays: number }): Promise<LinkStatsRow[]> {
  const rows = await ch.query<Record<string, string | number>>(linkStatsSql(ch.ctx(workspaceId, base, query.from, query.to, query.lookbackDays, timeZone)));
  return rows.map((r) => ({
    slug: String(r.slug), clicks: Number(r.clicks), unique_clicks: Number(r.unique_clicks), conversions: Number(r.conversions),
    revenue: new Big(r.revenue === '' || r.revenue === null || r.revenue === undefined ? 0 : r.revenue).toFixed(6, Big.roundHalfUp),
  }));
}
