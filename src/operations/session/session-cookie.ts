/**
 * The dashboard's session cookie and sign-in link (design.md "sign-in", "Cookie writes"): the
 * `roilens_session` cookie is HttpOnly, SameSite=Lax, on `/`, Secure over https; a printed link
 * carries a single-use code in its fragment, never the admin token.
 */
import { AppError } from '../../shared/errors.js';

export const sessionCookieName = 'roilens_session';

/** A session id as the server mints them (32 random bytes, base64url); any other cookie value is no session. */
const sessionIdPattern = /^[A-Za-z0-9_-]{1,128}$/;

/** The session id of a `roilens_session` cookie value, or undefined when it cannot be one. */
export function sessionIdIn(value: string | undefined): string | undefined {
  return value !== undefined && sessionIdPattern.test(value) ? value : undefined;
}

/** The Set-Cookie value that opens a session (scripts cannot read it; cross-site requests do not carry it). */
export function sessionCookie(id: string, maxAgeSeconds: number, secure: boolean): string {
  return `${sessionCookieName}=${id}; Path=/; Max-Age=${Math.floor(maxAgeSeconds)}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

/** The Set-Cookie value that deletes the session cookie. */
export function clearedSessionCookie(secure: boolean): string {
  return `${sessionCookieName}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

/** The dashboard link for a code: in the fragment, which browsers never send to a server or in a Referer. */
export function signInUrl(baseUrl: string, code: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/#code=${encodeURIComponent(code)}`;
}

/** 403 for a cookie-authenticated write whose Origin is missing or another site's (design.md "Cookie writes"). */
export function crossOriginWrite(): AppError {
  const message = 'a write signed in by the session cookie needs the Origin header of this server (or send Authorization: Bearer TOKEN)';
  return new AppError('forbidden', `origin: ${message}`, [{ path: 'origin', message }]);
}
