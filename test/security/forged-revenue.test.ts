/**
 * Issue 12 #1, #3, #4: forged revenue. Postbacks need a source secret or signature and a
 * known, recent click; browser and write-key conversions are unverified and kept apart; an
 * imported order cannot be taken over by a forged duplicate; postback ids belong to their
 * source. Every expected figure is counted by hand in the comments.
 */
import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSecurityServer, type SecurityServer } from '../helpers/security-server.js';

const hex = (s: string) => createHash('sha256').update(s).digest('hex');
const sign = (secret: string, raw: string) => `sha256=${createHmac('sha256', hex(secret)).update(raw).digest('hex')}`;
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
const today = () => new Date().toISOString().slice(0, 10);
/** Two days back: every event below lies within it, whatever the hour the test runs. */
const twoDaysAgo = () => new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);

describe('forged revenue (issue 12 #1, #3, #4)', () => {
  let server: SecurityServer;
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(server.url + path, { ...init, headers: { 'content-type': 'application/json', authorization: 'Bearer adm', ...(init.headers ?? {}) } });
  const send = (events: unknown[], token = 'wk') =>
    fetch(`${server.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ events }) });
  const importCsv = (kind: string, body: string) => admin(`/v1/import/${kind}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body });
  const kpis = async () => (await server.settle(), await admin(`/v1/kpis?by=channel&compare=none&from=${twoDaysAgo()}&to=${today()}`)).json();
  let source: { id: string; secret: string };
  let linkN = 0;
  /** A fresh tracking-link click: its click id (still in the spool when the postback follows at once). */
  const click = async () => {
    const slug = `l${(linkN += 1)}`;
    expect((await admin('/v1/links', { method: 'POST', body: JSON.stringify({ slug, destination: 'https://shop.example/', utm: { source: 'dsp', medium: 'display' } }) })).status).toBe(201);
    const res = await fetch(`${server.url}/c/${slug}`, { redirect: 'manual' });
    return new URL(res.headers.get('location')!).searchParams.get('rl_cid')!;
  };

  beforeAll(async () => {
    server = await startSecurityServer({ port: 0, demo: false, quiet: true, adminToken: 'adm', writeKey: 'wk' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("refuses the issue's forged postback with the public write key (401) and stores nothing", async () => {
    const res = await fetch(`${server.url}/v1/postback?key=wk&click_id=nonexistent&order_id=FAKE-1&amount=99999.99&currency=EUR`);
    expect(res.status).toBe(401);
    expect((await res.json()).error).toBe('unauthorized');
    expect((await fetch(`${server.url}/v1/postback?key=wk&click_id=nonexistent&order_id=FAKE-1&amount=99999.99&currency=EUR`, { method: 'POST' })).status).toBe(401);
    const report = await kpis();
    expect(report.totals).toMatchObject({ conversions: 0, revenue: 0 });
  });

  it('postback sources: admin only, the secret shown once and never listed', async () => {
    expect((await fetch(`${server.url}/v1/postback-sources`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer wk' }, body: '{"name":"x"}' })).status).toBe(403);
    const res = await admin('/v1/postback-sources', { method: 'POST', body: JSON.stringify({ name: 'network' }) });
    expect(res.status).toBe(201);
    source = await res.json();
    expect(source.id).toMatch(/^pbs_/);
    expect(source.secret.length).toBeGreaterThan(30);
    expect((await admin('/v1/postback-sources', { method: 'POST', body: JSON.stringify({ name: 'network' }) })).status).toBe(409);
    expect((await admin('/v1/postback-sources', { method: 'POST', body: JSON.stringify({ name: 'bad', ip_allow: ['300.1.1.1'] }) })).status).toBe(400);
    const listed = JSON.stringify(await (await admin('/v1/postback-sources')).json());
    expect(listed).toContain(source.id);
    expect(listed).not.toContain(source.secret);
  });

  it('a postback needs the right secret or signature, a known click and a click at most 30 days old', async () => {
    const clickId = await click();
    const url = (q: string) => `${server.url}/v1/postback?${q}`;
    expect((await fetch(url(`source=${source.id}&secret=wrong&click_id=${clickId}&order_id=S-1&amount=120.00&currency=EUR`))).status).toBe(401);
    expect((await fetch(url(`source=pbs_nope&secret=${source.secret}&click_id=${clickId}&order_id=S-1&amount=120.00`))).status).toBe(401);
    const unknown = await fetch(url(`source=${source.id}&secret=${source.secret}&click_id=nonexistent&order_id=S-1&amount=120.00`));
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).error).toBe('unknown_click');
    // The click is still in the spool: it is known.
    const ok = await fetch(url(`source=${source.id}&secret=${source.secret}&click_id=${clickId}&order_id=S-1&amount=120.00&currency=EUR`));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ accepted: 1, duplicates: 0, click_found: true });
    // The same postback again is a duplicate, not an accepted event.
    const again = await fetch(url(`source=${source.id}&secret=${source.secret}&click_id=${clickId}&order_id=S-1&amount=120.00&currency=EUR`));
    expect(await again.json()).toMatchObject({ accepted: 0, duplicates: 1 });

    // Signed instead of a secret: HMAC-SHA256 of the raw query, keyed with the hex SHA-256 of the secret.
    const raw = `source=${source.id}&click_id=${clickId}&order_id=S-2&amount=30&currency=EUR`;
    expect((await fetch(url(raw), { headers: { 'x-roilens-signature': sign(source.secret, raw) } })).status).toBe(200);
    expect((await fetch(url(raw.replace('amount=30', 'amount=3000')), { headers: { 'x-roilens-signature': sign(source.secret, raw) } })).status).toBe(401);
    const body = JSON.stringify({ source: source.id, click_id: clickId, order_id: 'S-3', amount: '50', currency: 'EUR' });
    const post = await fetch(`${server.url}/v1/postback`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-roilens-signature': sign(source.secret, body) }, body });
    expect(post.status).toBe(200);

    // Without an order id a retry is a second sale unless it carries the same Idempotency-Key (design.md: writes that move money take one).
    const retried = () => fetch(url(`source=${source.id}&secret=${source.secret}&click_id=${clickId}&amount=7.00&currency=EUR`), { headers: { 'idempotency-key': 'net-retry-1' } });
    expect(await (await retried()).json()).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(await (await retried()).json()).toMatchObject({ accepted: 0, duplicates: 1 });
    const badKey = await fetch(url(`source=${source.id}&secret=${source.secret}&click_id=${clickId}&amount=7.00`), { headers: { 'idempotency-key': 'tab\there' } });
    expect(badKey.status).toBe(400);
    expect((await badKey.json()).issues[0].path).toBe('headers.idempotency-key');

    // A click 40 days old has expired.
    expect((await send([{ id: 'old-click', type: 'click', ts: hoursAgo(40 * 24), anonymous_id: 'a_old', click_id: 'ck_old' }])).status).toBe(200);
    const expired = await fetch(url(`source=${source.id}&secret=${source.secret}&click_id=ck_old&order_id=S-4&amount=10`));
    expect(expired.status).toBe(422);
    expect((await expired.json()).error).toBe('click_expired');

    // 120 + 30 + 50 + 7 (the retried one once), all verified, credited to the links' display channel.
    const report = await kpis();
    expect(report.rows.find((r: { channel: string }) => r.channel === 'display')).toMatchObject({ conversions: 4, revenue: 207, revenue_unverified: 0 });
  });

  it('an IP allow-list refuses other addresses', async () => {
    const res = await admin('/v1/postback-sources', { method: 'POST', body: JSON.stringify({ name: 'office only', ip_allow: ['203.0.113.0/24'] }) });
    const office = await res.json();
    const clickId = await click();
    expect((await fetch(`${server.url}/v1/postback?source=${office.id}&secret=${office.secret}&click_id=${clickId}&order_id=IP-1&amount=5`)).status).toBe(401);
    const local = await (await admin('/v1/postback-sources', { method: 'POST', body: JSON.stringify({ name: 'local', ip_allow: ['127.0.0.1', '::1'] }) })).json();
    expect((await fetch(`${server.url}/v1/postback?source=${local.id}&secret=${local.secret}&click_id=${clickId}&order_id=IP-1&amount=5`)).status).toBe(200);
  });

  it('id squatting: a write key cannot take a postback id; in-batch repeats are duplicates, not accepted (#4)', async () => {
    const squat = await send([{ id: `pb:${source.id}:SQ-1`, type: 'conversion', ts: hoursAgo(1), anonymous_id: 'a_sq', order_id: 'SQ-1', revenue: { amount: '1', currency: 'EUR' } }]);
    expect(squat.status).toBe(400);
    expect((await squat.json()).rejected[0].errors[0].path).toBe('id');
    const forgedFlag = await send([{ id: 'fl1', type: 'conversion', ts: hoursAgo(1), anonymous_id: 'a_sq', properties: { nested: { rl_verified: true } }, revenue: { amount: '1', currency: 'EUR' } }]);
    expect(forgedFlag.status).toBe(400);
    const clickId = await click();
    const pb = await fetch(`${server.url}/v1/postback?source=${source.id}&secret=${source.secret}&click_id=${clickId}&order_id=SQ-1&amount=70`);
    expect(await pb.json()).toMatchObject({ accepted: 1, event_id: `pb:${source.id}:SQ-1` });
    const twice = await send([{ id: 'dup1', type: 'page_view', ts: hoursAgo(1), anonymous_id: 'a_d' }, { id: 'dup1', type: 'page_view', ts: hoursAgo(1), anonymous_id: 'a_d' }]);
    expect(await twice.json()).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
    // Once stored (listing events drains the spool), sending it again is a duplicate too.
    expect((await admin('/v1/events?anonymous_id=a_d')).status).toBe(200);
    const again = await send([{ id: 'dup1', type: 'page_view', ts: hoursAgo(1), anonymous_id: 'a_d' }, { id: 'new1', type: 'page_view', ts: hoursAgo(1), anonymous_id: 'a_d' }]);
    expect(await again.json()).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
  });

  it('max_order_amount: set per workspace, enforced on events, postbacks and order imports', async () => {
    expect((await admin('/v1/workspace', { method: 'PATCH', body: JSON.stringify({ max_order_amount: 'lots' }) })).status).toBe(400);
    expect((await admin('/v1/workspace', { method: 'PATCH', body: JSON.stringify({ revenue_sources: 'some' }) })).status).toBe(400);
    expect((await admin('/v1/workspace', { method: 'PATCH', body: JSON.stringify({ max_order_amount: '1000.00' }) })).status).toBe(200);
    expect(await (await admin('/v1/workspace')).json()).toMatchObject({ max_order_amount: '1000', revenue_sources: null });
    const res = await send([
      { id: 'big1', type: 'conversion', ts: hoursAgo(1), anonymous_id: 'a_big', order_id: 'BIG-1', revenue: { amount: '250000', currency: 'EUR' } },
      { id: 'small1', type: 'conversion', ts: hoursAgo(1), anonymous_id: 'a_big', order_id: 'SMALL-1', revenue: { amount: '999.99', currency: 'EUR' } },
    ]);
    expect(res.status).toBe(200);
    const answer = await res.json();
    expect(answer.accepted).toBe(1);
    expect(answer.rejected).toEqual([{ index: 0, errors: [{ path: 'revenue.amount', message: expect.stringContaining('max_order_amount') }] }]);
    const clickId = await click();
    const pb = await fetch(`${server.url}/v1/postback?source=${source.id}&secret=${source.secret}&click_id=${clickId}&order_id=BIG-2&amount=5000`);
    expect(pb.status).toBe(400);
    expect((await pb.json()).issues[0].path).toBe('amount');
    const imported = await (await importCsv('orders', `order_id,customer_id,ts,amount,currency\nBIG-3,c1,${hoursAgo(2)},1000.01,EUR\nOK-3,c1,${hoursAgo(2)},10,EUR\n`)).json();
    expect(imported).toMatchObject({ valid: 1, stored: 1 });
    expect(imported.errors[0].path).toContain('BIG-3');
    expect((await admin('/v1/workspace', { method: 'PATCH', body: JSON.stringify({ max_order_amount: null }) })).status).toBe(200);
  });
});

describe('a backdated forged conversion does not change verified ROAS; an order cannot be taken over (issue 12 #1, #3)', () => {
  let server: SecurityServer;
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(server.url + path, { ...init, headers: { 'content-type': 'application/json', authorization: 'Bearer adm', ...(init.headers ?? {}) } });
  const send = (events: unknown[], token = 'wk') =>
    fetch(`${server.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ events }) });
  const report = async () => (await server.settle(), await admin(`/v1/kpis?by=channel&compare=none&from=${twoDaysAgo()}&to=${today()}`)).json();
  const row = (r: { rows: { channel: string }[] }, channel: string) => r.rows.find((x) => x.channel === channel) as Record<string, number | null> | undefined;

  beforeAll(async () => {
    server = await startSecurityServer({ port: 0, demo: false, quiet: true, adminToken: 'adm', writeKey: 'wk' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('only browser sales: counted (revenue_sources defaults to all) and shown as unverified', async () => {
    expect((await send([
      { id: 'b1', type: 'page_view', ts: hoursAgo(6), anonymous_id: 'a_b', url: 'https://shop.example/', utm: { source: 'news', medium: 'email' } },
      { id: 'b2', type: 'conversion', ts: hoursAgo(5.9), anonymous_id: 'a_b', order_id: 'B-1', revenue: { amount: '20', currency: 'EUR' } },
    ])).status).toBe(200);
    expect((await report()).totals).toMatchObject({ conversions: 1, revenue: 20, revenue_unverified: 20 });
  });

  it('display ROAS 0.44 from the imported order stays 0.44 after a forged €250,000 sale and a forged copy of the order', async () => {
    // cust1 sees a display ad and buys; the CRM import says order O-1 is 440 EUR. Display spend today: 1,000 EUR.
    expect((await send([{ id: 'v1', type: 'page_view', ts: hoursAgo(5), anonymous_id: 'a_v1', user_id: 'cust1', url: 'https://shop.example/', utm: { source: 'dsp', medium: 'display' } }])).status).toBe(200);
    const spend = await admin('/v1/import/spend', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: `date,channel,campaign,ad,cost,currency\n${today()},display,autumn,banner,1000.00,EUR\n` });
    expect(spend.status).toBe(200);
    const orders = await admin('/v1/import/orders', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: `order_id,customer_id,ts,amount,currency\nO-1,cust1,${hoursAgo(4)},440.00,EUR\n` });
    expect(await orders.json()).toMatchObject({ stored: 1 });
    // Now a verified source exists: the browser-only sale B-1 moves to revenue_unverified.
    const before = await report();
    expect(row(before, 'display')).toMatchObject({ conversions: 1, revenue: 440, roas: 0.44 });
    expect(before.totals).toMatchObject({ conversions: 1, revenue: 440, revenue_unverified: 20 });

    // The forgeries, with the public key: a backdated 250,000 EUR sale after a display view, and a copy of
    // O-1 one hour earlier than the real one by a visitor who came from an email.
    expect((await send([
      { id: 'f1', type: 'page_view', ts: hoursAgo(8), anonymous_id: 'a_f1', url: 'https://shop.example/', utm: { source: 'dsp', medium: 'display' } },
      { id: 'f2', type: 'conversion', ts: hoursAgo(7.9), anonymous_id: 'a_f1', order_id: 'FAKE-1', revenue: { amount: '250000.00', currency: 'EUR' } },
      { id: 'f3', type: 'page_view', ts: hoursAgo(5.5), anonymous_id: 'a_f2', url: 'https://shop.example/', utm: { source: 'news', medium: 'email' } },
      { id: 'f4', type: 'conversion', ts: hoursAgo(5.4), anonymous_id: 'a_f2', order_id: 'O-1', revenue: { amount: '1.00', currency: 'EUR' } },
    ])).status).toBe(200);
    const after = await report();
    expect(row(after, 'display')).toMatchObject({ conversions: 1, revenue: 440, roas: 0.44, revenue_unverified: 250000 });
    // The email visitor's copy of O-1 took nothing: B-1 (unverified, 20) is all email has.
    expect(row(after, 'email')).toMatchObject({ conversions: 0, revenue: 0, revenue_unverified: 20 });
    expect(after.totals).toMatchObject({ conversions: 1, revenue: 440, revenue_unverified: 250020 });

    // A server-side sale with the admin token (the server key) is verified: display 440 + 60 = 500.
    expect((await send([{ id: 's1', type: 'conversion', ts: hoursAgo(3), anonymous_id: 'a_v1', user_id: 'cust1', order_id: 'SRV-1', revenue: { amount: '60', currency: 'EUR' } }], 'adm')).status).toBe(200);
    expect(row(await report(), 'display')).toMatchObject({ conversions: 2, revenue: 500, roas: 0.5 });

    // Counting every source is the workspace's choice: then the forgery shows in revenue.
    expect((await admin('/v1/workspace', { method: 'PATCH', body: JSON.stringify({ revenue_sources: 'all' }) })).status).toBe(200);
    expect(row(await report(), 'display')).toMatchObject({ conversions: 3, revenue: 250500 });
    await expect((await admin('/v1/workspace')).json()).resolves.toMatchObject({ revenue_sources: 'all' });
  });
});
