/**
 * A synthetic marketing world of N events, generated inside the database with
 * SQL (INSERT … SELECT over a range of integers), for benchmarks at 10M–100M
 * events where the normal insert path would take hours.
 *
 * Every column is integer arithmetic on the event number n, written once and
 * rendered for DuckDB and for ClickHouse 18.16, so both engines hold exactly the
 * same rows and must return exactly the same KPIs.
 *
 * Shape: 90 days from 2026-01-01; sessions of 5 events (n / 5) of which 1–4 are
 * page views; people of 4 sessions (session / 4); 10 channels, 6 of them paid
 * with 3 campaigns × 4 ads; paid search, social, display and video arrive as a
 * click with a click id before the landing page view. 30% of people identify in
 * their 3rd and 4th sessions, the 4th on a second device (identity stitching
 * joins both devices' anonymous events to the user). 2% of sessions end in a
 * sale (EUR, or USD converted through daily rates), 1% in a lead with CRM
 * stages in the leads table. Sales arrive as the shop's verified postbacks (`rl_verified`), so
 * the KPIs count them under the default revenue sources (a workspace with CRM leads counts only
 * verified sales). Spend: one row per day, paid channel, campaign, ad
 * (paid social in USD).
 */

export const worldStart = '2026-01-01';
export const worldEnd = '2026-03-31';
export const worldDays = 90;
const startMs = Date.parse(`${worldStart}T00:00:00Z`);

export interface Dialect {
  name: 'duckdb' | 'clickhouse';
  idiv(a: string, b: number): string;
  int(x: string): string;
  str(x: string): string;
  /** Epoch milliseconds to the engine's event time column. */
  time(ms: string): string;
  /** Epoch day number to a date. */
  date(day: string): string;
  /** Integer cents to the engine's decimal. */
  cents(c: string, scale: number): string;
  /** Rows numbered n = from … from + count - 1. */
  numbers(from: number, count: number): string;
  /** The `idx`-th (from 0) of the string literals `xs`. */
  pick(xs: string[], idx: string): string;
}

export const duckdbDialect: Dialect = {
  name: 'duckdb',
  idiv: (a, b) => `((${a}) // ${b})`,
  int: (x) => `CAST(${x} AS BIGINT)`,
  str: (x) => `CAST(${x} AS VARCHAR)`,
  time: (ms) => `epoch_ms(${ms})`,
  date: (day) => `(DATE '1970-01-01' + CAST(${day} AS INTEGER))`,
  cents: (c, scale) => `(CAST(${c} AS DECIMAL(38,${scale})) / 100)`,
  numbers: (from, count) => `(SELECT range AS n FROM range(${from}, ${from + count}))`,
  // A CASE: a list literal indexed per row builds the list for every row.
  pick: (xs, idx) => `(CASE ${idx} ${xs.map((x, i) => `WHEN ${i} THEN '${x}'`).join(' ')} END)`,
};

export const clickhouseDialect: Dialect = {
  name: 'clickhouse',
  idiv: (a, b) => `intDiv(${a}, ${b})`,
  int: (x) => `toInt64(${x})`,
  str: (x) => `toString(${x})`,
  time: (ms) => `toInt64(${ms})`,
  date: (day) => `toDate(toUInt16(${day}))`,
  cents: (c, scale) => `(toDecimal128(${c}, ${scale}) / 100)`,
  numbers: (from, count) => `(SELECT toInt64(number) + ${from} AS n FROM numbers(${count}))`,
  pick: (xs, idx) => `${list(xs)}[(${idx}) + 1]`,
};

export const drawModulus = 2147483647;
/** Large multipliers: draw i of x is ((x + 1) · drawMultipliers[i]) mod (2^31 − 1), a different pseudo-random draw per field. */
export const drawMultipliers = [
  1103515245, 1234567891, 1987654321, 1597334677, 1812433253, 1566083941, 1181783497, 1460954251, 1374761393,
  1719212549, 1280203399, 1931217853, 1645333463, 1392456133, 1523749021, 1755399887, 1099511627,
];
// ClickHouse narrows `a % 50000` to Int16 (and wraps), so both operands are Int64.
const h = (d: Dialect, x: string, i: number, mod: number) => `(${d.int(`(((${x}) + 1) * ${drawMultipliers[i]}) % ${drawModulus}`)} % ${d.int(String(mod))})`;

const channels = ['paid_search', 'paid_social', 'display', 'paid_video', 'email', 'affiliates', 'organic_search', 'organic_social', 'referral', 'direct'];
const sources = ['google', 'facebook', 'gdn', 'youtube', 'newsletter', 'partner'];
const mediums = ['cpc', 'paid_social', 'display', 'video', 'email', 'affiliate'];
const referrers = ['https://www.google.com/', 'https://facebook.com/', 'https://blog.example.org/post'];
const countries = ['DE', 'FR', 'US', 'GB', 'NL', 'IT'];
const devices = ['desktop', 'mobile', 'tablet'];
const list = (xs: string[]) => `[${xs.map((x) => `'${x}'`).join(', ')}]`;

