import Big from 'big.js';
import type { LinkStatsRow } from '../store.js';
import { clickPerson, convMoney, ev, events, money18, table, verifiedEvent, zero18, type SqlContext } from './base-sql.js';
import { chValue } from './sql-literal.js';
import { landingWindowMs, type ClickRow, type ConversionRow, type EmailTraitRow, type PartnerFactsEngine } from '../partner-facts.js';
import type { PartnerTouchFact } from '../../partners/crediting/facts.js';
import { serverClickProperty } from '../../tracking/partner-click.js';
import type { ClickHouseEventStore } from './clickhouse-event-store.js';

/**
 * Link clicks of the lookback before the range and of the range: `click` events whose
 * properties name the `link` and carry the click id as `rl_cid` (what `/c/:slug` records).
 */
function linkClicks(c: SqlContext): string {
  return `(SELECT visitParamExtractString(assumeNotNull(properties), 'link') AS l_slug, person, anonymous_id, ts AS l_ts
    FROM ${ev(c)}
    WHERE type = 'click' AND isNotNull(click_id) AND ts >= ${c.from - c.lookback}
      AND visitParamExtractString(ifNull(properties, ''), 'link') != ''
      AND visitParamExtractString(ifNull(properties, ''), 'rl_cid') = assumeNotNull(click_id))`;
}

/**
 * Clicks and credited sales per link slug, as the DuckDB adapter's `linkStatsSql`: a sale
 * in the range goes to the link of the person's latest link click at or before it within
 * the lookback window (ties: the greater slug). Rows: slug, clicks, unique_clicks,
 * conversions, revenue (Decimal128(18) text).
 */
export function linkStatsSql(c: SqlContext): string {
  const clicks = `(SELECT l_slug AS slug, count() AS clicks, uniqExact(anonymous_id) AS unique_clicks
    FROM ${linkClicks(c)} WHERE l_ts >= ${c.from} AND l_ts < ${c.to} GROUP BY slug)`;
  const creditedSales = `(SELECT key, argMax(l_slug, (l_ts, l_slug)) AS slug, any(value_text) AS value_text
    FROM (SELECT key, person, ts, toString(value) AS value_text FROM ${convMoney(c)} WHERE ts >= ${c.from}) AS j_l
    ALL INNER JOIN (SELECT person, l_ts, l_slug FROM ${linkClicks(c)}) AS j_r USING person
    WHERE l_ts <= ts AND l_ts >= ts - ${c.lookback}
    GROUP BY key)`;
  const sales = `(SELECT slug, count() AS conversions, sum(toDecimal128(value_text, 18)) AS revenue FROM ${creditedSales} GROUP BY slug)`;
  return `SELECT slug, sum(clicks) AS clicks, sum(unique_clicks) AS unique_clicks, sum(conversions) AS conversions, toString(sum(revenue)) AS revenue
    FROM (
      SELECT slug, clicks, unique_clicks, toUInt64(0) AS conversions, ${zero18} AS revenue FROM ${clicks}
      UNION ALL
      SELECT slug, toUInt64(0) AS clicks, toUInt64(0) AS unique_clicks, conversions, ${money18('revenue')} AS revenue FROM ${sales}
    )
    GROUP BY slug ORDER BY slug`;
}

/** Runs `linkStatsSql` over the local days of `timeZone` (see `Store.linkStats`); revenue rounded to 6 places half up, as DuckDB's cast. */
export async function linkStats(ch: ClickHouseEventStore, workspaceId: string, base: string, timeZone: string, query: { from: string; to: string; lookbackDays: number }): Promise<LinkStatsRow[]> {
  const rows = await ch.query<Record<string, string | number>>(linkStatsSql(ch.ctx(workspaceId, base, query.from, query.to, query.lookbackDays, timeZone)));
  return rows.map((r) => ({
    slug: String(r.slug), clicks: Number(r.clicks), unique_clicks: Number(r.unique_clicks), conversions: Number(r.conversions),
    revenue: new Big(r.revenue === '' || r.revenue === null || r.revenue === undefined ? 0 : r.revenue).toFixed(6, Big.roundHalfUp),
  }));
}

