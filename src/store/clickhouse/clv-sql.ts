import { convMoney, localDayNumber, type SqlContext } from './base-sql.js';
import { chValue } from './sql-literal.js';

/**
 * The inputs of the CLV models in ClickHouse: per customer, the statistics of
 * `summarizeTransactions` in local days (same-day sales merged; repeat purchases x, days from the
 * first to the last purchase, days from the first purchase to the calibration end, value of
 * the repeat purchases in micro-units), then customers with identical statistics counted
 * together. `key` names a group for `clvSummaryMembersSql`.
 */
function perCustomer(c: SqlContext, calibrationDay: number): string {
  const days = `(SELECT person, ${localDayNumber(c, 'ts')} AS day, sum(toInt64(value * 1000000)) AS micros FROM ${convMoney(c)}
    WHERE day <= ${calibrationDay} GROUP BY person, day)`;
  return `(SELECT person, toInt64(count()) - 1 AS x, toInt64(max(day) - min(day)) AS recency_days, ${calibrationDay} - toInt64(min(day)) AS age_days,
      sum(micros) - argMin(micros, day) AS repeat_micros,
      concat(toString(x), '|', toString(recency_days), '|', toString(age_days), '|', toString(repeat_micros)) AS key
    FROM ${days} GROUP BY person)`;
}

/** Customers per distinct (x, recency, age, repeat value) up to the calibration day (inclusive). */
export function clvSummariesSql(c: SqlContext, calibrationDay: number): string {
  return `SELECT key, any(x) AS x, any(recency_days) AS recency_days, any(age_days) AS age_days, toString(any(repeat_micros)) AS repeat_micros, count() AS customers
    FROM ${perCustomer(c, calibrationDay)} GROUP BY key ORDER BY key`;
}

/** Up to `limit` customers (smallest ids first) of each of the given groups (of every group without `keys`). */
export function clvSummaryMembersSql(c: SqlContext, calibrationDay: number, keys: string[] | undefined, limit: number): string {
  const where = keys === undefined ? '1' : `key IN (${keys.length ? keys.map(chValue).join(', ') : `''`})`;
  return `SELECT key, person FROM ${perCustomer(c, calibrationDay)} WHERE ${where}
    ORDER BY key, person LIMIT ${Math.max(0, Math.trunc(limit))} BY key`;
}
