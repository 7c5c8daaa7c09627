import { sqlString } from './sql-literal.js';

const eventStruct = `STRUCT(
  id VARCHAR, type VARCHAR, ts VARCHAR, anonymous_id VARCHAR, user_id VARCHAR, session_id VARCHAR,
  name VARCHAR, url VARCHAR, referrer VARCHAR,
  utm STRUCT(source VARCHAR, medium VARCHAR, campaign VARCHAR, content VARCHAR, term VARCHAR),
  click_id VARCHAR, order_id VARCHAR, revenue STRUCT(amount VARCHAR, currency VARCHAR), properties JSON,
  channel VARCHAR, landing_page VARCHAR, country VARCHAR, device VARCHAR)[]`;

/** The temporary table a flush reads its spool files into once (issue 14: the dirty marks and the insert each parsed them before). */
export const stagedEvents = 'spool_staged';

/** Reads spool files into `stagedEvents` (a row per event: its workspace `w` and the event `ev`), in DuckDB, off the Node thread. */
export function stageEventFilesSql(paths: string[]): string {
  const files = `[${paths.map(sqlString).join(', ')}]`;
  return `CREATE OR REPLACE TEMP TABLE ${stagedEvents} AS
    SELECT w, unnest(e) AS ev
    FROM read_json(${files}, format = 'newline_delimited', columns = {w: 'VARCHAR', e: '${eventStruct.replace(/\s+/g, ' ')}'}, ignore_errors = true, maximum_object_size = 16777216)`;
}

/** The anonymous ids of the staged events, per workspace (what the rollups mark dirty). */
export const stagedAnonymousIdsSql = `SELECT DISTINCT w, ev.anonymous_id FROM ${stagedEvents} WHERE w IS NOT NULL AND ev.anonymous_id IS NOT NULL`;

/** The staged events as `events` rows, each id once (`where`: more conditions on `w` and `ev`). */
export const stagedEventRowsSql = (where = '') => `
    SELECT w, ev.id, ev.type, ev.ts::TIMESTAMPTZ::TIMESTAMP, ev.anonymous_id, ev.user_id, ev.session_id, ev.name, ev.url, ev.referrer,
      ev.utm.source, ev.utm.medium, ev.utm.campaign, ev.utm.content, ev.utm.term, ev.click_id, ev.order_id,
      ev.revenue.amount::DECIMAL(38,6), ev.revenue.currency, ev.properties::VARCHAR, ev.channel, ev.landing_page, ev.country, ev.device
    FROM ${stagedEvents}
    WHERE ev.id IS NOT NULL${where}
    QUALIFY row_number() OVER (PARTITION BY w, ev.id) = 1`;

/** Inserts the staged events into `events`; ids already stored, or repeated among them, are skipped. */
export const insertStagedEventsSql = `
    INSERT INTO events ${stagedEventRowsSql()}
    ON CONFLICT DO NOTHING`;