const pText = (k: string) => `visitParamExtractString(ifNull(properties, ''), ${chValue(k)})`;
/** A `click` the server marked as its own (`rl_server_click`) on one of `slugs`, carrying its click id as `rl_cid`. */
const serverClickOn = (slugs: readonly string[]) => `type = 'click' AND visitParamExtractBool(ifNull(properties, ''), ${chValue(serverClickProperty)}) = 1
  AND isNotNull(click_id) AND ${pText('rl_cid')} = assumeNotNull(click_id) AND ${pText('link')} IN (${slugs.length ? slugs.map(chValue).join(', ') : "''"})`;

/**
 * Partner crediting's conversions (issue 16, as DuckDB's `partnerConversionsSql`): verified sales
 * (conversion events marked `rl_verified`, per order id the earliest, ∪ imported orders: the order
 * says how much, coupon, product and category; the event who and when), verified leads (events ∪ the
 * lead import) and server clicks on the slugs, in [c.from, c.to) after the cursor, by (ts, kind, id).
 */
export function partnerConversionsSql(c: SqlContext, slugs: readonly string[], after: { tsMs: number; kind: string; id: string } | null, limit: number): string {
  const pick = (cols: string) => `(${cols})`;
  const saleEvents = `(SELECT ifNull(order_id, id) AS key, 1 AS src, argMin(${pick(`person, ts, CAST(toString(revenue_amount) AS Nullable(String)), CAST(revenue_currency AS Nullable(String)), anonymous_id, ${pText('coupon')}, ${pText('product')}, ${pText('category')}, ${pText('email_hash')}`)}, (ts, id)) AS pick
    FROM ${ev(c)} WHERE type = 'conversion' AND ${verifiedEvent} = 1 GROUP BY key)`;
  const orderCols = `order_id, customer_id, ts, amount, currency, ifNull(click_id, '') AS click_key, ifNull(coupon, '') AS o_coupon, ifNull(product, '') AS o_product, ifNull(category, '') AS o_category, ifNull(email_hash, '') AS o_email`;
  const orders = `(SELECT order_id AS key, 2 AS src, ${pick(`if(cp_person != '', cp_person, customer_id), ts, CAST(toString(amount) AS Nullable(String)), CAST(currency AS Nullable(String)), '', o_coupon, o_product, o_category, o_email`)} AS pick
    FROM ${table(c, 'orders', orderCols, `ts < ${c.to}`)} AS j_l ANY LEFT JOIN ${clickPerson(c)} AS j_r USING click_key)`;
  const sales = `(SELECT 'sale' AS kind, key AS id, if(has_e, e.2, o.2) AS ts, if(has_o, o.3, e.3) AS amount, if(has_o, o.4, e.4) AS currency,
      upper(if(has_o AND o.6 != '', o.6, e.6)) AS coupon, if(has_o AND o.7 != '', o.7, e.7) AS product, if(has_o AND o.8 != '', o.8, e.8) AS category,
      if(has_e, e.1, o.1) AS person, if(has_e, e.5, '') AS anonymous_id, if(has_o AND o.9 != '', o.9, e.9) AS email_hash
    FROM (SELECT key, argMin(pick, src) AS e, argMax(pick, src) AS o, min(src) = 1 AS has_e, max(src) = 2 AS has_o
      FROM (SELECT key, src, pick FROM ${saleEvents} UNION ALL SELECT key, src, pick FROM ${orders}) GROUP BY key))`;
  const leadKey = `if(${pText('lead_id')} != '', ${pText('lead_id')}, id)`;
  const leadEvents = `(SELECT ${leadKey} AS key, 1 AS src, argMin((person, ts, anonymous_id, ${pText('email_hash')}), (ts, id)) AS pick
    FROM ${ev(c)} WHERE type = 'lead' AND ${verifiedEvent} = 1 GROUP BY key)`;
  const leadRows = `(SELECT lead_id AS key, 2 AS src, (if(isNotNull(user_id), assumeNotNull(user_id), if(cp_person != '', cp_person, concat('lead:', lead_id))), created_at, '', ifNull(email_hash, '')) AS pick
    FROM ${table(c, 'leads', `lead_id, user_id, created_at, email_hash, ifNull(click_id, '') AS click_key`)} AS j_l ANY LEFT JOIN ${clickPerson(c)} AS j_r USING click_key)`;
  const leads = `(SELECT 'lead' AS kind, key AS id, if(has_o, o.2, e.2) AS ts, CAST(NULL AS Nullable(String)) AS amount, CAST(NULL AS Nullable(String)) AS currency,
      '' AS coupon, '' AS product, '' AS category, if(has_e, e.1, o.1) AS person, if(has_e, e.3, '') AS anonymous_id, if(has_o AND o.4 != '', o.4, e.4) AS email_hash
    FROM (SELECT key, argMin(pick, src) AS e, argMax(pick, src) AS o, min(src) = 1 AS has_e, max(src) = 2 AS has_o
      FROM (SELECT key, src, pick FROM ${leadEvents} UNION ALL SELECT key, src, pick FROM ${leadRows}) GROUP BY key))`;
  const clicks = `(SELECT 'click' AS kind, assumeNotNull(click_id) AS id, ts, CAST(NULL AS Nullable(String)) AS amount, CAST(NULL AS Nullable(String)) AS currency,
      '' AS coupon, '' AS product, '' AS category, person, anonymous_id, '' AS email_hash
    FROM ${ev(c)} WHERE ${serverClickOn(slugs)})`;
  const cursor = after
    ? `AND (ts > ${after.tsMs} OR (ts = ${after.tsMs} AND (kind > ${chValue(after.kind)} OR (kind = ${chValue(after.kind)} AND id > ${chValue(after.id)}))))`
    : '';
  const cols = 'kind, id, ts, amount, currency, coupon, product, category, person, anonymous_id, email_hash';
  return `SELECT kind, id, ts AS ts_ms, amount, currency, coupon, product, category, person, anonymous_id, email_hash
    FROM (SELECT ${cols} FROM ${sales} UNION ALL SELECT ${cols} FROM ${leads} UNION ALL SELECT ${cols} FROM ${clicks})
    WHERE ts >= ${c.from} AND ts < ${c.to} ${cursor}
    ORDER BY ts, kind, id LIMIT ${Math.floor(limit)}`;
}

