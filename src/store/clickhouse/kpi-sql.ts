import { gregorianBuckets, type CalendarBuckets, type MonthStart } from '../../metrics/calendar-buckets.js';
import type { KpiDimension } from '../../metrics/kpi-query.js';
import { conv, convMoney, countsAllSales, credit, dayMs, events, leadAll, localDay, money18, sessions, sourceMedium, spendBase, zero18, type SqlContext } from './base-sql.js';
import { chValue } from './sql-literal.js';

/**
 * The KPI fact query, pushed down into ClickHouse: one aggregate per fact source
 * (spend, sessions, credited leads and their CRM stages, credited sales), each by
 * the dimension and in total, summed into one small result. Same facts as the
 * DuckDB adapter's `kpiFactsSql`; GROUPING SETS become an ARRAY JOIN that emits
 * every row once for its key and once for the total.
 */

type Source = 'spend' | 'session' | 'touch';

/** A KPI query's context: the range, and the week start and months of the workspace calendar. */
export type KpiSqlContext = SqlContext & { buckets?: CalendarBuckets };

/** The Jalali month (`1405-09`) of a local Date expression: the latest month start not after it. */
function jalaliMonthKey(date: string, months: MonthStart[]): string {
  const latestFirst = [...months].reverse();
  const cases = latestFirst.slice(0, -1).map((m) => `${date} >= toDate(${chValue(m.start)}), ${chValue(m.key)}`).join(', ');
  return cases ? `multiIf(${cases}, ${chValue(latestFirst[latestFirst.length - 1].key)})` : chValue(latestFirst[0].key);
}

export const measureNames = [
  'spend', 'impressions', 'clicks', 'tracked_clicks', 'sessions', 'unique_visitors', 'page_views', 'session_seconds', 'bounces',
  'leads', 'mqls', 'sqls', 'opportunities', 'won', 'conversions', 'new_customers', 'revenue', 'unconverted', 'revenue_unverified',
] as const;
type Measure = (typeof measureNames)[number];
const moneyMeasures = new Set<Measure>(['spend', 'revenue', 'revenue_unverified']);

/** The local date of a source's rows: spend carries its (platform's) date; event times are UTC instants. */
const dateOf = (c: SqlContext, source: Source): string => (source === 'spend' ? 'date' : localDay(c, source === 'session' ? 's_start' : 'ts'));

/** The dimension's value (a String) in one source, or null where the source has none. */
function dimension(c: KpiSqlContext, by: KpiDimension, source: Source): string | null {
  const date = dateOf(c, source);
  const buckets = c.buckets ?? gregorianBuckets;
  if (by === 'day') return `toString(${date})`;
  // Days back to the week's first day: ISO days (Monday 1 … Sunday 7) less the calendar's first, modulo 7.
  if (by === 'week') return `toString(${date} - ((toDayOfWeek(${date}) + ${7 - buckets.weekStart}) % 7))`;
  if (by === 'month') return buckets.months ? jalaliMonthKey(date, buckets.months) : `substring(toString(${date}), 1, 7)`;
  if (source === 'spend') return by === 'channel' || by === 'campaign' || by === 'ad' ? by : null;
  const col = source === 'session' ? `s_${by}` : by;
  return `ifNull(${col}, '(not set)')`;
}

function channelOf(by: KpiDimension | null, source: Source): string {
  if (by !== 'campaign' && by !== 'ad') return `''`;
  return ownChannel(source);
}

const ownChannel = (source: Source) => (source === 'session' ? 's_channel' : 'channel');

/** The campaign an ad row belongs to (ad rows are keyed by channel, campaign and ad), else ''. */
function campaignOf(c: KpiSqlContext, by: KpiDimension | null, source: Source): string {
  return by === 'ad' ? dimension(c, 'campaign', source)! : `''`;
}

/**
 * One source aggregated by the dimension (level 0) and in total (1); measures it lacks are 0.
 * Unless the rows say their channel (by channel, campaign or ad), also per channel (2), for `totals.paid`.
 * Campaign and ad rows carry their channel; ad rows their campaign too (one ad name in two campaigns is two rows).
 */
function factSelect(c: KpiSqlContext, by: KpiDimension | null, source: Source, from: string, measures: Partial<Record<Measure, string>>, where = '1'): string {
  const dim = by ? dimension(c, by, source) : null;
  const perChannel = by !== 'channel' && by !== 'campaign' && by !== 'ad';
  const levels = [...(dim ? [`(0, ${dim}, ${channelOf(by, source)}, ${campaignOf(c, by, source)})`] : []), `(1, '', '', '')`, ...(perChannel ? [`(2, ${ownChannel(source)}, '', '')`] : [])];
  const keys = `[${levels.join(', ')}]`;
  const cols = measureNames
    .map((m) => `${measures[m] ? (moneyMeasures.has(m) ? money18(measures[m]!) : `toFloat64(${measures[m]})`) : moneyMeasures.has(m) ? zero18 : 'toFloat64(0)'} AS m_${m}`)
    .join(', ');
  // Output names (f_*, m_*) differ from every source column: ClickHouse aliases are query-wide.
  return `SELECT f_key.1 AS f_total, f_key.2 AS f_k, f_key.3 AS f_ch, f_key.4 AS f_camp, ${cols}
    FROM ${from} ARRAY JOIN ${keys} AS f_key WHERE ${where} GROUP BY f_total, f_k, f_ch, f_camp`;
}

