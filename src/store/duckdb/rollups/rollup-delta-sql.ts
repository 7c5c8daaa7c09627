import { firstBy, sourceMedium } from '../kpi-sql.js';
import { touchColumns } from '../credits/credit-columns-sql.js';
import { clicksInsertSql, inDirty, nullBits, sessionsInsertSql, trackedClick } from './rollup-sql.js';
import { clicksTouchedSql, dirtyDailyStartSql, sessionsTouchedSql, uvBeforeSql } from './rollup-daily-sql.js';

/**
 * A refresh from the new events alone (issue 14: per-person recomputation for the persons a batch
 * touches). Every insert also copies the events it stored into `rollup_delta` (`deltaFromStagedSql`),
 * so a refresh reads the batch there (`rollup_nev`) instead of finding it in `events`; what it
 * cannot derive from the batch and the rollups it reads back from `events` for just those rows
 * (the fallbacks below), and only when there are any: with none, a refresh reads no event twice.
 *
 * - Identities: an anonymous id's person is its least user id, so the new map is the least of the
 *   old one and the batch's user ids. `rollup_pid`: the persons before and after of the ids whose
 *   person changed (whose touches may be any of those ids' past ones).
 * - Sessions of the snippet (`session_id`): a new id's row from the batch; a known one whose new hits
 *   all come after its last hit keeps its start and first-hit attributes, except those no hit had
 *   yet (`nulls`), which the batch's first hit carrying them sets, and adds the hits' page views
 *   and end; else (a late hit) its row is computed again from its events (`rollup_fs`).
 *   Server-side sessions (numbered per anonymous id) of the batch's ids are computed again (`rollup_sa`).
 * - Tracked clicks: a new key's row from the batch; a key seen before again from its events (`rollup_fk`).
 * - Touches (`rollup_lt`): per anonymous id and user id, its latest non-direct touch; a person's
 *   latest touch is the latest of her groups'. A credit's candidate touch (the person's last touch at
 *   or before it) is then the latest of its old one and the batch's touches up to it when her
 *   identities did not change, or her latest touch when that is not after the credit; else the
 *   person's touches are read from `events` (`rollup_fp`).
 * A flush some of whose events were already stored (and skipped) marks its workspaces in
 * `rollup_slow`: their next refresh takes the dirty path (every dirty id's events read again).
 */

/** What makes an event a touch a sale or lead may be credited to. */
const isTouch = `type IN ('page_view', 'click') AND channel <> 'direct'`;
const touchCols = 'channel, campaign, ad, source_medium, landing_page, country, device';

/** A group's latest touch per (anonymous id, user id) of `rows` (columns anonymous_id, user_id, ts, id and the touch's). */
const latestPerGroup = (rows: string) =>
  `SELECT anonymous_id, user_id, ts, id, ${touchCols} FROM (${rows}) QUALIFY row_number() OVER (PARTITION BY anonymous_id, user_id ORDER BY ts DESC, id DESC) = 1`;

/** `rollup_lt` of the events `where` selects, after their groups' rows were deleted (a rebuild, or the dirty path). */
export const touchGroupsFromEventsSql = (where: string) => [
  ...(where ? [`DELETE FROM rollup_lt WHERE workspace_id = $ws${where}`] : []),
  `INSERT INTO rollup_lt SELECT $ws, * FROM (${latestPerGroup(`SELECT anonymous_id, user_id, ts, id, ${touchColumns} FROM events WHERE workspace_id = $ws AND ${isTouch}${where}`)})`,
];

