import { SESSION_TIMEOUT_MS } from '../../tracking/sessions.js';
import type { KpiDimension } from '../../metrics/kpi-query.js';
import { alsoPerChannel, creditedAttributes, dimensionSql, sourceMediumSql, rowCampaignSql, rowChannelSql, type FactColumns, type FactSource, type KpiDialect } from '../meanings/kpi-dimensions.js';
import { factMeasures, isMoneyMeasure, kpiMeasureNames, type DuckDbFact, type KpiMeasure } from '../meanings/kpi-measures.js';
import { gregorianBuckets, type CalendarBuckets } from '../../metrics/calendar-buckets.js';
import { localRange } from '../../metrics/time-zone.js';
import { sqlString } from './sql-literal.js';
import { creditTouchesCte, isNewSale, saleValueColumns, touchColumns } from './credits/credit-columns-sql.js';

/**
 * The KPI fact query of the embedded store, built from small CTE builders.
 * Parameters: $ws workspace, $from/$to inclusive local dates, $from_ts/$to_ts the
 * instants they cover (UTC, [from_ts, to_ts)), $lookback days, $base currency (see
 * `kpiSqlParams`; the queries on `baseCtes` alone take `rangeSqlParams`). The time zone
 * is SQL text (`sqlString`): only some queries use it.
 * Conversions and leads are credited to the person's last non-direct touch
 * (page view or click) within the lookback window; identities are stitched by user id.
 * Day, week and month keys are local dates of the workspace time zone.
 */

/** SQL expressions of the instants a query covers: [from, to). */
interface Bounds {
  from: string;
  to: string;
}

/** The workspace's local days: instants computed in Node (`rangeSqlParams`); every query on `baseCtes` uses them. */
export const localDays: Bounds = { from: '$from_ts::TIMESTAMP', to: '$to_ts::TIMESTAMP' };

/** `YYYY-MM-DD HH:MM:SS.mmm` (UTC) of an instant, as DuckDB reads a TIMESTAMP. */
export const sqlTimestamp = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

export interface RangeQuery {
  ws: string;
  /** Inclusive local dates (YYYY-MM-DD) of the workspace time zone. */
  from: string;
  to: string;
  lookbackDays: number;
  base: string;
  timezone: string;
}

/**
 * The parameters of the queries built on `baseCtes` alone (journeys, customers, experiments, links):
 * the instants [$from_ts, $to_ts) the local days cover. DuckDB refuses parameters a statement does
 * not use, so the local dates themselves are left out (see `kpiSqlParams`).
 */
export function rangeSqlParams(q: RangeQuery): Record<string, string | number> {
  const { start, end } = localRange(q.from, q.to, q.timezone);
  return { ws: q.ws, lookback: q.lookbackDays, base: q.base, from_ts: sqlTimestamp(start), to_ts: sqlTimestamp(end) };
}

/** The parameters of `kpiFactsSql` and `channelDailySql` for a workspace and a local date range (spend rows are read by date). */
export function kpiSqlParams(q: RangeQuery): Record<string, string | number> {
  return { ...rangeSqlParams(q), from: q.from, to: q.to };
}

/** The local wall time of a stored (UTC) timestamp column; UTC workspaces skip the conversion. */
export const localTime = (col: string, timezone: string) => (timezone === 'UTC' ? col : `timezone(${sqlString(timezone)}, timezone('UTC', ${col}))`);

/** How DuckDB writes the dimension expressions that differ between engines (`KpiDialect`). */
export const dialect: KpiDialect = {
  none: 'NULL',
  orNotSet: (expr) => `coalesce(${expr}, '(not set)')`,
  dayKey: (date) => `strftime(${date}, '%Y-%m-%d')`,
  // Days back to the week's first day: ISO days (Monday 1 … Sunday 7) less the calendar's first, modulo 7.
  weekKey: (date, weekStart) => `strftime(${date} - CAST((isodow(${date}) + ${7 - weekStart}) % 7 AS INTEGER), '%Y-%m-%d')`,
  monthKey: (date, months) => {
    if (!months) return `strftime(${date}, '%Y-%m')`;
    const latestFirst = [...months].reverse();
    const cases = latestFirst.slice(0, -1).map((m) => `WHEN ${date} >= DATE ${sqlString(m.start)} THEN ${sqlString(m.key)}`).join(' ');
    return `CASE ${cases} ELSE ${sqlString(latestFirst[latestFirst.length - 1].key)} END`;
  },
};

