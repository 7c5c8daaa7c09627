import { baseCtes, rangeSqlParams, salesAndLeadsCtes, sqlTimestamp, verifiedEvent } from './kpi-sql.js';
import { rateCtes, saleValueColumns } from './credits/credit-columns-sql.js';
import { rollupRevModeCte } from './aggregates/customer-sales-sql.js';
import { idmapCte } from './rollups/rollup-sql.js';
import { creditEventsBeforeCte } from './rollups/rollup-credits-sql.js';
import type { ClickRow, ConversionRow, EmailTraitRow, PartnerFactsEngine } from '../partner-facts.js';
import type { PartnerTouchFact } from '../../partners/crediting/facts.js';
import { landingWindowMs } from '../partner-facts.js';
import { serverClickProperty } from '../../tracking/partner-click.js';
import type { DuckDbDatabase } from './duckdb-database.js';

/**
 * Clicks and credited sales per link slug (see `Store.linkStats`), over the instants
 * [$from_ts, $to_ts) of the workspace's local days (parameters: `linkStatsParams`).
 *
 * A link click is a `click` event whose properties name the `link` and carry the click
 * id as `rl_cid` (what `/c/:slug` records). A sale in the range goes to the link of the
 * person's latest link click at or before it, when that click lies within the lookback
 * window (ties: the greater slug); people are stitched by user id as in the KPIs, and an
 * order or postback carrying the click id belongs to the person who clicked.
 */
export function linkStatsSql(): string {
  return `WITH ${baseCtes},
    link_clicks AS (
      SELECT json_extract_string(properties, '$.link') AS slug, person, anonymous_id, ts
      FROM ev
      WHERE ${isLinkClick} AND ts >= $from_ts::TIMESTAMP - to_days($lookback::INTEGER)
    ),
    ${linkFiguresSql}`;
}

/** A click `/c/:slug` recorded: it names the link and carries its click id as `rl_cid`. */
const isLinkClick = `type = 'click' AND click_id IS NOT NULL AND properties LIKE '%rl_cid%'
        AND json_extract_string(properties, '$.rl_cid') = click_id
        AND json_extract_string(properties, '$.link') IS NOT NULL`;

/** The figures per slug over `link_clicks` (slug, person, anonymous_id, ts) and `conv_money` (the counted sales: key, person, ts, value). */
const linkFiguresSql = `click_counts AS (
      SELECT slug, count(*) AS clicks, count(DISTINCT anonymous_id) AS unique_clicks
      FROM link_clicks WHERE ts >= $from_ts::TIMESTAMP AND ts < $to_ts::TIMESTAMP GROUP BY slug
    ),
    sale_link AS (
      SELECT c.key, arg_max(l.slug, (l.ts, l.slug)) AS slug, any_value(c.value) AS value
      FROM conv_money c
      JOIN link_clicks l ON l.person = c.person AND l.ts <= c.ts AND l.ts >= c.ts - to_days($lookback::INTEGER)
      WHERE c.ts >= $from_ts::TIMESTAMP AND c.ts < $to_ts::TIMESTAMP
      GROUP BY c.key
    ),
    sale_counts AS (
      SELECT slug, count(*) AS conversions, sum(value) AS revenue FROM sale_link GROUP BY slug
    )
    SELECT coalesce(k.slug, s.slug) AS slug, coalesce(k.clicks, 0)::DOUBLE AS clicks, coalesce(k.unique_clicks, 0)::DOUBLE AS unique_clicks,
      coalesce(s.conversions, 0)::DOUBLE AS conversions, coalesce(s.revenue, 0)::DECIMAL(38,6)::VARCHAR AS revenue
    FROM click_counts k FULL OUTER JOIN sale_counts s ON k.slug = s.slug
    ORDER BY slug`;

/**
 * `linkStatsSql` over the KPI rollups brought up to date first (issue 14; the same parameters and
 * figures). The reference stitches every event before the range's end and groups them by click id
 * (seconds on 10M events) for a few link clicks and sales. Here people come from `rollup_idmap`
 * (each anonymous id's least user id over all its events, as `idmap`); the link clicks from
 * `rollup_cev`, which holds every event with a click id; the counted sales (`conv_money`):
 *
 * - `credits` (when every stored event and order is before `$to_ts`, so the reference's cut at
 *   `$to_ts` keeps them all): the sale rows of `rollup_credits`, which are `conv_all` over the whole
 *   history (their key, person, instant, amount, currency and whether verified);
 * - `events`: `conv_all` as the reference computes it, from the events `rollup_cev` holds cut at
 *   `$to_ts` as `ev` (every conversion, and those carrying an imported order's click id: the only
 *   lookups of `click_person`).
 *
 * Which sales count: the workspace's `revenue_sources`, unset: `verified` once it has a verified
 * source (`rollup_state`, as `revModeCte` finds it).
 */
