import { convMoney, credit, localDayNumber, type SqlContext } from './base-sql.js';

/**
 * Revenue of newly acquired customers in ClickHouse, for LTV:CAC: customers whose first sale
 * falls between two local days, by the channel that sale is credited to (last non-direct click,
 * as their profiles' `acquisition`), and every sale of theirs bucketed into periods of
 * `periodDays` since that first sale. One row per (channel, period), however many customers.
 * (ALL, not ANY: current releases join ANY INNER one row per key on both sides; the acquired
 * side holds one row per person, so ALL keeps every sale once.)
 */
export function acquiredRevenueSql(c: SqlContext, fromDay: number, toDay: number, periodDays: number): string {
  const acquired = `(SELECT person, channel AS acq_channel, ${localDayNumber(c, 'ts')} AS acq_day
    FROM ${credit(c, `(SELECT key, person, ts FROM ${convMoney(c)} WHERE is_new)`, ['person'])}
    WHERE acq_day >= ${fromDay} AND acq_day <= ${toDay})`;
  const sales = `(SELECT person, ${localDayNumber(c, 'ts')} AS day, toInt64(value * 1000000) AS micros FROM ${convMoney(c)})`;
  return `SELECT acq_channel AS channel, intDiv(day - acq_day, ${Math.trunc(periodDays)}) AS period, uniqExact(person) AS buyers, toString(sum(micros)) AS revenue_micros
    FROM ${sales} AS j_l ALL INNER JOIN ${acquired} AS j_r USING person
    GROUP BY channel, period ORDER BY channel, period`;
}

/** New customers per local day: people whose first sale (up to the context's end) is on that day. */
export function firstPurchasesSql(c: SqlContext): string {
  return `SELECT ${localDayNumber(c, 'ts')} AS day, count() AS customers FROM ${convMoney(c)} WHERE is_new GROUP BY day ORDER BY day`;
}
