import { SESSION_TIMEOUT_MS } from '../../../tracking/sessions.js';
import { firstBy, localTime, sourceMedium, verifiedEvent } from '../kpi-sql.js';
import { sqlString } from '../sql-literal.js';
import { chunked, clicksTouchedSql, sessionsTouchedSql, uvBeforeSql } from './rollup-daily-sql.js';

/**
 * The KPI rollups of the embedded store (issue 14), kept up from the events: what they hold and
 * the SQL that (re)computes them. Every statement takes `$ws` only; the time zone is SQL text.
 *
 * - `rollup_sessions`: one row per session (the snippet's `session_id`, or a run of server-side
 *   page views of one anonymous id without 30 minutes of silence), its local day and first hit's
 *   attributes, page views, start and end.
 * - `rollup_clicks`: one row per tracked click key (click id, else event id) at its first sighting.
 * - `rollup_credits`: one row per sale (its key) and lead, with its person, instant, amount and
 *   currency (valued at read time with the rates), whether it is the person's first sale, the
 *   CRM stage instants, and its candidate touch: the person's last non-direct touch at or before
 *   it, whatever its age (the lookback is applied at read time).
 * - `rollup_cev`: the events the credits read (sales, leads, those with a click id or an email
 *   hash), so a refresh finds a sale's inputs without scanning every event (`rollup-credits-sql.ts`).
 * - `rollup_idmap`: each identified anonymous id's person (its least user id).
 * - `rollup_dirty`: anonymous ids whose events changed since the last refresh.
 * - `rollup_delta`: a copy of the events inserted since the last refresh, `rollup_slow`: workspaces
 *   whose copy is not the whole batch (some events were stored before), `rollup_lt`: per anonymous id
 *   and user id, its latest non-direct touch (what a refresh from the batch reads, `rollup-delta-sql.ts`).
 *   Sessions keep their first hit's id (`first_id`) and which first-hit attributes no hit had (`nulls`);
 *   credits their touch's event id (`touch_id`).
 * - `rollup_state`: per workspace, the time zone the local days are in, whether orders or leads
 *   changed (`dirty`), the events the rollups saw, when they were last refreshed (the
 *   watermark) and whether it has a verified source (`has_verified`: an order, a CRM lead, a
 *   verified event; what `revenue_sources` defaults to); no row: rebuilt at the next read.
 */
