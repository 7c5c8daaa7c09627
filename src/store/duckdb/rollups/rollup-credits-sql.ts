import { salesAndLeadsCtes } from '../kpi-sql.js';
import { creditTouchesCte, isNewSale, touchColumns } from '../credits/credit-columns-sql.js';
import { idmapCte, inDirty } from './rollup-sql.js';
import { deltaTouchesSql } from './rollup-delta-sql.js';

/**
 * The SQL that (re)computes `rollup_credits` (`rollup-sql.ts`: one row per sale and lead, with its
 * person, whether it is the person's first sale, and its candidate touch) from the credit events
 * (`rollup_cev`, kept here), the orders and the CRM leads. Every statement takes `$ws` only. Which rows a refresh recomputes:
 *
 * - `full` (a rebuild): every row, every touch found again.
 * - `all` (orders or leads changed): every row; touches kept for persons outside `rollup_p0`.
 * - `touched` (only events arrived): the rows of the affected keys and of the persons they reach,
 *   touches kept as for `all`. A row's person, amount and stages depend on the events of its key,
 *   its order or CRM lead, and the persons of the events sharing that order's or lead's click id
 *   (`click_person`) or email hash (`email_person`); whether a sale is new, on every sale of its
 *   person; its touch, on its person's touches. An event changes its person only through its
 *   anonymous id's identity, so every changed input is an event of a dirty anonymous id. Hence:
 *   `rollup_k`, the affected keys: the sales and leads those events name, and the orders and CRM
 *   leads whose click id or email hash they carry; `rollup_pk`, the persons whose rows may change:
 *   the dirty persons (`rollup_p0`) and the affected keys' persons before and after; `rollup_kk`,
 *   the affected keys and every key of those persons before. The rows of `rollup_kk` are computed
 *   again (each from its key's events, order, lead and the click and email persons of its ids: a
 *   scan of the events narrowed to those), the rest kept: their person, sales and touches did not
 *   change. The new rows' persons are in `rollup_pk`, so each one's sales are all in `rollup_kk`.
 */
export type CreditsScope = 'full' | 'all' | 'touched';

const touchCols = 'channel, campaign, ad, source_medium, landing_page, country, device';
const touchOf = (t: string) => touchCols.split(', ').map((c) => `${t}.${c}`).join(', ');

/** What `rollup_cev` keeps of an event. */
const creditEventColumns = 'workspace_id, id, type, ts, anonymous_id, user_id, click_id, order_id, revenue_amount, revenue_currency, properties';
const isCreditEvent = `(type IN ('conversion', 'lead') OR click_id IS NOT NULL OR properties LIKE '%email_hash%')`;

/**
 * `ev` as `salesAndLeadsCtes('$to_ts::TIMESTAMP')` reads it, from `rollup_cev` instead of every
 * event (a sale report cut at an instant before the history's end: experiments stopped early, link
 * statistics of an earlier range): the conversions before $to_ts whole and, of the other events,
 * only those carrying a click id an order before $to_ts names (`click_person`'s only lookups), their
 * other columns NULL. Each person from `idmap` (the rollups' identities). Parameters $ws, $to_ts.
 */
export const creditEventsBeforeCte = `ev AS (
      SELECT e.*, coalesce(e.user_id, m.user_id, e.anonymous_id) AS person
      FROM (
        SELECT * FROM rollup_cev WHERE workspace_id = $ws AND ts < $to_ts::TIMESTAMP AND type = 'conversion'
        UNION ALL BY NAME
        SELECT workspace_id, id, type, ts, anonymous_id, user_id, click_id FROM rollup_cev
        WHERE workspace_id = $ws AND ts < $to_ts::TIMESTAMP AND type <> 'conversion'
          AND click_id IN (SELECT click_id FROM orders WHERE workspace_id = $ws AND ts < $to_ts::TIMESTAMP AND click_id IS NOT NULL)
      ) e LEFT JOIN idmap m ON m.anonymous_id = e.anonymous_id
    )`;

