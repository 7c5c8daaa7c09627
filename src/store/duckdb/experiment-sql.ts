import type { ExperimentCounting } from '../store.js';
import { rollupRevModeCte } from './aggregates/customer-sales-sql.js';
import { rateCtes, saleValueColumns } from './credits/credit-columns-sql.js';
import { baseCtes, salesAndLeadsCtes } from './kpi-sql.js';
import { creditEventsBeforeCte } from './rollups/rollup-credits-sql.js';
import { idmapCte } from './rollups/rollup-sql.js';

/** An exposure the server signed (issue 12 #5): a verified token, its own assignment, or a trusted sender. */
const signedExposure = `coalesce(json_extract_string(properties, '$.rl_signed') = 'true', false)`;
const verifiedEvent = `coalesce(properties LIKE '%rl_verified%' AND json_extract_string(properties, '$.rl_verified') = 'true', false)`;

/**
 * Whether only verified sales count: the workspace's `revenue_sources` inlined, or by default
 * (null) once it has any verified source, as the KPIs decide (design.md "Verified revenue").
 */
function verifiedOnly(counting: ExperimentCounting | undefined): string {
  if (!counting || counting.revenue_sources === 'all') return 'false';
  if (counting.revenue_sources === 'verified') return 'true';
  return `(EXISTS (SELECT 1 FROM orders WHERE workspace_id = $ws) OR EXISTS (SELECT 1 FROM leads WHERE workspace_id = $ws)
      OR EXISTS (SELECT 1 FROM events WHERE workspace_id = $ws AND type IN ('conversion', 'lead') AND ${verifiedEvent}))`;
}

/**
 * Experiment outcomes: exposures are `custom` events named `$exposure` with
 * properties {experiment, variant}. Each person counts once, in the variant of
 * their first exposure (the earliest by time, then event id); outcomes are their conversions, revenue and leads
 * (one per lead id) after it.
 * With `counting`, only signed exposures and the sales the workspace counts.
 */
export function experimentStatsSql(counting?: ExperimentCounting): string {
  return `WITH ${baseCtes},
    exposures AS (
      SELECT person, min(ts) AS first_ts, arg_min(json_extract_string(properties, '$.variant'), (ts, id)) AS variant
      FROM ev
      WHERE type = 'custom' AND name = '$exposure' AND json_extract_string(properties, '$.experiment') = $exp
        AND ts >= $from::DATE ${counting?.signed_only ? `AND ${signedExposure}` : ''}
      GROUP BY person
    ),
    sales AS (
      SELECT person, ts, value FROM conv_money WHERE verified OR NOT ${verifiedOnly(counting)}
    ),
    per_person AS (
      SELECT x.person, x.variant,
        (SELECT count(*) FROM sales c WHERE c.person = x.person AND c.ts >= x.first_ts) AS conversions,
        (SELECT coalesce(sum(c.value), 0) FROM sales c WHERE c.person = x.person AND c.ts >= x.first_ts)::DOUBLE AS revenue,
        (SELECT count(DISTINCT coalesce(json_extract_string(l.properties, '$.lead_id'), l.id)) FROM ev l WHERE l.person = x.person AND l.type = 'lead' AND l.ts >= x.first_ts) AS leads
      FROM exposures x
    )
    SELECT variant, count(*) AS users, count(*) FILTER (WHERE conversions > 0) AS converters, sum(conversions) AS conversions,
      sum(revenue) AS revenue_sum, sum(revenue * revenue) AS revenue_sum_squares, sum(leads) AS leads
    FROM per_person GROUP BY variant ORDER BY variant`;
}

/** Whether only verified sales count (`verifiedOnly`), from the rollups' state: `has_verified` is what the EXISTS tests. */
function verifiedOnlyFromRollups(counting: ExperimentCounting | undefined): string {
  if (!counting || counting.revenue_sources === 'all') return 'false';
  if (counting.revenue_sources === 'verified') return 'true';
  return `coalesce((SELECT has_verified FROM rollup_state WHERE workspace_id = $ws), false)`;
}