export function linkStatsFastSql(revenueSources: 'verified' | 'all' | null, sales: 'credits' | 'events'): string {
  const person = 'coalesce(e.user_id, m.user_id, e.anonymous_id) AS person';
  const counted = `(verified OR (SELECT mode FROM rev_mode) = 'all') AND ts >= $from_ts::TIMESTAMP AND ts < $to_ts::TIMESTAMP`;
  const salesCtes = sales === 'credits'
    ? `sales AS (SELECT key, person, ts, amount, currency FROM rollup_credits WHERE workspace_id = $ws AND is_sale AND ${counted})`
    : `${creditEventsBeforeCte},
    ${salesAndLeadsCtes('$to_ts::TIMESTAMP')},
    sales AS (SELECT key, person, ts, amount, currency FROM conv_all WHERE ${counted})`;
  return `WITH ${rollupRevModeCte(revenueSources)},
    ${idmapCte},
    ${salesCtes},
    ${rateCtes},
    conv_money AS (
      SELECT c.key, c.person, c.ts, ${saleValueColumns('c', 'r', 'f')}
      FROM sales c
      ASOF LEFT JOIN rates_ts r ON c.currency = r.currency AND c.ts >= r.since
      LEFT JOIN first_rate f ON f.currency = c.currency
    ),
    link_clicks AS (
      SELECT json_extract_string(e.properties, '$.link') AS slug, ${person}, e.anonymous_id, e.ts
      FROM rollup_cev e LEFT JOIN idmap m ON m.anonymous_id = e.anonymous_id
      WHERE e.workspace_id = $ws AND ${isLinkClick}
        AND e.ts >= $from_ts::TIMESTAMP - to_days($lookback::INTEGER) AND e.ts < $to_ts::TIMESTAMP
    ),
    ${linkFiguresSql}`;
}

/** Parameters of `linkStatsSql` for the local days [from, to] of `timeZone` (the shared CTEs read the same instants). */
export function linkStatsParams(q: { ws: string; from: string; to: string; lookbackDays: number; base: string; timeZone: string }): Record<string, string | number> {
  return rangeSqlParams({ ws: q.ws, from: q.from, to: q.to, lookbackDays: q.lookbackDays, base: q.base, timezone: q.timeZone });
}

/**
 * Partner crediting's reads in DuckDB (`FactQueries.partnerFacts`, issue 16); the page itself is
 * built by `partnerFactsPage`. Only verified sales and leads count: imported orders and leads,
 * and events the server marked `rl_verified`. A partner click is a `click` the server marked
 * `rl_server_click` whose `link` is one of the slugs and whose `rl_cid` is its click id.
 */
const prop = (k: string) => `json_extract_string(properties, '$.${k}')`;
const serverClick = `properties LIKE '%${serverClickProperty}%' AND ${prop(serverClickProperty)} = 'true'`;
const onSlugs = `click_id = ${prop('rl_cid')} AND ${prop('link')} IN (SELECT unnest(from_json($slugs, '["VARCHAR"]')))`;
const ofPersons = `person IN (SELECT unnest(from_json($persons, '["VARCHAR"]')))`;
const ms = (col: string) => `epoch_ms(${col})`;
/** A page view by the click's visitor (or carrying its click id) within the landing window after it. */
const landedBy = (col: 'anonymous_id' | 'click_id') => `EXISTS (SELECT 1 FROM events v WHERE v.workspace_id = $ws AND v.type = 'page_view'
      AND v.${col} = pc.${col} AND v.ts >= pc.ts AND v.ts <= pc.ts + INTERVAL ${landingWindowMs / 60_000} MINUTE)`;

/**
 * Events of the workspace before `$to_ts` with their stitched person (as the reports'). Not
 * materialized: each use reads only its own rows (a materialized `ev` copied every event with its
 * properties, the most of a page's time on 10M events).
 */
const evCte = (toOp: '<' | '<=') => `idmap AS (
    SELECT anonymous_id, min(user_id) AS user_id FROM events WHERE workspace_id = $ws AND user_id IS NOT NULL GROUP BY anonymous_id
  ),
  ev AS NOT MATERIALIZED (
    SELECT e.*, coalesce(e.user_id, m.user_id, e.anonymous_id) AS person
    FROM events e LEFT JOIN idmap m ON m.anonymous_id = e.anonymous_id
    WHERE e.workspace_id = $ws AND e.ts ${toOp} $to_ts::TIMESTAMP
  )`;

