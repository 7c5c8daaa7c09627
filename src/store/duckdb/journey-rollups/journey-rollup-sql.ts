import { salesAndLeadsCtes, verifiedEvent } from '../kpi-sql.js';
import { stagedAnonymousIdsSql } from '../insert-events-sql.js';

/**
 * The journey rollups of the embedded store (issue 14): every person's touches, kept up from the
 * events, so attribution reads them instead of deriving touches and identities from the raw
 * events on every ask. Every statement takes `$ws` only.
 *
 * - `journey_touches`: one row per touch as the journeys read them (`journeys-sql.ts`): each click
 *   and impression (a `view`), and each session's first page view (page views without a session
 *   are each a touch), with the person it belongs to (the least user id of its anonymous id, else
 *   the anonymous id) and its channel, campaign and ad (`(not set)` when unknown).
 * - `journey_conversions`: one row per sale (its key: the order id, else the event id) over the
 *   whole history, with its person, instant, amount, currency and whether it is verified (as the
 *   journeys' `conv_all`; valued with the rates at read time). Recomputed whole at each refresh:
 *   sales are few, and an order's person crosses persons (the person of its click).
 * - `journey_idmap`: each identified anonymous id's person (its least user id).
 * - `journey_dirty`: anonymous ids whose events changed since the last refresh.
 * - `journey_state`: per workspace, whether orders or leads changed (`dirty`), the events the
 *   rollups saw, when they were last refreshed (the watermark) and whether the workspace has a
 *   verified source (what `revenue_sources` defaults to); no row: rebuilt at the next read.
 */
export const journeyTablesSql = `
  CREATE TABLE IF NOT EXISTS journey_state (
    workspace_id VARCHAR PRIMARY KEY, dirty BOOLEAN NOT NULL, events BIGINT NOT NULL, refreshed_at TIMESTAMP, has_verified BOOLEAN NOT NULL
  );
  CREATE TABLE IF NOT EXISTS journey_conversions (
    workspace_id VARCHAR NOT NULL, key VARCHAR, person VARCHAR, ts TIMESTAMP NOT NULL, amount DECIMAL(38,6), currency VARCHAR, verified BOOLEAN NOT NULL
  );
  CREATE TABLE IF NOT EXISTS journey_dirty (workspace_id VARCHAR NOT NULL, anonymous_id VARCHAR NOT NULL);
  CREATE TABLE IF NOT EXISTS journey_idmap (workspace_id VARCHAR NOT NULL, anonymous_id VARCHAR NOT NULL, user_id VARCHAR NOT NULL);
  CREATE TABLE IF NOT EXISTS journey_touches (
    workspace_id VARCHAR NOT NULL, person VARCHAR NOT NULL, ts TIMESTAMP NOT NULL,
    channel VARCHAR, campaign VARCHAR NOT NULL, ad VARCHAR NOT NULL, kind VARCHAR NOT NULL
  );`;

/** The tables a workspace's rows are deleted from before a rebuild. */
export const journeyTables = ['journey_dirty', 'journey_idmap', 'journey_touches', 'journey_conversions'] as const;

/** SQL that marks the anonymous ids of a flush's staged events dirty (run with their insert, in its transaction). */
export const journeyDirtyFromStagedSql = `INSERT INTO journey_dirty ${stagedAnonymousIdsSql}`;

const inDirty = (col: string) => `${col} IN (SELECT anonymous_id FROM journey_rd)`;
const idmapCte = `idmap AS (SELECT anonymous_id, user_id FROM journey_idmap WHERE workspace_id = $ws)`;
const personOf = (e: string, m: string) => `coalesce(${e}.user_id, ${m}.user_id, ${e}.anonymous_id)`;

/**
 * Before a dirty refresh: the dirty anonymous ids and those sharing a session with them
 * (`journey_rd`: a session's first page view may move), every person whose touches may have
 * changed (`journey_p`: their persons before and after), `journey_idmap` updated.
 */
export function dirtyIdentitySql(): string[] {
  return [
    `CREATE OR REPLACE TEMP TABLE journey_rd AS
      WITH d AS (SELECT DISTINCT anonymous_id FROM journey_dirty WHERE workspace_id = $ws)
      SELECT anonymous_id FROM d
      UNION SELECT anonymous_id FROM events WHERE workspace_id = $ws AND session_id IN (
        SELECT session_id FROM events WHERE workspace_id = $ws AND session_id IS NOT NULL AND anonymous_id IN (SELECT anonymous_id FROM d))`,
    `CREATE OR REPLACE TEMP TABLE journey_p AS
      SELECT coalesce(m.user_id, d.anonymous_id) AS person FROM journey_rd d LEFT JOIN journey_idmap m ON m.workspace_id = $ws AND m.anonymous_id = d.anonymous_id`,
    `DELETE FROM journey_idmap WHERE workspace_id = $ws AND ${inDirty('anonymous_id')}`,
    `INSERT INTO journey_idmap SELECT $ws, anonymous_id, min(user_id) FROM events
      WHERE workspace_id = $ws AND user_id IS NOT NULL AND ${inDirty('anonymous_id')} GROUP BY anonymous_id`,
    `INSERT INTO journey_p
      SELECT coalesce(m.user_id, d.anonymous_id) FROM journey_rd d LEFT JOIN journey_idmap m ON m.workspace_id = $ws AND m.anonymous_id = d.anonymous_id
      UNION ALL SELECT DISTINCT user_id FROM events WHERE workspace_id = $ws AND user_id IS NOT NULL AND ${inDirty('anonymous_id')}`,
    `CREATE OR REPLACE TEMP TABLE journey_pd AS SELECT DISTINCT person FROM journey_p`,
    `DELETE FROM journey_touches WHERE workspace_id = $ws AND person IN (SELECT person FROM journey_pd)`,
  ];
}