/** The sales before $to_ts (`sold`: person, ts, amount, currency, verified) stitched as `conv_all` does, from the rollups' credit events. */
const soldBeforeCtes = `${creditEventsBeforeCte},
    ${salesAndLeadsCtes('$to_ts::TIMESTAMP')},
    sold AS (SELECT person, ts, amount, currency, verified FROM conv_all),`;

/**
 * `experimentStatsSql` answered from the KPI rollups brought up to date first (issue 14), driven by
 * the exposures (a selective scan of the events) whose people come from `rollup_idmap`; only those
 * people's sales are valued, and their lead events read from `rollup_cev` (which keeps every lead
 * event whole). The sales: `whole` (a history that ends by $to_ts: every event and order before
 * it), from `rollup_credits` (one row per sale with the person, instant, amount, currency and
 * verified flag `conv_all` gives it over the whole history); else stitched up to $to_ts from the
 * rollups' credit events (`soldBeforeCtes`). `revenueSources`: the stored setting `rev_mode` reads
 * (`getRevenueSources`). Same parameters ($ws, $exp, $from, $to_ts, $base) and figures.
 */
export function experimentStatsFromRollupsSql(revenueSources: 'verified' | 'all' | null, counting: ExperimentCounting | undefined, whole: boolean): string {
  const person = (e: string) => `coalesce(${e}.user_id, m.user_id, ${e}.anonymous_id)`;
  return `WITH ${rollupRevModeCte(revenueSources)},
    ${idmapCte},
    ${whole ? `sold AS (SELECT person, ts, amount, currency, verified FROM rollup_credits WHERE workspace_id = $ws AND is_sale),` : soldBeforeCtes}
    exposures AS MATERIALIZED (
      SELECT ${person('e')} AS person, min(e.ts) AS first_ts, arg_min(json_extract_string(e.properties, '$.variant'), (e.ts, e.id)) AS variant
      FROM events e LEFT JOIN idmap m ON m.anonymous_id = e.anonymous_id
      WHERE e.workspace_id = $ws AND e.type = 'custom' AND e.name = '$exposure' AND json_extract_string(e.properties, '$.experiment') = $exp
        AND e.ts >= $from::DATE AND e.ts < $to_ts::TIMESTAMP ${counting?.signed_only ? `AND ${signedExposure.replace('properties', 'e.properties')}` : ''}
      GROUP BY 1
    ),
    ${rateCtes},
    sales AS (
      SELECT c.person, c.ts, ${saleValueColumns('c', 'r', 'f')}
      FROM (
        SELECT * FROM sold WHERE person IN (SELECT person FROM exposures)
          AND (verified OR (SELECT mode FROM rev_mode) = 'all') AND (verified OR NOT ${verifiedOnlyFromRollups(counting)})
      ) c
      ASOF LEFT JOIN rates_ts r ON c.currency = r.currency AND c.ts >= r.since
      LEFT JOIN first_rate f ON f.currency = c.currency
    ),
    leads AS (
      SELECT * FROM (
        SELECT ${person('l')} AS person, l.ts, coalesce(json_extract_string(l.properties, '$.lead_id'), l.id) AS lead_key
        FROM rollup_cev l LEFT JOIN idmap m ON m.anonymous_id = l.anonymous_id
        WHERE l.workspace_id = $ws AND l.type = 'lead' AND l.ts < $to_ts::TIMESTAMP
      ) WHERE person IN (SELECT person FROM exposures)
    ),
    bought AS (
      SELECT x.person, count(*) AS conversions, sum(c.value) AS revenue
      FROM exposures x JOIN sales c ON c.person = x.person AND c.ts >= x.first_ts GROUP BY x.person
    ),
    led AS (
      SELECT x.person, count(DISTINCT l.lead_key) AS leads
      FROM exposures x JOIN leads l ON l.person = x.person AND l.ts >= x.first_ts GROUP BY x.person
    ),
    per_person AS (
      SELECT x.person, x.variant, coalesce(s.conversions, 0) AS conversions, coalesce(s.revenue, 0)::DOUBLE AS revenue, coalesce(d.leads, 0) AS leads
      FROM exposures x LEFT JOIN bought s ON s.person = x.person LEFT JOIN led d ON d.person = x.person
    )
    SELECT variant, count(*) AS users, count(*) FILTER (WHERE conversions > 0) AS converters, sum(conversions) AS conversions,
      sum(revenue) AS revenue_sum, sum(revenue * revenue) AS revenue_sum_squares, sum(leads) AS leads
    FROM per_person GROUP BY variant ORDER BY variant`;
}

