import { SESSION_TIMEOUT_MS } from '../../tracking/sessions.js';
import { localMidnight } from '../../metrics/time-zone.js';
import { chValue } from './sql-literal.js';
import { creditedAttributes, sourceMediumSql } from '../meanings/kpi-dimensions.js';
import { invalidArgument } from '../../shared/errors.js';

/**
 * The building blocks of the event-store queries, as subqueries (ClickHouse
 * 18.16 has no table CTEs, one JOIN per SELECT, JOIN … USING only, and no
 * window or ASOF joins). Both sides of every JOIN are aliased (`j_l`, `j_r`):
 * current releases refuse an unaliased joined subquery. Each returns a
 * parenthesised subquery; they compose like the DuckDB adapter's CTEs of the same names. The same text runs on one
 * server and on a cluster (reads of a Distributed table stream the shards'
 * rows into the query node, which joins and aggregates), so the results of
 * both setups are the same by construction.
 *
 * Times are epoch milliseconds (Int64); days are day numbers of the workspace's local
 * dates (`localDayNumber`), ranges run from local midnight to local midnight.
 */
export interface SqlContext {
  /** Database holding the tables. */
  db: string;
  ws: string;
  /** Inclusive start and exclusive end, epoch ms. */
  from: number;
  to: number;
  /** Lookback window of the last-non-direct-click credit, ms. */
  lookback: number;
  /** Workspace currency. */
  base: string;
  /** Workspace time zone (IANA): `from`/`to` are its midnights, day keys its local dates. */
  tz: string;
  /** The range's dates as day numbers (first, and the one after the last): spend rows carry dates, not instants. */
  fromDay: number;
  toDay: number;
  /** The workspace's `revenue_sources` (issue 12 #1); unset: `verified` once any verified source exists, else `all`. */
  revenueSources?: 'verified' | 'all' | null;
  /**
   * The KPIs (issue 14, as DuckDB's): people, touches, sales and leads of the whole history, so a
   * day's figures do not depend on the range showing them (a later click naming an order's person,
   * a later first verified sale, a lead's touch before the lookback of the range). Unset: up to `to`.
   */
  whole?: boolean;
}

export const dayMs = 86_400_000;

/** Epoch ms of the start of a YYYY-MM-DD day (UTC). */
export function dayStart(date: string): number {
  const ms = Date.parse(`${date}T00:00:00.000Z`);
  if (!Number.isFinite(ms)) throw invalidArgument('date', `not a date: ${date}`);
  return ms;
}

/** Stored times lie in these years (events from 2000 on): outside them a zone's offset changes no answer. */
const zoneYears = { from: Date.UTC(1900, 0, 1), to: Date.UTC(2200, 0, 1) };

/**
 * The instant (epoch ms) at which the local day `days` days after `date` (YYYY-MM-DD) begins in `tz`.
 * Dates far from any stored time (year 1, 9999, a million-day window) are taken as UTC midnights:
 * the offset of such a day changes no answer, and `Date`/`Intl` misread years before 100 or after 9999.
 */
export function localDayStart(date: string, tz: string, days = 0): number {
  const utc = dayStart(date) + days * dayMs;
  if (tz === 'UTC' || utc < zoneYears.from || utc >= zoneYears.to) return utc;
  return localMidnight(new Date(utc).toISOString().slice(0, 10), tz);
}

/** A query context over the inclusive day range [from, to], local days of `tz` (default UTC). */
export function context(db: string, ws: string, base: string, from: string, to: string, lookbackDays: number, tz = 'UTC'): SqlContext {
  const fromDay = dayStart(from) / dayMs;
  const toDay = dayStart(to) / dayMs + 1;
  return { db, ws, base, tz, fromDay, toDay, from: localDayStart(from, tz), to: localDayStart(to, tz, 1), lookback: lookbackDays * dayMs };
}

/** The local date (Date) of an epoch-ms expression in the context's time zone; UTC is plain arithmetic. */
export function localDay(c: SqlContext, ms: string): string {
  if (c.tz === 'UTC') return `toDate('1970-01-01') + intDiv(${ms}, ${dayMs})`;
  return `toDate(toDateTime(intDiv(${ms}, 1000)), ${chValue(c.tz)})`;
}