/** The engine half of `partnerFactsPage` on ClickHouse: persons travel as external data (`partner_persons`). */
export function clickHousePartnerFacts(ch: ClickHouseEventStore, workspaceId: string, base: string, timeZone: string): PartnerFactsEngine {
  const ctx = (fromMs: number, toMs: number): SqlContext => ({ ...ch.ctx(workspaceId, base, '2000-01-01', '2000-01-01', 0, timeZone), from: fromMs, to: toMs });
  const list = (persons: string[]) => ({ name: 'partner_persons', column: 'person', values: persons });
  const nul = (v: unknown) => (v === null || v === undefined || v === '' ? null : String(v));
  return {
    conversions: async (q) => {
      const rows = await ch.query<Record<string, string | number | null>>(partnerConversionsSql(ctx(q.fromMs, q.toMs), q.slugs, q.after, q.limit));
      return rows.map((r) => ({
        kind: r.kind as ConversionRow['kind'], id: String(r.id), ts_ms: Number(r.ts_ms), amount: nul(r.amount), currency: nul(r.currency),
        coupon: nul(r.coupon), product: nul(r.product), category: nul(r.category), person: String(r.person), anonymous_id: nul(r.anonymous_id), email_hash: nul(r.email_hash),
      }));
    },
    clicks: async (q) => {
      const c = ctx(q.fromMs, q.toMs + 1);
      const clicks = await ch.erasureTarget().client.queryWithList<Record<string, string | number>>(`SELECT assumeNotNull(click_id) AS click_id, ${pText('link')} AS slug, ts AS ts_ms, person, anonymous_id, ifNull(properties, '') AS properties
        FROM ${ev(c)} WHERE ${serverClickOn(q.slugs)} AND ts >= ${c.from} AND person IN (SELECT person FROM partner_persons)`, list(q.persons));
      if (!clicks.length) return [];
      const views = await ch.erasureTarget().client.queryWithList<Record<string, string | number>>(`SELECT anonymous_id, ifNull(click_id, '') AS click_key, ts
        FROM ${events(c, `type = 'page_view' AND ts >= ${c.from} AND ts <= ${q.toMs + landingWindowMs}`)}
        WHERE anonymous_id IN (SELECT person FROM partner_persons) OR ifNull(click_id, '') IN (SELECT person FROM partner_persons)`,
      list([...new Set(clicks.flatMap((k) => [String(k.anonymous_id), String(k.click_id)]))]));
      const seen = new Map<string, number[]>();
      for (const v of views) for (const key of [`a:${v.anonymous_id}`, `c:${v.click_key}`]) seen.set(key, [...(seen.get(key) ?? []), Number(v.ts)]);
      return clicks.map((k): ClickRow => {
        const at = Number(k.ts_ms);
        const landed = [...(seen.get(`a:${k.anonymous_id}`) ?? []), ...(seen.get(`c:${k.click_id}`) ?? [])].some((t) => t >= at && t <= at + landingWindowMs);
        return { click_id: String(k.click_id), slug: String(k.slug), ts_ms: at, person: String(k.person), anonymous_id: String(k.anonymous_id), properties: nul(k.properties), landed };
      });
    },
    touches: async (q) => {
      const c = ctx(q.fromMs, q.toMs + 1);
      const rows = await ch.erasureTarget().client.queryWithList<Record<string, string | number>>(`SELECT person, ts, channel, type FROM ${ev(c)}
        WHERE type IN ('page_view', 'click') AND channel != 'direct' AND ts >= ${c.from} AND person IN (SELECT person FROM partner_persons)
          AND NOT (${serverClickOn(q.slugs)})`, list(q.persons));
      return rows.map((r): PartnerTouchFact => ({ person: String(r.person), ts: new Date(Number(r.ts)).toISOString(), channel: String(r.channel), kind: r.type === 'click' ? 'click' : 'view' }));
    },
    emailTraits: async (q) => {
      // Persons and e-mail hashes travel in one list (a hash and a person id never meet: the page keeps each by its own key).
      const c = ctx(0, q.toMs + 1);
      // As DuckDB's json_extract_string: the JSON value true or false, or the text "true" or "false".
      const raw = `visitParamExtractRaw(ifNull(properties, ''), 'email_disposable')`;
      const rows = await ch.erasureTarget().client.queryWithList<Record<string, string | number>>(`SELECT person, ${pText('email_hash')} AS email_hash,
          ${raw} IN ('true', '"true"') AS disposable, ts
        FROM ${ev(c)}
        WHERE ${raw} IN ('true', 'false', '"true"', '"false"')
          AND (person IN (SELECT person FROM partner_persons) OR ${pText('email_hash')} IN (SELECT person FROM partner_persons))`,
      list([...q.persons, ...q.emailHashes]));
      return rows.map((r): EmailTraitRow => ({ person: String(r.person), email_hash: nul(r.email_hash), disposable: Number(r.disposable) === 1, ts_ms: Number(r.ts) }));
    },
  };
}
