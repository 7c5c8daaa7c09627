import { describe, expect, it } from 'vitest';
import { parseAttribution } from '../src/attribution.js';
import { readSession, SESSION_TIMEOUT_MS, touchSession, type Session } from '../src/session.js';

/** Ids s1, s2, … so a test can see exactly when a session starts. */
function ids(): () => string {
  let n = 0;
  return () => 's' + ++n;
}

const T0 = Date.UTC(2025, 2, 20, 9, 0, 0);
const MINUTE = 60_000;
const google = parseAttribution('?utm_source=google&utm_medium=cpc&gclid=abc');

describe('touchSession', () => {
  it('starts a session with the landing page, referrer and attribution of its first hit', () => {
    const { session, started } = touchSession(
      undefined,
      { now: T0, url: 'https://shop.example/?gclid=abc', referrer: 'https://www.google.com/', attribution: google },
      ids(),
    );
    expect(started).toBe(true);
    expect(session).toEqual({
      id: 's1',
      start: T0,
      last: T0,
      landing: 'https://shop.example/?gclid=abc',
      referrer: 'https://www.google.com/',
      attribution: google,
      exposed: [],
    });
  });

  it('continues while hits are at most 30 minutes apart, sliding the window', () => {
    const newId = ids();
    let { session } = touchSession(undefined, { now: T0, url: 'u1', referrer: '', attribution: google }, newId);
    // Three hits 29, 58 and 88 minutes after the first: each within 30 minutes of the last.
    for (const minutes of [29, 58, 88]) {
      const next = touchSession(session, { now: T0 + minutes * MINUTE, url: 'u2', referrer: 'u1', attribution: {} }, newId);
      expect(next.started).toBe(false);
      session = next.session;
    }
    expect(session.id).toBe('s1');
    expect(session.last).toBe(T0 + 88 * MINUTE);
    expect(session.landing).toBe('u1');
    expect(session.attribution).toEqual(google);
  });

  it('starts a new session after more than 30 minutes of inactivity', () => {
    const newId = ids();
    const first = touchSession(undefined, { now: T0, url: 'u1', referrer: '' }, newId).session;
    const atLimit = touchSession(first, { now: T0 + SESSION_TIMEOUT_MS, url: 'u2', referrer: '' }, newId);
    expect(atLimit.started).toBe(false);
    const after = touchSession(atLimit.session, { now: T0 + 2 * SESSION_TIMEOUT_MS + 1, url: 'u3', referrer: '' }, newId);
    expect(after.started).toBe(true);
    expect(after.session).toMatchObject({ id: 's2', start: T0 + 2 * SESSION_TIMEOUT_MS + 1, landing: 'u3', attribution: {} });
  });

  it('starts a new session when a page view brings a different campaign, not for the same one', () => {
    const newId = ids();
    const first = touchSession(undefined, { now: T0, url: 'u1', referrer: '', attribution: google }, newId).session;
    const reload = touchSession(first, { now: T0 + MINUTE, url: 'u1', referrer: '', attribution: parseAttribution('?gclid=abc&utm_medium=cpc&utm_source=google') }, newId);
    expect(reload.started).toBe(false);
    const facebook = parseAttribution('?utm_source=facebook&fbclid=f1');
    const other = touchSession(reload.session, { now: T0 + 2 * MINUTE, url: 'u4', referrer: '', attribution: facebook }, newId);
    expect(other.started).toBe(true);
    expect(other.session).toMatchObject({ id: 's2', attribution: facebook, landing: 'u4' });
  });

  it('keeps exposures within a session and forgets them in the next', () => {
    const newId = ids();
    const first = touchSession(undefined, { now: T0, url: 'u', referrer: '' }, newId).session;
    first.exposed.push('hero=1');
    expect(touchSession(first, { now: T0 + MINUTE, url: 'u', referrer: '' }, newId).session.exposed).toEqual(['hero=1']);
    expect(touchSession(first, { now: T0 + 31 * MINUTE, url: 'u', referrer: '' }, newId).session.exposed).toEqual([]);
  });
});

describe('readSession', () => {
  it('round-trips a stored session and rejects malformed ones', () => {
    const session: Session = { id: 'a', start: T0, last: T0, landing: 'u', referrer: '', attribution: {}, exposed: [] };
    expect(readSession(JSON.stringify(session))).toEqual(session);
    expect(readSession(undefined)).toBeUndefined();
    expect(readSession('')).toBeUndefined();
    expect(readSession('{not json')).toBeUndefined();
    expect(readSession('{"id":"a","last":1}')).toBeUndefined();
    expect(readSession('{"id":1,"last":1,"exposed":[]}')).toBeUndefined();
  });
});