/** The local day number (days since 1970-01-01, Int64) of an epoch-ms expression in the context's time zone. */
export function localDayNumber(c: SqlContext, ms: string): string {
  if (c.tz === 'UTC') return `intDiv(${ms}, ${dayMs})`;
  return `toInt64(toUInt32(${localDay(c, ms)}))`;
}

/** Money sums keep 18 decimals in SQL; Node rounds them to 6 (half away from zero, as DuckDB's cast). */
export const money18 = (expr: string) => `CAST(${expr} AS Decimal128(18))`;
export const zero18 = `CAST(0 AS Decimal128(18))`;
/**
 * A converted amount rounded to 6 decimals, half away from zero (the CAST alone truncates):
 * each sale or spend row is worth whole micro-units of the base currency, as in the DuckDB adapter.
 */
const round6 = (expr: string) =>
  `CAST(CAST((${expr}) + if((${expr}) >= ${zero18}, toDecimal128('0.0000005', 18), toDecimal128('-0.0000005', 18)) AS Decimal128(6)) AS Decimal128(18))`;

const eventCols = `id, type, ts, anonymous_id, user_id, session_id, name, url, referrer, utm_source, utm_medium, utm_campaign,
  utm_content, click_id, order_id, revenue_amount, revenue_currency, properties, channel, landing_page, country, device`;

/** A deduplicated table of the workspace (FINAL collapses replaced rows; filters stay outside PREWHERE). */
export function table(c: SqlContext, name: string, columns: string, where = '1'): string {
  return `(SELECT ${columns} FROM ${c.db}.${name} FINAL WHERE workspace_id = ${chValue(c.ws)} AND (${where}))`;
}

/** Raw events of the workspace. */
export function events(c: SqlContext, where = '1'): string {
  return table(c, 'events', eventCols, where);
}

/**
 * Events before the range end with their stitched `person`: the user id, else the
 * user id the device (anonymous id) identified as (the smallest, if several), else the device.
 */
export function ev(c: SqlContext): string {
  return `(SELECT ${eventCols}, if(isNotNull(user_id), assumeNotNull(user_id), if(m_user != '', m_user, anonymous_id)) AS person
    FROM ${events(c, c.whole ? '1' : `ts < ${c.to}`)} AS j_l
    ANY LEFT JOIN (SELECT anonymous_id, min(assumeNotNull(user_id)) AS m_user FROM ${events(c, 'isNotNull(user_id)')} GROUP BY anonymous_id) AS j_r
    USING anonymous_id)`;
}

/** "google / cpc", "facebook.com / referral", "(direct) / (none)": the one meaning, ClickHouse's expression (`sourceMediumSql`). */
export const sourceMedium = sourceMediumSql.clickhouse;

/**
 * Non-direct page views and clicks from the lookback before the range: the touches sales and leads are credited to.
 * `t_touch` holds the credited attributes in the order of `creditedAttributes` (src/store/meanings/kpi-dimensions.ts);
 * `t_id`, the event id, orders touches of the same instant.
 */
export function touches(c: SqlContext): string {
  return `(SELECT person, ts AS t_ts, id AS t_id, 1 AS t_has,
      (channel, ifNull(utm_campaign, '(not set)'), ifNull(utm_content, '(not set)'), ${sourceMedium}, landing_page, country, device) AS t_touch
    FROM ${ev(c)}
    WHERE type IN ('page_view', 'click') AND channel != 'direct'${c.whole ? '' : ` AND ts >= ${c.from - c.lookback}`})`;
}

/** Who each click id belongs to (orders and leads carrying a click id join a person through it). */
export function clickPerson(c: SqlContext): string {
  return `(SELECT assumeNotNull(click_id) AS click_key, min(person) AS cp_person FROM ${ev(c)} WHERE isNotNull(click_id) GROUP BY click_key)`;
}

/** Per currency, its rate days (ascending) and rates: the latest on or before a day applies, else the earliest. */
function rateArrays(c: SqlContext): string {
  return `(SELECT currency, arrayMap(x -> x.1, s) AS r_days, arrayMap(x -> x.2, s) AS r_rates
    FROM (SELECT currency, arraySort(groupArray((toUInt32(date), toString(rate)))) AS s FROM ${table(c, 'rates', 'currency, date, rate')} GROUP BY currency))`;
}

