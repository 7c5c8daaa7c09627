/**
 * The columns and CTE pieces a sale or lead is credited with on the embedded store, shared by the full
 * KPI query (`kpi-sql.ts`), the KPI rollups' credits and the customer and journey aggregates.
 */
import { sourceMediumSql } from '../../meanings/kpi-dimensions.js';

/**
 * The touches a sale or lead may be credited to (`credit_touches`, what the ASOF joins read): of a person's
 * touches of the same instant, the one with the greatest event id, so the latest touch is the latest by
 * (ts, event id), as ClickHouse's `argMaxIf(t_touch, (t_ts, t_id), …)`; an ASOF join picks any of tied rows.
 */
export const creditTouchesCte = `credit_touches AS (SELECT * FROM touches QUALIFY row_number() OVER (PARTITION BY person, ts ORDER BY id DESC) = 1)`;

/** A touch's attributes, from an event row (`touches`; the rollups' credits keep them too). */
export const touchColumns = `channel, coalesce(utm_campaign, '(not set)') AS campaign, coalesce(utm_content, '(not set)') AS ad,
      ${sourceMediumSql.duckdb} AS source_medium, landing_page, country, device`;

/** Whether a sale (row `c`: person, verified, ts, key) is its person's first: the first verified one when there is any. */
export const isNewSale = (c: string) => `row_number() OVER (PARTITION BY ${c}.person ORDER BY ${c}.verified DESC, ${c}.ts, ${c}.key) = 1`;

/** A sale's value in the base currency (`$base`) and whether it has no rate; `r` the ASOF rate, `f` the currency's first rate. */
export const saleValueColumns = (c: string, r: string, f: string) => `CASE WHEN ${c}.amount IS NULL THEN 0 WHEN ${c}.currency = $base THEN ${c}.amount
           ELSE ${c}.amount * coalesce(${r}.rate, ${f}.rate) END AS value,
      ${c}.amount IS NOT NULL AND ${c}.currency <> $base AND ${r}.rate IS NULL AND ${f}.rate IS NULL AS unconverted`;

/** The workspace's rates (`rates_ts`: each from its day on) and each currency's first rate (`first_rate`, for sales before it): what `saleValueColumns` joins. */
export const rateCtes = `rates_ts AS (SELECT currency, date::TIMESTAMP AS since, rate FROM rates WHERE workspace_id = $ws),
    first_rate AS (SELECT currency, arg_min(rate, date) AS rate FROM rates WHERE workspace_id = $ws GROUP BY currency)`;
