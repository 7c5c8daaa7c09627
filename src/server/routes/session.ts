import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, internalError, invalid } from '../../shared/errors.js';
import { crossOriginWrite, requireAdmin } from '../auth.js';
import type { ServerContext } from '../context.js';
import type { BrowserSessions } from '../session/browser-sessions.js';
import { hasSameOrigin } from '../session/same-origin.js';
import { clearedSessionCookie, sessionCookie, sessionIdOf } from '../session/session-cookie.js';

const sessionAnswer = {
  type: 'object',
  properties: { signed_in: { type: 'boolean' }, expires_at: { type: 'string', format: 'date-time' } },
  required: ['signed_in'],
} as const;

/**
 * The dashboard's sign-in (issue 12 #15, design.md): a printed link carries a single-use code,
 * `POST /v1/session {"code"}` trades it for the `roilens_session` cookie, `DELETE /v1/session`
 * signs out, `POST /v1/session/codes` (admin) mints a code for a fresh link.
 */
export function registerSessionRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const sessions = ctx.sessions;
  if (!sessions) throw internalError('buildApp gives every app its browser sessions');

  app.post('/v1/session', {
    schema: {
      summary: 'Sign the dashboard in: exchange a single-use code from a sign-in link for the roilens_session cookie (HttpOnly, SameSite=Lax)',
      tags: ['session'],
      body: {
        type: 'object',
        properties: { code: { type: 'string', maxLength: 256 }, email: { type: 'string', maxLength: 320 }, password: { type: 'string', maxLength: 1024 } },
      },
      response: { 200: sessionAnswer },
    },
  }, async (req, reply) => {
    // No Origin check here: the exchange is not authenticated by the cookie, and a code is a credential.
    const body = (req.body ?? {}) as { code?: unknown; email?: unknown; password?: unknown };
    const code = readCode(body);
    const opened = sessions.exchange(code);
    if (!opened) {
      const message = 'unknown, already used or expired sign-in code (a code is valid once, for 15 minutes); `roilens signin-link` prints a fresh link';
      throw new AppError('unauthorized', `code: ${message}`, [{ path: 'code', message }]);
    }
    reply.header('set-cookie', sessionCookie(opened.id, sessions.sessionTtlMs / 1000, isHttps(req)));
    reply.header('cache-control', 'no-store');
    return { signed_in: true, expires_at: opened.expiresAt.toISOString() };
  });

  app.get('/v1/session', {
    schema: { summary: 'Whether this browser is signed in (and until when)', tags: ['session'], response: { 200: sessionAnswer } },
  }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    const id = sessionIdOf(req);
    const expiresAt = id === undefined ? undefined : sessions.expiryOf(id);
    return expiresAt ? { signed_in: true, expires_at: expiresAt.toISOString() } : { signed_in: false };
  });

  app.delete('/v1/session', {
    schema: { summary: 'Sign the dashboard out: the session ends on the server and its cookie is deleted', tags: ['session'], response: { 200: sessionAnswer } },
  }, async (req, reply) => signOut(req, reply, sessions));

  app.post('/v1/session/codes', {
    schema: {
      summary: 'Mint a single-use sign-in code (valid 15 minutes) and its dashboard link; the admin token never enters a URL',
      tags: ['session'],
      security: [{ adminToken: [] }],
      response: {
        201: {
          type: 'object',
          properties: { code: { type: 'string' }, expires_at: { type: 'string', format: 'date-time' }, url: { type: 'string' } },
          required: ['code', 'expires_at', 'url'],
        },
      },
    },
  }, async (req, reply) => {
    requireAdmin(req, ctx.adminToken);
    const { code, expiresAt } = sessions.mintCode('admin');
    reply.header('cache-control', 'no-store');
    return reply.code(201).send({ code, expires_at: expiresAt.toISOString(), url: signInUrl(`${req.protocol}://${req.host}`, code) });
  });
}

/** The dashboard link for a code: in the fragment, which browsers never send to a server or in a Referer. */
export function signInUrl(baseUrl: string, code: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/#code=${encodeURIComponent(code)}`;
}

/** The code of a sign-in body; e-mail and password wait for people (a later release). */
function readCode(body: { code?: unknown; email?: unknown; password?: unknown }): string {
  if (body.email !== undefined || body.password !== undefined) {
    if (body.code !== undefined) throw invalid('code', 'give either a code or an e-mail and password, not both');
    throw invalid(body.email !== undefined ? 'email' : 'password', 'signing in with an e-mail and password needs people, which this installation does not have yet; sign in with a code from `roilens signin-link`');
  }
  if (typeof body.code !== 'string' || body.code.trim() === '') throw invalid('code', 'required: the code from a sign-in link (`roilens signin-link` prints one)');
  return body.code.trim();
}

async function signOut(req: FastifyRequest, reply: FastifyReply, sessions: BrowserSessions) {
  const id = sessionIdOf(req);
  if (id !== undefined && sessions.principalOf(id) && !hasSameOrigin(req)) throw crossOriginWrite();
  if (id !== undefined) sessions.revoke(id);
  reply.header('set-cookie', clearedSessionCookie(isHttps(req)));
  return { signed_in: false };
}

function isHttps(req: FastifyRequest): boolean {
  return req.protocol === 'https';
}
