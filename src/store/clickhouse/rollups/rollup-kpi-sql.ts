import type { KpiDimension } from '../../../metrics/kpi-query.js';
import type { KpiMeasure } from '../../meanings/kpi-measures.js';
import { creditedFromCandidate, dayMs, spendBase, withMoney } from '../base-sql.js';
import { creditStages, factSelect, sumFacts, type KpiSqlContext } from '../kpi-sql.js';
import { chValue } from '../sql-literal.js';

/**
 * The KPI fact query over the rollups (`rollup-schema.ts`): the same facts, measures and result
 * rows as the full query (`kpiFactsSql`), read from sessions and tracked clicks summed per local
 * day and attributes, and from one row per sale and lead, instead of the events. Sales are valued
 * with the rates and credited with the lookback at read time, spend is read as the full query
 * reads it (its rows are few), so none of them needs a rebuild when it changes.
 *
 * The context's `revenueSources` must be set (the state's `has_verified` stands for the default).
 */

/** The sessions fact's measures over pre-summed rows (the full query's, `factMeasures('clickhouse', 'sessions')`, summed ahead). */
export const rollupSessionMeasures: Partial<Record<KpiMeasure, string>> = {
  sessions: 'sum(s_sessions)',
  unique_visitors: 'uniqExactMerge(s_visitors)',
  page_views: 'sum(s_page_views)',
  session_seconds: 'sum(s_duration) / 1000',
  bounces: 'sum(s_bounces)',
};

/** The tracked clicks' measure over pre-counted rows. */
export const rollupClickMeasures: Partial<Record<KpiMeasure, string>> = { tracked_clicks: 'sum(k_clicks)' };

const isoDay = (day: number) => new Date(day * dayMs).toISOString().slice(0, 10);

/** The KPI facts of `c`'s range from generation `gen` of its workspace's rollups. */
export function kpiRollupSql(c: KpiSqlContext, by: KpiDimension | null, gen: number): string {
  const own = (prefix: 's' | 'k') =>
    `(SELECT * FROM ${c.db}.kpi_rollup_${prefix === 's' ? 'sessions' : 'clicks'} WHERE workspace_id = ${chValue(c.ws)} AND gen = ${gen}
      AND ${prefix}_day >= toDate(${chValue(isoDay(c.fromDay))}) AND ${prefix}_day < toDate(${chValue(isoDay(c.toDay))}))`;
  const columns = (prefix: 's' | 'k', source: 'session' | 'touch') => ({ source, column: (name: string) => `${prefix}_${name}`, localDate: `${prefix}_day` });
  // Sales of the range and every lead (a lead's stages fall in the range, not its creation), valued at read time.
  const stored = `(SELECT key, person, ts, amount, currency, intDiv(ts, ${dayMs}) AS day, is_new, verified, is_lead, mql_at, sql_at, opportunity_at, customer_at,
      found, touch_ts AS best_ts, (t_channel, t_campaign, t_ad, t_source_medium, t_landing_page, t_country, t_device) AS best
    FROM ${c.db}.kpi_rollup_credits WHERE workspace_id = ${chValue(c.ws)} AND gen = ${gen} AND (is_lead = 1 OR (ts >= ${c.from} AND ts < ${c.to})))`;
  const valued = withMoney(c, stored, 'key, person, ts, is_new, verified, is_lead, mql_at, sql_at, opportunity_at, customer_at, found, best_ts, best');
  const credited = `(SELECT key, ts, person, if(is_lead = 1, '0', toString(value)) AS value_text, is_new, toUInt8(unconverted) AS unconverted,
      mql_at, sql_at, opportunity_at, customer_at, is_lead, verified, ${creditedFromCandidate(c, 'ts')} FROM ${valued})`;
  const inRange = `ts >= ${c.from} AND ts < ${c.to}`;
  return sumFacts([
    factSelect(c, by, 'spend', spendBase(c), 'spend'),
    factSelect(c, by, 'session', own('s'), 'sessions', '1', { columns: columns('s', 'session'), measures: rollupSessionMeasures }),
    factSelect(c, by, 'touch', own('k'), 'tracked', '1', { columns: columns('k', 'touch'), measures: rollupClickMeasures }),
    factSelect(c, by, 'touch', creditStages(c, credited), 'credited', inRange),
  ]);
}