/** A fact's own measure expressions (the KPI rollups' pre-aggregated rows), instead of a registry fact's. */
export type FactMeasureSql = Partial<Record<KpiMeasure, string>>;

/** The dialect over the rollups: a day stays a DATE (written YYYY-MM-DD once per row of the answer). */
export const rollupDialect: KpiDialect = { ...dialect, dayKey: (date) => date };

/** A fact's rows under `alias`: spend dates are already the ad platforms' (local) days; event times are UTC instants. */
export function factColumns(source: FactSource, alias: string, timezone: string): FactColumns {
  const time = source === 'spend' ? `${alias}.date` : localTime(source === 'session' ? `${alias}.start_ts` : `${alias}.ts`, timezone);
  return { source, column: (name) => `${alias}.${name}`, localDate: `${time}::DATE` };
}

/** The source / medium of an event row (`sourceMediumSql`, the one meaning). */
export const sourceMedium = sourceMediumSql.duckdb;

/** A conversion event the server marked verified (issue 12 #1: postbacks with a secret, the server key, imports). */
export const verifiedEvent = `coalesce(properties LIKE '%rl_verified%' AND json_extract_string(properties, '$.rl_verified') = 'true', false)`;
/**
 * An order's verified record (an imported order) decides its person, time and value over an
 * unverified conversion event with the same order id (issue 12 #3); the event's person stays
 * only when it is the order's customer or the person of its click.
 */
const orderDecides = 'o.key IS NOT NULL AND NOT coalesce(e.verified, false)';

/**
 * Which sales the reports count (design.md "Verified revenue"): the workspace's `revenue_sources`,
 * inlined (`verified` | `all`), else the stored setting (the key `revenue-guard.ts` writes), else
 * `verified` once the workspace has any verified source (an order, a lead import, a verified event),
 * `all` before.
 */
export function revModeCte(revenueSources: 'verified' | 'all' | null): string {
  if (revenueSources) return `rev_mode AS (SELECT '${revenueSources === 'all' ? 'all' : 'verified'}' AS mode)`;
  return `rev_mode AS (
    SELECT CASE WHEN s.value IN ('verified', 'all') THEN s.value
      WHEN EXISTS (SELECT 1 FROM orders WHERE workspace_id = $ws) OR EXISTS (SELECT 1 FROM leads WHERE workspace_id = $ws)
        OR EXISTS (SELECT 1 FROM events WHERE workspace_id = $ws AND type IN ('conversion', 'lead') AND ${verifiedEvent})
      THEN 'verified' ELSE 'all' END AS mode
    FROM (SELECT 1) one LEFT JOIN settings s ON s.key = 'workspace.' || $ws || '.revenue_sources'
  )`;
}

/**
 * Which sales `conv_money` holds: `counted`, only those the workspace's `revenue_sources` counts
 * (every report but the KPIs: in `verified` mode an unverified sale is neither a sale, nor revenue,
 * nor makes a customer); `every`, all of them (the KPIs, which show unverified revenue apart).
 */
type SalesKept = 'counted' | 'every';

/**
 * The shared CTEs (people, touches, sales, leads, `rev_mode`) over the instants of `b`. `whole` (the KPIs,
 * issue 14): people, sales and leads of the whole history, so a day's figures do not depend on the range
 * showing it (a later click naming an order's person, a later first verified sale); as the rollups.
 */
