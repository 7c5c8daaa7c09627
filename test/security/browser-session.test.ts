/**
 * Issue 12 #15 (browser session): the printed link carries a single-use code, never the admin token;
 * `POST /v1/session {"code"}` trades it for the `roilens_session` cookie (HttpOnly, SameSite=Lax,
 * Secure over https); cookie writes need this server's Origin (design.md "Cookie writes"); sign-out
 * ends the session; bearer-token access is unchanged. Before: the link was `/?token=ADMIN_TOKEN`, the
 * dashboard kept the token in localStorage, and none of these routes existed.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSessions } from '../../src/server/session/browser-sessions.js';
import { ensureWebBuilt, launchBrowser } from '../e2e/browser.js';
import { roilens } from '../helpers/roilens-cli.js';
import { freePort } from '../helpers/free-port.js';
import { onScale, startSecurityServer, type SecurityServer } from '../helpers/security-server.js';
import { tempDir } from '../helpers/temp.js';

const TOKEN = 'adm_browser_session_test_token';
const minute = 60_000;

describe('browser sessions: sign-in codes, the session cookie, cookie writes (issue 12 #15)', () => {
  let server: SecurityServer;
  let now = Date.parse('2026-06-01T10:00:00Z');

  beforeAll(async () => {
    server = await startSecurityServer({ port: 0, demo: false, quiet: true, adminToken: TOKEN, writeKey: 'wk', sessions: new BrowserSessions({ now: () => now }) });
  });
  afterAll(async () => {
    await server?.close();
  });

  const call = (path: string, init: RequestInit = {}) => fetch(server.url + path, { redirect: 'manual', ...init });
  const mint = async (): Promise<string> => {
    const res = await call('/v1/session/codes', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { code: string; url: string; expires_at: string };
    expect(body.url).toBe(`${new URL(server.url).origin}/#code=${body.code}`);
    expect(Date.parse(body.expires_at) - now).toBe(15 * minute);
    return body.code;
  };
  const exchange = (code: unknown, headers: Record<string, string> = {}) =>
    call('/v1/session', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ code }) });
  /** Signs in with a fresh code; the `name=value` pair of the session cookie. */
  const signIn = async (): Promise<string> => {
    const res = await exchange(await mint());
    expect(res.status).toBe(200);
    return res.headers.get('set-cookie')!.split(';')[0];
  };
  const codeOf = (link: string) => /#code=([A-Za-z0-9_-]+)$/.exec(link)?.[1];

  it('the link server.signInLink() makes carries a code that signs in, never the token', async () => {
    const link = server.signInLink();
    expect(link).not.toContain(TOKEN);
    expect(link).toMatch(/^http:\/\/localhost:\d+\/#code=[A-Za-z0-9_-]{43}$/);
    expect((await exchange(codeOf(link))).status).toBe(200);
  });

  it('a code signs in once: the second exchange is 401 naming the code', async () => {
    const code = await mint();
    const first = await exchange(code);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ signed_in: true, expires_at: new Date(now + 7 * 24 * 60 * minute).toISOString() });
    const second = await exchange(code);
    expect(second.status).toBe(401);
    expect(await second.json()).toMatchObject({ error: 'unauthorized', issues: [{ path: 'code' }] });
    expect(second.headers.get('set-cookie')).toBeNull();
  });

  it('a code expires after 15 minutes (the server clock is moved, not waited for)', async () => {
    const fresh = await mint();
    const stale = await mint();
    now += 15 * minute - 1;
    expect((await exchange(fresh)).status).toBe(200);
    now += 1; // exactly 15 minutes after minting
    expect((await exchange(stale)).status).toBe(401);
  });

  it('a wrong code is 401; a missing code is 400 naming the field; an unknown e-mail and password is 401 (issue 15)', async () => {
    const wrong = await exchange('x'.repeat(43));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'unauthorized', issues: [{ path: 'code' }] });
    const missing = await call('/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: 'invalid_input', issues: [{ path: 'code' }] });
    const password = await call('/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'a@b.example', password: 'pw' }) });
    expect(password.status).toBe(401);
    expect(await password.json()).toMatchObject({ error: 'unauthorized', issues: [{ path: 'password' }] });
    expect(await (await exchange({ nested: 'x' })).json()).toMatchObject({ error: 'invalid_input', issues: [{ path: 'body.code' }] });
  });

  it('the cookie is roilens_session, HttpOnly, SameSite=Lax, on /, with a Max-Age; not Secure over http', async () => {
    const res = await exchange(await mint());
    const cookie = res.headers.get('set-cookie')!;
    const [pair, ...attributes] = cookie.split(';').map((part) => part.trim());
    expect(pair).toMatch(/^roilens_session=[A-Za-z0-9_-]{43}$/);
    expect(pair).not.toContain(TOKEN);
    expect(attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Lax', 'Path=/', `Max-Age=${7 * 24 * 3600}`]));
    expect(attributes).not.toContain('Secure');
    expect(await res.text()).not.toContain(pair.split('=')[1]); // the id travels only in the cookie
  });

  it('the cookie is Secure when the server is reached over https (behind a trusted proxy)', async () => {
    const behindProxy = await startSecurityServer({ port: await freePort(), demo: false, quiet: true, adminToken: TOKEN, writeKey: 'wk', trustProxy: true });
    try {
      const code = codeOf(behindProxy.signInLink());
      const res = await fetch(`${behindProxy.url}/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' }, body: JSON.stringify({ code }) });
      expect(res.status).toBe(200);
      expect(res.headers.get('set-cookie')!.split(';').map((part) => part.trim())).toContain('Secure');
    } finally {
      await behindProxy.close();
    }
  });

  it('the cookie reads the API; a forged or absent one is 401', async () => {
    const cookie = await signIn();
    expect((await call('/v1/workspace', { headers: { cookie } })).status).toBe(200);
    expect((await call('/v1/session', { headers: { cookie } }).then((r) => r.json()))).toMatchObject({ signed_in: true });
    expect((await call('/v1/workspace', { headers: { cookie: `roilens_session=${'A'.repeat(43)}` } })).status).toBe(401);
    expect((await call('/v1/workspace')).status).toBe(401);
    expect(await call('/v1/session').then((r) => r.json())).toEqual({ signed_in: false });
  });

  it('a cookie write needs this server\'s Origin: none or another is 403, the same one is answered', async () => {
    const cookie = await signIn();
    const origin = new URL(server.url).origin;
    const patch = (headers: Record<string, string>) =>
      call('/v1/workspace', { method: 'PATCH', headers: { cookie, 'content-type': 'application/json', ...headers }, body: JSON.stringify({ name: 'Cookie shop' }) });
    const withoutOrigin = await patch({});
    expect(withoutOrigin.status).toBe(403);
    expect(await withoutOrigin.json()).toMatchObject({ error: 'forbidden', issues: [{ path: 'origin' }] });
    expect((await patch({ origin: 'https://evil.example' })).status).toBe(403);
    expect((await patch({ origin: 'null' })).status).toBe(403);
    expect((await patch({ origin: origin.replace(/:\d+$/, ':1') })).status).toBe(403); // another port is another origin
    const workspace = () => call('/v1/workspace', { headers: { authorization: `Bearer ${TOKEN}` } }).then((r) => r.json() as Promise<{ name: string }>);
    expect((await workspace()).name).not.toBe('Cookie shop');
    const same = await patch({ origin });
    expect(same.status).toBe(200);
    expect((await workspace()).name).toBe('Cookie shop');
    // A write without a body is checked the same way (here: minting a code with the cookie).
    expect((await call('/v1/session/codes', { method: 'POST', headers: { cookie } })).status).toBe(403);
    expect((await call('/v1/session/codes', { method: 'POST', headers: { cookie, origin } })).status).toBe(201);
  });

  it('bearer-token access is as before: writes need no Origin, and the token alone is enough', async () => {
    const res = await call('/v1/workspace', { method: 'PATCH', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Bearer shop' }) });
    expect(res.status).toBe(200);
    expect((await call('/v1/workspace', { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
  });

  it('sign-out ends the session on the server and deletes the cookie; a foreign sign-out is 403', async () => {
    const cookie = await signIn();
    const origin = new URL(server.url).origin;
    expect((await call('/v1/session', { method: 'DELETE', headers: { cookie, origin: 'https://evil.example' } })).status).toBe(403);
    expect((await call('/v1/workspace', { headers: { cookie } })).status).toBe(200);
    const out = await call('/v1/session', { method: 'DELETE', headers: { cookie, origin } });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/^roilens_session=; .*Max-Age=0/);
    expect((await call('/v1/workspace', { headers: { cookie } })).status).toBe(401);
  });

  it('a session expires after 7 days', async () => {
    const cookie = await signIn();
    now += 7 * 24 * 60 * minute - 1;
    expect((await call('/v1/workspace', { headers: { cookie } })).status).toBe(200);
    now += 1;
    expect((await call('/v1/workspace', { headers: { cookie } })).status).toBe(401);
  });

  // `roilens signin-link` finds the server through the DuckDB file it holds; a scale server has none.
  it.skipIf(onScale)('`roilens signin-link` prints a fresh link for the running server, without the token', async () => {
    const out = await roilens('signin-link', '--db', server.dbPath);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).not.toContain(TOKEN);
    const link = out.stdout.split('\n')[0];
    expect(link.startsWith(`${server.url}/#code=`)).toBe(true);
    expect((await exchange(codeOf(link))).status).toBe(200);
  }, 60_000);
});

describe('`roilens start` prints a sign-in link, not the token', () => {
  it('the dashboard line carries a code that signs in', async () => {
    const tmp = tempDir();
    const port = await freePort();
    // On scale: `roilens start --config FILE` on the fresh namespaces of a stopped test server.
    const namespaces = onScale ? await startSecurityServer({ port: 0, demo: false, quiet: true, adminToken: TOKEN }) : undefined;
    await namespaces?.stop();
    const where = namespaces ? ['--config', `${tmp.dir}/scale.json`] : ['--db', `${tmp.dir}/db.duckdb`];
    if (namespaces) writeFileSync(`${tmp.dir}/scale.json`, JSON.stringify(namespaces.scale));
    const child = spawn(process.execPath, [new URL('../../bin/roilens', import.meta.url).pathname, 'start', ...where, '--port', String(port), '--no-demo'], {
      env: { ...process.env, ROILENS_ADMIN_TOKEN: TOKEN, ROILENS_DEMO: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start banner: ${out}`)), 45_000);
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('admin token:')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.on('exit', (code) => reject(new Error(`roilens start exited ${code}: ${out}`)));
      });
      const dashboard = /dashboard:\s+(\S+)/.exec(out)![1];
      expect(dashboard).not.toContain(TOKEN);
      expect(dashboard).not.toContain('token=');
      const code = /#code=([A-Za-z0-9_-]+)$/.exec(dashboard)![1];
      const res = await fetch(`http://127.0.0.1:${port}/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
      expect(res.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(undefined)));
      await namespaces?.close();
      tmp.cleanup();
    }
  }, 60_000);
});

describe('the dashboard in Chromium keeps the token out of the address bar, storage and every URL', () => {
  it('signs in from the printed link, removes the code from the address and a stale stored token, and rides on the cookie', async () => {
    await ensureWebBuilt();
    const server = await startSecurityServer({ port: 0, demo: { seed: 3, days: 7, visitors: 50 }, quiet: true, adminToken: TOKEN, writeKey: 'wk' });
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
      const requests: Array<{ url: string; referer?: string; authorization?: string }> = [];
      page.on('request', (r) => requests.push({ url: r.url(), referer: r.headers().referer, authorization: r.headers().authorization }));

      // A token an older dashboard left in localStorage.
      await page.goto(`${server.url}/health`);
      await page.evaluate((token) => localStorage.setItem('rl_token', token), TOKEN);

      const link = server.signInLink();
      const code = /#code=(.+)$/.exec(link)![1];
      await page.goto(link);
      await page.getByTestId('nav-overview').waitFor({ timeout: 30_000 });
      for (const nav of ['nav-settings', 'nav-imports', 'nav-attribution', 'nav-overview']) {
        await page.getByTestId(nav).click();
        await page.getByTestId(`page-${nav.slice(4)}`).waitFor();
      }

      // The address bar holds neither the code nor the token.
      expect(page.url()).not.toContain(code);
      expect(page.url()).not.toContain('code=');
      expect(page.url()).not.toContain(TOKEN);
      // Storage holds neither (the stale token is gone), and scripts cannot read the session cookie.
      const stored = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } }));
      expect(stored).not.toContain(TOKEN);
      expect(stored).not.toContain(code);
      expect(await page.evaluate(() => localStorage.getItem('rl_token'))).toBeNull();
      expect(await page.evaluate(() => document.cookie)).not.toContain('roilens_session');
      const cookie = (await page.context().cookies()).find((c) => c.name === 'roilens_session');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false, path: '/' });

      // No request carried the token in its URL, its Referer or a header; the API went by the cookie.
      expect(requests.filter((r) => r.url.startsWith(`${server.url}/v1/`)).length).toBeGreaterThan(5);
      for (const r of requests) {
        expect(r.url).not.toContain(TOKEN);
        expect(r.url).not.toContain(code);
        expect(r.referer ?? '').not.toContain(TOKEN);
        expect(r.authorization).toBeUndefined();
      }

      // Signing out from the header ends the session on the server, not only in this browser.
      await page.getByTestId('sign-out').click();
      await page.getByTestId('sign-in').waitFor();
      expect((await fetch(`${server.url}/v1/workspace`, { headers: { cookie: `roilens_session=${cookie!.value}` } })).status).toBe(401);

      // A fresh link opened in this same tab changes only the fragment (no reload): it still signs in and leaves the bar.
      const fresh = server.signInLink();
      await page.goto(fresh);
      await page.getByTestId('nav-overview').waitFor({ timeout: 30_000 });
      expect(page.url()).not.toContain('code=');

      // The link worked once: opened again, it signs nobody in.
      const other = await browser.newPage();
      await other.goto(link);
      await other.getByTestId('sign-in-rejected').waitFor({ timeout: 30_000 });
      expect(other.url()).not.toContain(code);
    } finally {
      await browser.close();
      await server.close();
    }
  }, 180_000);
});
