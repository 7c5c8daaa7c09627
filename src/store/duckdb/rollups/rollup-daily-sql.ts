/**
 * The KPI rollups' daily rows (issue 14): what a KPI read scans, kept from the per-session and
 * per-click rows (`rollup-sql.ts`). Every statement takes `$ws` only.
 *
 * - `rollup_daily`: per local day and combination of the seven attributes (channel, campaign, ad,
 *   source / medium, landing page, country, device), the sessions, page views, session
 *   milliseconds, bounces and tracked clicks: additive, so a range's figures by any attribute or
 *   time bucket are sums of a few thousand rows.
 * - `rollup_uv`: unique visitors, exact and additive. A visitor-day of an attribute's value (`dim`,
 *   `key`; campaigns also keyed by channel, ads by channel and campaign; `all`: any session) is
 *   counted in rows by day with the visitor's previous day of that value (`prev_day`). The
 *   visitors of a value over [from, to] are then the visitor-days in the range whose previous day
 *   is before `from` (or none): each visitor once, at her first day in the range. So an exact
 *   distinct count is a sum over rows per (value, day, previous day): tens of thousands at 10M events.
 * - A dirty refresh recomputes the days its sessions and clicks fall on (`rollup_dd`), and the
 *   unique-visitor rows of the visitors whose sessions changed (`rollup_va`): their rows from
 *   before are subtracted, those after added, and rows summing to 0 dropped.
 */
export const dailyTablesSql = `
  CREATE TABLE IF NOT EXISTS rollup_daily (
    workspace_id VARCHAR NOT NULL, local_day DATE NOT NULL, channel VARCHAR, campaign VARCHAR, ad VARCHAR, source_medium VARCHAR,
    landing_page VARCHAR, country VARCHAR, device VARCHAR,
    sessions BIGINT NOT NULL, page_views BIGINT NOT NULL, session_ms BIGINT NOT NULL, bounces BIGINT NOT NULL, tracked BIGINT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS rollup_uv (
    workspace_id VARCHAR NOT NULL, dim VARCHAR NOT NULL, key VARCHAR, channel VARCHAR, campaign VARCHAR,
    local_day DATE NOT NULL, prev_day DATE, visitors BIGINT NOT NULL
  );`;

/** The daily tables, whose workspace rows a rebuild deletes. */
export const dailyTables = ['rollup_daily', 'rollup_uv'] as const;

/**
 * A rebuild's statement in `chunks` parts, each over the rows whose key hashes to its part (`part(key)`:
 * a condition to append, empty in one part): a large workspace's sessions, clicks and visitors are
 * grouped a slice at a time, within the memory limit (a grouping by strings does not spill whole).
 */
export function chunked(chunks: number, statement: (part: (key: string) => string) => string): string[] {
  if (chunks <= 1) return [statement(() => '')];
  return Array.from({ length: chunks }, (_, k) => statement((key) => ` AND hash(${key}) % ${chunks} = ${k}`));
}

const attrs = 'channel, campaign, ad, source_medium, landing_page, country, device';

/** The daily rows of the days `days` selects (`full`: every day) from the sessions and clicks. */
function dailyInsertSql(days: string | null): string {
  const of = `WHERE workspace_id = $ws${days ? ` AND local_day IN (${days})` : ''}`;
  return `INSERT INTO rollup_daily
    SELECT $ws, local_day, ${attrs}, sum(sessions), sum(page_views), sum(session_ms), sum(bounces), sum(tracked) FROM (
      SELECT local_day, ${attrs}, 1 AS sessions, page_views, epoch_ms(end_ts) - epoch_ms(start_ts) AS session_ms,
        (page_views <= 1)::BIGINT AS bounces, 0 AS tracked
      FROM rollup_sessions ${of}
      UNION ALL
      SELECT local_day, ${attrs}, 0, 0, 0, 0, 1 FROM rollup_clicks ${of}
    ) GROUP BY ALL`;
}

/** Each attribute a session's visitor is counted under, with the keys its rows carry (as the KPI rows by it). */
const uvDims = `[
  {'dim': 'all', 'key': NULL, 'channel': NULL, 'campaign': NULL},
  {'dim': 'channel', 'key': s.channel, 'channel': NULL, 'campaign': NULL},
  {'dim': 'campaign', 'key': s.campaign, 'channel': s.channel, 'campaign': NULL},
  {'dim': 'ad', 'key': s.ad, 'channel': s.channel, 'campaign': s.campaign},
  {'dim': 'source_medium', 'key': s.source_medium, 'channel': NULL, 'campaign': NULL},
  {'dim': 'landing_page', 'key': s.landing_page, 'channel': NULL, 'campaign': NULL},
  {'dim': 'country', 'key': s.country, 'channel': NULL, 'campaign': NULL},
  {'dim': 'device', 'key': s.device, 'channel': NULL, 'campaign': NULL}
]`;