/**
 * The first exposure of each anonymous id (not stitched: the snippet hashed that
 * id) with its variant and hash version ('' when absent), smallest ids first.
 */
export function experimentExposuresSql(signedOnly = false): string {
  return `SELECT anonymous_id,
      arg_min(coalesce(json_extract_string(properties, '$.variant'), ''), (ts, id)) AS variant,
      arg_min(coalesce(json_extract_string(properties, '$.hash_version'), ''), (ts, id)) AS hash_version
    FROM events
    WHERE workspace_id = $ws AND type = 'custom' AND name = '$exposure' AND json_extract_string(properties, '$.experiment') = $exp
      AND ts >= $from::DATE AND ts < ($to::DATE + 1) ${signedOnly ? `AND ${signedExposure}` : ''}
    GROUP BY anonymous_id ORDER BY anonymous_id LIMIT $limit`;
}

/**
 * The sample's make-up (issue 12 #5), people stitched as in the stats: those whose only
 * exposures are unsigned, and per variant (of the first signed exposure) the source bucket
 * (`rl_src`) that supplied the most people, with that count. Parameters $ws, $exp, $from, $to.
 * `fromRollups`: the identities from `rollup_idmap` (brought up to date first) instead of a GROUP BY over every event.
 */
export function experimentSampleSql(fromRollups = false): string {
  return `WITH ${fromRollups ? idmapCte : `idmap AS (
      SELECT anonymous_id, min(user_id) AS user_id FROM events WHERE workspace_id = $ws AND user_id IS NOT NULL GROUP BY anonymous_id
    )`},
    x AS (
      SELECT coalesce(e.user_id, m.user_id, e.anonymous_id) AS person, e.ts, e.id, ${signedExposure.replace('properties', 'e.properties')} AS signed,
        json_extract_string(e.properties, '$.variant') AS variant, json_extract_string(e.properties, '$.rl_src') AS source
      FROM events e LEFT JOIN idmap m ON m.anonymous_id = e.anonymous_id
      WHERE e.workspace_id = $ws AND e.type = 'custom' AND e.name = '$exposure' AND json_extract_string(e.properties, '$.experiment') = $exp
        AND e.ts >= $from::DATE AND e.ts < ($to::DATE + 1)
    ),
    people AS (
      SELECT person, bool_or(signed) AS any_signed,
        arg_min(variant, (ts, id)) FILTER (WHERE signed) AS variant, arg_min(source, (ts, id)) FILTER (WHERE signed) AS source
      FROM x GROUP BY person
    ),
    by_source AS (
      SELECT variant, source, count(*) AS units FROM people WHERE any_signed AND source IS NOT NULL GROUP BY variant, source
      QUALIFY row_number() OVER (PARTITION BY variant ORDER BY count(*) DESC, source) = 1
    )
    SELECT 'unsigned' AS kind, NULL AS variant, NULL AS source, count(*) AS units FROM people WHERE NOT any_signed
    UNION ALL SELECT 'source', variant, source, units FROM by_source
    ORDER BY kind, variant`;
}
