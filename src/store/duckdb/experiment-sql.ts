import { baseCtes } from './kpi-sql.js';

/**
 * Experiment outcomes: exposures are `custom` events named `$exposure` with
 * properties {experiment, variant}. Each person counts once, in the variant of
 * their first exposure; outcomes are their conversions, revenue and leads after it.
 */
export function experimentStatsSql(): string {
  return `WITH ${baseCtes},
    exposures AS (
      SELECT person, min(ts) AS first_ts, arg_min(json_extract_string(properties, '$.variant'), ts) AS variant
      FROM ev
      WHERE type = 'custom' AND name = '$exposure' AND json_extract_string(properties, '$.experiment') = $exp
        AND ts >= $from::DATE
      GROUP BY person
    ),
    per_person AS (
      SELECT x.person, x.variant,
        (SELECT count(*) FROM conv_money c WHERE c.person = x.person AND c.ts >= x.first_ts) AS conversions,
        (SELECT coalesce(sum(c.value), 0) FROM conv_money c WHERE c.person = x.person AND c.ts >= x.first_ts)::DOUBLE AS revenue,
        (SELECT count(*) FROM ev l WHERE l.person = x.person AND l.type = 'lead' AND l.ts >= x.first_ts) AS leads
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
export function experimentExposuresSql(): string {
  return `SELECT anonymous_id,
      arg_min(coalesce(json_extract_string(properties, '$.variant'), ''), ts) AS variant,
      arg_min(coalesce(json_extract_string(properties, '$.hash_version'), ''), ts) AS hash_version
    FROM events
    WHERE workspace_id = $ws AND type = 'custom' AND name = '$exposure' AND json_extract_string(properties, '$.experiment') = $exp
      AND ts >= $from::DATE AND ts < ($to::DATE + 1)
    GROUP BY anonymous_id ORDER BY anonymous_id LIMIT $limit`;
}
