import type { DuckDBValue } from '@duckdb/node-api';
import { localMidnight } from '../../metrics/time-zone.js';
import { builtinTraits, type SegmentCondition, type SegmentRules } from '../customers.js';
import { walkSegment } from '../meanings/segment-rules.js';
import { rollupRevModeCte } from './aggregates/customer-sales-sql.js';
import { allRows, baseCtes, baseCtesSql, creditedColumns, firstBy, localDays, localTime, sqlTimestamp, type RowSources } from './kpi-sql.js';

/**
 * Customer queries of the embedded store, on the shared base CTEs (stitched `person`,
 * `conv_money` sales, `touches`, `lead_credit`). Parameters (`rangeSqlParams`): $ws,
 * $from_ts/$to_ts (the instants of the inclusive local days), $lookback days, $base currency.
 * Whole-history queries start on 1970-01-01. Days are the workspace's local days.
 */

type Params = Record<string, DuckDBValue>;

/** The credited column of a row against its ASOF-joined touch: inside the lookback window, else the fallback. */
const credited = (col: string, fallback: string) =>
  `CASE WHEN t.ts IS NOT NULL AND t.ts >= c.ts - to_days($lookback::INTEGER) THEN t.${col} ELSE ${fallback} END`;

const latest = (expr: string) => `arg_max(${expr}, (ts, id)) FILTER (WHERE ${expr} IS NOT NULL)`;
const prop = (key: string) => `json_extract_string(properties, '$.${key}')`;

/** Per person: their sales (`sales`) and their first sale with its credited channel (`first_sale`, one row per person). */
const salesCtes = `sales AS (
    SELECT person, count(*) AS orders, sum(value) AS revenue, min(ts) AS first_order, max(ts) AS last_order
    FROM conv_money GROUP BY person
  ),
  first_sale AS (
    SELECT c.person, c.ts, ${credited('channel', `'direct'`)} AS channel, ${credited('campaign', `'(not set)'`)} AS campaign
    FROM (SELECT * FROM conv_money WHERE is_new) c
    ASOF LEFT JOIN credit_touches t ON c.person = t.person AND c.ts >= t.ts
  )`;

/** Per person: devices, first/last seen, first touch, acquisition, orders, revenue and latest traits; `orders`: the order rows read. */
const peopleCtesOf = (orders: string) => `
  ${salesCtes},
  first_touch AS (
    SELECT person, ${firstBy('channel')} AS channel, ${firstBy('campaign')} AS campaign FROM touches GROUP BY person
  ),
  seen AS (
    SELECT person, list_sort(list(DISTINCT anonymous_id)) AS anonymous_ids, min(ts) AS first_seen, max(ts) AS last_seen,
      ${latest('country')} AS country, ${latest('device')} AS device,
      ${latest(prop('language'))} AS language, ${latest(prop('city'))} AS city, ${latest(prop('email_hash'))} AS email_hash,
      to_json(list(properties ORDER BY ts, id) FILTER (WHERE type = 'custom' AND name = 'identify' AND properties IS NOT NULL)) AS identify_props
    FROM ev GROUP BY person
  ),
  order_email AS (
    SELECT coalesce(cp.person, o.customer_id) AS person, arg_max(o.email_hash, (o.ts, o.order_id)) FILTER (WHERE o.email_hash IS NOT NULL) AS email_hash
    FROM ${orders} o LEFT JOIN click_person cp ON cp.click_id = o.click_id
    WHERE o.workspace_id = $ws AND o.ts < $to_ts::TIMESTAMP
    GROUP BY 1
  ),
  people AS (
    SELECT coalesce(s.person, o.person) AS person, coalesce(s.anonymous_ids, []) AS anonymous_ids,
      least(s.first_seen, o.first_order) AS first_seen, greatest(s.last_seen, o.last_order) AS last_seen,
      coalesce(ft.channel, CASE WHEN s.person IS NOT NULL THEN 'direct' END) AS first_channel,
      coalesce(ft.campaign, '(not set)') AS first_campaign,
      fs.channel AS acq_channel, fs.campaign AS acq_campaign, fs.ts AS acq_ts,
      coalesce(o.orders, 0) AS orders, coalesce(o.revenue, 0) AS revenue,
      s.country, s.city, s.device, s.language, coalesce(s.email_hash, oe.email_hash) AS email_hash, s.identify_props
    FROM seen s
    FULL OUTER JOIN sales o ON o.person = s.person
    LEFT JOIN first_touch ft ON ft.person = coalesce(s.person, o.person)
    LEFT JOIN first_sale fs ON fs.person = coalesce(s.person, o.person)
    LEFT JOIN order_email oe ON oe.person = coalesce(s.person, o.person)
  )`;