/**
 * `rollup_cev`, the events the credits read (sales, leads, and those carrying a click id or an
 * email hash; a few in a hundred), kept up with the events: `full`, all of them; else those of
 * the dirty anonymous ids replaced (every insert marks its events' anonymous ids dirty).
 */
export function creditEventsSql(scope: CreditsScope, delta = false): string[] {
  const insert = (where: string, source = 'events') => `INSERT INTO rollup_cev SELECT ${creditEventColumns} FROM ${source} WHERE workspace_id = $ws AND ${isCreditEvent}${where}`;
  // From the batch alone (`rollup-delta-sql.ts`): the events before it are kept.
  if (delta) return [insert('', 'rollup_nev')];
  return scope === 'full'
    ? [insert('')]
    : [`DELETE FROM rollup_cev WHERE workspace_id = $ws AND ${inDirty('anonymous_id')}`, insert(` AND ${inDirty('anonymous_id')}`)];
}

/** The credit rows of the sales `sales` and leads `leads` (over `conv_all` and `lead_all`), without their touches. */
const creditRows = (sales: string, leads: string) => `
    SELECT true AS is_sale, c.key, c.person, c.ts, c.amount, c.currency, c.verified, ${isNewSale('c')} AS is_new,
      NULL::TIMESTAMP AS mql_at, NULL::TIMESTAMP AS sql_at, NULL::TIMESTAMP AS opportunity_at, NULL::TIMESTAMP AS customer_at
    FROM ${sales} c
    UNION ALL
    SELECT false, l.key, l.person, l.ts, NULL, NULL, true, false, l.mql_at, l.sql_at, l.opportunity_at, l.customer_at FROM ${leads} l`;

/** Every credit row of the workspace into `out`. */
const allRowsSql = (out: string) => `CREATE OR REPLACE TEMP TABLE ${out} AS
    WITH ${idmapCte},
    ev AS (
      SELECT e.*, coalesce(e.user_id, m.user_id, e.anonymous_id) AS person
      FROM rollup_cev e LEFT JOIN idmap m ON m.anonymous_id = e.anonymous_id WHERE e.workspace_id = $ws
    ),
    ${salesAndLeadsCtes(null)}
    ${creditRows('conv_all', 'lead_all')}`;

const saleKeys = (keys: string) => `(SELECT key FROM ${keys} WHERE is_sale)`;
const leadKeys = (keys: string) => `(SELECT key FROM ${keys} WHERE NOT is_sale)`;
const leadIdOf = (e: string) => `coalesce(json_extract_string(${e}.properties, '$.lead_id'), ${e}.id)`;
const emailOf = (e: string) => `json_extract_string(${e}.properties, '$.email_hash')`;

/**
 * The credit rows of the keys in `keys` (`is_sale`, `key`) into `out`, as `allRowsSql` computes
 * them when `keys` holds every sale of each of their persons (else `is_new` may differ): the
 * orders and CRM leads of those keys, and the events of those keys or carrying those orders' and
 * leads' click ids or email hashes (all of them: their least person is the order's or lead's).
 */