const noTime = 'CAST(NULL AS Nullable(Int64))';
const carried = ['person', 'value_text', 'is_new', 'unconverted', 'mql_at', 'sql_at', 'opportunity_at', 'customer_at', 'is_lead', 'verified'];

/**
 * Sales in the range and leads, credited together (one pass over the touches: 18.16 would
 * compute them again for a second credit), each row once per fact it makes: stage 0 a sale,
 * 1–5 a lead's creation, MQL, SQL, opportunity and won, with the stage's time as `ts`.
 * Keys are prefixed so a sale and a lead with the same id stay two rows.
 */
function creditedFacts(c: SqlContext): string {
  const sales = `(SELECT concat('s', key) AS key, person, ts, toString(value) AS value_text, is_new, unconverted,
      ${noTime} AS mql_at, ${noTime} AS sql_at, ${noTime} AS opportunity_at, ${noTime} AS customer_at, toUInt8(0) AS is_lead, toUInt8(verified) AS verified
    FROM ${convMoney(c, 'every')} WHERE ts >= ${c.from})`;
  const leads = `(SELECT concat('l', key) AS key, person, ts, '0' AS value_text, toUInt8(0) AS is_new, toUInt8(0) AS unconverted,
      mql_at, sql_at, opportunity_at, customer_at, toUInt8(1) AS is_lead, toUInt8(1) AS verified FROM ${leadAll(c)})`;
  const credited = credit(c, `(SELECT * FROM ${sales} UNION ALL SELECT * FROM ${leads})`, carried);
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
 * one row per click id at its first sighting, read from 31 days before the range.
 * Inner names (k_*) differ from the columns they aggregate: ClickHouse aliases are query-wide.
 */
function trackedClicks(c: SqlContext): string {
  const where = `ts >= ${c.from - 31 * dayMs} AND ts < ${c.to}
    AND (type = 'click' OR (type IN ('conversion', 'lead') AND isNotNull(click_id) AND visitParamExtractString(ifNull(properties, ''), 'source') = 'postback'))`;
  return `(SELECT k_ts AS ts, k_channel AS channel, ifNull(k_campaign, '(not set)') AS campaign, ifNull(k_ad, '(not set)') AS ad,
      k_source_medium AS source_medium, k_landing_page AS landing_page, k_country AS country, k_device AS device
    FROM (SELECT if(isNotNull(click_id), assumeNotNull(click_id), id) AS k_key, min(ts) AS k_ts, argMin(channel, ts) AS k_channel,
        argMin(utm_campaign, ts) AS k_campaign, argMin(utm_content, ts) AS k_ad, argMin(${sourceMedium}, ts) AS k_source_medium,
        argMin(landing_page, ts) AS k_landing_page, argMin(country, ts) AS k_country, argMin(device, ts) AS k_device
      FROM ${events(c, where)} GROUP BY k_key))`;
}

/** The whole KPI fact query for one dimension (or totals only): rows (is_total, key, channel, campaign, measures…). */
export function kpiFactsSql(c: KpiSqlContext, by: KpiDimension | null): string {
  const inRange = `ts >= ${c.from} AND ts < ${c.to}`;
  const parts = [
    factSelect(c, by, 'spend', spendBase(c), {
      spend: 'sum(value)', impressions: 'sum(impressions)', clicks: 'sum(clicks)', unconverted: 'countIf(unconverted)',
    }),
    factSelect(c, by, 'session', sessions(c), {
      sessions: 'count()', unique_visitors: 'uniqExact(s_anon)', page_views: 'sum(s_page_views)',
      session_seconds: '(sum(s_end) - sum(s_start)) / 1000', bounces: 'countIf(s_page_views <= 1)',
    }),
    factSelect(c, by, 'touch', trackedClicks(c), { tracked_clicks: 'count()' }, inRange),
    factSelect(c, by, 'touch', creditedFacts(c), {
      leads: 'countIf(stage_no = 1)', mqls: 'countIf(stage_no = 2)', sqls: 'countIf(stage_no = 3)',
      opportunities: 'countIf(stage_no = 4)', won: 'countIf(stage_no = 5)',
      // Sales the workspace's revenue_sources counts; unverified revenue always apart (issue 12 #1).
      conversions: 'countIf(stage_no = 0 AND counted = 1)', new_customers: 'countIf(stage_no = 0 AND is_new AND counted = 1)',
      revenue: 'sumIf(value, counted = 1)', unconverted: 'countIf(stage_no = 0 AND unconverted)', revenue_unverified: 'sumIf(value, verified = 0)',
    }, inRange),
  ];
  const sums = measureNames.map((m) => (moneyMeasures.has(m) ? `toString(sum(m_${m})) AS ${m}` : `sum(m_${m}) AS ${m}`)).join(', ');
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
