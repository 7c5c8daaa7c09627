import { rateCtes, saleValueColumns } from '../credits/credit-columns-sql.js';

/**
 * Attribution reads on the journey rollups (`journey-rollup-sql.ts`): each conversion's windowed
 * touches and value (`convRowsSql`), and the windowed channel paths of the people who did not convert, grouped into distinct paths
 * with their count (`nullGroupsSql`). The conversions are those of the journeys (`journeys-sql.ts`:
 * the sales the workspace's `revenue_sources` counts in [$from_ts, $to_ts), valued with the rates
 * in `$base`; kept in `journey_conversions`), the windows those of `attribution/journeys/journey-window.ts`, computed here on
 * whole milliseconds as there. Parameters: `$ws`, `$from_ts`, `$to_ts`, `$lookback` (days read
 * before each conversion), `$base` (conversions); `$ws`, `$from_ts`, `$to_ts`, `$since_ts` (nulls).
 */

/** The click and view windows in milliseconds; views off when their weight is 0. */
export interface MsWindow {
  clickMs: number;
  viewMs: number;
  views: boolean;
}

const num = (n: number) => {
  const s = String(n);
  return /^[0-9.e+-]+$/.test(s) ? s : '0';
};

/** Whether touch `t` at `age` ms before the instant is inside the windows (as `windowTouches`). */
const inWindow = (t: string, age: string, w: MsWindow) =>
  `(CASE WHEN ${t}.kind = 'view' THEN ${w.views ? `${age} <= ${num(w.viewMs)}` : 'false'} ELSE ${age} <= ${num(w.clickMs)} END)`;

/** The conversions of the range (`conv_range`: key, person, ts, value) from the rollups' sales, as the journeys read them. */
const conversionCtes = `
  rev_mode AS (
    SELECT CASE WHEN s.value IN ('verified', 'all') THEN s.value
      WHEN (SELECT has_verified FROM journey_state WHERE workspace_id = $ws) THEN 'verified' ELSE 'all' END AS mode
    FROM (SELECT 1) one LEFT JOIN settings s ON s.key = 'workspace.' || $ws || '.revenue_sources'
  ),
  ${rateCtes},
  conv_range AS (
    SELECT c.key, c.person, c.ts, ${saleValueColumns('c', 'r', 'f')}
    FROM (
      SELECT * FROM journey_conversions WHERE workspace_id = $ws AND ts >= $from_ts::TIMESTAMP AND ts < $to_ts::TIMESTAMP
        AND (verified OR (SELECT mode FROM rev_mode) = 'all')
    ) c
    ASOF LEFT JOIN rates_ts r ON c.currency = r.currency AND c.ts >= r.since
    LEFT JOIN first_rate f ON f.currency = c.currency
  )`;

/**
 * The `v` of a list of `{ts, v}` structs in time order. Sorting the list beats an ordered
 * aggregate (`list(v ORDER BY ts)`) several times over on many small groups; ties on the
 * instant, unordered there, go by `v` here.
 */
const inTimeOrder = (list: string) => `list_transform(list_sort(${list}), x -> x.v)`;

/** Separates a touch's fields (`convRowsSql`). */
export const FIELD_SEP = '\u001f';
/** Separates touches (`convRowsSql`). */
export const TOUCH_SEP = '\u001e';

/**
 * Each conversion of the range with its windowed touches in time order, as one text: per touch
 * channel, campaign, ad, kind and age in ms before the conversion, joined by FIELD_SEP, touches
 * joined by TOUCH_SEP (null: no touch in the windows); its value. Rows in the journeys' order
 * (conversion time, then person).
 */
export function convRowsSql(w: MsWindow): string {
  const age = 'epoch_ms(c.ts) - epoch_ms(t.ts)';
  const touch = `concat_ws(chr(31), coalesce(t.channel, ''), t.campaign, t.ad, t.kind, (${age})::VARCHAR)`;
  return `WITH ${conversionCtes}
    SELECT array_to_string(${inTimeOrder(`list({'ts': t.ts, 'v': ${touch}}) FILTER (WHERE t.ts IS NOT NULL AND ${inWindow('t', age, w)})`)}, chr(30)) AS touches,
      any_value(c.value)::DOUBLE AS value
    FROM conv_range c
    LEFT JOIN journey_touches t ON t.workspace_id = $ws AND t.person = c.person AND t.ts <= c.ts AND t.ts >= c.ts - to_days($lookback::INTEGER)
    GROUP BY c.key
    ORDER BY any_value(c.ts), any_value(c.person)`;
}

/**
 * The people with a touch in the range and no conversion in it, grouped by their channel path
 * windowed back from `$end_ms` (the range's last millisecond; repeats kept), without empty paths
 * and paths starting with `(none)` (as `splitJourneys`): `n` people per path, in order of each
 * path's least person; a path is one text, its channels joined by FIELD_SEP. Touches before
 * `$since_ts` (the range start, or the windows' start when later) cannot be in a path, so are not
 * read. Each person's path is first a list of channel numbers (in the channels' order, so ties on
 * the instant still go by channel): sorting and grouping lists of numbers costs about two thirds of
 * lists of texts; the few groups get their channels' names back.
 */
export function nullGroupsSql(w: MsWindow, endMs: number): string {
  const age = `${num(endMs)} - epoch_ms(t.ts)`;
  // Touches outside the windows only make empty paths, which are left out: not read.
  return `WITH ${conversionCtes},
    nt AS (
      SELECT t.person, t.ts, t.channel FROM journey_touches t
      WHERE t.workspace_id = $ws AND t.ts >= $since_ts::TIMESTAMP AND t.ts < $to_ts::TIMESTAMP AND ${inWindow('t', age, w)}
        AND t.person NOT IN (SELECT person FROM conv_range)
    ),
    ch AS (SELECT channel, (row_number() OVER (ORDER BY channel))::INTEGER AS code FROM (SELECT DISTINCT channel FROM nt)),
    np AS (
      SELECT nt.person, ${inTimeOrder(`list({'ts': nt.ts, 'v': ch.code})`)} AS path
      FROM nt JOIN ch ON ch.channel = nt.channel
      GROUP BY nt.person
    ),
    g AS (SELECT path, count(*)::DOUBLE AS n, min(person) AS first FROM np GROUP BY path),
    names AS (SELECT list(channel ORDER BY code) AS names FROM ch)
    SELECT array_to_string(list_transform(g.path, c -> names.names[c]), chr(31)) AS path, g.n, g.first
    FROM g, names WHERE names.names[g.path[1]] <> '(none)' ORDER BY g.first`;
}