function cat(d: Dialect, ...parts: string[]): string {
  return `concat(${parts.map((p) => (p.startsWith("'") ? p : d.str(p))).join(', ')})`;
}

/**
 * The integer draws of event n, computed once per row in an inner SELECT (and the flags derived
 * from them in a middle one) so the outer SELECT only renders text: every draw is named once.
 */
function drawExprs(d: Dialect): Record<string, string> {
  return {
    n: 'n', s: d.idiv('n', 5), k: '(n % 5)', p: d.idiv(d.idiv('n', 5), 4), j: `(${d.idiv('n', 5)} % 4)`,
    ident: h(d, d.idiv(d.idiv('n', 5), 4), 0, 10), c: h(d, d.idiv('n', 5), 3, 10), r: h(d, d.idiv('n', 5), 6, 100),
    bounce: h(d, d.idiv('n', 5), 7, 3), camp: h(d, d.idiv('n', 5), 4, 3), day: h(d, d.idiv('n', 5), 1, worldDays),
    sec: h(d, d.idiv('n', 5), 2, 86000), ad: h(d, d.idiv('n', 5), 5, 4), lp: h(d, d.idiv('n', 5), 12, 20),
    usd: h(d, d.idiv('n', 5), 8, 5), cents: h(d, d.idiv('n', 5), 9, 18000), ctry: h(d, d.idiv(d.idiv('n', 5), 4), 10, 6),
    dev: h(d, d.idiv(d.idiv('n', 5), 4), 11, 3),
  };
}

/** Flags of event n from its draws. */
const flagExprs: Record<string, string> = {
  identified: '(ident < 3)',
  mobile: '(ident < 3 AND j = 3)',
  landing: '(k = 0 OR (k = 1 AND c < 4))',
  paid: '((k = 0 OR (k = 1 AND c < 4)) AND c < 6)',
  conv: '(k = 4 AND r < 2)',
  lead: '(k = 4 AND r = 2)',
  custom: '(k >= 2 AND NOT (k = 4 AND r <= 2) AND bounce = 0)',
};

/** Column expressions of event n over its draws and flags (in the order of `eventColumns`). */
function eventExprs(d: Dialect): Record<string, string> {
  const campaign = cat(d, d.pick(channels, 'c'), "'_c'", 'camp');
  const ms = `(${startMs} + day * 86400000 + sec * 1000 + k * 30000)`;
  const nul = d.name === 'duckdb' ? 'NULL' : 'CAST(NULL AS Nullable(String))';
  return {
    id: cat(d, "'e'", 'n'),
    type: `CASE WHEN k = 0 THEN (CASE WHEN c < 4 THEN 'click' ELSE 'page_view' END) WHEN k = 1 THEN 'page_view'
      WHEN conv THEN 'conversion' WHEN lead THEN 'lead' WHEN custom THEN 'custom' ELSE 'page_view' END`,
    ts: d.time(ms),
    anonymous_id: `CASE WHEN mobile THEN ${cat(d, "'a'", 'p', "'m'")} ELSE ${cat(d, "'a'", 'p')} END`,
    user_id: `CASE WHEN identified AND j >= 2 THEN ${cat(d, "'u'", 'p')} ELSE ${nul} END`,
    session_id: cat(d, "'s'", 's'),
    name: `CASE WHEN conv THEN 'purchase' WHEN lead THEN 'signup' WHEN custom THEN 'scroll' ELSE ${nul} END`,
    url: cat(d, "'https://shop.example.com/p/'", 'k'),
    referrer: `CASE WHEN NOT landing THEN 'https://shop.example.com/' WHEN c BETWEEN 6 AND 8 THEN ${d.pick(referrers, 'c - 6')} ELSE ${nul} END`,
    utm_source: `CASE WHEN paid THEN ${d.pick(sources, 'c')} ELSE ${nul} END`,
    utm_medium: `CASE WHEN paid THEN ${d.pick(mediums, 'c')} ELSE ${nul} END`,
    utm_campaign: `CASE WHEN paid THEN ${campaign} ELSE ${nul} END`,
    utm_content: `CASE WHEN paid THEN ${cat(d, campaign, "'_a'", 'ad')} ELSE ${nul} END`,
    utm_term: nul,
    click_id: `CASE WHEN landing AND c < 4 THEN ${cat(d, "'k'", 's')} ELSE ${nul} END`,
    order_id: `CASE WHEN conv THEN ${cat(d, "'o'", 's')} ELSE ${nul} END`,
    revenue_amount: `CASE WHEN conv THEN ${d.cents('2000 + cents', 6)} ELSE NULL END`,
    revenue_currency: `CASE WHEN conv THEN (CASE WHEN usd = 0 THEN 'USD' ELSE 'EUR' END) ELSE ${nul} END`,
    properties: `CASE WHEN conv THEN '{"rl_verified":true}' WHEN lead THEN ${cat(d, `'{"lead_id":"l'`, 's', `'"}'`)} ELSE ${nul} END`,
    channel: `CASE WHEN landing THEN ${d.pick(channels, 'c')} ELSE 'direct' END`,
    landing_page: cat(d, "'/lp/'", 'lp'),
    country: d.pick(countries, 'ctry'),
    device: `CASE WHEN mobile THEN 'mobile' ELSE ${d.pick(devices, 'dev')} END`,
  };
}

