/**
 * Issue 12 #6: the credential is checked before the body is read, and bodies are small except on
 * import routes. Before: an unauthenticated 60 MB POST to an import route was read in full (64 MB for
 * every route's text/csv) before the route answered 401; a 100 KB JSON body was accepted anywhere.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSecurityServer, type SecurityServer } from '../helpers/security-server.js';

/** Starts a POST declaring `declared` bytes, sends only `sent` of them, and resolves with the answer (or 'no answer' after `waitMs`). */
function partialPost(url: string, declared: number, sent: number, headers: Record<string, string>, waitMs: number): Promise<{ status: number; body: string } | 'no answer'> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { ...headers, 'content-length': String(declared) } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => {
        clearTimeout(timer);
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    const timer = setTimeout(() => {
      req.destroy();
      resolve('no answer');
    }, waitMs);
    req.on('error', (err) => (String(err).includes('ECONNRESET') || String(err).includes('socket hang up') ? undefined : reject(err)));
    req.write(Buffer.alloc(sent, 0x61));
    // The rest of the body never comes: only a server that answers before reading it answers at all.
  });
}

describe('credential before body, small bodies (issue 12 #6)', () => {
  let server: SecurityServer;
  beforeAll(async () => {
    server = await startSecurityServer({ port: 0, demo: false, quiet: true, adminToken: 'adm', writeKey: 'wk' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('an unauthenticated 60 MB import is refused with 401 before its body arrives', async () => {
    const answer = await partialPost(`${server.url}/v1/import/spend`, 60 * 1024 * 1024, 1024 * 1024, { 'content-type': 'text/csv' }, 5000);
    expect(answer).not.toBe('no answer');
    if (answer === 'no answer') return;
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body).error).toBe('unauthorized');
    // A wrong token is no credential either.
    const wrong = await partialPost(`${server.url}/v1/import/spend`, 60 * 1024 * 1024, 1024, { 'content-type': 'text/csv', authorization: 'Bearer nope' }, 5000);
    expect(wrong === 'no answer' ? 0 : wrong.status).toBe(401);
  });

  it('a write key is no pass for the 64 MB import route: 403, the route wants a secret key with imports:write (issue 15)', async () => {
    const res = await fetch(`${server.url}/v1/import/spend`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: 'Bearer wk' }, body: 'date,channel,amount\n' });
    expect(res.status).toBe(403);
    expect((await res.json()).message).toMatch(/a write key can only send events/);
  });

  it('a 100 KB body on a non-import route is 413 in the registry format; the same on events passes the size check', async () => {
    const big = JSON.stringify({ name: 'x', padding: 'p'.repeat(100 * 1024) });
    const res = await fetch(`${server.url}/v1/links`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer adm' }, body: big });
    expect(res.status).toBe(413);
    const body = await res.json();
    expect(body).toMatchObject({ error: 'payload_too_large', issues: [{ path: 'body' }] });
    expect(body.message).toMatch(/64 KB/);
    // CSV on a non-import route no longer gets the import's 64 MB.
    const csv = await fetch(`${server.url}/v1/links`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: 'Bearer adm' }, body: 'a,b\n'.repeat(40_000) });
    expect(csv.status).toBe(413);
    // Events take up to 1 MB: 100 KB is not refused for its size.
    const events = await fetch(`${server.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer wk' }, body: JSON.stringify({ events: [], padding: 'p'.repeat(100 * 1024) }) });
    expect(events.status).not.toBe(413);
    const tooMany = await fetch(`${server.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer wk' }, body: JSON.stringify({ events: [], padding: 'p'.repeat(1100 * 1024) }) });
    expect(tooMany.status).toBe(413);
  });

  it('an admin import with the token is still read and answered', async () => {
    const res = await fetch(`${server.url}/v1/import/spend?dry_run=1`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: 'Bearer adm' }, body: 'date,channel,campaign,spend,currency\n2026-01-01,display,c1,10.00,EUR\n' });
    expect(res.status).toBeLessThan(500);
    expect(res.status).not.toBe(401);
  });
});
