import type { SegmentRules } from '../customers.js';
import { walkSegment } from '../meanings/segment-rules.js';
import { clickPerson, convMoney, credit, ev, leadCredit, localDayStart, table, touches, type SqlContext } from './base-sql.js';
import { chValue } from './sql-literal.js';

/**
 * Customer queries in ClickHouse over the shared building blocks (stitched
 * persons, sales with values, credited touches). A person row (`people`) has
 * columns p_*; segment rules compile to per-person aggregate columns (sg_*) over
 * the person's events plus a predicate over both.
 */

/** A compiled segment: aggregates over a person's events (ev rows) and the predicate on the person row. */
export interface CompiledSegment {
  columns: string[];
  predicate: string;
}

const prop = (key: string) => `visitParamExtractString(ifNull(properties, ''), ${chValue(key)})`;
/** A JSON property as text: string values unquoted, numbers and booleans as written. */
const propText = (key: string) => `if(${prop(key)} != '', ${prop(key)}, visitParamExtractRaw(ifNull(properties, ''), ${chValue(key)}))`;
const isIdentify = `type = 'custom' AND ifNull(name, '') = 'identify'`;
const inList = (expr: string, values: string[]) => (values.length ? `${expr} IN (${values.map(chValue).join(', ')})` : '0');

/**
 * Compiles segment rules (`walkSegment`); every user value goes through `chValue`. Conditions on
 * a person's events become aggregate columns (sg_*) over their events; local days start at the
 * midnights of `timeZone`.
 *
 * @example compileSegment({ match: 'all', conditions: [{ kind: 'orders', min_count: 2 }] }, '2026-01-31', 'UTC').predicate // "((p_orders >= 2))"
 */
export function compileSegment(rules: SegmentRules, asOf: string, timeZone: string): CompiledSegment {
  const columns: string[] = [];
  const column = (expr: string) => {
    columns.push(`${expr} AS sg_${columns.length}`);
    return `sg_${columns.length - 1}`;
  };
  const midnight = (date: string) => localDayStart(date, timeZone);
  const predicate = walkSegment(rules, asOf, {
    builtinTrait: (trait, values) => inList(`p_${trait}`, values),
    identifyTrait: (name, values) => inList(column(`argMaxIf(${propText(name)}, (ts, id), ${isIdentify} AND ${propText(name)} != '')`), values),
    eventCount: (name, minCount, days) =>
      `${column(`countIf(ifNull(name, type) = ${chValue(name)} AND ts >= ${midnight(days.since)} AND ts < ${midnight(days.end)})`)} >= ${chValue(minCount)}`,
    pageViewed: (path, days) =>
      `${column(`countIf(type = 'page_view' AND ifNull(landing_page, '') = ${chValue(path)} AND ts < ${midnight(days.end)}${days.since !== undefined ? ` AND ts >= ${midnight(days.since)}` : ''})`)} > 0`,
    ordersAtLeast: (minCount) => `p_orders >= ${chValue(minCount)}`,
    spentMoreThan: (amount) => `toFloat64(p_revenue) > ${chValue(amount)}`,
    acquisitionChannel: (values) => inList('p_acq_channel', values),
    always: '1',
  });
  return { columns, predicate };
}

/** One row per person (p_* columns, plus the segment's sg_* columns). */
export function peopleSql(c: SqlContext, segmentColumns: string[]): string {
  const identify = `arrayMap(x -> x.3, arraySort(groupArrayIf((ts, id, assumeNotNull(properties)), ${isIdentify} AND isNotNull(properties))))`;
  const seen = `(SELECT person, 1 AS has_s, arraySort(groupUniqArray(anonymous_id)) AS s_anons, min(ts) AS s_first, max(ts) AS s_last,
      argMax(country, (ts, id)) AS s_country, argMax(device, (ts, id)) AS s_device,
      argMaxIf(${prop('language')}, (ts, id), ${prop('language')} != '') AS s_language, argMaxIf(${prop('city')}, (ts, id), ${prop('city')} != '') AS s_city,
      argMaxIf(${prop('email_hash')}, (ts, id), ${prop('email_hash')} != '') AS s_email, ${identify} AS s_identify
      ${segmentColumns.length ? `, ${segmentColumns.join(', ')}` : ''}
    FROM ${ev(c)} GROUP BY person)`;
  const sales = `(SELECT person, 1 AS has_o, count() AS o_orders, sum(value) AS o_revenue, min(ts) AS o_first, max(ts) AS o_last FROM ${convMoney(c)} GROUP BY person)`;
  const firstTouch = `(SELECT person, 1 AS has_ft, argMin(t_touch.1, (t_ts, t_id)) AS ft_channel, argMin(t_touch.2, (t_ts, t_id)) AS ft_campaign FROM ${touches(c)} GROUP BY person)`;
  const firstSale = `(SELECT person, 1 AS has_fs, channel AS fs_channel, campaign AS fs_campaign, ts AS fs_ts
    FROM ${credit(c, `(SELECT key, person, ts FROM ${convMoney(c)} WHERE is_new)`, ['person'])})`;
  const orderEmail = `(SELECT if(cp_person != '', cp_person, customer_id) AS person, argMax(email_hash, (ts, order_id)) AS oe_email
    FROM ${table(c, 'orders', `order_id, customer_id, ts, email_hash, ifNull(click_id, '') AS click_key`, `ts < ${c.to}`)} AS j_l
    ANY LEFT JOIN ${clickPerson(c)} AS j_r USING click_key GROUP BY person)`;
  const keys = `(SELECT DISTINCT person FROM (SELECT person FROM ${seen} UNION ALL SELECT person FROM ${sales}))`;
  const j1 = `(SELECT * FROM ${keys} AS j_l ANY LEFT JOIN ${seen} AS j_r USING person)`;
  const j2 = `(SELECT * FROM ${j1} AS j_l ANY LEFT JOIN ${sales} AS j_r USING person)`;
  const j3 = `(SELECT * FROM ${j2} AS j_l ANY LEFT JOIN ${firstTouch} AS j_r USING person)`;
  const j4 = `(SELECT * FROM ${j3} AS j_l ANY LEFT JOIN ${firstSale} AS j_r USING person)`;
  const j5 = `(SELECT * FROM ${j4} AS j_l ANY LEFT JOIN ${orderEmail} AS j_r USING person)`;
  const sg = segmentColumns.map((_, i) => `, sg_${i}`).join('');
  return `(SELECT person AS p_person, s_anons AS p_anonymous_ids,
      multiIf(has_s = 1 AND has_o = 1, least(s_first, o_first), has_s = 1, s_first, o_first) AS p_first_seen,
      multiIf(has_s = 1 AND has_o = 1, greatest(s_last, o_last), has_s = 1, s_last, o_last) AS p_last_seen,
      multiIf(has_ft = 1, ft_channel, has_s = 1, 'direct', '') AS p_first_channel, if(has_ft = 1, ft_campaign, '(not set)') AS p_first_campaign,
      if(has_fs = 1, fs_channel, CAST(NULL AS Nullable(String))) AS p_acq_channel, fs_campaign AS p_acq_campaign, fs_ts AS p_acq_ts,
      if(has_o = 1, o_orders, 0) AS p_orders, o_revenue AS p_revenue,
      s_country AS p_country, nullIf(s_city, '') AS p_city, s_device AS p_device, nullIf(s_language, '') AS p_language,
      if(s_email != '', s_email, ifNull(oe_email, '')) AS p_email, s_identify AS p_identify${sg}
    FROM ${j5})`;
}

