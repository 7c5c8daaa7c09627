import { convMoney, ev, type SqlContext } from './base-sql.js';

/**
 * Journeys for attribution, computed in ClickHouse: per sale in the range, the
 * person's touches within the lookback before it (first page view of each
 * session by (ts, event id), clicks, and impressions as view touches), as an array of tuples
 * (ts, channel, campaign, ad, kind) sorted by time; optionally the touches of
 * people without a sale. Rows: person, conv_key ('' for none), conv_ts, value, touches.
 */
export function journeysSql(c: SqlContext, includeNonConverting: boolean): string {
  const since = c.from - c.lookback;
  const touch = (extra: string) => `person, ts AS t_ts, (ts, channel, ifNull(utm_campaign, '(not set)'), ifNull(utm_content, '(not set)'), ${extra}) AS t_touch`;
  const touchEvents = `(
    SELECT ${touch(`if(type = 'impression', 'view', 'click')`)} FROM ${ev(c)} WHERE type IN ('click', 'impression') AND ts >= ${since}
    UNION ALL
    SELECT ${touch(`'click'`)} FROM ${ev(c)} WHERE type = 'page_view' AND isNull(session_id) AND ts >= ${since}
    UNION ALL
    SELECT s_person AS person, s_ts AS t_ts, s_touch AS t_touch FROM (
      SELECT argMin(person, (ts, id)) AS s_person, min(ts) AS s_ts,
        argMin((ts, channel, ifNull(utm_campaign, '(not set)'), ifNull(utm_content, '(not set)'), 'click'), (ts, id)) AS s_touch
      FROM ${ev(c)} WHERE type = 'page_view' AND isNotNull(session_id) AND ts >= ${since} GROUP BY session_id))`;
  const convRange = `(SELECT key, person, ts, value FROM ${convMoney(c)} WHERE ts >= ${c.from})`;
  const inWindow = `t_ts <= ts AND t_ts >= ts - ${c.lookback} AND t_has = 1`;
  const converting = `SELECT any(person) AS j_person, key AS conv_key, any(ts) AS conv_ts, any(toFloat64(value)) AS j_value,
      arraySort(groupArrayIf(t_touch, ${inWindow})) AS touches
    FROM ${convRange} AS j_l ALL LEFT JOIN (SELECT person, t_ts, t_touch, 1 AS t_has FROM ${touchEvents}) AS j_r USING person GROUP BY key`;
  const nonConverting = includeNonConverting
    ? `UNION ALL
       SELECT person AS j_person, '' AS conv_key, toInt64(0) AS conv_ts, toFloat64(0) AS j_value, arraySort(groupArray(t_touch)) AS touches
       FROM ${touchEvents}
       WHERE t_ts >= ${c.from} AND t_ts < ${c.to} AND person NOT IN (SELECT person FROM ${convRange})
       GROUP BY person`
    : '';
  return `SELECT j_person AS person, conv_key, conv_ts, j_value AS value, touches
    FROM (${converting} ${nonConverting})
    ORDER BY conv_key = '', conv_ts, person`;
}
