import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { BrowserSessions } from './browser-sessions.js';
import type { PersonSessions } from './person-sessions.js';
import { sessionIdOf } from './session-cookie.js';

/** Who a live session cookie signs in: the admin token's dashboard session, or a person. */
export type SignedIn = 'admin' | { personId: string };

/** The principal of each request signed in by a live session cookie (resolved once, in onRequest). */
const signedIn = new WeakMap<FastifyRequest, SignedIn>();

/**
 * Resolves the `roilens_session` cookie of every request before anything reads its body, so the
 * credential check that precedes bodies (issue 12 #6) and the routes both know the session: the
 * admin token's sessions are in memory, people's in the store (issue 15).
 */
export function registerSessionAuth(app: FastifyInstance, sessions: BrowserSessions, people: PersonSessions): void {
  app.addHook('onRequest', async (req) => {
    const id = sessionIdOf(req);
    if (id === undefined) return;
    if (sessions.principalOf(id)) return void signedIn.set(req, 'admin');
    const person = await people.find(id);
    if (person) signedIn.set(req, { personId: person.personId });
  });
}

/** Who a request's live session cookie signs in, if anyone. */
export function sessionPrincipalOf(req: FastifyRequest): SignedIn | undefined {
  return signedIn.get(req);
}
