import { continuesSession, SESSION_TIMEOUT_MS } from '../../src/tracking/sessions.js';
import { hasAttribution, sameAttribution, type Attribution } from './attribution.js';

/** Inactivity after which the next hit starts a new session: the server's rule, from the shared module. */
export { SESSION_TIMEOUT_MS };

/** A session as stored in the `rl_sid` cookie; `attribution` and `landing` are fixed at its start. */
export interface Session {
  id: string;
  /** Epoch milliseconds of the session's first hit. */
  start: number;
  /** Epoch milliseconds of the session's latest hit. */
  last: number;
  /** URL of the session's first page. */
  landing: string;
  /** document.referrer of the session's first page ('' for direct). */
  referrer: string;
  attribution: Attribution;
  /** Experiments whose exposure was already logged in this session, as `key=variant`. */
  exposed: string[];
}

/** What the current hit knows about the page; `attribution` only for page views. */
export interface Hit {
  now: number;
  url: string;
  referrer: string;
  attribution?: Attribution;
}

/**
 * Continues `previous` or starts a new session for a hit at `hit.now`.
 * A new session starts when there is none, after SESSION_TIMEOUT_MS of inactivity
 * (`continuesSession`, shared with the server),
 * or when a page view arrives with campaign parameters different from the
 * session's (a new ad click is a new visit). Pure: `newId` supplies the id.
 * @returns the session to store and whether it started with this hit.
 */
export function touchSession(
  previous: Session | undefined,
  hit: Hit,
  newId: () => string,
): { session: Session; started: boolean } {
  const attribution = hit.attribution || {};
  const expired =
    !previous ||
    !continuesSession(previous.last, hit.now) ||
    (hasAttribution(attribution) && !sameAttribution(attribution, previous.attribution));
  if (!expired) return { session: { ...previous, last: hit.now }, started: false };
  return {
    session: {
      id: newId(),
      start: hit.now,
      last: hit.now,
      landing: hit.url,
      referrer: hit.referrer,
      attribution,
      exposed: [],
    },
    started: true,
  };
}

/** Parses a stored session, returning undefined for anything malformed. */
export function readSession(raw: string | undefined): Session | undefined {
  try {
    const value = raw && JSON.parse(raw);
    return value && typeof value.id == 'string' && value.last > 0 && Array.isArray(value.exposed) ? (value as Session) : undefined;
  } catch {
    return undefined;
  }
}