/** Identities, sessions, clicks and touch groups from the batch: the first part of a delta refresh. */
export function deltaStartSql(timezone: string): string[] {
  const touched = `((NOT server AND session_key IN (SELECT session_id FROM rollup_ds)) OR (server AND anonymous_id IN (SELECT anonymous_id FROM rollup_sa)))`;
  const first = firstBy;
  const cols = (c: string) => `CASE WHEN s.nulls & ${c} <> 0 THEN`;
  return [
    `CREATE OR REPLACE TEMP TABLE rollup_nev AS SELECT * FROM rollup_delta WHERE workspace_id = $ws`,
    `CREATE OR REPLACE TEMP TABLE rollup_rd AS SELECT DISTINCT anonymous_id FROM rollup_dirty WHERE workspace_id = $ws`,
    ...dirtyDailyStartSql,
    `CREATE OR REPLACE TEMP TABLE rollup_om AS SELECT anonymous_id, user_id FROM rollup_idmap WHERE workspace_id = $ws AND ${inDirty('anonymous_id')}`,
    `CREATE OR REPLACE TEMP TABLE rollup_nm AS SELECT anonymous_id, min(user_id) AS user_id FROM (
      SELECT anonymous_id, user_id FROM rollup_om UNION ALL SELECT anonymous_id, user_id FROM rollup_nev WHERE user_id IS NOT NULL) GROUP BY anonymous_id`,
    `CREATE OR REPLACE TEMP TABLE rollup_p0 AS
      SELECT coalesce(o.user_id, d.anonymous_id) AS person FROM rollup_rd d LEFT JOIN rollup_om o ON o.anonymous_id = d.anonymous_id
      UNION ALL SELECT coalesce(m.user_id, d.anonymous_id) FROM rollup_rd d LEFT JOIN rollup_nm m ON m.anonymous_id = d.anonymous_id
      UNION ALL SELECT DISTINCT user_id FROM rollup_nev WHERE user_id IS NOT NULL`,
    `CREATE OR REPLACE TEMP TABLE rollup_pid AS SELECT DISTINCT person FROM (
      SELECT unnest([coalesce(o.user_id, d.anonymous_id), coalesce(m.user_id, d.anonymous_id)]) AS person
      FROM rollup_rd d LEFT JOIN rollup_om o ON o.anonymous_id = d.anonymous_id LEFT JOIN rollup_nm m ON m.anonymous_id = d.anonymous_id
      WHERE o.user_id IS DISTINCT FROM m.user_id)`,
    `DELETE FROM rollup_idmap WHERE workspace_id = $ws AND anonymous_id IN (SELECT anonymous_id FROM rollup_nm)`,
    `INSERT INTO rollup_idmap SELECT $ws, anonymous_id, user_id FROM rollup_nm`,
    // Touch groups.
    `CREATE OR REPLACE TEMP TABLE rollup_ltn AS ${latestPerGroup(`
      SELECT anonymous_id, user_id, ts, id, ${touchCols} FROM rollup_lt WHERE workspace_id = $ws
        AND anonymous_id IN (SELECT anonymous_id FROM rollup_nev WHERE ${isTouch})
      UNION ALL SELECT anonymous_id, user_id, ts, id, ${touchColumns} FROM rollup_nev WHERE ${isTouch}`)}`,
    `DELETE FROM rollup_lt WHERE workspace_id = $ws AND anonymous_id IN (SELECT anonymous_id FROM rollup_ltn)`,
    `INSERT INTO rollup_lt SELECT $ws, * FROM rollup_ltn`,
    // Sessions.
    `CREATE OR REPLACE TEMP TABLE rollup_ds AS SELECT DISTINCT session_id FROM rollup_nev WHERE session_id IS NOT NULL`,
    `CREATE OR REPLACE TEMP TABLE rollup_sa AS SELECT DISTINCT anonymous_id FROM rollup_nev WHERE session_id IS NULL AND type = 'page_view'`,
    `CREATE OR REPLACE TEMP TABLE rollup_so AS SELECT * FROM rollup_sessions WHERE workspace_id = $ws AND NOT server AND session_key IN (SELECT session_id FROM rollup_ds)`,
    `CREATE OR REPLACE TEMP TABLE rollup_fs AS SELECT s.session_key AS session_id FROM rollup_so s
      JOIN (SELECT session_id, min(ts) AS t FROM rollup_nev WHERE session_id IS NOT NULL GROUP BY session_id) d ON d.session_id = s.session_key
      WHERE d.t <= s.end_ts`,
    ...sessionsTouchedSql(touched),
    ...uvBeforeSql,
    `CREATE OR REPLACE TEMP TABLE rollup_sm AS
    WITH d AS (
      SELECT session_id AS sid, max(ts) AS end_ts, count(*) FILTER (WHERE type = 'page_view') AS pv, ${first('utm_campaign')} AS campaign,
        ${first('utm_content')} AS ad, ${first(sourceMedium)} AS source_medium, ${first('landing_page')} AS landing_page,
        ${first('country')} AS country, ${first('device')} AS device, ${nullBits(first)} AS nulls
      FROM rollup_nev WHERE session_id IN (SELECT session_key FROM rollup_so) AND session_id NOT IN (SELECT session_id FROM rollup_fs)
      GROUP BY session_id
    )
    SELECT s.workspace_id, s.session_key, s.server, s.anonymous_id, s.start_ts, d.end_ts, s.local_day, s.channel,
      ${cols('1')} coalesce(d.campaign, '(not set)') ELSE s.campaign END, ${cols('2')} coalesce(d.ad, '(not set)') ELSE s.ad END,
      ${cols('4')} d.source_medium ELSE s.source_medium END, ${cols('8')} d.landing_page ELSE s.landing_page END,
      ${cols('16')} d.country ELSE s.country END, ${cols('32')} d.device ELSE s.device END,
      s.page_views + d.pv, s.first_id, s.nulls & d.nulls
    FROM rollup_so s JOIN d ON d.sid = s.session_key`,
    `DELETE FROM rollup_sessions WHERE workspace_id = $ws AND NOT server AND session_key IN (SELECT session_key FROM rollup_sm)`,
    `INSERT INTO rollup_sessions SELECT * FROM rollup_sm`,
    sessionsInsertSql(timezone, 'rollup_nev', `session_id IN (SELECT session_id FROM rollup_ds) AND session_id NOT IN (SELECT session_key FROM rollup_so)`, null),
    // Clicks.
    `CREATE OR REPLACE TEMP TABLE rollup_dk AS SELECT DISTINCT coalesce(click_id, id) AS click_key FROM rollup_nev WHERE ${trackedClick}`,
    `CREATE OR REPLACE TEMP TABLE rollup_fk AS SELECT click_key FROM rollup_clicks WHERE workspace_id = $ws AND click_key IN (SELECT click_key FROM rollup_dk)`,
    ...clicksTouchedSql('click_key IN (SELECT click_key FROM rollup_dk)'),
    clicksInsertSql(timezone, 'rollup_nev', 'SELECT click_key FROM rollup_dk WHERE click_key NOT IN (SELECT click_key FROM rollup_fk)'),
  ];
}