export const rollupTablesSql = `
  CREATE TABLE IF NOT EXISTS rollup_state (
    workspace_id VARCHAR PRIMARY KEY, timezone VARCHAR, dirty BOOLEAN NOT NULL,
    events BIGINT NOT NULL, refreshed_at TIMESTAMP, has_verified BOOLEAN
  );
  ALTER TABLE rollup_state ADD COLUMN IF NOT EXISTS has_verified BOOLEAN;
  ALTER TABLE rollup_state ADD COLUMN IF NOT EXISTS version INTEGER;
  CREATE TABLE IF NOT EXISTS rollup_dirty (workspace_id VARCHAR NOT NULL, anonymous_id VARCHAR NOT NULL);
  CREATE TABLE IF NOT EXISTS rollup_idmap (workspace_id VARCHAR NOT NULL, anonymous_id VARCHAR NOT NULL, user_id VARCHAR NOT NULL);
  CREATE TABLE IF NOT EXISTS rollup_sessions (
    workspace_id VARCHAR NOT NULL, session_key VARCHAR NOT NULL, server BOOLEAN NOT NULL, anonymous_id VARCHAR NOT NULL,
    start_ts TIMESTAMP NOT NULL, end_ts TIMESTAMP NOT NULL, local_day DATE NOT NULL, channel VARCHAR, campaign VARCHAR, ad VARCHAR,
    source_medium VARCHAR, landing_page VARCHAR, country VARCHAR, device VARCHAR, page_views BIGINT NOT NULL
  );
  ALTER TABLE rollup_sessions ADD COLUMN IF NOT EXISTS first_id VARCHAR;
  ALTER TABLE rollup_sessions ADD COLUMN IF NOT EXISTS nulls INTEGER;
  CREATE TABLE IF NOT EXISTS rollup_clicks (
    workspace_id VARCHAR NOT NULL, click_key VARCHAR NOT NULL, ts TIMESTAMP NOT NULL, local_day DATE NOT NULL, channel VARCHAR,
    campaign VARCHAR, ad VARCHAR, source_medium VARCHAR, landing_page VARCHAR, country VARCHAR, device VARCHAR
  );
  CREATE TABLE IF NOT EXISTS rollup_cev (
    workspace_id VARCHAR NOT NULL, id VARCHAR NOT NULL, type VARCHAR NOT NULL, ts TIMESTAMP NOT NULL, anonymous_id VARCHAR NOT NULL, user_id VARCHAR,
    click_id VARCHAR, order_id VARCHAR, revenue_amount DECIMAL(38,6), revenue_currency VARCHAR, properties VARCHAR
  );
  CREATE TABLE IF NOT EXISTS rollup_credits (
    workspace_id VARCHAR NOT NULL, is_sale BOOLEAN NOT NULL, key VARCHAR, person VARCHAR NOT NULL, ts TIMESTAMP NOT NULL,
    amount DECIMAL(38,6), currency VARCHAR, verified BOOLEAN NOT NULL, is_new BOOLEAN NOT NULL,
    mql_at TIMESTAMP, sql_at TIMESTAMP, opportunity_at TIMESTAMP, customer_at TIMESTAMP,
    touch_ts TIMESTAMP, channel VARCHAR, campaign VARCHAR, ad VARCHAR, source_medium VARCHAR, landing_page VARCHAR, country VARCHAR, device VARCHAR
  );
  ALTER TABLE rollup_credits ADD COLUMN IF NOT EXISTS touch_id VARCHAR;
  CREATE TABLE IF NOT EXISTS rollup_delta AS SELECT * FROM events LIMIT 0;
  CREATE TABLE IF NOT EXISTS rollup_slow (workspace_id VARCHAR NOT NULL);
  CREATE TABLE IF NOT EXISTS rollup_lt (
    workspace_id VARCHAR NOT NULL, anonymous_id VARCHAR NOT NULL, user_id VARCHAR, ts TIMESTAMP NOT NULL, id VARCHAR NOT NULL,
    channel VARCHAR, campaign VARCHAR, ad VARCHAR, source_medium VARCHAR, landing_page VARCHAR, country VARCHAR, device VARCHAR
  );`;

/** The rollup tables a workspace's rows are deleted from before a rebuild. */
export const rollupTables = ['rollup_dirty', 'rollup_delta', 'rollup_slow', 'rollup_idmap', 'rollup_sessions', 'rollup_clicks', 'rollup_cev', 'rollup_credits', 'rollup_lt'] as const;

/** Which rows a refresh recomputes: all of the workspace's (`full`) or those of the dirty anonymous ids (`rollup_rd`). */
export type RefreshScope = 'full' | 'dirty';

/** Whether `col` is one of the dirty anonymous ids (`rollup_rd`). */
export const inDirty = (col: string) => `${col} IN (SELECT anonymous_id FROM rollup_rd)`;
export const idmapCte = `idmap AS (SELECT anonymous_id, user_id FROM rollup_idmap WHERE workspace_id = $ws)`;

/**
 * Before a dirty refresh: the dirty anonymous ids (`rollup_rd`), their persons before and after
 * (`rollup_p0`: every person whose events changed, so whose touches may have), `rollup_idmap` updated.
 */
