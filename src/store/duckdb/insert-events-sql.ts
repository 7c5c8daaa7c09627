import { sqlString } from './sql-literal.js';

const eventStruct = `STRUCT(
  id VARCHAR, type VARCHAR, ts VARCHAR, anonymous_id VARCHAR, user_id VARCHAR, session_id VARCHAR,
  name VARCHAR, url VARCHAR, referrer VARCHAR,
  utm STRUCT(source VARCHAR, medium VARCHAR, campaign VARCHAR, content VARCHAR, term VARCHAR),
  click_id VARCHAR, order_id VARCHAR, revenue STRUCT(amount VARCHAR, currency VARCHAR), properties JSON,
  channel VARCHAR, landing_page VARCHAR, country VARCHAR, device VARCHAR)[]`;

/**
 * Loads spool files into `events` inside DuckDB (parallel, off the Node thread).
 * Ids already stored, or repeated in the files, are skipped.
 */
export function insertEventFilesSql(paths: string[]): string {
  const files = `[${paths.map(sqlString).join(', ')}]`;
  return `
    INSERT INTO events
    SELECT w, ev.id, ev.type, ev.ts::TIMESTAMPTZ::TIMESTAMP, ev.anonymous_id, ev.user_id, ev.session_id, ev.name, ev.url, ev.referrer,
      ev.utm.source, ev.utm.medium, ev.utm.campaign, ev.utm.content, ev.utm.term, ev.click_id, ev.order_id,
      ev.revenue.amount::DECIMAL(38,6), ev.revenue.currency, ev.properties::VARCHAR, ev.channel, ev.landing_page, ev.country, ev.device
    FROM (
      SELECT w, unnest(e) AS ev
      FROM read_json(${files}, format = 'newline_delimited', columns = {w: 'VARCHAR', e: '${eventStruct.replace(/\s+/g, ' ')}'}, ignore_errors = true, maximum_object_size = 16777216)
    )
    WHERE ev.id IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY w, ev.id) = 1
    ON CONFLICT DO NOTHING`;
}
