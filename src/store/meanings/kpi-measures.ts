import { baseMeasureUnits, emptyMeasures, type BaseMeasures, type KpiFacts, type KpiQuery } from '../../metrics/kpi-query.js';

/**
 * The KPI measures, defined once with an expression per engine (Cube's way). Each engine's KPI
 * query aggregates a few facts (spend rows, sessions, tracked clicks, credited leads and sales)
 * and sums them into one small result; this registry says, per engine, which fact gives each
 * measure and with which aggregate. A fact that lacks a measure gives 0.
 *
 * The facts differ where ClickHouse 18.16 forces another shape: DuckDB credits leads and sales in
 * one ASOF join and reads each lead stage as a fact of its own; ClickHouse (no window functions,
 * no ASOF join) credits them in one pass and emits each row once per stage (`stage_no`: 0 a
 * sale, 1–5 a lead's creation, MQL, SQL, opportunity and won). Aliases in the DuckDB
 * expressions are those of its facts (sp, se, tk, lc, lm, ls, lo, lw, cv).
 */

/** The facts of the DuckDB KPI query. */
export type DuckDbFact = 'spend' | 'sessions' | 'tracked' | 'leads' | 'mqls' | 'sqls' | 'opportunities' | 'won' | 'sales';
/** The facts of the ClickHouse KPI query. */
export type ClickHouseFact = 'spend' | 'sessions' | 'tracked' | 'credited';

/** A base measure, or `unconverted`: amounts in a currency without a rate (a warning, not a measure). */
export type KpiMeasure = keyof BaseMeasures | 'unconverted';

interface MeasureSql {
  duckdb: Partial<Record<DuckDbFact, string>>;
  clickhouse: Partial<Record<ClickHouseFact, string>>;
}

/** Every measure of the KPI facts, in the order of their columns. */
export const kpiMeasures: Record<KpiMeasure, MeasureSql> = {
  spend: { duckdb: { spend: 'sum(coalesce(sp.cost_base, 0))' }, clickhouse: { spend: 'sum(value)' } },
  impressions: { duckdb: { spend: 'sum(sp.impressions)' }, clickhouse: { spend: 'sum(impressions)' } },
  clicks: { duckdb: { spend: 'sum(sp.clicks)' }, clickhouse: { spend: 'sum(clicks)' } },
  tracked_clicks: { duckdb: { tracked: 'count(*)' }, clickhouse: { tracked: 'count()' } },
  sessions: { duckdb: { sessions: 'count(*)' }, clickhouse: { sessions: 'count()' } },
  unique_visitors: { duckdb: { sessions: 'count(DISTINCT se.anonymous_id)' }, clickhouse: { sessions: 'uniqExact(s_anon)' } },
  page_views: { duckdb: { sessions: 'sum(se.page_views)' }, clickhouse: { sessions: 'sum(s_page_views)' } },
  session_seconds: { duckdb: { sessions: 'sum(epoch_ms(se.end_ts) - epoch_ms(se.start_ts)) / 1000' }, clickhouse: { sessions: '(sum(s_end) - sum(s_start)) / 1000' } },
  bounces: { duckdb: { sessions: 'count(*) FILTER (WHERE se.page_views <= 1)' }, clickhouse: { sessions: 'countIf(s_page_views <= 1)' } },
  leads: { duckdb: { leads: 'count(*)' }, clickhouse: { credited: 'countIf(stage_no = 1)' } },
  mqls: { duckdb: { mqls: 'count(*)' }, clickhouse: { credited: 'countIf(stage_no = 2)' } },
  sqls: { duckdb: { sqls: 'count(*)' }, clickhouse: { credited: 'countIf(stage_no = 3)' } },
  opportunities: { duckdb: { opportunities: 'count(*)' }, clickhouse: { credited: 'countIf(stage_no = 4)' } },
  won: { duckdb: { won: 'count(*)' }, clickhouse: { credited: 'countIf(stage_no = 5)' } },
  // Sales the workspace's revenue_sources counts; unverified revenue always apart (issue 12 #1).
  conversions: { duckdb: { sales: 'count(*) FILTER (WHERE cv.counted)' }, clickhouse: { credited: 'countIf(stage_no = 0 AND counted = 1)' } },
  new_customers: { duckdb: { sales: 'count(*) FILTER (WHERE cv.is_new AND cv.counted)' }, clickhouse: { credited: 'countIf(stage_no = 0 AND is_new AND counted = 1)' } },
  revenue: { duckdb: { sales: 'coalesce(sum(cv.value) FILTER (WHERE cv.counted), 0)' }, clickhouse: { credited: 'sumIf(value, counted = 1)' } },
  unconverted: {
    duckdb: { spend: 'count(*) FILTER (WHERE sp.unconverted)', sales: 'count(*) FILTER (WHERE cv.unconverted)' },
    clickhouse: { spend: 'countIf(unconverted)', credited: 'countIf(stage_no = 0 AND unconverted)' },
  },
  revenue_unverified: { duckdb: { sales: 'coalesce(sum(cv.value) FILTER (WHERE NOT cv.verified), 0)' }, clickhouse: { credited: 'sumIf(value, verified = 0)' } },
};