/**
 * Adds `value` (Decimal128(18) in the base currency) and `unconverted` to rows carrying
 * `amount` (Nullable decimal text: 18.16 crashes aggregating Decimal128 inside any/argMin/groupArray,
 * so decimals travel through those as text), `currency` (String, '' for none) and `day` (UTC day number).
 */
export function withMoney(c: SqlContext, rows: string, keep: string): string {
  // How many rate days are on or before `day` (no lambda: 18.16 loses a captured column behind a JOIN).
  const d = 'toUInt32(day)';
  const idx = `if(has(r_days, ${d}), toInt64(indexOf(r_days, ${d})), toInt64(indexOf(arraySort(arrayPushBack(r_days, ${d})), ${d})) - 1)`;
  // Every branch is evaluated, so text that is absent parses as '0'.
  const rate = `toDecimal128(multiIf(${idx} > 0, r_rates[${idx}], length(r_rates) > 0, r_rates[1], '0'), 12)`;
  const amount = `toDecimal128(ifNull(amount, '0'), 6)`;
  return `(SELECT ${keep},
      multiIf(isNull(amount), ${zero18}, currency = ${chValue(c.base)}, ${money18(amount)}, ${round6(`${amount} * ${rate}`)}) AS value,
      isNotNull(amount) AND currency != ${chValue(c.base)} AND length(r_days) = 0 AS unconverted
    FROM ${rows} AS j_l ANY LEFT JOIN ${rateArrays(c)} AS j_r USING currency)`;
}

/** 1 for an event the server marked verified (issue 12 #1): postbacks with a secret, the server key, imports. */
export const verifiedEvent = `visitParamExtractBool(ifNull(properties, ''), 'rl_verified')`;

/**
 * Sales: conversion events (per order id, else per event id: a verified one first, then the
 * earliest) ∪ imported orders, one row per order id, with `verified` (1: an order or a verified
 * event). The imported order says how much; a verified event says who and when, else the
 * order does (issue 12 #3: a forged duplicate never takes an order over) unless the event's
 * person is the order's customer or its click's person.
 */
export function convAll(c: SqlContext): string {
  const convEvents = `(SELECT ifNull(order_id, id) AS key, 1 AS src,
      argMin((person, ts, toString(revenue_amount), revenue_currency, toUInt8(${verifiedEvent}), '', ''), (1 - toUInt8(${verifiedEvent}), ts, id)) AS pick
    FROM ${ev(c)} WHERE type = 'conversion' GROUP BY key)`;
  const orders = `(SELECT order_id AS key, 2 AS src,
      (if(cp_person != '', cp_person, customer_id), ts, CAST(toString(amount) AS Nullable(String)), CAST(currency AS Nullable(String)), toUInt8(1), customer_id, cp_person) AS pick
    FROM ${table(c, 'orders', 'order_id, customer_id, ts, amount, currency, ifNull(click_id, \'\') AS click_key', c.whole ? '1' : `ts < ${c.to}`)} AS j_l
    ANY LEFT JOIN ${clickPerson(c)} AS j_r USING click_key)`;
  const orderDecides = 'cv_has_order AND cv_e.5 = 0';
  return `(SELECT key, if(${orderDecides} AND cv_e.1 != cv_o.6 AND cv_e.1 != cv_o.7, cv_o.1, cv_e.1) AS person,
      if(${orderDecides}, cv_o.2, cv_e.2) AS ts, cv_o.3 AS amount, ifNull(cv_o.4, '') AS currency,
      toUInt8(cv_has_order OR cv_e.5 = 1) AS verified
    FROM (SELECT key, argMin(pick, src) AS cv_e, argMax(pick, src) AS cv_o, max(src) = 2 AS cv_has_order
      FROM (SELECT key, src, pick FROM ${convEvents} UNION ALL SELECT key, src, pick FROM ${orders}) GROUP BY key))`;
}

/**
 * 1 when the reports count every sale, 0 when only verified ones: the workspace's `revenue_sources`,
 * else `verified` once it has an order, a lead import or a verified event (`all` before).
 */