export function dirtyIdentitySql(): string[] {
  return [
    `CREATE OR REPLACE TEMP TABLE rollup_rd AS SELECT DISTINCT anonymous_id FROM rollup_dirty WHERE workspace_id = $ws`,
    `CREATE OR REPLACE TEMP TABLE rollup_p0 AS
      SELECT coalesce(m.user_id, d.anonymous_id) AS person FROM rollup_rd d LEFT JOIN rollup_idmap m ON m.workspace_id = $ws AND m.anonymous_id = d.anonymous_id`,
    `DELETE FROM rollup_idmap WHERE workspace_id = $ws AND ${inDirty('anonymous_id')}`,
    `INSERT INTO rollup_idmap SELECT $ws, anonymous_id, min(user_id) FROM events
      WHERE workspace_id = $ws AND user_id IS NOT NULL AND ${inDirty('anonymous_id')} GROUP BY anonymous_id`,
    `INSERT INTO rollup_p0
      SELECT coalesce(m.user_id, d.anonymous_id) FROM rollup_rd d LEFT JOIN rollup_idmap m ON m.workspace_id = $ws AND m.anonymous_id = d.anonymous_id
      UNION ALL SELECT DISTINCT user_id FROM events WHERE workspace_id = $ws AND user_id IS NOT NULL AND ${inDirty('anonymous_id')}`,
  ];
}

/** A full rebuild's identities: every identified anonymous id; no person's touches are reused. */
export const fullIdentitySql = [
  `INSERT INTO rollup_idmap SELECT $ws, anonymous_id, min(user_id) FROM events WHERE workspace_id = $ws AND user_id IS NOT NULL GROUP BY anonymous_id`,
];

/** The bits of `rollup_sessions.nulls`: which first-hit attributes no hit had (so a later hit may still set them). */
export const nullBits = (v: (c: string) => string) =>
  [v('utm_campaign'), v('utm_content'), v(sourceMedium), v('landing_page'), v('country'), v('device')].map((x, i) => `(${x} IS NULL)::INTEGER * ${1 << i}`).join(' + ');

/**
 * The session rows (as `sessionsCte`, without its range) of the hits in `source` (a table of
 * events): the snippet's sessions whose ids `client` selects and, when `server` is not null, the
 * server-side ones of the anonymous ids it selects (`''`: all).
 */
export function sessionsInsertSql(timezone: string, source: string, client: string, server: string | null): string {
  const cols = 'anonymous_id, ts, id, type, channel, utm_source, utm_medium, utm_campaign, utm_content, referrer, landing_page, country, device';
  const first = firstBy;
  return `INSERT INTO rollup_sessions
    WITH server_hits AS (
      SELECT *, CASE WHEN lag(ts) OVER w IS NULL OR epoch_ms(ts) - epoch_ms(lag(ts) OVER w) > ${SESSION_TIMEOUT_MS} THEN 1 ELSE 0 END AS starts
      FROM ${source} WHERE workspace_id = $ws AND session_id IS NULL AND type = 'page_view'${server === null ? ' AND false' : server}
      WINDOW w AS (PARTITION BY anonymous_id ORDER BY ts, id)
    ),
    hits AS (
      SELECT false AS server, session_id AS sid, ${cols} FROM ${source} WHERE workspace_id = $ws AND ${client}
      UNION ALL
      SELECT true, 'srv:' || anonymous_id || ':' || sum(starts) OVER (PARTITION BY anonymous_id ORDER BY ts, id ROWS UNBOUNDED PRECEDING), ${cols} FROM server_hits
    )
    SELECT $ws, sid, bool_or(server), ${first('anonymous_id')}, min(ts), max(ts), ${localTime('min(ts)', timezone)}::DATE,
      ${first('channel')}, coalesce(${first('utm_campaign')}, '(not set)'), coalesce(${first('utm_content')}, '(not set)'), ${first(sourceMedium)},
      ${first('landing_page')}, ${first('country')}, ${first('device')}, count(*) FILTER (WHERE type = 'page_view'),
      ${first('id')}, ${nullBits(first)}
    FROM hits GROUP BY sid`;
}

/** Sessions of the scope: deleted, then computed again from all their hits. */
export function sessionsRefreshSql(scope: RefreshScope, timezone: string, chunks = 1): string[] {
  if (scope === 'full') {
    // A snippet session is its id's hits, a server-side one its anonymous id's: each chunk holds whole sessions.
    return chunked(chunks, (part) => sessionsInsertSql(timezone, 'events', `session_id IS NOT NULL${part('session_id')}`, part('anonymous_id')));
  }
  return [
    `CREATE OR REPLACE TEMP TABLE rollup_ds AS SELECT DISTINCT session_id FROM events WHERE workspace_id = $ws AND session_id IS NOT NULL AND ${inDirty('anonymous_id')}`,
    ...sessionsTouchedSql(dirtySessions),
    ...uvBeforeSql,
    `DELETE FROM rollup_sessions WHERE workspace_id = $ws AND ${dirtySessions}`,
    sessionsInsertSql(timezone, 'events', 'session_id IN (SELECT session_id FROM rollup_ds)', ` AND ${inDirty('anonymous_id')}`),
    ...sessionsTouchedSql(dirtySessions),
  ];
}

