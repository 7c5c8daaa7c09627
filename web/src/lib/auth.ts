/**
 * The dashboard's sign-in (issue 12 #15). A printed link carries a single-use
 * code (`/#code=…`, or `?code=…`); it is taken from the address once, removed
 * from the address bar, and exchanged by `POST /v1/session` for the HttpOnly
 * `roilens_session` cookie. No token or code is ever kept in storage: what an
 * older dashboard left in localStorage is deleted.
 */

/** Where dashboards before the session cookie kept the admin token. */
const LEGACY_TOKEN_KEY = 'rl_token';

/**
 * Takes the sign-in code out of the address (fragment `#code=…` or query
 * `code=…`), together with a `token=` an old link may carry, and deletes a
 * stored legacy token. Returns the code, if there was one.
 */
export function takeSignInCode(): string | null {
  localStorage.removeItem(LEGACY_TOKEN_KEY);
  const url = new URL(window.location.href);
  const fromHash = /^#code=([^&]*)$/.exec(url.hash);
  const code = fromHash ? decodeURIComponent(fromHash[1]) : url.searchParams.get('code');
  const hadSecret = fromHash !== null || url.searchParams.has('code') || url.searchParams.has('token');
  if (hadSecret) {
    url.searchParams.delete('code');
    url.searchParams.delete('token');
    if (fromHash) url.hash = '';
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
  }
  return code && code.trim() ? code.trim() : null;
}

/** The code in what someone pasted: a whole sign-in link, or the code alone. */
export function codeFromInput(text: string): string | null {
  const value = text.trim();
  if (!value) return null;
  const match = /[#?&]code=([^&#\s]+)/.exec(value);
  return match ? decodeURIComponent(match[1]) : value;
}

/** Exchanges a code for the session cookie: true when signed in, false when the code was refused. */
export async function exchangeCode(code: string): Promise<boolean> {
  const response = await fetch('/v1/session', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  return response.ok;
}

/** Whether this browser holds a live session. */
export async function hasSession(): Promise<boolean> {
  const response = await fetch('/v1/session', { credentials: 'same-origin', headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!response.ok) return false;
  const body = (await response.json().catch(() => null)) as { signed_in?: unknown } | null;
  return body?.signed_in === true;
}

/** Ends the session on the server (the cookie goes with it). */
export async function signOut(): Promise<void> {
  await fetch('/v1/session', { method: 'DELETE', credentials: 'same-origin', headers: { Accept: 'application/json' } }).catch(() => undefined);
}