export function baseCtesSql(b: Bounds, sales: SalesKept, revenueSources: 'verified' | 'all' | null = null, whole = false, rows: RowSources = allRows): string {
  const convFrom = sales === 'counted' ? `(SELECT * FROM conv_all WHERE verified OR (SELECT mode FROM rev_mode) = 'all')` : 'conv_all';
  return `
  ${rows.revMode ?? revModeCte(revenueSources)},
  ${rows.idmap ?? `idmap AS (
    SELECT anonymous_id, min(user_id) AS user_id FROM events
    WHERE workspace_id = $ws AND user_id IS NOT NULL GROUP BY anonymous_id
  )`},${rows.ctes}
  ev AS (
    SELECT e.*, coalesce(e.user_id, m.user_id, e.anonymous_id) AS person
    FROM ${rows.events} e LEFT JOIN idmap m ON m.anonymous_id = e.anonymous_id
    WHERE e.workspace_id = $ws${whole ? '' : ` AND e.ts < ${b.to}`}
  ),
  touches AS (
    SELECT person, ts, id, ${touchColumns}
    FROM ev
    WHERE type IN ('page_view', 'click') AND channel <> 'direct'${whole ? '' : `
      AND ts >= ${b.from} - to_days($lookback::INTEGER)`}
  ),
  ${creditTouchesCte},
  rates_ts AS (
    SELECT currency, date::TIMESTAMP AS since, rate FROM rates WHERE workspace_id = $ws
  ),
  first_rate AS (
    SELECT currency, arg_min(rate, date) AS rate FROM rates WHERE workspace_id = $ws GROUP BY currency
  ),
  ${salesAndLeadsCtes(whole ? null : b.to, rows.orders)},
  conv_money AS (
    SELECT c.*, ${saleValueColumns('c', 'r', 'f')},
      -- A person's first sale: the first verified one when there is any (a forged earlier sale cannot make a customer old).
      ${isNewSale('c')} AS is_new
    FROM ${convFrom} c
    ASOF LEFT JOIN rates_ts r ON c.currency = r.currency AND c.ts >= r.since
    LEFT JOIN first_rate f ON f.currency = c.currency
  ),
  conv AS (
    SELECT c.key, c.ts, c.value, c.is_new, c.unconverted, c.currency, c.verified,
      ${creditedColumns('t', 'c')}
    FROM (SELECT * FROM conv_money WHERE ts >= ${b.from}${whole ? ` AND ts < ${b.to}` : ''}) c
    ASOF LEFT JOIN credit_touches t ON c.person = t.person AND c.ts >= t.ts
  ),
  lead_credit AS (
    SELECT l.ts, l.mql_at, l.sql_at, l.opportunity_at, l.customer_at, ${creditedColumns('t', 'l')}
    FROM lead_all l
    ASOF LEFT JOIN credit_touches t ON l.person = t.person AND l.ts >= t.ts
  )`;
}

/**
 * Which event and order rows the shared CTEs read (`baseCtesSql`): by default the tables, all of
 * them; a person's profile reads only the rows that can touch it (`customers-sql.ts`, `personRows`):
 * `ctes` (each ending in a comma) go before `ev` and may use `idmap`.
 */
export interface RowSources {
  ctes: string;
  events: string;
  orders: string;
  /** `rev_mode` and `idmap` read elsewhere (the KPI rollups' state and identities) instead of the events. */
  revMode?: string;
  idmap?: string;
}

export const allRows: RowSources = { ctes: '', events: 'events', orders: 'orders' };

/** Sales (`conv_all`, one per key) and leads (`lead_all`) with their person, over `ev`; `before`: orders before that instant (null: all); `orders`: the order rows read. */
export function salesAndLeadsCtes(before: string | null, orders = 'orders'): string {
  return `click_person AS (
    SELECT click_id, min(person) AS person FROM ev WHERE click_id IS NOT NULL GROUP BY click_id
  ),
  conv_events AS (
    SELECT coalesce(order_id, id) AS key, person, ts, revenue_amount AS amount, revenue_currency AS currency,
      ${verifiedEvent} AS verified
    FROM ev WHERE type = 'conversion'
    QUALIFY row_number() OVER (PARTITION BY coalesce(order_id, id) ORDER BY ${verifiedEvent} DESC, ts, id) = 1
  ),
  conv_orders AS (
    SELECT o.order_id AS key, coalesce(cp.person, o.customer_id) AS person, o.customer_id, cp.person AS click_person, o.ts, o.amount, o.currency
    FROM ${orders} o LEFT JOIN click_person cp ON cp.click_id = o.click_id
    WHERE o.workspace_id = $ws${before ? ` AND o.ts < ${before}` : ''}
  ),
  conv_all AS (
    SELECT coalesce(e.key, o.key) AS key,
      CASE WHEN ${orderDecides} AND e.person IS DISTINCT FROM o.customer_id AND e.person IS DISTINCT FROM o.click_person THEN o.person
           ELSE coalesce(e.person, o.person) END AS person,
      CASE WHEN ${orderDecides} THEN o.ts ELSE coalesce(e.ts, o.ts) END AS ts,
      CASE WHEN o.key IS NOT NULL THEN o.amount ELSE e.amount END AS amount,
      CASE WHEN o.key IS NOT NULL THEN o.currency ELSE e.currency END AS currency,
      o.key IS NOT NULL OR coalesce(e.verified, false) AS verified
    FROM conv_events e FULL OUTER JOIN conv_orders o ON e.key = o.key
  ),
  lead_events AS (
    -- One row per lead (its lead_id, else the event id): several lead events may share a lead_id; the earliest by (ts, id) says who.
    SELECT coalesce(json_extract_string(properties, '$.lead_id'), id) AS key, person, ts
    FROM ev WHERE type = 'lead'
    QUALIFY row_number() OVER (PARTITION BY coalesce(json_extract_string(properties, '$.lead_id'), id) ORDER BY ts, id) = 1
  ),
  email_person AS (
    SELECT json_extract_string(properties, '$.email_hash') AS email_hash, min(person) AS person
    FROM ev WHERE properties LIKE '%email_hash%' AND json_extract_string(properties, '$.email_hash') IS NOT NULL
    GROUP BY 1
  ),
  lead_crm AS (
    SELECT l.lead_id AS key, coalesce(l.user_id, cp.person, ep.person, 'lead:' || l.lead_id) AS person,
      l.created_at AS ts, l.mql_at, l.sql_at, l.opportunity_at, l.customer_at
    FROM leads l
    LEFT JOIN click_person cp ON cp.click_id = l.click_id
    LEFT JOIN email_person ep ON ep.email_hash = l.email_hash
    WHERE l.workspace_id = $ws
  ),
  lead_all AS (
    SELECT coalesce(c.key, e.key) AS key, coalesce(e.person, c.person) AS person, coalesce(c.ts, e.ts) AS ts,
      c.mql_at, c.sql_at, c.opportunity_at, c.customer_at
    FROM lead_events e FULL OUTER JOIN lead_crm c ON c.key = e.key
  )`;
}