/** A full rebuild's identities: every identified anonymous id. */
export const fullIdentitySql = [
  `INSERT INTO journey_idmap SELECT $ws, anonymous_id, min(user_id) FROM events WHERE workspace_id = $ws AND user_id IS NOT NULL GROUP BY anonymous_id`,
];

/**
 * The touches of every person (`full`) or of the persons in `journey_pd` (`dirty`): their events,
 * and the page views of the sessions those events are in (a session's first page view is the
 * touch, whoever's it is), kept for the persons in scope.
 */
export function touchesRefreshSql(scope: 'full' | 'dirty'): string {
  const dirty = scope === 'dirty';
  const kinds = `e.type IN ('click', 'impression', 'page_view')`;
  const ofPersons = `(e.user_id IN (SELECT person FROM journey_pd)
      OR e.anonymous_id IN (SELECT anonymous_id FROM idmap WHERE user_id IN (SELECT person FROM journey_pd))
      OR e.anonymous_id IN (SELECT person FROM journey_pd))`;
  const scoped = dirty
    ? `(${ofPersons} OR (e.type = 'page_view' AND e.session_id IN (SELECT session_id FROM events e WHERE e.workspace_id = $ws AND e.type = 'page_view' AND e.session_id IS NOT NULL AND ${ofPersons})))`
    : 'true';
  return `INSERT INTO journey_touches
    WITH ${idmapCte},
    ev AS (
      SELECT ${personOf('e', 'm')} AS person, e.ts, e.id, e.type, e.session_id, e.channel,
        coalesce(e.utm_campaign, '(not set)') AS campaign, coalesce(e.utm_content, '(not set)') AS ad
      FROM events e LEFT JOIN idmap m ON m.anonymous_id = e.anonymous_id
      WHERE e.workspace_id = $ws AND ${kinds} AND ${scoped}
    ),
    touches AS (
      SELECT person, ts, channel, campaign, ad, CASE WHEN type = 'impression' THEN 'view' ELSE 'click' END AS kind
      FROM ev WHERE type IN ('click', 'impression')
      UNION ALL
      SELECT person, ts, channel, campaign, ad, 'click' FROM ev WHERE type = 'page_view'
      QUALIFY session_id IS NULL OR row_number() OVER (PARTITION BY session_id ORDER BY ts, id) = 1
    )
    SELECT $ws, person, ts, channel, campaign, ad, kind FROM touches
    ${dirty ? 'WHERE person IN (SELECT person FROM journey_pd)' : ''}
    ORDER BY ts`;
}

/** Every sale of the workspace, again (as the journeys' `conv_all`, over the whole history, persons from `journey_idmap`). */
export const conversionsRefreshSql = [
  `DELETE FROM journey_conversions WHERE workspace_id = $ws`,
  `INSERT INTO journey_conversions
    WITH ${idmapCte},
    ev AS (
      SELECT e.*, ${personOf('e', 'm')} AS person
      FROM events e LEFT JOIN idmap m ON m.anonymous_id = e.anonymous_id
      WHERE e.workspace_id = $ws AND (e.type = 'conversion' OR e.click_id IS NOT NULL)
    ),
    ${salesAndLeadsCtes(null)}
    SELECT $ws, key, person, ts, amount, currency, verified FROM conv_all`,
];

/**
 * Whether the workspace has a verified source (an order, a lead import, a verified conversion or
 * lead event; as `revModeCte`): a dirty refresh looks only at the dirty anonymous ids' events
 * (without deletions, which rebuild, it can only become true).
 */
export function hasVerifiedSql(scope: 'full' | 'dirty'): string {
  const events = `SELECT 1 FROM events WHERE workspace_id = $ws AND type IN ('conversion', 'lead') AND ${verifiedEvent}${scope === 'dirty' ? ` AND ${inDirty('anonymous_id')}` : ''}`;
  return `SELECT EXISTS (SELECT 1 FROM orders WHERE workspace_id = $ws) OR EXISTS (SELECT 1 FROM leads WHERE workspace_id = $ws) OR EXISTS (${events}) AS v`;
}

/** The refresh's scratch tables, dropped at its end. */
export const journeyScratchTables = ['journey_rd', 'journey_p', 'journey_pd'];
