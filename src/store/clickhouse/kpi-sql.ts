import { gregorianBuckets, type CalendarBuckets } from '../../metrics/calendar-buckets.js';
import type { KpiDimension } from '../../metrics/kpi-query.js';
import { conv, convMoney, countsAllSales, credit, dayMs, events, leadAll, localDay, money18, sessions, sourceMedium, spendBase, zero18, type SqlContext } from './base-sql.js';
import { alsoPerChannel, dimensionSql, rowCampaignSql, rowChannelSql, type FactColumns, type FactSource, type KpiDialect } from '../meanings/kpi-dimensions.js';
import { factMeasures, isMoneyMeasure, kpiMeasureNames, type ClickHouseFact, type KpiMeasure } from '../meanings/kpi-measures.js';
import { chValue } from './sql-literal.js';

/**
 * The KPI fact query, pushed down into ClickHouse: one aggregate per fact source
 * (spend, sessions, credited leads and their CRM stages, credited sales), each by
 * the dimension and in total, summed into one small result. Same facts as the
 * DuckDB adapter's `kpiFactsSql`; GROUPING SETS become an ARRAY JOIN that emits
 * every row once for its key and once for the total.
 */

/** A KPI query's context: the range, and the week start and months of the workspace calendar. */
export type KpiSqlContext = SqlContext & { buckets?: CalendarBuckets };

/** How ClickHouse writes the dimension expressions that differ between engines (`KpiDialect`). */
const dialect: KpiDialect = {
  none: `''`,
  orNotSet: (expr) => `ifNull(${expr}, '(not set)')`,
  dayKey: (date) => `toString(${date})`,
  // Days back to the week's first day: ISO days (Monday 1 … Sunday 7) less the calendar's first, modulo 7.
  weekKey: (date, weekStart) => `toString(${date} - ((toDayOfWeek(${date}) + ${7 - weekStart}) % 7))`,
  // The Jalali month (`1405-09`): the latest month start not after the date.
  monthKey: (date, months) => {
    if (!months) return `substring(toString(${date}), 1, 7)`;
    const latestFirst = [...months].reverse();
    const cases = latestFirst.slice(0, -1).map((m) => `${date} >= toDate(${chValue(m.start)}), ${chValue(m.key)}`).join(', ');
    return cases ? `multiIf(${cases}, ${chValue(latestFirst[latestFirst.length - 1].key)})` : chValue(latestFirst[0].key);
  },
};

/** A fact's rows: sessions' columns are s_*; spend carries its (platform's) date; event times are UTC instants. */
function factColumns(c: SqlContext, source: FactSource): FactColumns {
  const column = (name: string) => (source === 'session' ? `s_${name}` : name);
  return { source, column, localDate: source === 'spend' ? 'date' : localDay(c, source === 'session' ? 's_start' : 'ts') };
}

/** How a fact's rows are read when they are not the full query's (the rollups: pre-summed rows with a stored local day). */
export interface FactOverride {
  columns: FactColumns;
  measures: Partial<Record<KpiMeasure, string>>;
}

/**
 * One fact aggregated by the dimension (level 0) and in total (1); its measures come from the
 * registry (`factMeasures`), those it lacks are 0. Unless the rows say their channel, also per
 * channel (2), for `totals.paid`. Campaign and ad rows carry their channel; ad rows their campaign too.
 */
