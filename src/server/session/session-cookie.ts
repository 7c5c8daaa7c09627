import type { FastifyRequest } from 'fastify';
import { sessionCookieName, sessionIdIn } from '../../operations/session/session-cookie.js';

/** The value of cookie `name` in a `Cookie` header (the first one; undefined when absent). */
export function cookieOf(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The session id a request's `roilens_session` cookie carries, if any (the cookie itself: `operations/session/session-cookie.ts`). */
export function sessionIdOf(req: FastifyRequest): string | undefined {
  return sessionIdIn(cookieOf(req.headers.cookie, sessionCookieName));
}