function rowsOfKeysSql(keys: string, out: string): string[] {
  return [
    `CREATE OR REPLACE TEMP TABLE rollup_ko AS SELECT * FROM orders WHERE workspace_id = $ws AND order_id IN ${saleKeys(keys)}`,
    `CREATE OR REPLACE TEMP TABLE rollup_kl AS SELECT * FROM leads WHERE workspace_id = $ws AND lead_id IN ${leadKeys(keys)}`,
    `CREATE OR REPLACE TEMP TABLE ${out} AS
    WITH ${idmapCte},
    orders AS (SELECT * FROM rollup_ko),
    leads AS (SELECT * FROM rollup_kl),
    ev AS (
      SELECT e.*, coalesce(e.user_id, m.user_id, e.anonymous_id) AS person
      FROM rollup_cev e LEFT JOIN idmap m ON m.anonymous_id = e.anonymous_id
      WHERE e.workspace_id = $ws AND (
        (e.type = 'conversion' AND coalesce(e.order_id, e.id) IN ${saleKeys(keys)})
        OR (e.type = 'lead' AND ${leadIdOf('e')} IN ${leadKeys(keys)})
        OR e.click_id IN (SELECT click_id FROM rollup_ko WHERE click_id IS NOT NULL UNION ALL SELECT click_id FROM rollup_kl WHERE click_id IS NOT NULL)
        OR (e.properties LIKE '%email_hash%' AND ${emailOf('e')} IN (SELECT email_hash FROM rollup_kl WHERE email_hash IS NOT NULL))
      )
    ),
    ${salesAndLeadsCtes(null)}
    ${creditRows(`(SELECT * FROM conv_all WHERE key IN ${saleKeys(keys)})`, `(SELECT * FROM lead_all WHERE key IN ${leadKeys(keys)})`)}`,
  ];
}

/** `touched`: the affected keys (`rollup_k`), their persons' reach (`rollup_pk`) and every key to compute again (`rollup_kk`), then those rows (`rollup_l1`). */
const touchedRowsSql = [
  `CREATE OR REPLACE TEMP TABLE rollup_ce AS SELECT type, id, order_id, click_id, properties FROM rollup_cev WHERE workspace_id = $ws AND ${inDirty('anonymous_id')}`,
  `CREATE OR REPLACE TEMP TABLE rollup_k AS SELECT DISTINCT is_sale, key FROM (
    SELECT true AS is_sale, coalesce(e.order_id, e.id) AS key FROM rollup_ce e WHERE e.type = 'conversion'
    UNION ALL SELECT false, ${leadIdOf('e')} FROM rollup_ce e WHERE e.type = 'lead'
    UNION ALL SELECT true, order_id FROM orders WHERE workspace_id = $ws AND click_id IN (SELECT click_id FROM rollup_ce WHERE click_id IS NOT NULL)
    UNION ALL SELECT false, lead_id FROM leads WHERE workspace_id = $ws AND (click_id IN (SELECT click_id FROM rollup_ce WHERE click_id IS NOT NULL)
      OR email_hash IN (SELECT ${emailOf('e')} FROM rollup_ce e WHERE e.properties LIKE '%email_hash%' AND ${emailOf('e')} IS NOT NULL))
  )`,
  ...rowsOfKeysSql('rollup_k', 'rollup_l1k'),
  `CREATE OR REPLACE TEMP TABLE rollup_pk AS
    SELECT person FROM rollup_p0
    UNION SELECT r.person FROM rollup_credits r JOIN rollup_k k ON k.is_sale = r.is_sale AND k.key = r.key WHERE r.workspace_id = $ws
    UNION SELECT person FROM rollup_l1k`,
  `CREATE OR REPLACE TEMP TABLE rollup_kk AS
    SELECT is_sale, key FROM rollup_k
    UNION SELECT is_sale, key FROM rollup_credits WHERE workspace_id = $ws AND person IN (SELECT person FROM rollup_pk)`,
  ...rowsOfKeysSql('rollup_kk', 'rollup_l1'),
];

/**
 * The credits of the scope (`CreditsScope`) computed again, in three parts (a delta refresh asks in
 * between whether `found` has anything to read). A sale's or lead's candidate touch
 * depends only on its person, its instant and that person's touches: kept from the rows before
 * for persons whose events did not change (not in `rollup_p0`); on a delta refresh found from the
 * batch where it can be (`deltaTouchesSql`: `rollup_fast`); else found again in an ASOF join over
 * the touches of just those persons (`full`: of everyone; delta: of `rollup_fp`'s).
 */
