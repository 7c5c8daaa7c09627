/**
 * The dashboard's sign-in as operations (issue 12 #15, design.md "sign-in"): a printed link carries a
 * single-use code; `session.open` (`POST /v1/session {"code"}`) trades it for the `roilens_session`
 * cookie, `session.status` (`GET`) says whether the browser is signed in, `session.close` (`DELETE`)
 * signs out (a live session's sign-out needs this server's Origin), and `session.mint_code`
 * (`POST /v1/session/codes`, admin) mints a code for a fresh link, which `roilens signin-link` asks the
 * running server for. The codes and sessions live in the server's memory (`ctx.sessions`), the cookie
 * travels in the answer's headers (`ctx.http`); without them (the CLI in process) there is no server to
 * sign into.
 */
import { z } from 'zod';
import { AppError, invalid } from '../../shared/errors.js';
import { defineOperation, type OperationContext } from '../core/define.js';
import type { BrowserSessionKeeper, HttpExchange } from '../core/http-exchange.js';
import { clearedSessionCookie, crossOriginWrite, sessionCookie, sessionCookieName, sessionIdIn, signInUrl } from './session-cookie.js';

const sessionAnswer = z.object({
  signed_in: z.boolean(),
  expires_at: z.iso.datetime().optional().describe('when the session ends (signed in only)'),
});

/** Where the browser sessions are: the running server's exchange; elsewhere, 503 saying so. */
function browserSide(ctx: OperationContext): { http: HttpExchange; sessions: BrowserSessionKeeper } {
  if (!ctx.http || !ctx.sessions) throw new AppError('unavailable', 'no roilens server is running on this database: `roilens start` serves it and prints a sign-in link');
  return { http: ctx.http, sessions: ctx.sessions };
}

const browserOnly = 'a browser signs in: the session is an HttpOnly cookie only a browser keeps (`roilens signin-link` prints a link)';

export const sessionOpenOperation = defineOperation({
  name: 'session.open',
  summary: 'Sign the dashboard in: exchange a single-use code from a sign-in link for the roilens_session cookie (HttpOnly, SameSite=Lax)',
  tags: ['session'],
  // The code is the credential: no Origin check either (the exchange is not authenticated by the cookie).
  scope: 'public',
  http: { method: 'POST', path: '/v1/session', headers: { 'cache-control': 'no-store' } },
  cli: { none: browserOnly },
  input: z.object({
    code: z.string().max(256).optional().describe('the code of a sign-in link (after #code=)'),
    email: z.string().max(320).optional().describe('not yet: signing in with an e-mail and password needs people'),
    password: z.string().max(1024).optional().describe('not yet (see email)'),
  }),
  output: sessionAnswer,
  handler(ctx, input) {
    const { http, sessions } = browserSide(ctx);
    const opened = sessions.exchange(readCode(input));
    if (!opened) {
      const message = 'unknown, already used or expired sign-in code (a code is valid once, for 15 minutes); `roilens signin-link` prints a fresh link';
      throw new AppError('unauthorized', `code: ${message}`, [{ path: 'code', message }]);
    }
    http.header('set-cookie', sessionCookie(opened.id, sessions.sessionTtlMs / 1000, http.secure));
    return { signed_in: true, expires_at: opened.expiresAt.toISOString() };
  },
});

export const sessionStatusOperation = defineOperation({
  name: 'session.status',
  summary: 'Whether this browser is signed in (and until when)',
  tags: ['session'],
  scope: 'public',
  http: { method: 'GET', path: '/v1/session', headers: { 'cache-control': 'no-store' } },
  cli: { none: browserOnly },
  input: z.object({}),
  output: sessionAnswer,
  handler(ctx) {
    const { http, sessions } = browserSide(ctx);
    const id = sessionIdIn(http.cookie(sessionCookieName));
    const expiresAt = id === undefined ? undefined : sessions.expiryOf(id);
    return expiresAt ? { signed_in: true, expires_at: expiresAt.toISOString() } : { signed_in: false };
  },
});

export const sessionCloseOperation = defineOperation({
  name: 'session.close',
  summary: 'Sign the dashboard out: the session ends on the server and its cookie is deleted',
  tags: ['session'],
  // Anyone may delete their own cookie; ending a live session is a cookie write, which needs this server's Origin.
  scope: 'public',
  http: { method: 'DELETE', path: '/v1/session' },
  cli: { none: browserOnly },
  input: z.object({}),
  output: sessionAnswer,
  handler(ctx) {
    const { http, sessions } = browserSide(ctx);
    const id = sessionIdIn(http.cookie(sessionCookieName));
    if (id !== undefined && sessions.principalOf(id) && !http.sameOrigin) throw crossOriginWrite();
    if (id !== undefined) sessions.revoke(id);
    http.header('set-cookie', clearedSessionCookie(http.secure));
    return { signed_in: false };
  },
});

const mintedCode = z.object({
  code: z.string().describe('single-use, valid 15 minutes'),
  expires_at: z.iso.datetime(),
  url: z.string().describe('the dashboard link carrying the code in its fragment'),
});

export const sessionMintCodeOperation = defineOperation({
  name: 'session.mint_code',
  summary: 'Mint a single-use sign-in code (valid 15 minutes) and its dashboard link; the admin token never enters a URL',
  tags: ['session'],
  scope: 'admin',
  http: { method: 'POST', path: '/v1/session/codes', status: 201, headers: { 'cache-control': 'no-store' } },
  cli: {
    command: 'signin-link',
    description: 'print a fresh dashboard sign-in link (single-use, valid 15 minutes) for the server running on the database',
    formats: ['table', 'json'],
    // Only the running server holds the codes: in process the handler says no server is running.
    print(answer, format, _input, tools) {
      if (format === 'json') tools.printResult({ url: answer.url, expires_at: answer.expires_at }, 'json');
      else process.stdout.write(`${answer.url}\nOpen it within 15 minutes (until ${answer.expires_at}); it signs in once.\n`);
    },
  },
  input: z.object({}),
  output: mintedCode,
  handler(ctx) {
    const { http, sessions } = browserSide(ctx);
    const { code, expiresAt } = sessions.mintCode('admin');
    // The server names itself as the caller reached it (the CLI reaches it at the address it printed).
    return { code, expires_at: expiresAt.toISOString(), url: signInUrl(http.origin, code) };
  },
});

export const sessionOperations = [sessionOpenOperation, sessionStatusOperation, sessionCloseOperation, sessionMintCodeOperation] as const;

/** The code of a sign-in body; e-mail and password wait for people (a later release). */
function readCode(body: { code?: string; email?: string; password?: string }): string {
  if (body.email !== undefined || body.password !== undefined) {
    if (body.code !== undefined) throw invalid('code', 'give either a code or an e-mail and password, not both');
    throw invalid(body.email !== undefined ? 'email' : 'password', 'signing in with an e-mail and password needs people, which this installation does not have yet; sign in with a code from `roilens signin-link`');
  }
  if (body.code === undefined || body.code.trim() === '') throw invalid('code', 'required: the code from a sign-in link (`roilens signin-link` prints one)');
  return body.code.trim();
}