/** What the first part left to read from `events` (the late sessions and server-side ids, the clicks seen before, the touches), and what it did from the batch. */
export const deltaFallbackCountsSql = `SELECT (SELECT count(*) FROM rollup_fs) + (SELECT count(*) FROM rollup_sa) AS sessions, (SELECT count(*) FROM rollup_fk) AS clicks,
  (SELECT count(*) FROM rollup_fp) AS touches, (SELECT count(*) FROM rollup_sm) AS merged, (SELECT count(*) FROM rollup_fast) AS fast`;

/** The sessions and clicks read again from `events` (only when `deltaFallbackCountsSql` found some), then the affected days'. */
export function deltaEndSql(timezone: string, fallback: { sessions: boolean; clicks: boolean }): string[] {
  const touched = `((NOT server AND session_key IN (SELECT session_id FROM rollup_ds)) OR (server AND anonymous_id IN (SELECT anonymous_id FROM rollup_sa)))`;
  return [
    ...(fallback.sessions
      ? [
          `DELETE FROM rollup_sessions WHERE workspace_id = $ws AND ((NOT server AND session_key IN (SELECT session_id FROM rollup_fs)) OR (server AND anonymous_id IN (SELECT anonymous_id FROM rollup_sa)))`,
          sessionsInsertSql(timezone, 'events', 'session_id IN (SELECT session_id FROM rollup_fs)', ' AND anonymous_id IN (SELECT anonymous_id FROM rollup_sa)'),
        ]
      : []),
    ...sessionsTouchedSql(touched),
    ...(fallback.clicks
      ? [
          `DELETE FROM rollup_clicks WHERE workspace_id = $ws AND click_key IN (SELECT click_key FROM rollup_fk)`,
          clicksInsertSql(timezone, 'events', 'SELECT click_key FROM rollup_fk'),
        ]
      : []),
    ...clicksTouchedSql('click_key IN (SELECT click_key FROM rollup_dk)'),
  ];
}

