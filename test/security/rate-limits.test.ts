/**
 * Issue 12 #10: rate limits per address and per key on tracking routes and per principal on the API,
 * answered 429 `rate_limited` with Retry-After in the registry's format (not 429 `overloaded`).
 * The server trusts X-Forwarded-For from loopback here so that one test client can be several addresses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, rateLimitSettings } from '../../src/config/config.js';
import { FixedWindowLimiter } from '../../src/server/rate-limit.js';
import { startSecurityServer, type SecurityServer } from '../helpers/security-server.js';

describe('rate limits (issue 12 #10)', () => {
  let server: SecurityServer;
  const saved = { ...process.env };

  beforeAll(async () => {
    Object.assign(process.env, { ROILENS_RATE_LIMIT_WINDOW: '60', ROILENS_RATE_LIMIT_IP: '5', ROILENS_RATE_LIMIT_KEY: '8', ROILENS_RATE_LIMIT_API: '4' });
    try {
      server = await startSecurityServer({ port: 0, demo: false, quiet: true, adminToken: 'adm', writeKey: 'wk', trustProxy: ['127.0.0.1'] });
    } finally {
      for (const name of ['ROILENS_RATE_LIMIT_WINDOW', 'ROILENS_RATE_LIMIT_IP', 'ROILENS_RATE_LIMIT_KEY', 'ROILENS_RATE_LIMIT_API']) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    }
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  let n = 0;
  const track = (ip: string, key = 'wk') =>
    fetch(`${server.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'x-forwarded-for': ip },
      body: JSON.stringify({ events: [{ id: `rl-${n++}`, type: 'page_view', ts: new Date().toISOString(), anonymous_id: 'a1' }] }),
    });

  async function expectRateLimited(res: Response, message: RegExp) {
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = await res.json();
    expect(body).toEqual({ error: 'rate_limited', message: expect.stringMatching(message) });
  }

  it('limits tracking requests per address', async () => {
    for (let i = 0; i < 5; i++) expect((await track('198.51.100.1')).status).toBeLessThan(300);
    await expectRateLimited(await track('198.51.100.1'), /from this address .*at most 5 per 60 s/);
    // The pixel counts against the same address; another address is not affected.
    await expectRateLimited(await fetch(`${server.url}/p.gif?key=wk&e=page&aid=a1`, { headers: { 'x-forwarded-for': '198.51.100.1' } }), /from this address/);
    expect((await track('198.51.100.2')).status).toBeLessThan(300);
  });

  it('limits tracking requests per key across addresses', async () => {
    // 'wk' used 6 (counted) times above: 5 + 1 from .2 (the refused ones stop before the key is counted).
    let accepted = 6;
    let ip = 10;
    while (accepted < 8) {
      expect((await track(`203.0.113.${ip++}`)).status).toBeLessThan(300);
      accepted++;
    }
    await expectRateLimited(await track(`203.0.113.${ip++}`), /for this key .*at most 8 per 60 s/);
    // Another key from a fresh address is not limited by wk's count (unknown key: 401, not 429).
    expect((await track(`203.0.113.${ip++}`, 'other-key')).status).toBe(401);
  });

  it('limits API requests per principal; /health is never limited', async () => {
    const kpis = (token?: string) => fetch(`${server.url}/v1/workspace`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    for (let i = 0; i < 4; i++) expect((await kpis('adm')).status).not.toBe(429);
    await expectRateLimited(await kpis('adm'), /for this credential on the API .*at most 4 per 60 s/);
    // Another principal (here: no credential, counted by address) still gets its own answer.
    expect((await kpis()).status).toBe(401);
    for (let i = 0; i < 10; i++) expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it('fixed windows reopen when they end; Retry-After counts down to the end', () => {
    let now = 1_000_000;
    const limiter = new FixedWindowLimiter(2, 10_000, () => now);
    expect(limiter.hit('a')).toBeNull();
    expect(limiter.hit('a')).toBeNull();
    expect(limiter.hit('b')).toBeNull();
    expect(limiter.hit('a')).toBe(10);
    now += 7_500;
    expect(limiter.hit('a')).toBe(3);
    now += 2_500;
    expect(limiter.hit('a')).toBeNull();
    expect(new FixedWindowLimiter(0, 1000).hit('x')).toBeNull();
  });

  it('defaults leave room for the ingest benchmark; settings are validated', () => {
    expect(rateLimitSettings({})).toEqual({ windowSeconds: 60, trackingPerIp: 600_000, trackingPerKey: 1_200_000, apiPerPrincipal: 6_000 });
    expect(rateLimitSettings({ ROILENS_RATE_LIMIT_API: '0' }).apiPerPrincipal).toBe(0);
    expect(() => rateLimitSettings({ ROILENS_RATE_LIMIT_IP: '-1' })).toThrow(/ROILENS_RATE_LIMIT_IP/);
    expect(() => rateLimitSettings({ ROILENS_RATE_LIMIT_WINDOW: '0' })).toThrow(/ROILENS_RATE_LIMIT_WINDOW/);
    expect(() => loadConfig({}, { ROILENS_RATE_LIMIT_API: 'lots' })).toThrow(/ROILENS_RATE_LIMIT_API/);
  });
});