/**
 * The shared CTEs over the instants [$from_ts, $to_ts) of the workspace's local days (journeys,
 * customers, experiments, links): their sales are those the workspace's `revenue_sources` counts.
 */
export const baseCtes = baseCtesSql(localDays, 'counted');

/** A column of a group's earliest row by (ts, event id): a total order, as ClickHouse's `argMin(col, (ts, id))`. */
export const firstBy = (col: string) => `arg_min(${col}, (ts, id))`;

/**
 * Sessions that start in [b.from, b.to): the snippet's (by `session_id`) and, for page
 * views sent without one (server-side), sessions found here by the shared rule
 * (`SESSION_TIMEOUT_MS` of inactivity per anonymous id). Hits from a day either side are
 * read so a session crossing a range edge or midnight is whole and counts once, on the
 * day of its first hit.
 */
function sessionsCte(b: Bounds): string {
  const near = `ts >= ${b.from} - INTERVAL 1 DAY AND ts < ${b.to} + INTERVAL 1 DAY`;
  const cols = 'anonymous_id, ts, id, type, channel, utm_source, utm_medium, utm_campaign, utm_content, referrer, landing_page, country, device';
  const first = firstBy;
  return `server_hits AS (
    SELECT *, CASE WHEN lag(ts) OVER w IS NULL OR epoch_ms(ts) - epoch_ms(lag(ts) OVER w) > ${SESSION_TIMEOUT_MS} THEN 1 ELSE 0 END AS starts
    FROM events WHERE workspace_id = $ws AND session_id IS NULL AND type = 'page_view' AND ${near}
    WINDOW w AS (PARTITION BY anonymous_id ORDER BY ts, id)
  ),
  sess_hits AS (
    SELECT session_id AS sid, ${cols} FROM events WHERE workspace_id = $ws AND session_id IS NOT NULL AND ${near}
    UNION ALL
    SELECT 'srv:' || anonymous_id || ':' || sum(starts) OVER (PARTITION BY anonymous_id ORDER BY ts, id ROWS UNBOUNDED PRECEDING), ${cols} FROM server_hits
  ),
  sess AS (
    SELECT sid AS session_id, min(ts) AS start_ts, max(ts) AS end_ts, ${first('anonymous_id')} AS anonymous_id,
      ${first('channel')} AS channel, coalesce(${first('utm_campaign')}, '(not set)') AS campaign,
      coalesce(${first('utm_content')}, '(not set)') AS ad, ${first(sourceMedium)} AS source_medium,
      ${first('landing_page')} AS landing_page, ${first('country')} AS country, ${first('device')} AS device,
      count(*) FILTER (WHERE type = 'page_view') AS page_views
    FROM sess_hits
    GROUP BY sid
    HAVING min(ts) >= ${b.from} AND min(ts) < ${b.to}
  )`;
}