/** Profiles of the people matching `where`, most valuable first. */
export function customerProfilesSql(c: SqlContext, segment: CompiledSegment, where: string, limit: number | undefined): string {
  return `SELECT p_person, p_anonymous_ids, p_first_seen, p_last_seen, p_first_channel, p_first_campaign, p_acq_channel, p_acq_campaign, p_acq_ts,
      p_orders, toString(p_revenue) AS revenue, p_country, p_city, p_device, p_language, p_email, p_identify
    FROM ${peopleSql(c, segment.columns)} WHERE (${segment.predicate}) AND (${where})
    ORDER BY p_revenue DESC, p_last_seen DESC, p_person ${limit !== undefined ? `LIMIT ${Math.max(0, Math.trunc(limit))}` : ''}`;
}

/** People, buyers, orders and revenue of the people matching the segment. */
export function peopleStatsSql(c: SqlContext, segment: CompiledSegment): string {
  return `SELECT count() AS people, countIf(p_orders > 0) AS buyers, sum(p_orders) AS orders, toString(sum(p_revenue)) AS revenue
    FROM ${peopleSql(c, segment.columns)} WHERE ${segment.predicate}`;
}

/** Every sale up to the range end with its person, time and value. */
export function customerTransactionsSql(c: SqlContext): string {
  return `SELECT person AS customer_id, ts AS sale_ts, toString(value) AS amount, key AS order_id FROM ${convMoney(c)} ORDER BY ts, key`;
}

const median = (arr: string) =>
  `if(length(${arr}) = 0, NULL, if(length(${arr}) % 2 = 1, ${arr}[intDiv(length(${arr}) + 1, 2)], (${arr}[intDiv(length(${arr}), 2)] + ${arr}[intDiv(length(${arr}), 2) + 1]) / 2))`;

/** The funnel of leads created in the range: counts per stage and median days from the previous stage, in total and by channel/campaign. */
export function crmFunnelSql(c: SqlContext, by: 'channel' | 'campaign' | null): string {
  const key = by === 'campaign' ? 'campaign' : by === 'channel' ? 'channel' : null;
  const keys = key ? `[(0, ${key}, ${by === 'campaign' ? 'channel' : `''`}), (1, '', '')]` : `[(1, '', '')]`;
  const days = (later: string, earlier: string) =>
    `arraySort(groupArrayIf((assumeNotNull(${later}) - assumeNotNull(${earlier})) / 86400000, isNotNull(${later}) AND isNotNull(${earlier}))) AS ${later}_arr`;
  const inner = `SELECT f.1 AS f_total, f.2 AS f_k, f.3 AS f_ch, count() AS n_lead, countIf(isNotNull(mql_at)) AS n_mql, countIf(isNotNull(sql_at)) AS n_sql,
      countIf(isNotNull(opportunity_at)) AS n_opportunity, countIf(isNotNull(customer_at)) AS n_customer,
      ${days('mql_at', 'ts')}, ${days('sql_at', 'mql_at')}, ${days('opportunity_at', 'sql_at')}, ${days('customer_at', 'opportunity_at')}
    FROM ${leadCredit(c)} ARRAY JOIN ${keys} AS f WHERE ts >= ${c.from} AND ts < ${c.to} GROUP BY f_total, f_k, f_ch`;
  return `SELECT f_total AS is_total, f_k AS key, f_ch AS channel, n_lead AS lead, n_mql AS mql, n_sql AS sql, n_opportunity AS opportunity, n_customer AS customer,
      ${median('mql_at_arr')} AS mql_days, ${median('sql_at_arr')} AS sql_days, ${median('opportunity_at_arr')} AS opportunity_days, ${median('customer_at_arr')} AS customer_days
    FROM (${inner})`;
}