export const eventColumns = Object.keys(eventExprs(duckdbDialect));

const selectList = (cols: Record<string, string>) => Object.entries(cols).map(([name, expr]) => `${expr} AS ${name}`).join(',\n  ');

/** SELECT of events n in [from, from + count) for workspace `ws` (a literal). */
export function eventsSelect(d: Dialect, ws: string, from: number, count: number, extra: Record<string, string> = {}): string {
  const draws = drawExprs(d);
  return `SELECT ${ws} AS workspace_id, ${selectList({ ...eventExprs(d), ...extra })}
FROM (SELECT ${Object.keys(draws).join(', ')}, ${selectList(flagExprs)}
  FROM (SELECT ${selectList(draws)} FROM ${d.numbers(from, count)}) draws) flags`;
}

/** SELECT of the CRM leads of the sessions of events [0, events): every lead event's session, with its stages. */
export function leadsSelect(d: Dialect, ws: string, events: number): string {
  const s = 'n';
  const p = d.idiv(s, 4);
  const identified = `(${h(d, p, 0, 10)} < 3)`;
  const created = `(${startMs} + ${h(d, s, 1, worldDays)} * 86400000 + ${h(d, s, 2, 86000)} * 1000 + 4 * 30000)`;
  const stage = (mod: number, days: number) => `CASE WHEN ${h(d, s, 13, mod)} = 0 THEN ${d.time(`${created} + ${days} * 86400000`)} ELSE NULL END`;
  const nul = d.name === 'duckdb' ? 'NULL' : 'CAST(NULL AS Nullable(String))';
  return `SELECT ${ws} AS workspace_id, ${cat(d, "'l'", s)} AS lead_id,
    CASE WHEN ${identified} AND (${s} % 4) >= 2 THEN ${cat(d, "'u'", p)} ELSE ${nul} END AS user_id,
    ${nul} AS email_hash,
    CASE WHEN ${h(d, s, 3, 10)} < 4 THEN ${cat(d, "'k'", s)} ELSE ${nul} END AS click_id,
    ${d.time(created)} AS created_at, ${stage(2, 1)} AS mql_at, ${stage(4, 3)} AS sql_at, ${stage(8, 5)} AS opportunity_at, ${stage(16, 10)} AS customer_at
  FROM ${d.numbers(0, Math.floor(events / 5))} WHERE ${h(d, s, 6, 100)} = 2`;
}

/** SELECT of spend: one row per day × paid channel × campaign × ad. */
export function spendSelect(d: Dialect, ws: string): string {
  const i = 'n';
  const day = `(${i} % ${worldDays})`;
  const c = `(${d.idiv(i, worldDays)} % 6)`;
  const camp = `(${d.idiv(i, worldDays * 6)} % 3)`;
  const ad = d.idiv(i, worldDays * 18);
  const campaign = cat(d, d.pick(channels, c), "'_c'", camp);
  return `SELECT ${ws} AS workspace_id, ${d.date(`${startMs / 86400000} + ${day}`)} AS date, ${d.pick(channels, c)} AS channel,
    ${campaign} AS campaign, ${cat(d, campaign, "'_a'", ad)} AS ad, 'csv' AS source, '' AS account,
    ${d.cents(`1000 + ${h(d, i, 14, 50000)}`, 6)} AS cost, CASE WHEN ${c} = 1 THEN 'USD' ELSE 'EUR' END AS currency,
    1000 + ${h(d, i, 15, 20000)} AS impressions, 10 + ${h(d, i, 16, 500)} AS clicks, 'cpc' AS pricing_model
  FROM ${d.numbers(0, worldDays * 6 * 3 * 4)}`;
}

/** SELECT of daily USD → EUR rates (the workspace currency is EUR). */
export function ratesSelect(d: Dialect, ws: string): string {
  return `SELECT ${ws} AS workspace_id, ${d.date(`${startMs / 86400000} + n`)} AS date, 'USD' AS currency,
    ${d.cents('90 + n % 7', 12)} AS rate
  FROM ${d.numbers(0, worldDays)}`;
}
