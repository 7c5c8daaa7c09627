/**
 * Sessions, defined once for the browser snippet and the server (design.md,
 * "Sessions"): a person's hits, keyed on `anonymous_id`, belong to one session
 * until 30 minutes pass without a hit. Midnight does not split a session; it
 * counts on the local day of its first hit. No imports: the snippet bundles this
 * file (sdk/src/session.ts) and the stores build their sessionisation SQL from it
 * (`SESSION_TIMEOUT_MS`), held to `sessionise` by tests on both engines.
 */

/** Inactivity after which the next hit starts a new session (30 minutes). */
export const SESSION_TIMEOUT_MS = 30 * 60 * 1000;

/**
 * Whether a hit at `now` continues a session whose latest hit was at `last`
 * (undefined: there is none). A gap of exactly 30 minutes still continues it.
 * @example continuesSession(t, t + 30 * 60_000) // true
 * @example continuesSession(t, t + 30 * 60_000 + 1) // false
 */
export function continuesSession(last: number | undefined, now: number): boolean {
  return last !== undefined && now - last <= SESSION_TIMEOUT_MS;
}

/** One session found by `sessionise`: the indexes of its hits in time order. */
export interface SessionSpan {
  start: number;
  end: number;
  hits: number[];
}

/**
 * Splits one person's hit times (epoch ms, any order) into sessions by
 * `continuesSession`: the reference the server's SQL is tested against.
 * @example sessionise([0, 10 * 60_000, 50 * 60_000]) // two sessions: hits [0, 1] and [2]
 */
export function sessionise(times: number[]): SessionSpan[] {
  const order = times.map((_, i) => i).sort((a, b) => times[a] - times[b] || a - b);
  const out: SessionSpan[] = [];
  let current: SessionSpan | undefined;
  for (const i of order) {
    const t = times[i];
    if (current && continuesSession(current.end, t)) {
      current.end = t;
      current.hits.push(i);
    } else {
      current = { start: t, end: t, hits: [i] };
      out.push(current);
    }
  }
  return out;
}
