/**
 * The dashboard's sign-in operations away from HTTP (issue 13 #1): the codes and sessions live in the
 * running server (`ctx.sessions`) and the cookie travels in its answer (`ctx.http`), so run by name
 * from the scheduler or in process, each answers 503 `unavailable` saying no server is running,
 * after its input was judged as over HTTP. Over HTTP: test/security/browser-session.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationContext, Principal } from '../../src/operations/core/define.js';
import type { HttpExchange } from '../../src/operations/core/http-exchange.js';
import { operationRunner, type RunOperation } from '../../src/operations/core/run.js';
import { operations } from '../../src/operations/index.js';
import { sessionCloseOperation, sessionMintCodeOperation, sessionOpenOperation } from '../../src/operations/session/session.js';
import { BrowserSessions } from '../../src/server/session/browser-sessions.js';
import { AppError } from '../../src/shared/errors.js';
import { appOf, type TestApp } from './app-of.js';

let t: TestApp;
let run: RunOperation;
let admin: Principal;
beforeAll(async () => {
  t = await appOf();
  run = operationRunner({ operations, store: t.ctx.store });
  admin = { kind: 'secret-key', workspaceId: t.ctx.workspaceId, scopes: ['admin'] };
}, 60_000);
afterAll(async () => t?.close());

const codeOf = async (p: Promise<unknown>) => p.then(() => 'answered', (err: unknown) => (err instanceof AppError ? `${err.code}: ${err.issues.map((i) => i.path).join(',')}` : 'not an AppError'));

/** An HTTP exchange that records the headers a handler sets. */
function exchange(over: Partial<HttpExchange> = {}): HttpExchange & { set: Record<string, string> } {
  const set: Record<string, string> = {};
  return { origin: 'http://localhost:8080', secure: false, sameOrigin: true, cookie: () => undefined, header: (n, v) => void (set[n] = v), set, ...over };
}

describe('session operations', () => {
  it('by name, without a server: 503 unavailable for each; the input is judged first', async () => {
    for (const name of ['session.open', 'session.status', 'session.close', 'session.mint_code']) {
      expect(await codeOf(run(name, name === 'session.open' ? { code: 'c' } : {}, admin)), name).toBe('unavailable: ');
    }
    expect(await codeOf(run('session.open', { code: 7 }, admin))).toBe('invalid_input: code');
  });

  it('with the server\'s sessions: a minted code opens a session once; the cookie goes in the answer headers', async () => {
    const sessions = new BrowserSessions({ now: () => Date.parse('2026-06-01T10:00:00Z') });
    const ctx = (http: HttpExchange) => ({ ...t.ctx, workspaceId: t.ctx.workspaceId, principal: admin, surface: 'http', ingest: {} as OperationContext['ingest'], http, sessions }) as OperationContext;
    const minted = await sessionMintCodeOperation.handler(ctx(exchange()), {});
    expect(minted.url).toBe(`http://localhost:8080/#code=${minted.code}`);
    expect(minted.expires_at).toBe('2026-06-01T10:15:00.000Z');
    const http = exchange({ secure: true });
    expect(await sessionOpenOperation.handler(ctx(http), { code: minted.code })).toEqual({ signed_in: true, expires_at: '2026-06-08T10:00:00.000Z' });
    expect(http.set['set-cookie']).toMatch(/^roilens_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=604800; HttpOnly; SameSite=Lax; Secure$/);
    expect(await codeOf(Promise.resolve().then(() => sessionOpenOperation.handler(ctx(exchange()), { code: minted.code })))).toBe('unauthorized: code');
    // Ending a live session from another origin is refused; from this one it ends, and the cookie is cleared.
    const id = /^roilens_session=([^;]+)/.exec(http.set['set-cookie'])![1];
    const foreign = exchange({ sameOrigin: false, cookie: (name) => (name === 'roilens_session' ? id : undefined) });
    expect(await codeOf(Promise.resolve().then(() => sessionCloseOperation.handler(ctx(foreign), {})))).toBe('forbidden: origin');
    const same = exchange({ cookie: (name) => (name === 'roilens_session' ? id : undefined) });
    expect(await sessionCloseOperation.handler(ctx(same), {})).toEqual({ signed_in: false });
    expect(same.set['set-cookie']).toBe('roilens_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax');
    expect(sessions.principalOf(id)).toBeUndefined();
  });
});
