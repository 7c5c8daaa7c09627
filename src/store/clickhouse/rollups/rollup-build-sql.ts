import { candidateTouch, countsAllSales, leadAll, localDay, salesWithFirst, sessions, type SqlContext } from '../base-sql.js';
import { trackedClicks } from '../kpi-sql.js';
import { chValue } from '../sql-literal.js';

/**
 * The SQL that builds one generation of a workspace's KPI rollups (`rollup-schema.ts`) from its
 * events, orders and leads, with the full query's own building blocks (`base-sql.ts`, `kpi-sql.ts`)
 * over the whole history (`whole`): what the rollups hold is by construction what the full query
 * computes, summed ahead. Each statement is an INSERT … SELECT run in ClickHouse.
 */

/** A context over all of a workspace's history in `tz` (no range: the rollups keep every day). */
export function wholeContext(db: string, ws: string, tz: string): SqlContext {
  return { db, ws, tz, base: '', from: 0, to: 253_402_300_800_000, fromDay: 0, toDay: 2_932_897, lookback: 0, whole: true };
}

const notSet = (col: string) => `ifNull(${col}, '(not set)')`;

/** Sessions per local day of their first hit and its attributes. */
export function sessionsBuildSql(c: SqlContext, gen: number): string {
  return `INSERT INTO ${c.db}.kpi_rollup_sessions
    SELECT ${chValue(c.ws)}, toUInt64(${gen}), ${localDay(c, 's_start')} AS g_day, s_channel, s_campaign, s_ad, s_source_medium,
      ${notSet('s_landing_page')} AS g_landing_page, ${notSet('s_country')} AS g_country, ${notSet('s_device')} AS g_device,
      count(), toUInt64(sum(s_page_views)), countIf(s_page_views <= 1), sum(s_end - s_start), uniqExactState(s_anon)
    FROM ${sessions(c)}
    GROUP BY g_day, s_channel, s_campaign, s_ad, s_source_medium, g_landing_page, g_country, g_device`;
}

/** Tracked clicks per local day of their first sighting and its attributes. */
export function clicksBuildSql(c: SqlContext, gen: number): string {
  return `INSERT INTO ${c.db}.kpi_rollup_clicks
    SELECT ${chValue(c.ws)}, toUInt64(${gen}), ${localDay(c, 'ts')} AS g_day, channel, campaign, ad, source_medium,
      ${notSet('landing_page')} AS g_landing_page, ${notSet('country')} AS g_country, ${notSet('device')} AS g_device, count()
    FROM ${trackedClicks(c)}
    GROUP BY g_day, channel, campaign, ad, source_medium, g_landing_page, g_country, g_device`;
}

const noTime = 'CAST(NULL AS Nullable(Int64))';
const carry = ['person', 'amount', 'currency', 'is_new', 'verified', 'is_lead', 'mql_at', 'sql_at', 'opportunity_at', 'customer_at'];

/** Every sale and lead (keys prefixed `s`, `l` as the full query's) with its candidate touch. */
export function creditsBuildSql(c: SqlContext, gen: number): string {
  const sales = `(SELECT concat('s', key) AS key, person, ts, amount, currency, toUInt8(is_new) AS is_new, toUInt8(verified) AS verified, toUInt8(0) AS is_lead,
      ${noTime} AS mql_at, ${noTime} AS sql_at, ${noTime} AS opportunity_at, ${noTime} AS customer_at FROM ${salesWithFirst(c, 'every')})`;
  const leads = `(SELECT concat('l', key) AS key, person, ts, CAST(NULL AS Nullable(String)) AS amount, '' AS currency, toUInt8(0) AS is_new,
      toUInt8(1) AS verified, toUInt8(1) AS is_lead, mql_at, sql_at, opportunity_at, customer_at FROM ${leadAll(c)})`;
  const rows = `(SELECT * FROM ${sales} UNION ALL SELECT * FROM ${leads})`;
  const touch = [1, 2, 3, 4, 5, 6, 7].map((i) => `best.${i}`).join(', ');
  return `INSERT INTO ${c.db}.kpi_rollup_credits
    SELECT ${chValue(c.ws)}, toUInt64(${gen}), key, c_person, c_ts, c_amount, c_currency, c_is_new, c_verified, c_is_lead,
      c_mql_at, c_sql_at, c_opportunity_at, c_customer_at, toUInt8(found), best_ts, ${touch}
    FROM ${candidateTouch(c, rows, carry)}`;
}

/** 1 when the workspace has a verified source (an order, a CRM lead, a verified event): `revenue_sources`' default. */
export function hasVerifiedSql(c: SqlContext): string {
  return `SELECT toUInt8(NOT ${countsAllSales({ ...c, revenueSources: null })}) AS v`;
}