const peopleCtes = peopleCtesOf('orders');

const idList = `(SELECT unnest(from_json($ids, '["VARCHAR"]')))`;

/** The keys of the conversions of $ids (`scope_keys`) and their orders (`scope_orders`), from their events' persons (`scope_seed`). */
const scopeOrdersCtes = `
  scope_keys AS MATERIALIZED (
    SELECT coalesce(order_id, id) AS key FROM scope_seed WHERE type = 'conversion' AND person IN ${idList}
  ),
  scope_orders AS MATERIALIZED (
    SELECT * FROM orders WHERE workspace_id = $ws AND (customer_id IN ${idList}
      OR click_id IN (SELECT click_id FROM scope_seed WHERE click_id IS NOT NULL AND person IN ${idList})
      OR order_id IN (SELECT key FROM scope_keys))
  ),`;

/**
 * The event and order rows that can touch the profiles of the people $ids (a JSON list), so a
 * profile reads those instead of the workspace's every row (issue 14) and answers the same:
 * - the person's own events: those of their user id, and of every anonymous id a user id of theirs
 *   used or that is one of theirs (a superset: `idmap`, over all events, still decides the person);
 * - their sales' other rows: every conversion event and order of a key their events or orders
 *   name (the key's winning event and its order decide whose sale it is), and every event of an
 *   order's click id (`click_person` is the first person of the click over all its events);
 * - their orders: by customer id, by a click id of their events, or by the key of a conversion of theirs.
 * Rows of other people read along make profiles of their own, which the `WHERE` leaves out.
 */
export const personRows: RowSources = {
  ctes: `
  scope_anons AS MATERIALIZED (
    SELECT anonymous_id FROM events WHERE workspace_id = $ws AND user_id IN ${idList}
    UNION SELECT * FROM ${idList}
  ),
  scope_seed AS MATERIALIZED (
    SELECT e.id, e.type, e.order_id, e.click_id, coalesce(e.user_id, m.user_id, e.anonymous_id) AS person
    FROM events e LEFT JOIN idmap m ON m.anonymous_id = e.anonymous_id
    WHERE e.workspace_id = $ws AND (e.user_id IN ${idList} OR e.anonymous_id IN (SELECT anonymous_id FROM scope_anons))
  ),${scopeOrdersCtes}
  scope_events AS MATERIALIZED (
    SELECT * FROM events WHERE workspace_id = $ws AND (user_id IN ${idList} OR anonymous_id IN (SELECT anonymous_id FROM scope_anons)
      OR (type = 'conversion' AND coalesce(order_id, id) IN (SELECT key FROM scope_keys UNION SELECT order_id FROM scope_orders))
      OR click_id IN (SELECT click_id FROM scope_orders WHERE click_id IS NOT NULL))
  ),`,
  events: 'scope_events',
  orders: 'scope_orders',
};

/** The anonymous ids the KPI rollups' identities give the people $ids (a JSON list): `personRowsFromRollups`' $anons with $ids. */
export const personAnonymousIdsSql = `SELECT anonymous_id FROM rollup_idmap WHERE workspace_id = $ws AND list_contains(from_json($ids, '["VARCHAR"]'), user_id)`;

/**
 * `personRows` read through the KPI rollups brought up to date first (issue 14: a profile near a
 * point lookup whatever the workspace's size), the same rows for the CTEs that decide the profiles
 * of $ids: the identities from `rollup_idmap` (each anonymous id's least user id, as `idmap`) and
 * whether only verified sales count from `rollup_state` (`rollupRevModeCte`); the person's own
 * events read whole from the events: those of a user id in $ids or an anonymous id in $anons (their
 * anonymous ids, `personAnonymousIdsSql`, and $ids), two filters the table scan applies itself (a
 * superset: each row's person is still decided by `idmap`); their sales' other rows (conversions of
 * their keys, events of their orders' click ids) from `rollup_cev`, which keeps every conversion and
 * every event with a click id with the columns those CTEs read (the others NULL: such rows only
 * decide whose sale a key is).
 */