export function factSelect(c: KpiSqlContext, by: KpiDimension | null, source: FactSource, from: string, fact: ClickHouseFact, where = '1', over?: FactOverride): string {
  const buckets = c.buckets ?? gregorianBuckets;
  const f = over?.columns ?? factColumns(c, source);
  const measures = over?.measures ?? factMeasures('clickhouse', fact);
  const dim = by ? dimensionSql(dialect, f, by, buckets) : null;
  const levels = [
    ...(dim ? [`(0, ${dim}, ${rowChannelSql(dialect, f, by)}, ${rowCampaignSql(dialect, f, by, buckets)})`] : []),
    `(1, '', '', '')`,
    ...(alsoPerChannel(by) ? [`(2, ${f.column('channel')}, '', '')`] : []),
  ];
  const keys = `[${levels.join(', ')}]`;
  const cols = kpiMeasureNames
    .map((m) => `${measures[m] ? (isMoneyMeasure(m) ? money18(measures[m]!) : `toFloat64(${measures[m]})`) : isMoneyMeasure(m) ? zero18 : 'toFloat64(0)'} AS m_${m}`)
    .join(', ');
  // Output names (f_*, m_*) differ from every source column: ClickHouse aliases are query-wide.
  return `SELECT f_key.1 AS f_total, f_key.2 AS f_k, f_key.3 AS f_ch, f_key.4 AS f_camp, ${cols}
    FROM ${from} ARRAY JOIN ${keys} AS f_key WHERE ${where} GROUP BY f_total, f_k, f_ch, f_camp`;
}

const noTime = 'CAST(NULL AS Nullable(Int64))';

/** The columns each credited sale or lead carries to its facts (`creditStages`). */
export const creditCarried = ['person', 'value_text', 'is_new', 'unconverted', 'mql_at', 'sql_at', 'opportunity_at', 'customer_at', 'is_lead', 'verified'];

/**
 * Sales in the range and leads, credited together (one pass over the touches: 18.16 would
 * compute them again for a second credit), each row once per fact it makes (`creditStages`).
 * People, touches, sales and leads of the whole history (`whole`, as DuckDB's KPIs and the rollups).
 * Keys are prefixed so a sale and a lead with the same id stay two rows.
 */
function creditedFacts(c: SqlContext): string {
  const w = { ...c, whole: true };
  const sales = `(SELECT concat('s', key) AS key, person, ts, toString(value) AS value_text, is_new, unconverted,
      ${noTime} AS mql_at, ${noTime} AS sql_at, ${noTime} AS opportunity_at, ${noTime} AS customer_at, toUInt8(0) AS is_lead, toUInt8(verified) AS verified
    FROM ${convMoney(w, 'every')} WHERE ts >= ${c.from} AND ts < ${c.to})`;
  const leads = `(SELECT concat('l', key) AS key, person, ts, '0' AS value_text, toUInt8(0) AS is_new, toUInt8(0) AS unconverted,
      mql_at, sql_at, opportunity_at, customer_at, toUInt8(1) AS is_lead, toUInt8(1) AS verified FROM ${leadAll(w)})`;
  return creditStages(c, credit(w, `(SELECT * FROM ${sales} UNION ALL SELECT * FROM ${leads})`, creditCarried));
}

/**
 * Credited sales and leads (the columns of `creditCarried`, ts and the credited attributes), each
 * row once per fact it makes: stage 0 a sale, 1–5 a lead's creation, MQL, SQL, opportunity and
 * won, with the stage's time as `ts`; `counted` by the workspace's `revenue_sources`.
 */
export function creditStages(c: SqlContext, credited: string): string {
  const stages = `if(is_lead = 1, [(1, ts), (2, ifNull(mql_at, -1)), (3, ifNull(sql_at, -1)), (4, ifNull(opportunity_at, -1)), (5, ifNull(customer_at, -1))], [(0, ts)])`;
  return `(SELECT stage.1 AS stage_no, stage.2 AS ts, toDecimal128(f_value_text, 18) AS value, f_is_new AS is_new, f_unconverted AS unconverted,
    f_verified AS verified, toUInt8(f_verified = 1 OR ${countsAllSales(c)}) AS counted,
    l_channel AS channel, l_campaign AS campaign, l_ad AS ad, l_source_medium AS source_medium,
    l_landing_page AS landing_page, l_country AS country, l_device AS device
  FROM (SELECT stage, value_text AS f_value_text, is_new AS f_is_new, unconverted AS f_unconverted, verified AS f_verified,
      channel AS l_channel, campaign AS l_campaign, ad AS l_ad, source_medium AS l_source_medium, landing_page AS l_landing_page,
      country AS l_country, device AS l_device FROM ${credited}
    ARRAY JOIN ${stages} AS stage))`;
}