/**
 * Tracked clicks: click events (tracking links, the snippet, the pixel) and the click ids of
 * postbacks, one row per click id (an event without one is its own click), at its first
 * sighting. Read from 31 days before the range: a postback's click is at most 30 days old.
 */
function trackedClicksCte(b: Bounds): string {
  const first = firstBy;
  return `tracked AS (
    SELECT coalesce(click_id, id) AS click_key, min(ts) AS ts, ${first('channel')} AS channel,
      coalesce(${first('utm_campaign')}, '(not set)') AS campaign, coalesce(${first('utm_content')}, '(not set)') AS ad,
      ${first(sourceMedium)} AS source_medium, ${first('landing_page')} AS landing_page, ${first('country')} AS country, ${first('device')} AS device
    FROM events
    WHERE workspace_id = $ws AND ts >= ${b.from} - INTERVAL 31 DAY AND ts < ${b.to}
      AND (type = 'click' OR (type IN ('conversion', 'lead') AND click_id IS NOT NULL AND json_extract_string(properties, '$.source') = 'postback'))
    GROUP BY 1
  )`;
}

/** Columns of a credited row: the touch's channel, campaign, … when it (at `touchTs`) is inside the lookback window. */
export function creditedColumns(touch: string, row: string, touchTs = `${touch}.ts`): string {
  const inWindow = `${touchTs} IS NOT NULL AND ${touchTs} >= ${row}.ts - to_days($lookback::INTEGER)`;
  const pick = (col: string, fallback: string) => `CASE WHEN ${inWindow} THEN ${touch}.${col} ELSE ${fallback} END AS ${col}`;
  return creditedAttributes.map((a) => pick(a.name, a.direct === null ? 'NULL' : sqlString(a.direct))).join(', ');
}

/**
 * One fact aggregated by the dimension and in total (GROUPING SETS); its measures come from the
 * registry (`factMeasures`), those it lacks are 0. Campaign and ad rows carry their channel; ad
 * rows their campaign too. Unless the rows say their channel, also per channel (`is_channel`).
 */
export function factSelect(by: KpiDimension | null, buckets: CalendarBuckets, f: FactColumns, from: string, alias: string, fact: DuckDbFact | FactMeasureSql, where = 'TRUE', d = dialect): string {
  const measures = typeof fact === 'string' ? factMeasures('duckdb', fact) : fact;
  const dim = by ? dimensionSql(d, f, by, buckets) : null;
  const key = dim ?? 'NULL';
  const chan = rowChannelSql(d, f, by);
  const camp = rowCampaignSql(d, f, by, buckets);
  const perChannel = alsoPerChannel(by);
  const own = f.column('channel');
  const sets = [...(dim ? [`(${key}, ${chan}, ${camp})`] : []), '()', ...(perChannel ? [`(${own})`] : [])];
  const cols = kpiMeasureNames.map((m) => `${measures[m] ?? '0'} AS ${m}`).join(', ');
  const isChannel = perChannel ? `grouping(${own}) = 0` : 'FALSE';
  const isTotal = [dim ? `grouping(${key}) = 1` : 'TRUE', perChannel ? `grouping(${own}) = 1` : 'TRUE'].join(' AND ');
  const keyOut = perChannel ? `CASE WHEN ${isChannel} THEN ${own} ELSE (${key})::VARCHAR END` : key;
  return `SELECT ${isTotal} AS is_total, ${isChannel} AS is_channel, (${keyOut})::VARCHAR AS key, ${chan}::VARCHAR AS channel, ${camp}::VARCHAR AS campaign, ${cols}
    FROM ${from} ${alias} WHERE ${where} GROUP BY GROUPING SETS (${sets.join(', ')})`;
}

export const inRange = (col: string) => `${col} >= ${localDays.from} AND ${col} < ${localDays.to}`;

/**
 * Sales in the range and leads credited in one ASOF join (two joins would sort the touches twice);
 * the same rows and credit as the `conv` and `lead_credit` CTEs.
 */
