import { convMoney, credit, localDay, localDayNumber, type SqlContext } from './base-sql.js';

/**
 * Acquisition cohorts in ClickHouse: each customer's acquisition period (that of their first
 * sale) and, per period after it, whether they bought and for how much, counted per cohort
 * and offset. The result has one row per (cohort, group, offset with sales): it grows with the
 * number of periods and groups, never with customers or sales. Periods are those of
 * `cohortTable` in `customers/cohorts/cohorts.ts`: Monday weeks numbered ⌊(day + 3) / 7⌋ from the day
 * number of the workspace's local date, or local months numbered year × 12 + month − 1.
 */
export type CohortGrouping = 'channel' | 'campaign' | null;

const periodOf = (c: SqlContext, period: 'week' | 'month', ts: string) =>
  period === 'week'
    ? `intDiv(${localDayNumber(c, ts)} + 3, 7)`
    : `(toYear(${localDay(c, ts)}) * 12 + toMonth(${localDay(c, ts)}) - 1)`;

/**
 * Per (start period, group, offset): customers who bought in that period (`active`), their
 * revenue in micro-units, how many of them also bought in the period before (`kept`, for churn),
 * and at offset 0 (where every cohort member is active) how many bought on two or more days.
 * `group_key` is the credited channel or campaign of the customer's first sale ('' ungrouped).
 */
export function cohortCountsSql(c: SqlContext, period: 'week' | 'month', by: CohortGrouping): string {
  const sales = `(SELECT key, person, ts, ${localDayNumber(c, 'ts')} AS day, ${periodOf(c, period, 'ts')} AS period, toInt64(value * 1000000) AS micros FROM ${convMoney(c)})`;
  const perPeriod = `(SELECT person, period, sum(micros) AS revenue, uniqExact(day) AS days FROM ${sales} GROUP BY person, period)`;
  const perCustomer = `(SELECT person, min(period) AS start, sum(days) >= 2 AS repeat, groupArray(period) AS periods, groupArray(revenue) AS revenues
    FROM ${perPeriod} GROUP BY person)`;
  const grouped = by
    ? `(SELECT * FROM ${perCustomer} AS j_l
        ANY LEFT JOIN (SELECT person, ${by === 'campaign' ? 'campaign' : 'channel'} AS group_key FROM ${credit(c, `(SELECT key, person, ts FROM ${convMoney(c)} WHERE is_new)`, ['person'])}) AS j_r USING person)`
    : `(SELECT *, '' AS group_key FROM ${perCustomer})`;
  return `SELECT start, group_key, p - start AS offset, count() AS active, toString(sum(r)) AS revenue_micros,
      sum(has(periods, p - 1)) AS kept, sumIf(repeat, p = start) AS repeaters
    FROM ${grouped} ARRAY JOIN periods AS p, revenues AS r
    GROUP BY start, group_key, offset
    ORDER BY start, group_key, offset`;
}
