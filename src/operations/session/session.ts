/**
 * The dashboard's sign-in as operations (issue 12 #15, issue 15, design.md "sign-in"): a printed link
 * carries a single-use code, a person also signs in with an e-mail and password; `session.open`
 * (`POST /v1/session {"code"}` or `{"email","password"}`) trades either for the `roilens_session`
 * cookie, `session.status` (`GET`) says whether the browser is signed in, `session.close` (`DELETE`)
 * signs out (a live session's sign-out needs this server's Origin), `DELETE /v1/sessions` signs a
 * person out everywhere, and `session.mint_code`
 * (`POST /v1/session/codes`, admin) mints a code for a fresh link, which `roilens signin-link` asks the
 * running server for. The admin token's codes and sessions live in the server's memory (`ctx.sessions`),
 * people's in the store (`ctx.people`); the cookie
 * travels in the answer's headers (`ctx.http`); without them (the CLI in process) there is no server to
 * sign into.
 */
import { z } from 'zod';
import { AppError, invalid } from '../../shared/errors.js';
import { defineOperation, type OperationContext } from '../core/define.js';
import type { BrowserSessionKeeper, HttpExchange } from '../core/http-exchange.js';
import { roles } from '../../records/people.js';
import { emailSchema, passwordLength } from './passwords.js';
import { spendPersonCode } from './person-codes.js';
import { openPersonSession, peopleSide, personOfPassword, type PasswordSignIn } from './person-sign-in.js';
import { clearedSessionCookie, crossOriginWrite, sessionCookie, sessionCookieName, sessionIdIn, signInUrl } from './session-cookie.js';

const sessionAnswer = z.object({
  signed_in: z.boolean(),
  expires_at: z.iso.datetime().optional().describe('when the session ends unless used (signed in only; a person\'s moves on with each request)'),
  email: z.string().optional().describe('the signed-in person\'s e-mail (absent for the admin token\'s session)'),
  workspaces: z.array(z.object({ id: z.string(), role: z.enum(roles) })).optional().describe('the person\'s workspaces and roles'),
});

/** Where the browser sessions are: the running server's exchange; elsewhere, 503 saying so. */
function browserSide(ctx: OperationContext): { http: HttpExchange; sessions: BrowserSessionKeeper } {
  if (!ctx.http || !ctx.sessions) throw new AppError('unavailable', 'no roilens server is running on this database: `roilens start` serves it and prints a sign-in link');
  return { http: ctx.http, sessions: ctx.sessions };
}

const browserOnly = 'a browser signs in: the session is an HttpOnly cookie only a browser keeps (`roilens signin-link` prints a link)';

export const sessionOpenOperation = defineOperation({
  name: 'session.open',
  summary: 'Sign in: an e-mail and password (and totp when the account has a second factor), or a single-use code from a sign-in link; sets the roilens_session cookie (HttpOnly, SameSite=Lax)',
  tags: ['session'],
  // The code or password is the credential: no Origin check either (the exchange is not authenticated by the cookie).
  scope: 'public',
  http: { method: 'POST', path: '/v1/session', headers: { 'cache-control': 'no-store' } },
  cli: { none: browserOnly },
  input: z.object({
    code: z.string().max(256).optional().describe('the code of a sign-in link (after #code=)'),
    email: emailSchema.optional().describe('with password: the person\'s e-mail'),
    password: z.string().min(1).max(passwordLength.max).optional().describe('with email'),
    totp: z.string().max(12).optional().describe('the 6-digit code of the authenticator app (accounts with a second factor)'),
  }),
  output: sessionAnswer,
  async handler(ctx, input) {
    const { http, sessions } = browserSide(ctx);
    const way = signInWay(input);
    if ('email' in way) return openPersonSession(ctx, http, await personOfPassword(ctx, way));
    const opened = sessions.exchange(way.code);
    if (opened) {
      http.header('set-cookie', sessionCookie(opened.id, sessions.sessionTtlMs / 1000, http.secure));
      return { signed_in: true, expires_at: opened.expiresAt.toISOString() };
    }
    const personId = ctx.people && (await spendPersonCode(ctx.store, way.code, 'signin', ctx.people.now()));
    if (personId === undefined) {
      const message = 'unknown, already used or expired sign-in code (a code is valid once, for 15 minutes); `roilens signin-link` prints a fresh link';
      throw new AppError('unauthorized', `code: ${message}`, [{ path: 'code', message }]);
    }
    return openPersonSession(ctx, http, personId);
  },
});