export function countsAllSales(c: SqlContext): string {
  if (c.revenueSources === 'all') return '1';
  if (c.revenueSources === 'verified') return '0';
  const n = (rows: string) => `(SELECT count() FROM ${rows})`;
  return `(${n(table(c, 'orders', 'order_id'))} + ${n(table(c, 'leads', 'lead_id'))} + ${n(events(c, `type IN ('conversion', 'lead') AND ${verifiedEvent} = 1`))} = 0)`;
}

/** The sales of `convAll` the workspace's `revenue_sources` counts (issue 12 #1). */
export function countedSales(c: SqlContext): string {
  return `(SELECT * FROM ${convAll(c)} WHERE verified = 1 OR ${countsAllSales(c)})`;
}

/**
 * Sales (`counted` or `every`, as `convMoney`) before valuing: key, person, ts, amount (decimal text),
 * currency, day (UTC day number, for the rate), is_new (the person's first) and verified.
 */
export function salesWithFirst(c: SqlContext, sales: 'counted' | 'every'): string {
  const kept = sales === 'counted' ? countedSales(c) : convAll(c);
  const perPerson = `(SELECT person, groupArray((key, ts, amount, currency, verified)) AS p_sales, argMin(key, (1 - verified, ts, key)) AS first_key FROM ${kept} GROUP BY person)`;
  return `(SELECT sale.1 AS key, person, sale.2 AS ts, sale.3 AS amount, sale.4 AS currency, intDiv(sale.2, ${dayMs}) AS day, sale.1 = first_key AS is_new, sale.5 AS verified
    FROM ${perPerson} ARRAY JOIN p_sales AS sale)`;
}

/**
 * Sales with their value in the base currency and whether each is the person's first (`is_new`).
 * `counted` (every report but the KPIs): only the sales the workspace's `revenue_sources` counts,
 * so in `verified` mode an unverified sale is neither a sale, nor revenue, nor makes a customer;
 * `every`: all of them (the KPIs, which show unverified revenue apart).
 * The sales are read once, grouped by person and unrolled (a second `convAll` for the first sale
 * would scan the events twice more: 18.16 has no CTEs).
 */
export function convMoney(c: SqlContext, sales: 'counted' | 'every' = 'counted'): string {
  const rows = salesWithFirst(c, sales);
  return `(SELECT key, person, ts, value, unconverted, is_new, verified FROM ${withMoney(c, rows, 'key, person, ts, is_new, verified')})`;
}

/** The credited touch fields (`creditedAttributes`, whose order `t_touch` follows), with what a row gets without a touch in the window. */
const creditFields: [string, string][] = creditedAttributes.map((a) => [a.name, a.direct === null ? 'CAST(NULL AS Nullable(String))' : chValue(a.direct)]);

/**
 * Each row of `rows` (columns key, person, ts and `carry`) with its candidate touch: the person's
 * latest touch at or before the row's time (`found`, `best_ts`, `best`: the attributes in the order
 * of `creditedAttributes`), whatever its age; `ts` as `c_ts`, each carried column as `c_<name>`.
 * Touches of the same instant: the greatest event id (a total order: on a cluster the shards' rows
 * arrive in no fixed order, so a tie left to arrival picks differently from one query to the next).
 */
export function candidateTouch(c: SqlContext, rows: string, carry: string[]): string {
  const before = `t_has = 1 AND t_ts <= ts`;
  const carried = carry.map((col) => `any(${col}) AS c_${col}`).join(', ');
  return `(SELECT key, any(ts) AS c_ts, ${carried ? `${carried},` : ''}
      countIf(${before}) > 0 AS found, maxIf(t_ts, ${before}) AS best_ts, argMaxIf(t_touch, (t_ts, t_id), ${before}) AS best
    FROM ${rows} AS j_l ALL LEFT JOIN ${touches(c)} AS j_r USING person GROUP BY key)`;
}

/**
 * The credited attributes of a row with a candidate touch (`found`, `best_ts`, `best`, the row's
 * time `tsCol`): the touch's when it lies within the lookback window, else direct's.
 */
export function creditedFromCandidate(c: SqlContext, tsCol: string): string {
  const inWindow = `found AND best_ts >= ${tsCol} - ${c.lookback}`;
  return creditFields.map(([name, fallback], i) => `if(${inWindow}, best.${i + 1}, ${fallback}) AS ${name}`).join(', ');
}

