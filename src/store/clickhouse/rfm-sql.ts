import { convAll, convMoney, dayMs, type SqlContext } from './base-sql.js';

/**
 * RFM scoring in ClickHouse: per-customer recency, frequency and monetary value, the
 * quintile cut points of each, the 1–5 scores and their counts, so that only at most
 * 26 × 125 rows (R/F one period earlier × R, F, M now) leave the server however many
 * customers there are. The scores are those of `rfmScores` in `customers/rfm.ts`.
 *
 * Every measure is an integer (days, orders, micro-units of money: each sale is worth whole
 * micro-units, see `withMoney`), so the cut points are compared at five times their value,
 * in exact integer arithmetic, where the engine interpolates in floating point.
 */

/** Sales count and the UTC day number of the last sale up to the context's end. */
export function lastSaleDaySql(c: SqlContext): string {
  return `SELECT count() AS sales, intDiv(max(ts), ${dayMs}) AS last_day FROM ${convAll(c)}`;
}

/**
 * Five times the k-th quintile cut point of a sorted Int64 array: R's `quantile(x, k/5, type = 7)`,
 * at position h = (n − 1)·k/5 between the order statistics x[⌊h⌋] and x[⌊h⌋ + 1] (as `quintileCuts`).
 * When h is whole the second index may lie past the end; ClickHouse reads 0 there and the weight is 0.
 */
function cut5(sorted: string, k: number): string {
  const scaled = `((toInt64(length(${sorted})) - 1) * ${k})`;
  const lo = `intDiv(${scaled}, 5)`;
  return `(5 * ${sorted}[${lo} + 1] + (${scaled} - 5 * ${lo}) * (${sorted}[${lo} + 2] - ${sorted}[${lo} + 1]))`;
}

/** The four cut points of a sorted array as columns `<name>1` … `<name>4`. */
const cuts = (sorted: string, name: string) => [1, 2, 3, 4].map((k) => `${cut5(sorted, k)} AS ${name}${k}`);
const cutNames = (name: string) => [1, 2, 3, 4].map((k) => `${name}${k}`);

/** 1 + the number of cut points strictly below the value (`quintileScores`). */
const score = (value: string, name: string) => `(1 + ${cutNames(name).map((cut) => `(${cut} < 5 * ${value})`).join(' + ')})`;

/**
 * Customers and revenue (micro-units) per (has_was, was_r, was_f, r, f, m): scores as of day
 * `asOfDay` over every customer with a sale by then, and R and F as of `previousDay` over the
 * customers with a sale by that day (has_was = 0 and zeros for the others). Recency scores
 * the negated days since the last sale, so fewer days score higher. The context must end
 * after `asOfDay`; days are UTC day numbers.
 */
export function rfmScoreCountsSql(c: SqlContext, asOfDay: number, previousDay: number): string {
  const sales = `(SELECT person, intDiv(ts, ${dayMs}) AS day, toInt64(value * 1000000) AS micros FROM ${convMoney(c)} WHERE day <= ${asOfDay})`;
  const perCustomer = `(SELECT person, max(day) AS last_day, count() AS orders, sum(micros) AS money,
      countIf(day <= ${previousDay}) AS was_orders, maxIf(day, day <= ${previousDay}) AS was_last_day
    FROM ${sales} GROUP BY person)`;
  // One row: every customer's measures as parallel arrays, and the cut points of each measure.
  const measures = `(SELECT groupArray(toInt64(last_day) - ${asOfDay}) AS rv, groupArray(toInt64(orders)) AS fv, groupArray(money) AS mv,
      groupArray(was_orders > 0) AS hw, groupArray(toInt64(was_last_day) - ${previousDay}) AS wrv, groupArray(toInt64(was_orders)) AS wfv,
      arraySort(rv) AS rs, arraySort(fv) AS fs, arraySort(mv) AS ms,
      arraySort(arrayFilter((x, h) -> h, wrv, hw)) AS wrs, arraySort(arrayFilter((x, h) -> h, wfv, hw)) AS wfs,
      ${[...cuts('rs', 'rc'), ...cuts('fs', 'fc'), ...cuts('ms', 'mc'), ...cuts('wrs', 'wrc'), ...cuts('wfs', 'wfc')].join(',\n      ')}
    FROM ${perCustomer})`;
  // The sorted arrays stay behind: ARRAY JOIN copies every column it carries onto each customer row.
  const carried = ['rv', 'fv', 'mv', 'hw', 'wrv', 'wfv', ...['rc', 'fc', 'mc', 'wrc', 'wfc'].flatMap(cutNames)].join(', ');
  return `SELECT hw AS has_was, if(hw, ${score('wrv', 'wrc')}, 0) AS was_r, if(hw, ${score('wfv', 'wfc')}, 0) AS was_f,
      ${score('rv', 'rc')} AS r, ${score('fv', 'fc')} AS f, ${score('mv', 'mc')} AS m,
      count() AS customers, toString(sum(mv)) AS revenue_micros
    FROM (SELECT ${carried} FROM ${measures}) ARRAY JOIN rv, fv, mv, hw, wrv, wfv
    GROUP BY has_was, was_r, was_f, r, f, m
    ORDER BY has_was, was_r, was_f, r, f, m`;
}
