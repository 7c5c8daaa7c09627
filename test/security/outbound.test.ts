/**
 * Issue 12 #12 (SSRF): the outbound client refuses private, loopback and link-local targets in every
 * spelling unless the operator's allow-list names them, connects only to the address it checked,
 * follows no redirects, reports failures without network detail, signs bodies and retries with a
 * bounded backoff. Every listener here is on loopback and reached only when this test's own
 * configuration allows it.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, outboundAllowOf } from '../../src/config/config.js';
import { deliver } from '../../src/shared/outbound/client.js';
import { checkWebhook } from '../../src/reports/customers/segments.js';
import { startSecurityServer, type SecurityServer } from '../helpers/security-server.js';

type Hit = { path: string; host: string; body: string; signature?: string };

describe('outbound client (SSRF)', () => {
  let server: Server;
  let port: number;
  const hits: Hit[] = [];
  let answer: (req: IncomingMessage, res: ServerResponse, n: number) => void = (_q, res) => res.writeHead(204).end();

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        hits.push({ path: req.url ?? '', host: req.headers.host ?? '', body, signature: req.headers['x-roilens-signature'] as string | undefined });
        answer(req, res, hits.length);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    hits.length = 0;
    answer = (_q, res) => res.writeHead(204).end();
  });

  const none = outboundAllowOf(undefined);
  const loopback = outboundAllowOf('127.0.0.0/8');

  it('refuses loopback, private, link-local, CGNAT, ULA and unspecified targets in every spelling when not allowed', async () => {
    const targets = [
      `http://127.0.0.1:${port}/`,
      `http://0x7f000001:${port}/`,
      `http://2130706433:${port}/`,
      `http://0177.0.0.1:${port}/`,
      `http://127.1:${port}/`,
      `http://localhost:${port}/`,
      `http://LOCALHOST.:${port}/`,
      `http://api.localhost:${port}/`,
      `http://[::1]:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`,
      `http://[::ffff:7f00:1]:${port}/`,
      `http://0.0.0.0:${port}/`,
      `http://[::]:${port}/`,
      'http://169.254.169.254/latest/meta-data/',
      'http://[fe80::1]/',
      'http://[fd00::1]/',
      'http://10.0.0.1/',
      'http://10.255.1.2:8080/',
      'http://172.16.0.1/',
      'http://192.168.1.1/',
      'http://100.64.0.1/',
    ];
    for (const target of targets) {
      const result = await deliver(target, '{}', { allow: none, secret: 's', timeoutMs: 500, backoffMs: 1 });
      expect({ target, result }).toEqual({ target, result: { ok: false, status: null, attempts: 1, error_code: 'refused_target' } });
    }
    expect(hits).toHaveLength(0);
  });

  it('refuses a name that resolves to a private address, and checks every answer', async () => {
    const resolve = async (host: string) => (host === 'rebind.example.test' ? ['93.184.216.34', '127.0.0.1'] : ['10.1.2.3']);
    expect(await deliver(`http://internal.example.test:${port}/`, '{}', { allow: none, resolve, backoffMs: 1 })).toMatchObject({ ok: false, error_code: 'refused_target' });
    expect(await deliver(`http://rebind.example.test:${port}/`, '{}', { allow: none, resolve, backoffMs: 1 })).toMatchObject({ ok: false, error_code: 'refused_target' });
    expect(hits).toHaveLength(0);
  });

  it('connects to the address it checked, not to a second resolution of the name', async () => {
    let lookups = 0;
    const resolve = async () => {
      lookups++;
      return ['127.0.0.1'];
    };
    // hooks.example.test does not exist in DNS: reaching the listener proves the checked address was used.
    const result = await deliver(`http://hooks.example.test:${port}/in`, '{"a":1}', { allow: outboundAllowOf('hooks.example.test'), resolve, secret: 'k' });
    expect(result).toEqual({ ok: true, status: 204, attempts: 1 });
    expect(lookups).toBe(1);
    expect(hits).toEqual([expect.objectContaining({ path: '/in', host: `hooks.example.test:${port}`, body: '{"a":1}' })]);
  });

  it('delivers to an allowed loopback listener with a verifiable HMAC signature', async () => {
    const body = JSON.stringify({ hello: 'world' });
    const before = Math.floor(Date.now() / 1000);
    const result = await deliver(`http://127.0.0.1:${port}/hook?x=1`, body, { allow: loopback, secret: 'sekret' });
    expect(result).toEqual({ ok: true, status: 204, attempts: 1 });
    expect(hits).toHaveLength(1);
    const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(hits[0].signature ?? '');
    expect(m).not.toBeNull();
    const t = Number(m![1]);
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(before + 5);
    expect(m![2]).toBe(createHmac('sha256', 'sekret').update(`${t}.${body}`).digest('hex'));
    expect(hits[0]).toMatchObject({ path: '/hook?x=1', body });
    // The same listener through other spellings, allowed by range.
    for (const spelling of [`http://0x7f000001:${port}/`, `http://2130706433:${port}/`, `http://[::ffff:127.0.0.1]:${port}/`]) {
      expect(await deliver(spelling, '{}', { allow: loopback, secret: 's' })).toEqual({ ok: true, status: 204, attempts: 1 });
    }
    expect(await deliver(`http://localhost:${port}/`, '{}', { allow: outboundAllowOf('localhost'), secret: 's' })).toMatchObject({ ok: true });
  });

  it('follows no redirect', async () => {
    answer = (req, res) => (req.url === '/moved' ? res.writeHead(302, { location: `http://127.0.0.1:${port}/target` }).end() : res.writeHead(204).end());
    const result = await deliver(`http://127.0.0.1:${port}/moved`, '{}', { allow: loopback, backoffMs: 1 });
    expect(result).toEqual({ ok: false, status: 302, attempts: 1, error_code: 'redirect_refused' });
    expect(hits.map((h) => h.path)).toEqual(['/moved']);
  });

  it('retries 5xx with backoff, up to the bound, and does not retry 4xx', async () => {
    answer = (_q, res, n) => res.writeHead(n < 3 ? 503 : 200).end('ok');
    const started = Date.now();
    expect(await deliver(`http://127.0.0.1:${port}/`, '{}', { allow: loopback, backoffMs: 40 })).toEqual({ ok: true, status: 200, attempts: 3 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(40 + 80 - 5);
    expect(hits).toHaveLength(3);

    hits.length = 0;
    answer = (_q, res) => res.writeHead(500).end();
    expect(await deliver(`http://127.0.0.1:${port}/`, '{}', { allow: loopback, backoffMs: 1, attempts: 4 })).toEqual({ ok: false, status: 500, attempts: 4, error_code: 'http_error' });
    expect(hits).toHaveLength(4);

    hits.length = 0;
    answer = (_q, res) => res.writeHead(404).end();
    expect(await deliver(`http://127.0.0.1:${port}/`, '{}', { allow: loopback, backoffMs: 1 })).toEqual({ ok: false, status: 404, attempts: 1, error_code: 'http_error' });
    expect(hits).toHaveLength(1);
  });

  it('times out and reports codes without network detail', async () => {
    answer = () => undefined; // never answers
    const started = Date.now();
    const slow = await deliver(`http://127.0.0.1:${port}/`, '{}', { allow: loopback, timeoutMs: 150, attempts: 2, backoffMs: 1 });
    expect(slow).toEqual({ ok: false, status: null, attempts: 2, error_code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2_000);

    const closed = await deliver('http://127.0.0.1:1/', '{}', { allow: loopback, backoffMs: 1 });
    expect(closed).toEqual({ ok: false, status: null, attempts: 3, error_code: 'connection_failed' });
    expect(JSON.stringify(closed)).not.toMatch(/ECONN|127\.0\.0\.1|:1\b/);
  });

  it('the segment webhook refuses literal private targets up front unless allowed', () => {
    delete process.env.ROILENS_OUTBOUND_ALLOW;
    for (const target of ['http://127.0.0.1/', 'http://0x7f000001/', 'http://2130706433/', 'http://localhost/', 'http://[::1]/', 'http://169.254.169.254/', 'http://10.0.0.8/']) {
      expect(() => checkWebhook(target), target).toThrow(expect.objectContaining({ code: 'invalid_input', issues: [expect.objectContaining({ path: 'webhook' })] }));
    }
    expect(checkWebhook('https://hooks.example.com/x')).toBe('https://hooks.example.com/x');
    process.env.ROILENS_OUTBOUND_ALLOW = '127.0.0.1';
    try {
      expect(checkWebhook('http://0x7f000001/')).toBe('http://127.0.0.1/');
    } finally {
      delete process.env.ROILENS_OUTBOUND_ALLOW;
    }
  });

  it('the push API answers 400 naming webhook for refused targets, and never reaches them', async () => {
    delete process.env.ROILENS_OUTBOUND_ALLOW;
    const app = await startSecurityServer({ port: 0, demo: false, quiet: true, adminToken: 'adm', writeKey: 'wk' });
    try {
      const post = (path: string, body: unknown) =>
        fetch(app.url + path, { method: 'POST', headers: { authorization: 'Bearer adm', 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect((await post('/v1/segments', { id: 'everyone', name: 'Everyone', conditions: [] })).status).toBe(201);
      for (const webhook of [`http://127.0.0.1:${port}/`, `http://0x7f000001:${port}/`, `http://2130706433:${port}/`, `http://localhost:${port}/`, `http://[::1]:${port}/`, 'http://169.254.169.254/', 'http://10.0.0.1/']) {
        const res = await post('/v1/segments/everyone/push', { webhook });
        expect(res.status, webhook).toBe(400);
        const body = await res.json();
        expect(body).toMatchObject({ error: 'invalid_input', issues: [{ path: 'webhook' }] });
        expect(JSON.stringify(body)).not.toMatch(/ECONN/);
      }
      expect(hits).toHaveLength(0);
    } finally {
      await app.close();
    }
  }, 60_000);

  it('reads ROILENS_OUTBOUND_ALLOW and names the setting on a bad entry', () => {
    const allow = outboundAllowOf(' Hooks.Internal , 10.0.0.0/8, ::1, [fd00::]/8 ');
    expect([...allow.hosts]).toEqual(['hooks.internal']);
    expect(allow.ranges.map(([a, b]) => `${a.toString()}/${b}`)).toEqual(['10.0.0.0/8', '::1/128', 'fd00::/8']);
    expect(() => outboundAllowOf('10.0.0.0/99')).toThrow(/ROILENS_OUTBOUND_ALLOW/);
    expect(() => outboundAllowOf('http://x/')).toThrow(/ROILENS_OUTBOUND_ALLOW/);
    // A bad entry stops the boot.
    expect(() => loadConfig({}, { ROILENS_OUTBOUND_ALLOW: '10.0.0.0/99' })).toThrow(/ROILENS_OUTBOUND_ALLOW/);
    expect(loadConfig({}, { ROILENS_OUTBOUND_ALLOW: '127.0.0.1' }).port).toBe(8080);
  });
});