/**
 * Last non-direct click for each row of `rows` (columns key, person, ts and `carry`):
 * the person's latest touch at or before the row's time, kept when it lies within the
 * lookback window, else the row is credited to direct. Adds channel, campaign, ad,
 * source_medium, landing_page, country, device.
 */
export function credit(c: SqlContext, rows: string, carry: string[]): string {
  const picked = creditedFromCandidate(c, 'c_ts');
  return `(SELECT key, c_ts AS ts, ${carry.map((col) => `c_${col} AS ${col}`).join(', ')}${carry.length ? ',' : ''} ${picked} FROM ${candidateTouch(c, rows, carry)})`;
}

/** Sales in the range, credited (KPIs, channel days). */
export function conv(c: SqlContext): string {
  const credited = credit(c, `(SELECT key, person, ts, toString(value) AS value_text, is_new, unconverted, verified FROM ${convMoney(c)} WHERE ts >= ${c.from})`, ['person', 'value_text', 'is_new', 'unconverted', 'verified']);
  return `(SELECT *, toDecimal128(value_text, 18) AS value FROM ${credited})`;
}

/**
 * Leads: lead events (keyed by their `lead_id` property, else the event id) ∪ CRM leads, one row per key.
 * The earliest lead event of a key (by ts, then event id) says who, else the CRM lead; the CRM lead says
 * when each stage was reached, else that earliest event when it was created. Every pick is by a total
 * order: several lead events share a key, and on a cluster their rows arrive in no fixed order.
 */
export function leadAll(c: SqlContext): string {
  const leadEvents = `(SELECT if(visitParamExtractString(ifNull(properties, ''), 'lead_id') != '', visitParamExtractString(ifNull(properties, ''), 'lead_id'), id) AS key,
      1 AS src, ts AS o_ts, id AS o_id,
      (person, ts, CAST(NULL AS Nullable(Int64)), CAST(NULL AS Nullable(Int64)), CAST(NULL AS Nullable(Int64)), CAST(NULL AS Nullable(Int64))) AS pick
    FROM ${ev(c)} WHERE type = 'lead')`;
  const emailPerson = `(SELECT visitParamExtractString(assumeNotNull(properties), 'email_hash') AS email_key, min(person) AS ep_person
    FROM ${ev(c)} WHERE visitParamExtractString(ifNull(properties, ''), 'email_hash') != '' GROUP BY email_key)`;
  const crmWithClick = `(SELECT lead_id, user_id, email_key, created_at, mql_at, sql_at, opportunity_at, customer_at, cp_person
    FROM ${table(c, 'leads', `lead_id, user_id, ifNull(email_hash, '') AS email_key, ifNull(click_id, '') AS click_key, created_at, mql_at, sql_at, opportunity_at, customer_at`)} AS j_l
    ANY LEFT JOIN ${clickPerson(c)} AS j_r USING click_key)`;
  const crm = `(SELECT lead_id AS key, 2 AS src, created_at AS o_ts, lead_id AS o_id,
      (multiIf(isNotNull(user_id), assumeNotNull(user_id), cp_person != '', cp_person, ep_person != '', ep_person, concat('lead:', lead_id)),
       created_at, mql_at, sql_at, opportunity_at, customer_at) AS pick
    FROM ${crmWithClick} AS j_l ANY LEFT JOIN ${emailPerson} AS j_r USING email_key)`;
  const rows = `(SELECT key, src, o_ts, o_id, pick FROM ${leadEvents} UNION ALL SELECT key, src, o_ts, o_id, pick FROM ${crm})`;
  return `(SELECT key, l_who.1 AS person, l_when.2 AS ts, l_when.3 AS mql_at, l_when.4 AS sql_at, l_when.5 AS opportunity_at, l_when.6 AS customer_at
    FROM (SELECT key, argMin(pick, (src, o_ts, o_id)) AS l_who, argMin(pick, (2 - src, o_ts, o_id)) AS l_when FROM ${rows} GROUP BY key))`;
}