export const partnerConversionsSql = `WITH ${evCte('<')},
  -- Only the click ids an imported order or lead names (the only lookups of click_person).
  click_person AS (
    SELECT click_id, min(person) AS person FROM ev
    WHERE click_id IN (SELECT click_id FROM orders WHERE workspace_id = $ws UNION ALL SELECT click_id FROM leads WHERE workspace_id = $ws)
    GROUP BY click_id
  ),
  sale_ev AS (
    SELECT coalesce(order_id, id) AS key, person, anonymous_id, ts, revenue_amount AS amount, revenue_currency AS currency,
      ${prop('coupon')} AS coupon, ${prop('product')} AS product, ${prop('category')} AS category, ${prop('email_hash')} AS email_hash
    FROM ev WHERE type = 'conversion' AND ${verifiedEvent}
    QUALIFY row_number() OVER (PARTITION BY coalesce(order_id, id) ORDER BY ts, id) = 1
  ),
  sale_ord AS (
    SELECT o.order_id AS key, coalesce(cp.person, o.customer_id) AS person, o.ts, o.amount, o.currency, o.coupon, o.product, o.category, o.email_hash
    FROM orders o LEFT JOIN click_person cp ON cp.click_id = o.click_id
    WHERE o.workspace_id = $ws AND o.ts < $to_ts::TIMESTAMP
  ),
  lead_ev AS (
    SELECT coalesce(${prop('lead_id')}, id) AS key, person, anonymous_id, ts, ${prop('email_hash')} AS email_hash
    FROM ev WHERE type = 'lead' AND ${verifiedEvent}
    QUALIFY row_number() OVER (PARTITION BY coalesce(${prop('lead_id')}, id) ORDER BY ts, id) = 1
  ),
  lead_crm AS (
    SELECT l.lead_id AS key, coalesce(l.user_id, cp.person, 'lead:' || l.lead_id) AS person, l.created_at AS ts, l.email_hash
    FROM leads l LEFT JOIN click_person cp ON cp.click_id = l.click_id WHERE l.workspace_id = $ws
  ),
  facts AS (
    SELECT 'sale' AS kind, coalesce(e.key, o.key) AS id, coalesce(e.ts, o.ts) AS ts,
      CASE WHEN o.key IS NOT NULL THEN o.amount ELSE e.amount END AS amount,
      CASE WHEN o.key IS NOT NULL THEN o.currency ELSE e.currency END AS currency,
      upper(nullif(trim(coalesce(o.coupon, e.coupon)), '')) AS coupon, coalesce(o.product, e.product) AS product,
      coalesce(o.category, e.category) AS category, coalesce(e.person, o.person) AS person, e.anonymous_id,
      coalesce(o.email_hash, e.email_hash) AS email_hash
    FROM sale_ev e FULL OUTER JOIN sale_ord o ON e.key = o.key
    UNION ALL
    SELECT 'lead', coalesce(e.key, c.key), coalesce(c.ts, e.ts), NULL, NULL, NULL, NULL, NULL, coalesce(e.person, c.person), e.anonymous_id,
      coalesce(c.email_hash, e.email_hash)
    FROM lead_ev e FULL OUTER JOIN lead_crm c ON c.key = e.key
    UNION ALL
    SELECT 'click', click_id, ts, NULL, NULL, NULL, NULL, NULL, person, anonymous_id, NULL
    FROM ev WHERE type = 'click' AND ${serverClick} AND ${onSlugs}
  )
  SELECT kind, id, ${ms('ts')} AS ts_ms, amount::VARCHAR AS amount, currency, coupon, product, category, person, anonymous_id, email_hash
  FROM facts
  WHERE ts >= $from_ts::TIMESTAMP AND ts < $to_ts::TIMESTAMP
    AND (ts > $after_ts::TIMESTAMP OR (ts = $after_ts::TIMESTAMP AND (kind > $after_kind OR (kind = $after_kind AND id > $after_id))))
  ORDER BY ts, kind, id
  LIMIT $limit`;

/**
 * The page's partner clicks: the server clicks on the slugs in the span first (few), then the
 * stitching of just their visitors (`min(user_id)` over all their events, as `evCte`), then
 * `landed` as two equality lookups (by visitor, by click id): one lookup with `OR` became a range
 * join over every page view.
 */
export const partnerClicksSql = `WITH pc0 AS (
    SELECT click_id, ${prop('link')} AS slug, ts, user_id, anonymous_id, properties FROM events
    WHERE workspace_id = $ws AND type = 'click' AND ${serverClick} AND ${onSlugs} AND ts >= $from_ts::TIMESTAMP AND ts <= $to_ts::TIMESTAMP
  ),
  idmap AS (
    SELECT anonymous_id, min(user_id) AS user_id FROM events
    WHERE workspace_id = $ws AND user_id IS NOT NULL AND anonymous_id IN (SELECT anonymous_id FROM pc0) GROUP BY anonymous_id
  ),
  pc AS (
    SELECT p.click_id, p.slug, p.ts, coalesce(p.user_id, m.user_id, p.anonymous_id) AS person, p.anonymous_id, p.properties
    FROM pc0 p LEFT JOIN idmap m ON m.anonymous_id = p.anonymous_id
  )
  SELECT pc.click_id, pc.slug, ${ms('pc.ts')} AS ts_ms, pc.person, pc.anonymous_id, pc.properties,
    (${landedBy('anonymous_id')} OR ${landedBy('click_id')}) AS landed
  FROM pc WHERE ${ofPersons}`;

