/**
 * Issue 16: commissions are paid on server-observed clicks only. `/c/:slug` marks its click
 * `rl_server_click` with the partner's sub-ids, the truncated address and the ad click id; no
 * sender of events can set the mark (a write key is refused, a trusted sender's is dropped).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSecurityServer, type SecurityServer } from '../helpers/security-server.js';

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

describe('partner clicks: only the server marks them (issue 16)', () => {
  let server: SecurityServer;
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(server.url + path, { ...init, headers: { 'content-type': 'application/json', authorization: 'Bearer adm', ...(init.headers ?? {}) } });
  const send = (events: unknown[], token: string) =>
    fetch(`${server.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ events }) });
  const stored = async (anonymousId: string) => (await server.settle(), (await (await admin(`/v1/events?anonymous_id=${anonymousId}`)).json()).events as { id: string; properties?: Record<string, unknown> }[]);

  beforeAll(async () => {
    server = await startSecurityServer({ port: 0, demo: false, quiet: true, adminToken: 'adm', writeKey: 'wk' });
    expect((await admin('/v1/links', { method: 'POST', body: JSON.stringify({ slug: 'ann', destination: 'https://shop.example/' }) })).status).toBe(201);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('a click on /c/:slug keeps sub1…sub5 (cut to 128), the address to its /24, the user agent and the ad click id', async () => {
    const res = await fetch(`${server.url}/c/ann?sub1=summer&sub5=${'z'.repeat(200)}&gclid=abc`, { redirect: 'manual', headers: { cookie: 'rl_aid=a_partner_1', 'user-agent': 'TestAgent/1.0' } });
    expect(res.status).toBe(302);
    const clickId = new URL(res.headers.get('location')!).searchParams.get('rl_cid');
    const [click] = await stored('a_partner_1');
    expect(click.properties).toEqual({
      link: 'ann', rl_cid: clickId, rl_server_click: true, sub1: 'summer', sub5: 'z'.repeat(128),
      ip_prefix: '127.0.0.0/24', user_agent: 'TestAgent/1.0', ad_click: 'gclid',
    });
  });

  it('a write key cannot send the mark (400, nothing stored); a trusted sender\'s mark is dropped', async () => {
    const forged = { id: 'fk1', type: 'click', ts: hoursAgo(1), anonymous_id: 'a_forger', click_id: 'rl_fake', properties: { link: 'ann', rl_cid: 'rl_fake', rl_server_click: true } };
    const refused = await send([forged], 'wk');
    expect(refused.status).toBe(400);
    expect((await refused.json()).rejected[0].errors[0].path).toBe('properties');
    expect(await send([{ ...forged, id: 'fk2' }], 'adm').then((r) => r.json())).toMatchObject({ accepted: 1 });
    const kept = await stored('a_forger');
    expect(kept.map((e) => [e.id, e.properties])).toEqual([['fk2', { link: 'ann', rl_cid: 'rl_fake', rl_verified: true }]]);
  });
});
