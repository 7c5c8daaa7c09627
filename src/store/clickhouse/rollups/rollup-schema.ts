import { chIdentifier } from '../sql-literal.js';

/**
 * The KPI rollups of the scale-out store (issue 14): what ClickHouse keeps so a KPI read does not
 * touch the events. They live on the query node only (the node every read and the writers' inserts
 * go to; in a cluster the shards keep just the events), in the workspace's time zone, one
 * generation (`gen`, a partition) per build:
 *
 * - `kpi_rollup_sessions`: sessions summed per local day and first hit's attributes (count, page
 *   views, bounces, milliseconds) with the exact set of their visitors (`uniqExactState`), so unique
 *   visitors over any days and grouping merge exactly.
 * - `kpi_rollup_clicks`: tracked clicks (at their first sighting) counted per local day and attributes.
 * - `kpi_rollup_credits`: one row per sale and lead with its person, instant, amount and currency
 *   (valued with the rates at read time), whether it is the person's first sale, the CRM stage
 *   instants, and its candidate touch (the person's last non-direct touch at or before it, whatever
 *   its age; the lookback is applied at read time).
 * - `kpi_rollup_state`: per workspace the current generation, its time zone, the last write mark it
 *   saw, whether the workspace has a verified source (`revenue_sources`' default) and when it was
 *   built (the watermark).
 * - `kpi_rollup_marks`: one row per write to the events, orders or leads of a workspace (inserts,
 *   deletions, erasure, new channel rules): a newer mark than the state's makes the next read rebuild.
 *
 * Landing page, country and device are stored with '(not set)' for none, as every KPI grouping shows them.
 * Plain MergeTree: a generation is written once and dropped whole (`DROP PARTITION`), never merged into.
 */
const tables: { name: string; columns: string; engine: string }[] = [
  {
    name: 'kpi_rollup_sessions',
    columns: `workspace_id String, gen UInt64, s_day Date, s_channel String, s_campaign String, s_ad String, s_source_medium String,
      s_landing_page String, s_country String, s_device String, s_sessions UInt64, s_page_views UInt64, s_bounces UInt64, s_duration Int64,
      s_visitors AggregateFunction(uniqExact, String)`,
    engine: 'MergeTree PARTITION BY gen ORDER BY (workspace_id, s_day)',
  },
  {
    name: 'kpi_rollup_clicks',
    columns: `workspace_id String, gen UInt64, k_day Date, k_channel String, k_campaign String, k_ad String, k_source_medium String,
      k_landing_page String, k_country String, k_device String, k_clicks UInt64`,
    engine: 'MergeTree PARTITION BY gen ORDER BY (workspace_id, k_day)',
  },
  {
    name: 'kpi_rollup_credits',
    columns: `workspace_id String, gen UInt64, key String, person String, ts Int64, amount Nullable(String), currency String,
      is_new UInt8, verified UInt8, is_lead UInt8, mql_at Nullable(Int64), sql_at Nullable(Int64), opportunity_at Nullable(Int64), customer_at Nullable(Int64),
      found UInt8, touch_ts Int64, t_channel String, t_campaign String, t_ad String, t_source_medium String,
      t_landing_page Nullable(String), t_country Nullable(String), t_device Nullable(String)`,
    engine: 'MergeTree PARTITION BY gen ORDER BY (workspace_id, ts)',
  },
  {
    name: 'kpi_rollup_state',
    columns: 'workspace_id String, gen UInt64, timezone String, mark UInt64, has_verified UInt8, built_at Int64',
    engine: 'ReplacingMergeTree(gen) ORDER BY workspace_id',
  },
  {
    name: 'kpi_rollup_marks',
    columns: 'workspace_id String, at UInt64',
    engine: 'MergeTree ORDER BY workspace_id',
  },
];

/** The tables a generation's rows live in (dropped per partition). */
export const generationTables = ['kpi_rollup_sessions', 'kpi_rollup_clicks', 'kpi_rollup_credits'] as const;

/** DDL of the rollup tables in `database` (idempotent), run on the query node. */
export function rollupSchemaStatements(database: string): string[] {
  const db = chIdentifier(database);
  return tables.map((t) => `CREATE TABLE IF NOT EXISTS ${db}.${t.name} (${t.columns}) ENGINE = ${t.engine}`);
}