export const sessionStatusOperation = defineOperation({
  name: 'session.status',
  summary: 'Whether this browser is signed in (and until when; a person\'s e-mail, workspaces and roles)',
  tags: ['session'],
  scope: 'public',
  http: { method: 'GET', path: '/v1/session', headers: { 'cache-control': 'no-store' } },
  cli: { none: browserOnly },
  input: z.object({}),
  output: sessionAnswer,
  async handler(ctx) {
    const { http, sessions } = browserSide(ctx);
    const id = sessionIdIn(http.cookie(sessionCookieName));
    if (id === undefined) return { signed_in: false };
    const expiresAt = sessions.expiryOf(id);
    if (expiresAt) return { signed_in: true, expires_at: expiresAt.toISOString() };
    const found = await ctx.people?.find(id);
    const person = found && (await ctx.store.getPerson(found.personId));
    if (!found || !person) return { signed_in: false };
    const workspaces = (await ctx.store.membershipsOf(person.id)).map((m) => ({ id: m.workspace_id, role: m.role }));
    return { signed_in: true, expires_at: found.expiresAt.toISOString(), email: person.email, workspaces };
  },
});

export const sessionCloseOperation = defineOperation({
  name: 'session.close',
  summary: 'Sign this browser out: the session ends on the server and its cookie is deleted',
  tags: ['session'],
  // Anyone may delete their own cookie; ending a live session is a cookie write, which needs this server's Origin.
  scope: 'public',
  http: { method: 'DELETE', path: '/v1/session' },
  cli: { none: browserOnly },
  input: z.object({}),
  output: sessionAnswer,
  async handler(ctx) {
    const { http, sessions } = browserSide(ctx);
    const id = sessionIdIn(http.cookie(sessionCookieName));
    if (id !== undefined) {
      const person = sessions.principalOf(id) ? undefined : await ctx.people?.find(id);
      if ((sessions.principalOf(id) || person) && !http.sameOrigin) throw crossOriginWrite();
      sessions.revoke(id);
      if (person) await ctx.people?.revoke(id);
    }
    http.header('set-cookie', clearedSessionCookie(http.secure));
    return { signed_in: false };
  },
});

export const sessionCloseEverywhereOperation = defineOperation({
  name: 'session.close_everywhere',
  summary: 'Sign out everywhere: every session of the signed-in person ends (every browser and device), and this cookie is deleted (nobody signed in: nothing ends)',
  tags: ['session'],
  scope: 'public',
  http: { method: 'DELETE', path: '/v1/sessions' },
  cli: { none: browserOnly },
  input: z.object({}),
  output: z.object({ signed_in: z.literal(false), revoked: z.number().int().describe('how many sessions ended') }),
  async handler(ctx) {
    const { http } = browserSide(ctx);
    const id = sessionIdIn(http.cookie(sessionCookieName));
    const found = id === undefined ? undefined : await peopleSide(ctx).find(id);
    if (found && !http.sameOrigin) throw crossOriginWrite();
    const revoked = found ? await peopleSide(ctx).revokeAll(found.personId) : 0;
    http.header('set-cookie', clearedSessionCookie(http.secure));
    return { signed_in: false as const, revoked };
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

export const sessionOperations = [sessionOpenOperation, sessionStatusOperation, sessionCloseOperation, sessionCloseEverywhereOperation, sessionMintCodeOperation] as const;

/** The way a sign-in body signs in: exactly one of a code, or an e-mail with a password (design.md). */
function signInWay(body: { code?: string; email?: string; password?: string; totp?: string }): { code: string } | PasswordSignIn {
  const byPassword = body.email !== undefined || body.password !== undefined;
  if (byPassword && body.code !== undefined) throw invalid('code', 'give either a code or an e-mail and password, not both');
  if (byPassword) {
    if (body.email === undefined) throw invalid('email', 'required with password');
    if (body.password === undefined) throw invalid('password', 'required with email');
    return { email: body.email, password: body.password, ...(body.totp !== undefined ? { totp: body.totp } : {}) };
  }
  if (body.code === undefined || body.code.trim() === '') throw invalid('code', 'required: the code from a sign-in link (`roilens signin-link` prints one), or give email and password');
  return { code: body.code.trim() };
}
