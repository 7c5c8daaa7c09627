import type { ExperimentCounting } from '../store.js';
import { convMoney, countsAllSales, ev, events, type SqlContext } from './base-sql.js';
import { chValue } from './sql-literal.js';

/** 1 for an exposure the server signed (issue 12 #5); senders other than the server cannot write the key (ingest refuses it). */
const signedExposure = `visitParamExtractBool(ifNull(properties, ''), 'rl_signed')`;

/** A lead event's lead: its `lead_id` property, else its event id (as `leadAll`: one lead per lead id). */
const leadKey = `if(visitParamExtractString(ifNull(properties, ''), 'lead_id') != '', visitParamExtractString(ifNull(properties, ''), 'lead_id'), id)`;

/** 1 when every sale counts: no `counting` (the whole record), else the workspace's `revenue_sources` rule. */
function countsAll(c: SqlContext, counting: ExperimentCounting | undefined): string {
  return counting ? countsAllSales({ ...c, revenueSources: counting.revenue_sources }) : '1';
}

/**
 * Experiment outcomes in ClickHouse: exposures are `custom` events named
 * `$exposure` with properties {experiment, variant}; each person counts once, in
 * the variant of their first exposure (the earliest by time, then event id); outcomes are their sales, revenue and
 * leads (one per lead id) after it. Rows: variant, users, converters, conversions, revenue_sum,
 * revenue_sum_squares, leads.
 */
export function experimentStatsSql(c: SqlContext, experiment: string, counting?: ExperimentCounting): string {
  const exposures = `(SELECT person, min(ts) AS first_ts, argMin(visitParamExtractString(assumeNotNull(properties), 'variant'), (ts, id)) AS variant
    FROM ${ev(c)}
    WHERE type = 'custom' AND name = '$exposure' AND visitParamExtractString(ifNull(properties, ''), 'experiment') = ${chValue(experiment)}
      AND ts >= ${c.from}${counting?.signed_only ? ` AND ${signedExposure} = 1` : ''}
    GROUP BY person)`;
  const withSales = `(SELECT person, any(first_ts) AS x_first, any(variant) AS x_variant,
      countIf(c_has = 1 AND c_ts >= first_ts) AS x_conversions, toFloat64(sumIf(c_value, c_has = 1 AND c_ts >= first_ts)) AS x_revenue
    FROM ${exposures} AS j_l ALL LEFT JOIN (SELECT person, ts AS c_ts, value AS c_value, 1 AS c_has FROM ${convMoney(c)} WHERE verified = 1 OR ${countsAll(c, counting)}) AS j_r USING person GROUP BY person)`;
  const withLeads = `(SELECT person, any(x_variant) AS p_variant, any(x_conversions) AS p_conversions, any(x_revenue) AS p_revenue,
      uniqExactIf(l_key, l_has = 1 AND l_ts >= x_first) AS p_leads
    FROM ${withSales} AS j_l ALL LEFT JOIN (SELECT person, ts AS l_ts, ${leadKey} AS l_key, 1 AS l_has FROM ${ev(c)} WHERE type = 'lead') AS j_r USING person GROUP BY person)`;
  return `SELECT p_variant AS variant, count() AS users, countIf(p_conversions > 0) AS converters, sum(p_conversions) AS conversions,
      sum(p_revenue) AS revenue_sum, sum(p_revenue * p_revenue) AS revenue_sum_squares, sum(p_leads) AS leads
    FROM ${withLeads} GROUP BY p_variant ORDER BY p_variant`;
}

/**
 * The first exposure of each anonymous id (not stitched: the snippet hashed that
 * id) with its variant and raw hash version ('' when absent; `2` or `"2"` as sent),
 * smallest ids first, at most `limit`. Runs on 18.16 (visitParam functions, argMin).
 */
export function experimentExposuresSql(c: SqlContext, experiment: string, limit: number, signedOnly = false): string {
  return `SELECT anonymous_id,
      argMin(visitParamExtractString(ifNull(properties, ''), 'variant'), (ts, id)) AS variant,
      argMin(visitParamExtractRaw(ifNull(properties, ''), 'hash_version'), (ts, id)) AS hash_version
    FROM ${events(c, `type = 'custom' AND name = '$exposure' AND ts < ${c.to}`)}
    WHERE visitParamExtractString(ifNull(properties, ''), 'experiment') = ${chValue(experiment)} AND ts >= ${c.from}${signedOnly ? ` AND ${signedExposure} = 1` : ''}
    GROUP BY anonymous_id ORDER BY anonymous_id LIMIT ${Math.max(0, Math.floor(limit))}`;
}

/**
 * The sample's make-up (issue 12 #5), people stitched as in the stats: rows `kind`
 * 'unsigned' (people none of whose exposures is signed) and 'source' (per variant of the
 * first signed exposure, the `rl_src` bucket that supplied the most people). Runs on 18.16
 * (-If combinators, LIMIT BY).
 */
export function experimentSampleSql(c: SqlContext, experiment: string): string {
  const people = `(SELECT person, max(x_signed) AS any_signed, argMinIf(x_variant, (ts, id), x_signed = 1) AS p_variant, argMinIf(x_source, (ts, id), x_signed = 1) AS p_source
    FROM (SELECT person, ts, id, toUInt8(${signedExposure}) AS x_signed, visitParamExtractString(ifNull(properties, ''), 'variant') AS x_variant,
        visitParamExtractString(ifNull(properties, ''), 'rl_src') AS x_source
      FROM ${ev(c)}
      WHERE type = 'custom' AND name = '$exposure' AND visitParamExtractString(ifNull(properties, ''), 'experiment') = ${chValue(experiment)} AND ts >= ${c.from})
    GROUP BY person)`;
  return `SELECT kind, variant, source, units FROM (
      SELECT 'unsigned' AS kind, '' AS variant, '' AS source, count() AS units FROM ${people} WHERE any_signed = 0
      UNION ALL
      SELECT 'source' AS kind, variant, source, units FROM (
        SELECT p_variant AS variant, p_source AS source, count() AS units FROM ${people} WHERE any_signed = 1 AND p_source != ''
        GROUP BY p_variant, p_source ORDER BY p_variant, units DESC, p_source LIMIT 1 BY p_variant))
    ORDER BY kind, variant`;
}