/**
 * Tracked clicks (as the DuckDB adapter's `tracked` CTE): click events and postbacks' click ids,
 * one row per click id at its first sighting (the earliest by ts, then event id), read from 31 days before the range.
 * Inner names (k_*) differ from the columns they aggregate: ClickHouse aliases are query-wide.
 */
export function trackedClicks(c: SqlContext): string {
  const where = `ts >= ${c.from - 31 * dayMs} AND ts < ${c.to}
    AND (type = 'click' OR (type IN ('conversion', 'lead') AND isNotNull(click_id) AND visitParamExtractString(ifNull(properties, ''), 'source') = 'postback'))`;
  const first = (col: string) => `argMin(${col}, (ts, id))`;
  return `(SELECT k_ts AS ts, k_channel AS channel, ifNull(k_campaign, '(not set)') AS campaign, ifNull(k_ad, '(not set)') AS ad,
      k_source_medium AS source_medium, k_landing_page AS landing_page, k_country AS country, k_device AS device
    FROM (SELECT if(isNotNull(click_id), assumeNotNull(click_id), id) AS k_key, min(ts) AS k_ts, ${first('channel')} AS k_channel,
        ${first('utm_campaign')} AS k_campaign, ${first('utm_content')} AS k_ad, ${first(sourceMedium)} AS k_source_medium,
        ${first('landing_page')} AS k_landing_page, ${first('country')} AS k_country, ${first('device')} AS k_device
      FROM ${events(c, where)} GROUP BY k_key))`;
}

/** The whole KPI fact query for one dimension (or totals only): rows (is_total, key, channel, campaign, measures…). */
export function kpiFactsSql(c: KpiSqlContext, by: KpiDimension | null): string {
  const inRange = `ts >= ${c.from} AND ts < ${c.to}`;
  const parts = [
    factSelect(c, by, 'spend', spendBase(c), 'spend'),
    factSelect(c, by, 'session', sessions(c), 'sessions'),
    factSelect(c, by, 'touch', trackedClicks(c), 'tracked', inRange),
    factSelect(c, by, 'touch', creditedFacts(c), 'credited', inRange),
  ];
  return sumFacts(parts);
}

/** The facts' rows (`factSelect`) summed into the answer's rows: (is_total, is_channel, key, channel, campaign, measures…). */
export function sumFacts(parts: string[]): string {
  const sums = kpiMeasureNames.map((m) => (isMoneyMeasure(m) ? `toString(sum(m_${m})) AS ${m}` : `sum(m_${m}) AS ${m}`)).join(', ');
  return `SELECT f_total = 1 AS is_total, f_total = 2 AS is_channel, f_k AS key, f_ch AS channel, f_camp AS campaign, ${sums} FROM (${parts.join('\nUNION ALL\n')}) GROUP BY f_total, f_k, f_ch, f_camp`;
}

/** Spend, conversions and revenue per day and channel (sales credited last non-direct click). */
export function channelDailySql(c: SqlContext): string {
  return `SELECT d AS date, ch AS channel, toString(sum(sp)) AS spend, sum(n) AS conversions, toString(sum(rev)) AS revenue FROM (
      SELECT toString(date) AS d, channel AS ch, ${money18('sum(value)')} AS sp, toFloat64(0) AS n, ${zero18} AS rev FROM ${spendBase(c)} GROUP BY d, ch
      UNION ALL
      SELECT toString(${localDay(c, 'ts')}) AS d, channel AS ch, ${zero18} AS sp, toFloat64(count()) AS n, ${money18('sum(value)')} AS rev
      FROM ${conv(c)} WHERE verified = 1 OR ${countsAllSales(c)} GROUP BY d, ch
    ) GROUP BY d, ch ORDER BY d, ch`;
}
