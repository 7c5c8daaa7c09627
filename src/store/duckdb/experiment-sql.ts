import type { ExperimentCounting } from '../store.js';
import { baseCtes } from './kpi-sql.js';

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
 */
export function experimentSampleSql(): string {
  return `WITH idmap AS (
      SELECT anonymous_id, min(user_id) AS user_id FROM events WHERE workspace_id = $ws AND user_id IS NOT NULL GROUP BY anonymous_id
    ),
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