/** The sessions a dirty refresh recomputes: those of the dirty events' session ids, and the dirty ids' server-side ones. */
const dirtySessions = `(session_key IN (SELECT session_id FROM rollup_ds) OR (server AND ${inDirty('anonymous_id')}))`;
const dirtyClicks = 'click_key IN (SELECT click_key FROM rollup_dk)';

/** What makes an event a tracked click. */
export const trackedClick = `(type = 'click' OR (type IN ('conversion', 'lead') AND click_id IS NOT NULL AND json_extract_string(properties, '$.source') = 'postback'))`;

/** The tracked-click rows (as `trackedClicksCte`, without its range) of the sightings in `source` whose keys `keys` selects (null: all). */
export function clicksInsertSql(timezone: string, source: string, keys: string | null, part = ''): string {
  const first = firstBy;
  return `INSERT INTO rollup_clicks
    SELECT $ws, coalesce(click_id, id), min(ts), ${localTime('min(ts)', timezone)}::DATE, ${first('channel')},
      coalesce(${first('utm_campaign')}, '(not set)'), coalesce(${first('utm_content')}, '(not set)'),
      ${first(sourceMedium)}, ${first('landing_page')}, ${first('country')}, ${first('device')}
    FROM ${source}
    WHERE workspace_id = $ws AND ${trackedClick}${keys ? ` AND coalesce(click_id, id) IN (${keys})` : ''}${part}
    GROUP BY coalesce(click_id, id)`;
}

/** Tracked clicks of the scope's click keys, computed again from all their sightings. */
export function clicksRefreshSql(scope: RefreshScope, timezone: string, chunks = 1): string[] {
  if (scope === 'full') return chunked(chunks, (part) => clicksInsertSql(timezone, 'events', null, part('coalesce(click_id, id)')));
  return [
    `CREATE OR REPLACE TEMP TABLE rollup_dk AS SELECT DISTINCT coalesce(click_id, id) AS click_key FROM events
      WHERE workspace_id = $ws AND ${inDirty('anonymous_id')} AND ${trackedClick}`,
    ...clicksTouchedSql(dirtyClicks),
    `DELETE FROM rollup_clicks WHERE workspace_id = $ws AND ${dirtyClicks}`,
    clicksInsertSql(timezone, 'events', 'SELECT click_key FROM rollup_dk'),
    ...clicksTouchedSql(dirtyClicks),
  ];
}

/**
 * Whether the workspace has a verified source (as `revModeCte`); a dirty refresh looks only at the
 * dirty anonymous ids' events (without deletions, which rebuild, it can only become true). After
 * the credits' refresh: their events (`rollup_cev`) hold every sale and lead.
 */
export function hasVerifiedSql(scope: RefreshScope): string {
  const events = `SELECT 1 FROM rollup_cev WHERE workspace_id = $ws AND type IN ('conversion', 'lead') AND ${verifiedEvent}${scope === 'dirty' ? ` AND ${inDirty('anonymous_id')}` : ''}`;
  return `SELECT EXISTS (SELECT 1 FROM orders WHERE workspace_id = $ws) OR EXISTS (SELECT 1 FROM leads WHERE workspace_id = $ws) OR EXISTS (${events}) AS v`;
}

/** The refresh's scratch tables, dropped at its end (with the credits' and the daily rows'). */
export const scratchTables = ['rollup_rd', 'rollup_p0', 'rollup_ds', 'rollup_dk'];

/** The local time zone of a rebuild, as SQL text, for the state row. */
export const timezoneLiteral = (timezone: string) => sqlString(timezone);