/**
 * The credits' touches from the batch (after `rollup_need`, the (person, instant) pairs without a
 * kept touch): `rollup_fast`, those found without reading events; `rollup_fp`, the persons whose
 * touches must be read from `events`.
 */
export const deltaTouchesSql = [
  `CREATE OR REPLACE TEMP TABLE rollup_dt AS
    SELECT person, ts, id, ${touchColumns} FROM (
      SELECT e.*, coalesce(e.user_id, m.user_id, e.anonymous_id) AS person
      FROM rollup_nev e LEFT JOIN rollup_idmap m ON m.workspace_id = $ws AND m.anonymous_id = e.anonymous_id
    ) WHERE ${isTouch}`,
  `CREATE OR REPLACE TEMP TABLE rollup_old AS
    SELECT person, ts, touch_ts, touch_id, ${touchCols} FROM rollup_credits
    WHERE workspace_id = $ws AND person IN (SELECT person FROM rollup_need) AND person NOT IN (SELECT person FROM rollup_pid)
    QUALIFY row_number() OVER (PARTITION BY person, ts) = 1`,
  `CREATE OR REPLACE TEMP TABLE rollup_pm AS
    WITH q AS (SELECT DISTINCT person FROM rollup_need),
    idmap AS (SELECT anonymous_id, user_id FROM rollup_idmap WHERE workspace_id = $ws)
    SELECT person, ts, id, ${touchCols} FROM (
      SELECT coalesce(l.user_id, m.user_id, l.anonymous_id) AS person, l.* FROM rollup_lt l LEFT JOIN idmap m ON m.anonymous_id = l.anonymous_id
      WHERE l.workspace_id = $ws AND (l.user_id IN (SELECT person FROM q)
        OR l.anonymous_id IN (SELECT anonymous_id FROM idmap WHERE user_id IN (SELECT person FROM q) UNION ALL SELECT person FROM q))
    ) WHERE person IN (SELECT person FROM q)
    QUALIFY row_number() OVER (PARTITION BY person ORDER BY ts DESC, id DESC) = 1`,
  `CREATE OR REPLACE TEMP TABLE rollup_nd AS
    SELECT n.person, n.ts, o.person IS NOT NULL AS has_old, p.person IS NULL OR p.ts <= n.ts AS latest
    FROM rollup_need n LEFT JOIN rollup_old o ON o.person = n.person AND o.ts = n.ts LEFT JOIN rollup_pm p ON p.person = n.person`,
  `CREATE OR REPLACE TEMP TABLE rollup_fast AS
    SELECT person, ts, t_ts AS touch_ts, t_id AS touch_id, ${touchCols} FROM (
      SELECT n.person, n.ts, o.touch_ts AS t_ts, o.touch_id AS t_id, ${touchCols.split(', ').map((c) => `o.${c}`).join(', ')}
      FROM rollup_nd n JOIN rollup_old o ON o.person = n.person AND o.ts = n.ts WHERE n.has_old AND o.touch_ts IS NOT NULL
      UNION ALL
      SELECT n.person, n.ts, d.ts, d.id, ${touchCols.split(', ').map((c) => `d.${c}`).join(', ')}
      FROM rollup_nd n JOIN rollup_dt d ON d.person = n.person AND d.ts <= n.ts WHERE n.has_old
      UNION ALL
      SELECT n.person, n.ts, p.ts, p.id, ${touchCols.split(', ').map((c) => `p.${c}`).join(', ')}
      FROM rollup_nd n JOIN rollup_pm p ON p.person = n.person WHERE NOT n.has_old AND n.latest
    ) QUALIFY row_number() OVER (PARTITION BY person, ts ORDER BY t_ts DESC, t_id DESC) = 1`,
  `CREATE OR REPLACE TEMP TABLE rollup_fp AS SELECT DISTINCT person, ts FROM rollup_nd WHERE NOT has_old AND NOT latest`,
];

/** The delta refresh's scratch tables. */
export const deltaScratchTables = ['rollup_nev', 'rollup_om', 'rollup_nm', 'rollup_pid', 'rollup_ltn', 'rollup_sa', 'rollup_so', 'rollup_fs', 'rollup_sm', 'rollup_fk',
  'rollup_dt', 'rollup_old', 'rollup_pm', 'rollup_nd', 'rollup_fast', 'rollup_fp'];
