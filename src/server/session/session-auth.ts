import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { BrowserSessions, SessionPrincipal } from './browser-sessions.js';
import { sessionIdOf } from './session-cookie.js';

/** The principal of each request signed in by a live session cookie (resolved once, in onRequest). */
const signedIn = new WeakMap<FastifyRequest, SessionPrincipal>();

/**
 * Resolves the `roilens_session` cookie of every request before anything reads its body, so the
 * credential check that precedes bodies (issue 12 #6) and `requireAdmin` both know the session.
 */
export function registerSessionAuth(app: FastifyInstance, sessions: BrowserSessions): void {
  app.addHook('onRequest', async (req) => {
    const id = sessionIdOf(req);
    const principal = id === undefined ? undefined : sessions.principalOf(id);
    if (principal) signedIn.set(req, principal);
  });
}

/** Who a request's live session cookie signs in, if anyone. */
export function sessionPrincipalOf(req: FastifyRequest): SessionPrincipal | undefined {
  return signedIn.get(req);
}