export function personRowsFromRollups(revenueSources: 'verified' | 'all' | null): RowSources {
  const otherRows = (where: string) => `SELECT * FROM rollup_cev WHERE workspace_id = $ws AND ${where}`;
  return {
    revMode: rollupRevModeCte(revenueSources),
    idmap: `idmap AS (SELECT anonymous_id, user_id FROM rollup_idmap WHERE workspace_id = $ws)`,
    ctes: `
  scope_own AS MATERIALIZED (
    SELECT * FROM events WHERE workspace_id = $ws AND list_contains(from_json($anons, '["VARCHAR"]'), anonymous_id)
    UNION SELECT * FROM events WHERE workspace_id = $ws AND list_contains(from_json($ids, '["VARCHAR"]'), user_id)
  ),
  scope_seed AS MATERIALIZED (
    SELECT e.id, e.type, e.order_id, e.click_id, coalesce(e.user_id, m.user_id, e.anonymous_id) AS person
    FROM scope_own e LEFT JOIN idmap m ON m.anonymous_id = e.anonymous_id
  ),${scopeOrdersCtes}
  scope_sale_keys AS MATERIALIZED (SELECT key FROM scope_keys UNION SELECT order_id FROM scope_orders),
  scope_other AS MATERIALIZED (
    SELECT * FROM (
      ${otherRows(`type = 'conversion' AND order_id IN (SELECT key FROM scope_sale_keys)`)}
      UNION ${otherRows(`type = 'conversion' AND order_id IS NULL AND id IN (SELECT key FROM scope_sale_keys)`)}
      UNION ${otherRows(`click_id IN (SELECT click_id FROM scope_orders WHERE click_id IS NOT NULL)`)}
    ) WHERE id NOT IN (SELECT id FROM scope_own)
  ),
  scope_events AS (SELECT * FROM scope_own UNION ALL BY NAME SELECT * FROM scope_other),`,
    events: 'scope_events',
    orders: 'scope_orders',
  };
}

/** Every sale before $to_ts with its person, local day and value in the base currency. */
export function customerTransactionsSql(timezone: string): string {
  return `WITH ${baseCtes}
    SELECT person AS customer_id, strftime(${localTime('ts', timezone)}, '%Y-%m-%d') AS date, value::DOUBLE AS amount, key AS order_id
    FROM conv_money ORDER BY ts, key`;
}

/** Whether the workspace's last event and last order are before $to_ts (true when it has neither). */
export const historyEndsBySql = `SELECT coalesce(greatest((SELECT max(ts) FROM events WHERE workspace_id = $ws), (SELECT max(ts) FROM orders WHERE workspace_id = $ws)) < $to_ts::TIMESTAMP, true) AS ends`;

/**
 * Profiles of the people matching `where` (over the `people` CTE, alias p), most valuable first; the
 * acquisition date is local. `rows`: `personRows` when `where` keeps only the people $ids.
 */
export function customerProfilesSql(where: string, limited: boolean, timezone: string, rows: RowSources = allRows): string {
  const ctes = rows === allRows ? `${baseCtes}, ${peopleCtes}` : `${baseCtesSql(localDays, 'counted', null, false, rows)}, ${peopleCtesOf(rows.orders)}`;
  return `WITH ${ctes}
    SELECT p.person AS customer_id, to_json(p.anonymous_ids) AS anonymous_ids,
      strftime(p.first_seen, '%Y-%m-%dT%H:%M:%S.%gZ') AS first_seen, strftime(p.last_seen, '%Y-%m-%dT%H:%M:%S.%gZ') AS last_seen,
      p.first_channel, p.first_campaign, p.acq_channel, p.acq_campaign, strftime(${localTime('p.acq_ts', timezone)}, '%Y-%m-%d') AS acq_date,
      p.orders::DOUBLE AS orders, p.revenue::DOUBLE AS revenue, p.country, p.city, p.device, p.language, p.email_hash, p.identify_props
    FROM people p WHERE ${where}
    ORDER BY p.revenue DESC, p.last_seen DESC NULLS LAST, p.person
    ${limited ? 'LIMIT $limit' : ''}`;
}

/** People, buyers, orders and revenue over the people matching `where`. */
export function peopleStatsSql(where: string): string {
  return `WITH ${baseCtes}, ${peopleCtes}
    SELECT count(*)::DOUBLE AS people, (count(*) FILTER (WHERE p.orders > 0))::DOUBLE AS buyers,
      coalesce(sum(p.orders), 0)::DOUBLE AS orders, coalesce(sum(p.revenue), 0)::DOUBLE AS revenue
    FROM people p WHERE ${where}`;
}

