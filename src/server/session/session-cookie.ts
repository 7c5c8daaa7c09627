import type { FastifyRequest } from 'fastify';

/** The browser session cookie (design.md): HttpOnly, SameSite=Lax, Secure over https. */
export const sessionCookieName = 'roilens_session';

/** The session id a request's `Cookie` header carries, if any. */
export function sessionIdOf(req: FastifyRequest): string | undefined {
  const match = /(?:^|;\s*)roilens_session=([A-Za-z0-9_-]{1,128})(?:;|$)/.exec(req.headers.cookie ?? '');
  return match?.[1];
}

/** The Set-Cookie value that opens a session (scripts cannot read it; cross-site requests do not carry it). */
export function sessionCookie(id: string, maxAgeSeconds: number, secure: boolean): string {
  return `${sessionCookieName}=${id}; Path=/; Max-Age=${Math.floor(maxAgeSeconds)}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

/** The Set-Cookie value that deletes the session cookie. */
export function clearedSessionCookie(secure: boolean): string {
  return `${sessionCookieName}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}