export const kpiMeasureNames = Object.keys(kpiMeasures) as KpiMeasure[];

/** Money measures are decimal text; the rest (and `unconverted`) are counts. */
export const isMoneyMeasure = (m: KpiMeasure): boolean => m !== 'unconverted' && baseMeasureUnits[m] === 'money';

/** Each measure's aggregate in one fact of an engine's query (absent: the fact gives 0). */
export function factMeasures<E extends keyof MeasureSql>(engine: E, fact: keyof MeasureSql[E]): Partial<Record<KpiMeasure, string>> {
  const out: Partial<Record<KpiMeasure, string>> = {};
  for (const m of kpiMeasureNames) {
    const sql = (kpiMeasures[m][engine] as Record<string, string | undefined>)[fact as string];
    if (sql !== undefined) out[m] = sql;
  }
  return out;
}

/** One row of an engine's KPI result: the row's level (total, per channel, or by the dimension), its keys and every measure. */
export type KpiResultRow<V> = Record<string, V>;

/**
 * The KPI facts from the rows of either engine's query (same columns on both: is_total,
 * is_channel, key, channel, campaign and the measures), money read by `money` (the engine's
 * decimal text to 6 places).
 */
export function kpiFactsFromRows<V>(rows: KpiResultRow<V>[], query: Pick<KpiQuery, 'by'>, currency: string, money: (v: V | undefined) => string): KpiFacts {
  const facts: KpiFacts = { currency, rows: [], totals: emptyMeasures(), warnings: [] };
  for (const row of rows) {
    const measures = emptyMeasures() as Record<keyof BaseMeasures, string | number>;
    for (const m of Object.keys(measures) as (keyof BaseMeasures)[]) measures[m] = baseMeasureUnits[m] === 'money' ? money(row[m]) : Number(row[m] ?? 0);
    const read = measures as BaseMeasures;
    if (truthy(row.is_total)) {
      facts.totals = read;
      const unconverted = Number(row.unconverted ?? 0);
      if (unconverted > 0) facts.warnings.push(`${unconverted} amounts are in a currency with no rate to ${currency}; import rates (roilens import rates) to count them`);
    } else if (truthy(row.is_channel)) {
      (facts.channels ??= []).push({ key: String(row.key), measures: read });
    } else {
      facts.rows.push({ key: String(row.key), ...(row.channel ? { channel: String(row.channel) } : {}), ...(query.by === 'ad' ? { campaign: String(row.campaign) } : {}), measures: read });
    }
  }
  return facts;
}

/** DuckDB answers booleans; ClickHouse 0/1 (numbers, or text in some formats). */
const truthy = (v: unknown) => Number(v ?? 0) !== 0;