/** What a segment's people stats read beyond each person's sales (`segmentStatsSql`). */
export interface SegmentNeeds {
  /** Built-in traits its rules compare (read from the person's latest event carrying each). */
  traits: (typeof builtinTraits)[number][];
  /** Whether its rules read the channel of the person's first sale. */
  acquisition: boolean;
  /** Whether only people with a sale can match (then people known only from events are not listed). */
  buyersOnly: boolean;
}

/**
 * What the rules of a segment read. A condition matches no one without a sale when it asks for at
 * least one order (`orders` with a positive count), revenue over a non-negative amount (a person
 * without sales has 0), or a first sale's channel (NULL without one); `all` rules need one such
 * condition, `any` rules all of them.
 *
 * @example segmentNeeds({ match: 'all', conditions: [{ kind: 'orders', min_count: 2 }] }) // → { traits: [], acquisition: false, buyersOnly: true }
 */
export function segmentNeeds(rules: SegmentRules): SegmentNeeds {
  const buyerOnly = (c: SegmentCondition) =>
    (c.kind === 'orders' && c.min_count > 0) || (c.kind === 'spent' && c.more_than >= 0) || (c.kind === 'acquisition_channel' && c.values.every((v) => typeof v === 'string'));
  const traits = builtinTraits.filter((t) => rules.conditions.some((c) => c.kind === 'trait' && c.trait === t));
  const conditions = rules.conditions;
  const buyersOnly = conditions.length > 0 && (rules.match === 'any' ? conditions.every(buyerOnly) : conditions.some(buyerOnly));
  return { traits, acquisition: conditions.some((c) => c.kind === 'acquisition_channel'), buyersOnly };
}

const traitColumn: Record<(typeof builtinTraits)[number], string> = { country: 'country', device: 'device', language: prop('language'), city: prop('city') };

/**
 * People, buyers, orders and revenue over the people matching `where` (compiled from rules with
 * `needs`, `segmentNeeds`), as `peopleStatsSql` answers them but reading only what the rules
 * compare (issue 14: a segment's live count): each person's sales, the first sale's channel only
 * when asked, the latest event's traits only those named, and the people known only from events
 * only when they can match. Every column kept is computed as in `people`, and each table dropped
 * joins at most one row per person, so the rows that match and their sums are the same.
 */
export function segmentStatsSql(where: string, needs: SegmentNeeds): string {
  const traits = needs.traits.map((t) => `, ${latest(traitColumn[t])} AS ${t}`).join('');
  const seen = needs.traits.length > 0 || !needs.buyersOnly ? `\n  seen AS (SELECT person${traits} FROM ev GROUP BY person),` : '';
  const person = needs.buyersOnly ? 'o.person' : 'coalesce(s.person, o.person)';
  const from = seen === '' ? 'sales o' : needs.buyersOnly ? 'sales o LEFT JOIN seen s ON s.person = o.person' : 'seen s FULL OUTER JOIN sales o ON o.person = s.person';
  return `WITH ${baseCtes}, ${salesCtes},${seen}
  people AS (
    SELECT ${person} AS person, coalesce(o.orders, 0) AS orders, coalesce(o.revenue, 0) AS revenue${needs.traits.map((t) => `, s.${t}`).join('')}${needs.acquisition ? ', fs.channel AS acq_channel' : ''}
    FROM ${from}${needs.acquisition ? `
    LEFT JOIN first_sale fs ON fs.person = ${person}` : ''}
  )
    SELECT count(*)::DOUBLE AS people, (count(*) FILTER (WHERE p.orders > 0))::DOUBLE AS buyers,
      coalesce(sum(p.orders), 0)::DOUBLE AS orders, coalesce(sum(p.revenue), 0)::DOUBLE AS revenue
    FROM people p WHERE ${where}`;
}

/**
 * The leads with their credited touch from the rollups' credits (issue 14: people stitched, each
 * lead's candidate touch kept up at ingestion), as `lead_credit` of the shared CTEs has them.
 */
const rollupLeadCredit = `lead_credit AS (
    SELECT r.ts, r.mql_at, r.sql_at, r.opportunity_at, r.customer_at, ${creditedColumns('r', 'r', 'r.touch_ts')}
    FROM rollup_credits r WHERE r.workspace_id = $ws AND NOT r.is_sale
  )`;