/** Leads credited to their last non-direct touch. */
export function leadCredit(c: SqlContext): string {
  return credit(c, leadAll(c), ['person', 'mql_at', 'sql_at', 'opportunity_at', 'customer_at']);
}

/**
 * Sessions that start in the range (columns s_*): first hit's channel, campaign, landing page;
 * page views; duration. The snippet's sessions by `session_id`; page views sent without one
 * (server-side) are split per anonymous id at gaps over `SESSION_TIMEOUT_MS` (the shared rule)
 * with arrays (18.16 has no window functions). Hits from a day either side are read so a
 * session crossing a range edge or midnight is whole and counts once, on the day of its first hit.
 * The first hit is the earliest by (ts, event id): a total order, whatever order the shards' rows arrive in.
 */
export function sessions(c: SqlContext): string {
  const near = `ts >= ${c.from - dayMs} AND ts < ${c.to + dayMs}`;
  const cols = 'anonymous_id, ts, id, type, channel, utm_source, utm_medium, utm_campaign, utm_content, referrer, landing_page, country, device';
  // Hits sorted by (ts, id); a hit starts a session when it is the first or follows a gap over the timeout.
  const perPerson = `(SELECT anonymous_id AS p_anon,
      arraySort(groupArray((ts, id, channel, utm_source, utm_medium, utm_campaign, utm_content, referrer, landing_page, country, device))) AS p_hits,
      arrayCumSum(arrayMap((d, i) -> toUInt32(i = 1 OR d > ${SESSION_TIMEOUT_MS}), arrayDifference(arrayMap(h -> h.1, p_hits)), arrayEnumerate(p_hits))) AS p_no
    FROM ${events(c, `type = 'page_view' AND isNull(session_id) AND ${near}`)} GROUP BY anonymous_id)`;
  const serverHits = `(SELECT concat('srv:', p_anon, ':', toString(hit.2)) AS h_sid, p_anon AS anonymous_id, hit.1.1 AS ts, hit.1.2 AS id, 'page_view' AS type,
      hit.1.3 AS channel, hit.1.4 AS utm_source, hit.1.5 AS utm_medium, hit.1.6 AS utm_campaign, hit.1.7 AS utm_content, hit.1.8 AS referrer,
      hit.1.9 AS landing_page, hit.1.10 AS country, hit.1.11 AS device
    FROM ${perPerson} ARRAY JOIN arrayMap((h, n) -> (h, n), p_hits, p_no) AS hit)`;
  const snippetHits = `(SELECT assumeNotNull(session_id) AS h_sid, ${cols} FROM ${events(c, `isNotNull(session_id) AND ${near}`)})`;
  const first = (col: string) => `argMin(${col}, (ts, id))`;
  return `(SELECT * FROM (SELECT h_sid AS session_id, min(ts) AS s_start, max(ts) AS s_end, ${first('anonymous_id')} AS s_anon,
      ${first('channel')} AS s_channel, ifNull(${first('utm_campaign')}, '(not set)') AS s_campaign, ifNull(${first('utm_content')}, '(not set)') AS s_ad,
      ${first(sourceMedium)} AS s_source_medium, ${first('landing_page')} AS s_landing_page, ${first('country')} AS s_country,
      ${first('device')} AS s_device, countIf(type = 'page_view') AS s_page_views
    FROM (SELECT h_sid, ${cols} FROM ${snippetHits} UNION ALL SELECT h_sid, ${cols} FROM ${serverHits}) GROUP BY h_sid)
    WHERE s_start >= ${c.from} AND s_start < ${c.to})`;
}

/** Spend rows of the range with `cost_base` (Decimal128(18)) and `unconverted`. */
export function spendBase(c: SqlContext): string {
  const { fromDay, toDay } = c; // toDay exclusive
  const rows = `(SELECT date, channel, campaign, ad, impressions, clicks, CAST(toString(cost) AS Nullable(String)) AS amount, currency, toUInt32(date) AS day
    FROM (SELECT * FROM ${table(c, 'spend', 'date, channel, campaign, ad, cost, currency, impressions, clicks, deleted')} WHERE deleted = 0)
    WHERE day >= ${fromDay} AND day < ${toDay})`;
  return withMoney(c, rows, 'date, channel, campaign, ad, impressions, clicks');
}