const creditedCte = `credited AS (
    SELECT r.is_sale, r.ts, r.value, r.is_new, r.unconverted, r.mql_at, r.sql_at, r.opportunity_at, r.customer_at,
      r.verified, r.verified OR (SELECT mode FROM rev_mode) = 'all' AS counted,
      ${creditedColumns('t', 'r')}
    FROM (
      SELECT true AS is_sale, person, ts, value, is_new, unconverted,
        NULL::TIMESTAMP AS mql_at, NULL::TIMESTAMP AS sql_at, NULL::TIMESTAMP AS opportunity_at, NULL::TIMESTAMP AS customer_at, verified
      FROM conv_money WHERE ts >= ${localDays.from} AND ts < ${localDays.to}
      UNION ALL
      SELECT false, person, ts, NULL, false, false, mql_at, sql_at, opportunity_at, customer_at, true FROM lead_all
    ) r
    ASOF LEFT JOIN credit_touches t ON r.person = t.person AND r.ts >= t.ts
  )`;

/** The whole KPI fact query for one dimension (or totals only), in the workspace's time zone, from raw events: the rollups' reference. */
export function kpiFactsSql(by: KpiDimension | null, timezone = 'UTC', revenueSources: 'verified' | 'all' | null = null, buckets: CalendarBuckets = gregorianBuckets): string {
  const ctes = `${baseCtesSql(localDays, 'every', revenueSources, true)},
    ${sessionsCte(localDays)},
    ${trackedClicksCte(localDays)},
    ${creditedCte}`;
  return kpiFactsOver(ctes, by, timezone, buckets);
}

/**
 * The KPI facts over CTEs defining `rates_ts`, `first_rate`, `rev_mode`, `sess`, `tracked` and `credited` (as in
 * `kpiFactsSql`); `visits`: the rollups' selects of the session and tracked-click facts instead (from
 * their daily rows, `rollup-kpi-sql.ts`), whose days are DATEs grouped as such.
 */
export function kpiFactsOver(ctes: string, by: KpiDimension | null, timezone: string, buckets: CalendarBuckets, visits?: string[]): string {
  const fact = (source: FactSource, from: string, alias: string, name: DuckDbFact, where?: string) =>
    // Over the rollups a day is grouped as a DATE, written YYYY-MM-DD once per row of the answer.
    factSelect(by, buckets, factColumns(source, alias, timezone), from, alias, name, where, visits ? rollupDialect : dialect);
  const spendFrom = `(SELECT s.*, CASE WHEN s.currency = $base THEN s.cost ELSE s.cost * coalesce(r.rate, f.rate) END AS cost_base,
      s.currency <> $base AND r.rate IS NULL AND f.rate IS NULL AS unconverted
    FROM (SELECT *, date::TIMESTAMP AS day_ts FROM spend WHERE workspace_id = $ws AND date BETWEEN $from::DATE AND $to::DATE) s
    ASOF LEFT JOIN rates_ts r ON s.currency = r.currency AND s.day_ts >= r.since
    LEFT JOIN first_rate f ON f.currency = s.currency)`;
  /** Credited leads at one CRM stage: the stage's time as `ts`. */
  const stage = (at: string) => `(SELECT * REPLACE (${at} AS ts) FROM credited WHERE is_sale = false)`;
  const parts = [
    fact('spend', spendFrom, 'sp', 'spend'),
    ...(visits ?? [fact('session', 'sess', 'se', 'sessions'), fact('touch', 'tracked', 'tk', 'tracked', inRange('tk.ts'))]),
    fact('touch', `(SELECT * FROM credited WHERE is_sale = false)`, 'lc', 'leads', inRange('lc.ts')),
    fact('touch', stage('mql_at'), 'lm', 'mqls', inRange('lm.ts')),
    fact('touch', stage('sql_at'), 'ls', 'sqls', inRange('ls.ts')),
    fact('touch', stage('opportunity_at'), 'lo', 'opportunities', inRange('lo.ts')),
    fact('touch', stage('customer_at'), 'lw', 'won', inRange('lw.ts')),
    fact('touch', `(SELECT * FROM credited WHERE is_sale)`, 'cv', 'sales'),
  ];
  const sums = kpiMeasureNames
    .map((m) => (isMoneyMeasure(m) ? `sum(${m})::DECIMAL(38,6)::VARCHAR AS ${m}` : `sum(${m})::DOUBLE AS ${m}`))
    .join(', ');
  return `WITH ${ctes},
    facts AS (${parts.join('\n UNION ALL \n')})
    SELECT is_total, is_channel, key, channel, campaign, ${sums} FROM facts GROUP BY is_total, is_channel, key, channel, campaign`;
}