/**
 * The funnel of leads created in [$from_ts, $to_ts): counts per stage and median days from the
 * previous stage; `rollups`: the leads read from the rollups' credits (parameters $ws, $lookback,
 * $from_ts, $to_ts), else from the events (`rangeSqlParams`).
 */
export function crmFunnelSql(by: 'channel' | 'campaign' | null, rollups = false): string {
  const keys = by === 'campaign' ? 'channel, campaign' : by === 'channel' ? 'channel' : '';
  const groups = keys ? `GROUPING SETS ((${keys}), ())` : 'GROUPING SETS (())';
  const key = by ? `CASE WHEN grouping(${by}) = 1 THEN NULL ELSE ${by} END` : 'NULL';
  const channel = by === 'campaign' ? 'CASE WHEN grouping(channel) = 1 THEN NULL ELSE channel END' : 'NULL';
  const days = (later: string, earlier: string) => `median(epoch(${later} - ${earlier}) / 86400)::DOUBLE`;
  return `WITH ${rollups ? rollupLeadCredit : baseCtes}
    SELECT ${key} AS key, ${channel} AS channel,
      count(*)::DOUBLE AS lead, count(mql_at)::DOUBLE AS mql, count(sql_at)::DOUBLE AS sql,
      count(opportunity_at)::DOUBLE AS opportunity, count(customer_at)::DOUBLE AS customer,
      ${days('mql_at', 'ts')} AS mql_days, ${days('sql_at', 'mql_at')} AS sql_days,
      ${days('opportunity_at', 'sql_at')} AS opportunity_days, ${days('customer_at', 'opportunity_at')} AS customer_days
    FROM lead_credit
    WHERE ts >= $from_ts::TIMESTAMP AND ts < $to_ts::TIMESTAMP
    GROUP BY ${groups}
    ORDER BY key NULLS FIRST, channel`;
}

/**
 * Compiles segment rules (`walkSegment`) to a predicate over the `people` CTE (alias p). Every
 * user value goes into `params` (named $sg0, $sg1, …); the SQL text holds only fixed fragments,
 * so a rule can never change the query's shape. Local days start at the midnights of `timezone`.
 *
 * @example compileSegment({ match: 'all', conditions: [{ kind: 'orders', min_count: 2 }] }, params, '2026-01-31', 'UTC') // "((p.orders >= $sg0))"
 */
export function compileSegment(rules: SegmentRules, params: Params, asOf: string, timezone: string): string {
  let n = 0;
  const param = (value: DuckDBValue) => {
    const name = `sg${n++}`;
    params[name] = value;
    return `$${name}`;
  };
  const list = (values: string[]) => `from_json(${param(JSON.stringify(values))}, '["VARCHAR"]')`;
  const midnight = (date: string) => `${param(sqlTimestamp(localMidnight(date, timezone)))}::TIMESTAMP`;
  return walkSegment(rules, asOf, {
    builtinTrait: (trait, values) => `list_contains(${list(values)}, p.${trait})`,
    identifyTrait: (name, values) => `list_contains(${list(values)}, (SELECT arg_max(json_extract_string(x.properties, ${param(`$.${name}`)}), (x.ts, x.id))
          FROM ev x WHERE x.person = p.person AND x.type = 'custom' AND x.name = 'identify'
            AND json_extract_string(x.properties, ${param(`$.${name}`)}) IS NOT NULL))`,
    eventCount: (name, minCount, days) => {
      const n = param(name);
      return `(SELECT count(*) FROM ev x WHERE x.person = p.person AND (x.name = ${n} OR (x.name IS NULL AND x.type = ${n}))
          AND x.ts >= ${midnight(days.since)} AND x.ts < ${midnight(days.end)}) >= ${param(minCount)}`;
    },
    pageViewed: (path, days) => `EXISTS (SELECT 1 FROM ev x WHERE x.person = p.person AND x.type = 'page_view' AND x.landing_page = ${param(path)}
          AND x.ts < ${midnight(days.end)} ${days.since !== undefined ? `AND x.ts >= ${midnight(days.since)}` : ''})`,
    ordersAtLeast: (minCount) => `p.orders >= ${param(minCount)}`,
    spentMoreThan: (amount) => `p.revenue > ${param(amount)}`,
    acquisitionChannel: (values) => `list_contains(${list(values)}, p.acq_channel)`,
    always: 'TRUE',
  });
}