export function creditsRefreshSql(scope: CreditsScope, delta = false): { start: string[]; found: (read: boolean) => string[]; end: string[] } {
  const keeps = scope !== 'full';
  const keptTouches = keeps
    ? `SELECT person, ts, touch_ts, touch_id, ${touchCols} FROM rollup_credits
       WHERE workspace_id = $ws AND person NOT IN (SELECT person FROM rollup_p0)${scope === 'touched' ? ' AND person IN (SELECT person FROM rollup_pk)' : ''}
       QUALIFY row_number() OVER (PARTITION BY person, ts) = 1`
    : `SELECT person, ts, touch_ts, touch_id, ${touchCols} FROM rollup_credits WHERE workspace_id = $ws AND false`;
  const personEvents = `SELECT e.*, coalesce(e.user_id, m.user_id, e.anonymous_id) AS person FROM events e LEFT JOIN idmap m ON m.anonymous_id = e.anonymous_id
      WHERE e.workspace_id = $ws AND e.type IN ('page_view', 'click') AND e.channel <> 'direct'`;
  const ofNeeded = keeps
    ? ` AND (e.anonymous_id IN (SELECT anonymous_id FROM idmap WHERE user_id IN (SELECT person FROM q) UNION ALL SELECT person FROM q)
        OR e.user_id IN (SELECT person FROM q))`
    : '';
  const replaced = scope === 'touched'
    ? `DELETE FROM rollup_credits r WHERE r.workspace_id = $ws AND EXISTS (SELECT 1 FROM rollup_kk k WHERE k.is_sale = r.is_sale AND k.key = r.key)`
    : `DELETE FROM rollup_credits WHERE workspace_id = $ws`;
  const need = delta ? 'rollup_fp' : 'rollup_need';
  return {
    start: [
      ...creditEventsSql(scope, delta),
      ...(scope === 'touched' ? touchedRowsSql : [allRowsSql('rollup_l1')]),
      `CREATE OR REPLACE TEMP TABLE rollup_kept AS ${keptTouches}`,
      `CREATE OR REPLACE TEMP TABLE rollup_need AS
        SELECT DISTINCT person, ts FROM rollup_l1 l WHERE NOT EXISTS (SELECT 1 FROM rollup_kept k WHERE k.person = l.person AND k.ts = l.ts)`,
      ...(delta ? deltaTouchesSql : []),
    ],
    found: (read) => [read
      ? `CREATE OR REPLACE TEMP TABLE rollup_found AS
    WITH ${idmapCte},
    q AS (SELECT DISTINCT person FROM ${need}),
    touches AS (
      SELECT person, ts, id, ${touchColumns} FROM (${personEvents}${ofNeeded})${keeps ? ' WHERE person IN (SELECT person FROM q)' : ''}
    ),
    ${creditTouchesCte}
    SELECT n.person, n.ts, t.ts AS touch_ts, t.id AS touch_id, ${touchOf('t')}
    FROM ${need} n ASOF LEFT JOIN credit_touches t ON n.person = t.person AND n.ts >= t.ts`
      : `CREATE OR REPLACE TEMP TABLE rollup_found AS SELECT * FROM rollup_kept WHERE false`],
    end: [
      replaced,
      `INSERT INTO rollup_credits
    SELECT $ws, l.*, t.touch_ts, ${touchOf('t')}, t.touch_id
    FROM rollup_l1 l LEFT JOIN (SELECT * FROM rollup_kept UNION ALL ${delta ? 'SELECT * FROM rollup_fast UNION ALL ' : ''}SELECT * FROM rollup_found) t ON t.person = l.person AND t.ts = l.ts`,
    ],
  };
}

/** The credits' scratch tables, dropped at the refresh's end. */
export const creditsScratchTables = ['rollup_ce', 'rollup_k', 'rollup_ko', 'rollup_kl', 'rollup_l1k', 'rollup_pk', 'rollup_kk', 'rollup_l1', 'rollup_kept', 'rollup_need', 'rollup_found'];
