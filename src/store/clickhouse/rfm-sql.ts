import { convMoney, countedSales, localDayNumber, type SqlContext } from './base-sql.js';

/**
 * RFM scoring in ClickHouse: per-customer recency, frequency and monetary value, the
 * quintile-by-rank cut points of each, the 1–5 scores and their counts, so that only at most
 * 26 × 125 rows (R/F one period earlier × R, F, M now) leave the server however many
 * customers there are. The scores are those of `rfmScores` in `customers/rfm/rfm.ts`, by the
 * method of `customers/rfm/rfm-rank.ts`: customers sorted worst first on a key that is a tuple
 * (the measure, the other two measures, the person id) score 1 + ⌊5·rank / n⌋. Without window
 * functions (18.16), the rank is not computed: the key at 0-based position p_k = ⌈k·n/5⌉ of
 * the sorted keys is the k-th cut point, and a customer's score is 1 + the number of cut points
 * its key reaches (keys are unique, so key ≥ cut ⟺ rank ≥ p_k).
 *
 * Days, orders and micro-units of money are integers (each sale is worth whole micro-units,
 * see `withMoney`) and ids compare bytewise, so ties resolve exactly as in Node.
 */

/** Sales count and the local day number of the last sale up to the context's end (the sales `revenue_sources` counts). */
export function lastSaleDaySql(c: SqlContext): string {
  return `SELECT count() AS sales, ${localDayNumber(c, 'max(ts)')} AS last_day FROM ${countedSales(c)}`;
}

/**
 * The key array `keys` sorted (`<name>s`) and its four cut points `<name>1` … `<name>4`: the
 * sorted keys at 0-based positions ⌈k·n/5⌉, and whether each exists (`<name>ok1` …: false when
 * n < 5 leaves a fifth empty).
 */
function cuts(keys: string, name: string): string[] {
  return [`arraySort(${keys}) AS ${name}s`, ...[1, 2, 3, 4].flatMap((k) => {
    const position = `intDiv(${k} * toInt64(length(${name}s)) + 4, 5)`;
    return [`${name}s[${position} + 1] AS ${name}${k}`, `${position} < toInt64(length(${name}s)) AS ${name}ok${k}`];
  })];
}
const cutNames = (name: string) => [1, 2, 3, 4].flatMap((k) => [`${name}${k}`, `${name}ok${k}`]);

/** 1 + the number of cut points the key reaches (`quintilesByRank`). */
const score = (key: string, name: string) => `(1 + ${[1, 2, 3, 4].map((k) => `(${name}ok${k} AND ${key} >= ${name}${k})`).join(' + ')})`;

/**
 * The sort keys of `rfmOrder`, worst first, from a customer tuple c = (days_back, orders, money,
 * person, ...) where days_back = last purchase day − as-of day (≤ 0: more recent is larger).
 */
const keyOf = {
  r: (c: string, at = 1) => `(${c}.${at}, ${c}.${at + 1}, ${c}.${at + 2}, ${c}.4)`,
  f: (c: string, at = 1) => `(${c}.${at + 1}, ${c}.${at + 2}, ${c}.${at}, ${c}.4)`,
  m: (c: string, at = 1) => `(${c}.${at + 2}, ${c}.${at + 1}, ${c}.${at}, ${c}.4)`,
};

/**
 * Every customer with a sale by `asOfDay` scored now and, when they had bought by then, as of
 * `previousDay`: one row per customer with person, money (micro-units), orders, days_back
 * (last sale − as-of day), has_was, was_r, was_f, r, f, m. Recency scores larger days_back higher.
 * The context must end after `asOfDay`; days are the day numbers of local dates.
 */
function rfmScoredSql(c: SqlContext, asOfDay: number, previousDay: number): string {
  const sales = `(SELECT person, ${localDayNumber(c, 'ts')} AS day, toInt64(value * 1000000) AS micros FROM ${convMoney(c)} WHERE day <= ${asOfDay})`;
  // (days_back, orders, money, person, had bought by previousDay, and the same three then).
  const perCustomer = `(SELECT (toInt64(max(day)) - ${asOfDay}, toInt64(count()), sum(micros), person,
      countIf(day <= ${previousDay}) > 0, toInt64(maxIf(day, day <= ${previousDay})) - ${previousDay}, toInt64(countIf(day <= ${previousDay})), sumIf(micros, day <= ${previousDay})) AS c
    FROM ${sales} GROUP BY person)`;
  // One row: every customer as a tuple, the sort keys now and then, and their cut points.
  const was = (key: (c: string, at?: number) => string) => `arrayMap(x -> ${key('x', 6)}, arrayFilter(x -> x.5, cs))`;
  const measures = `(SELECT groupArray(c) AS cs,
      ${[...cuts(`arrayMap(x -> ${keyOf.r('x')}, cs)`, 'rc'), ...cuts(`arrayMap(x -> ${keyOf.f('x')}, cs)`, 'fc'), ...cuts(`arrayMap(x -> ${keyOf.m('x')}, cs)`, 'mc'),
        ...cuts(was(keyOf.r), 'wrc'), ...cuts(was(keyOf.f), 'wfc')].join(',\n      ')}
    FROM ${perCustomer})`;
  // The key arrays stay behind: ARRAY JOIN copies every column it carries onto each customer row.
  const carried = ['cs', ...['rc', 'fc', 'mc', 'wrc', 'wfc'].flatMap(cutNames)].join(', ');
  return `SELECT c.4 AS person, c.3 AS money, c.2 AS orders, c.1 AS days_back, c.5 AS has_was,
      if(has_was, ${score(keyOf.r('c', 6), 'wrc')}, 0) AS was_r, if(has_was, ${score(keyOf.f('c', 6), 'wfc')}, 0) AS was_f,
      ${score(keyOf.r('c'), 'rc')} AS r, ${score(keyOf.f('c'), 'fc')} AS f, ${score(keyOf.m('c'), 'mc')} AS m
    FROM (SELECT ${carried} FROM ${measures}) ARRAY JOIN cs AS c`;
}

/**
 * Customers and revenue (micro-units) per (has_was, was_r, was_f, r, f, m), from `rfmScoredSql`.
 */
export function rfmScoreCountsSql(c: SqlContext, asOfDay: number, previousDay: number): string {
  return `SELECT has_was, was_r, was_f, r, f, m, count() AS customers, toString(sum(money)) AS revenue_micros
    FROM (${rfmScoredSql(c, asOfDay, previousDay)})
    GROUP BY has_was, was_r, was_f, r, f, m
    ORDER BY has_was, was_r, was_f, r, f, m`;
}

/** The `limit` most valuable customers with their scores, in `byValue` order (revenue, orders, recency, id). */
export function rfmTopCustomersSql(c: SqlContext, asOfDay: number, previousDay: number, limit: number): string {
  return `SELECT person, toString(money) AS revenue_micros, orders, -days_back AS recency_days, r, f, m
    FROM (${rfmScoredSql(c, asOfDay, previousDay)})
    ORDER BY money DESC, orders DESC, days_back DESC, person
    LIMIT ${Math.trunc(limit)}`;
}
