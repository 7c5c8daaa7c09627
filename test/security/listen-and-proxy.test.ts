/**
 * Issue 12 #16: the server listens on 127.0.0.1 unless told otherwise (--host / ROILENS_HOST) and believes
 * X-Forwarded-For only from proxies named in ROILENS_TRUST_PROXY. The proxy check goes through a postback
 * source limited to 203.0.113.5: a loopback client claiming that address in X-Forwarded-For must not pass.
 */
import { networkInterfaces } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, trustProxyOf } from '../../src/config/config.js';
import { startSecurityServer, type SecurityServer } from '../helpers/security-server.js';

describe('listening address and proxy trust (issue 12 #16)', () => {
  const servers: SecurityServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
  });

  it('defaults to 127.0.0.1 and no proxy trust; flags and the environment override', () => {
    const config = loadConfig({}, {});
    expect(config.host).toBe('127.0.0.1');
    expect(config.trustProxy).toBe(false);
    expect(loadConfig({}, { ROILENS_HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ host: '::' }, { ROILENS_HOST: '0.0.0.0' }).host).toBe('::');
    expect(trustProxyOf('true')).toBe(true);
    expect(trustProxyOf('10.0.0.1, 10.1.0.0/16')).toEqual(['10.0.0.1', '10.1.0.0/16']);
    expect(trustProxyOf('no')).toBe(false);
    expect(() => trustProxyOf('proxy.example.com')).toThrow(/ROILENS_TRUST_PROXY/);
  });

  /** A server with a postback source that only 203.0.113.5 may use; answers the status of a postback "from" that address. */
  async function postbackFromForwardedAddress(trustProxy?: string[]): Promise<{ server: SecurityServer; status: number; body: { error: string; message: string } }> {
    const server = await startSecurityServer({ port: 0, demo: false, quiet: true, adminToken: 'adm', writeKey: 'wk', trustProxy });
    servers.push(server);
    const created = await fetch(`${server.url}/v1/postback-sources`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer adm' }, body: JSON.stringify({ name: 'net', ip_allow: ['203.0.113.5'] }),
    });
    expect(created.status).toBe(201);
    const { id, secret } = (await created.json()) as { id: string; secret: string };
    const res = await fetch(`${server.url}/v1/postback?source=${id}&secret=${secret}&click_id=nope&order_id=o1&amount=10&currency=EUR`, { headers: { 'x-forwarded-for': '203.0.113.5' } });
    return { server, status: res.status, body: await res.json() };
  }

  it('listens on loopback only by default and ignores X-Forwarded-For from an unnamed proxy', async () => {
    const { server, status, body } = await postbackFromForwardedAddress();
    // The socket address: only 127.0.0.1 (the server is not reachable from other machines).
    const port = new URL(server.url).port;
    const probe = await fetch(`http://127.0.0.1:${port}/health`);
    expect(probe.status).toBeLessThan(500);
    const external = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
    if (external) await expect(fetch(`http://${external.address}:${port}/health`)).rejects.toThrow();
    // 401: the header was not believed, the client is 127.0.0.1, which the source does not allow.
    expect(status).toBe(401);
    expect(body.message).toMatch(/address may not send/);
  });

  it('believes X-Forwarded-For from a proxy named in ROILENS_TRUST_PROXY', async () => {
    const { status, body } = await postbackFromForwardedAddress(['127.0.0.1']);
    // Past the address check: the click is unknown (422), not a refused address.
    expect(status).toBe(422);
    expect(body.error).toBe('unknown_click');
  });
});