/** Unique-visitor rows (times `sign`) of the visitors `who` selects (`null`: everyone), from their sessions. */
function uvRowsSql(who: string | null, sign: 1 | -1, part = ''): string {
  return `SELECT dim, key, channel, campaign, local_day, prev_day, ${sign === 1 ? '' : '-'}count(*) AS visitors FROM (
      SELECT *, lag(local_day) OVER (PARTITION BY anonymous_id, dim, key, channel, campaign ORDER BY local_day) AS prev_day FROM (
        SELECT DISTINCT v.anonymous_id, v.local_day, v.d.dim, v.d.key, v.d.channel, v.d.campaign
        FROM (SELECT s.anonymous_id, s.local_day, unnest(${uvDims}) AS d FROM rollup_sessions s
          WHERE s.workspace_id = $ws${who ? ` AND s.anonymous_id IN (${who})` : ''}${part}) v
      )
    ) GROUP BY ALL`;
}

/**
 * A rebuild's daily rows, after its sessions and clicks; the visitors' rows in `chunks` parts by
 * visitor (a row's count then may come in several rows: every read sums them).
 */
export const dailyRebuildSql = (chunks = 1) => [
  dailyInsertSql(null),
  ...chunked(chunks, (part) => `INSERT INTO rollup_uv SELECT $ws, * FROM (${uvRowsSql(null, 1, part('s.anonymous_id'))})`),
];

/** The affected days and visitors of the sessions `where` selects (run before their delete and after their insert). */
export const sessionsTouchedSql = (where: string) => [
  `INSERT INTO rollup_dd SELECT local_day FROM rollup_sessions WHERE workspace_id = $ws AND ${where}`,
  `INSERT INTO rollup_va SELECT anonymous_id FROM rollup_sessions WHERE workspace_id = $ws AND ${where}`,
];

/** The affected days of the clicks `where` selects (run before their delete and after their insert). */
export const clicksTouchedSql = (where: string) => [`INSERT INTO rollup_dd SELECT local_day FROM rollup_clicks WHERE workspace_id = $ws AND ${where}`];

/** Before a dirty refresh: empty sets of affected days and visitors (the dirty anonymous ids to start with). */
export const dirtyDailyStartSql = [
  `CREATE OR REPLACE TEMP TABLE rollup_dd (local_day DATE)`,
  `CREATE OR REPLACE TEMP TABLE rollup_va AS SELECT anonymous_id FROM rollup_rd`,
];

/** Before the sessions change (after `sessionsTouchedSql`): the affected visitors' rows, subtracted. */
export const uvBeforeSql = [
  `CREATE OR REPLACE TEMP TABLE rollup_vs AS SELECT DISTINCT anonymous_id FROM rollup_va`,
  `CREATE OR REPLACE TEMP TABLE rollup_uvd AS ${uvRowsSql('SELECT anonymous_id FROM rollup_vs', -1)}`,
];

const sameUvRow = (a: string, b: string) =>
  ['dim', 'key', 'channel', 'campaign', 'local_day', 'prev_day'].map((c) => `${a}.${c} IS NOT DISTINCT FROM ${b}.${c}`).join(' AND ');

/**
 * After the sessions and clicks changed: the affected visitors' rows added (every visitor whose
 * sessions changed had one of them before: a session's visitor is one of its hits' anonymous ids),
 * merged into `rollup_uv`; the affected days' daily rows computed again.
 */
export const dirtyDailyEndSql = [
  `INSERT INTO rollup_uvd ${uvRowsSql('SELECT anonymous_id FROM rollup_vs', 1)}`,
  `CREATE OR REPLACE TEMP TABLE rollup_uvm AS
    SELECT dim, key, channel, campaign, local_day, prev_day, sum(visitors) AS visitors FROM (
      SELECT u.dim, u.key, u.channel, u.campaign, u.local_day, u.prev_day, u.visitors FROM rollup_uv u
      WHERE u.workspace_id = $ws AND EXISTS (SELECT 1 FROM rollup_uvd d WHERE ${sameUvRow('d', 'u')})
      UNION ALL SELECT * FROM rollup_uvd
    ) GROUP BY ALL HAVING sum(visitors) <> 0`,
  `DELETE FROM rollup_uv u WHERE u.workspace_id = $ws AND EXISTS (SELECT 1 FROM rollup_uvd d WHERE ${sameUvRow('d', 'u')})`,
  `INSERT INTO rollup_uv SELECT $ws, * FROM rollup_uvm`,
  `DELETE FROM rollup_daily WHERE workspace_id = $ws AND local_day IN (SELECT local_day FROM rollup_dd)`,
  dailyInsertSql('SELECT local_day FROM rollup_dd'),
];

/** The daily refresh's scratch tables. */
export const dailyScratchTables = ['rollup_dd', 'rollup_va', 'rollup_vs', 'rollup_uvd', 'rollup_uvm'];