export const partnerTouchesSql = `WITH ${evCte('<=')}
  SELECT person, ${ms('ts')} AS ts_ms, channel, CASE WHEN type = 'click' THEN 'click' ELSE 'view' END AS kind
  FROM ev
  WHERE type IN ('page_view', 'click') AND channel <> 'direct' AND ts >= $from_ts::TIMESTAMP AND ${ofPersons}
    AND NOT coalesce(type = 'click' AND ${serverClick} AND ${onSlugs}, false)`;

/** Events of `$persons` or carrying one of `$hashes` up to `$to_ts` that recorded the trait `email_disposable` (ingest). */
export const partnerEmailTraitsSql = `WITH ${evCte('<=')}
  SELECT person, ${prop('email_hash')} AS email_hash, ${prop('email_disposable')} = 'true' AS disposable, ${ms('ts')} AS ts_ms
  FROM ev
  WHERE properties LIKE '%email_disposable%' AND ${prop('email_disposable')} IN ('true', 'false')
    AND (${ofPersons} OR ${prop('email_hash')} IN (SELECT unnest(from_json($hashes, '["VARCHAR"]'))))`;

/** The SQL of the engine's four reads. */
export const partnerFactsSql = { conversions: partnerConversionsSql, clicks: partnerClicksSql, touches: partnerTouchesSql, emailTraits: partnerEmailTraitsSql };

/** The engine half of `partnerFactsPage` on DuckDB (`sql`: other texts of the same reads, for tests holding one to another). */
export function duckDbPartnerFacts(db: DuckDbDatabase, ws: string, sql: typeof partnerFactsSql = partnerFactsSql): PartnerFactsEngine {
  return {
    conversions: async (q) => {
      const rows = await db.rows<Record<string, string | number | null>>(sql.conversions, {
        ws, slugs: JSON.stringify(q.slugs), from_ts: sqlTimestamp(q.fromMs), to_ts: sqlTimestamp(q.toMs),
        after_ts: sqlTimestamp(q.after?.tsMs ?? 0), after_kind: q.after?.kind ?? '', after_id: q.after?.id ?? '', limit: q.limit,
      });
      return rows.map((r) => ({
        kind: r.kind as ConversionRow['kind'], id: String(r.id), ts_ms: Number(r.ts_ms), amount: text(r.amount), currency: text(r.currency),
        coupon: text(r.coupon), product: text(r.product), category: text(r.category), person: String(r.person), anonymous_id: text(r.anonymous_id), email_hash: text(r.email_hash),
      }));
    },
    clicks: async (q) => {
      const rows = await db.rows<Record<string, string | number | boolean | null>>(sql.clicks, {
        ws, slugs: JSON.stringify(q.slugs), persons: JSON.stringify(q.persons), from_ts: sqlTimestamp(q.fromMs), to_ts: sqlTimestamp(q.toMs),
      });
      return rows.map((r): ClickRow => ({
        click_id: String(r.click_id), slug: String(r.slug), ts_ms: Number(r.ts_ms), person: String(r.person), anonymous_id: String(r.anonymous_id),
        properties: r.properties === null ? null : String(r.properties), landed: r.landed === true,
      }));
    },
    touches: async (q) => {
      const rows = await db.rows<Record<string, string | number>>(sql.touches, {
        ws, slugs: JSON.stringify(q.slugs), persons: JSON.stringify(q.persons), from_ts: sqlTimestamp(q.fromMs), to_ts: sqlTimestamp(q.toMs),
      });
      return rows.map((r): PartnerTouchFact => ({ person: String(r.person), ts: new Date(Number(r.ts_ms)).toISOString(), channel: String(r.channel), kind: r.kind === 'click' ? 'click' : 'view' }));
    },
    emailTraits: async (q) => {
      const rows = await db.rows<Record<string, string | number | boolean | null>>(sql.emailTraits, {
        ws, persons: JSON.stringify(q.persons), hashes: JSON.stringify(q.emailHashes), to_ts: sqlTimestamp(q.toMs),
      });
      return rows.map((r): EmailTraitRow => ({ person: String(r.person), email_hash: text(r.email_hash), disposable: r.disposable === true, ts_ms: Number(r.ts_ms) }));
    },
  };
}

const text = (v: string | number | boolean | null | undefined) => (v === null || v === undefined ? null : String(v));
