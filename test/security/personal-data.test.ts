/**
 * Issue 12 #14: e-mails and phones are stored only as HMAC(workspace salt, SHA-256(normalised
 * value)); a CRM's plain SHA-256 still joins the person; a disposable-domain flag is kept;
 * erasing a person leaves nothing of them in any answer nor in what the store keeps (the DuckDB
 * file's bytes; on scale every row of the ClickHouse and PostgreSQL tables); a retention period
 * deletes old events. Independent references: the SHA-256 of the addresses is computed here with
 * node:crypto, the HMAC with the salt read straight from the store.
 */
import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roilens } from '../helpers/roilens-cli.js';
import { onScale, startSecurityServer, type SecurityServer } from '../helpers/security-server.js';

const now = Date.now();
const iso = (offsetMinutes: number) => new Date(now + offsetMinutes * 60_000).toISOString();
const today = new Date(now).toISOString().slice(0, 10);
/** The first day of the events below (sent up to an hour ago: yesterday just after midnight UTC). */
const since = new Date(now - 60 * 60_000).toISOString().slice(0, 10);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

// Ana: a device, a user id, her e-mail and phone in identify traits, a paid visit and a sale.
// Bob: a disposable address. Cleo: a lead imported from a CRM with only SHA-256(e-mail).
const anaEvents = [
  { id: 'a1', type: 'page_view', ts: iso(-60), anonymous_id: 'anon-ana-7f3', url: 'https://shop.example/?ref=x', utm: { source: 'google', medium: 'cpc' } },
  { id: 'a2', type: 'custom', name: 'identify', ts: iso(-58), anonymous_id: 'anon-ana-7f3', user_id: 'user-ana-5c1', properties: { email: ' Ana.Lopez@Example.com ', phone: '+49 (30) 1234-5678', plan: 'pro' } },
  { id: 'a3', type: 'conversion', ts: iso(-50), anonymous_id: 'anon-ana-7f3', user_id: 'user-ana-5c1', order_id: 'ANA-1', revenue: { amount: '80', currency: 'EUR' } },
  { id: 'a4', type: 'page_view', ts: iso(-40), anonymous_id: 'anon-ana-phone', user_id: 'user-ana-5c1', url: 'https://shop.example/contact?email=ana.lopez%40example.com' },
];
const bobEvents = [
  { id: 'b1', type: 'page_view', ts: iso(-30), anonymous_id: 'anon-bob-2d9', url: 'https://shop.example/', utm: { source: 'newsletter', medium: 'email' } },
  { id: 'b2', type: 'custom', name: 'identify', ts: iso(-29), anonymous_id: 'anon-bob-2d9', user_id: 'user-bob-8e0', properties: { email: 'bob@mailinator.com' } },
  { id: 'b3', type: 'conversion', ts: iso(-28), anonymous_id: 'anon-bob-2d9', user_id: 'user-bob-8e0', order_id: 'BOB-1', revenue: { amount: '20', currency: 'EUR' } },
];
const clearValues = ['Ana.Lopez@Example.com', 'ana.lopez@example.com', 'ana.lopez%40example.com', 'bob@mailinator.com', '493012345678', '1234-5678'];

describe('personal data', () => {
  let server: SecurityServer;
  /** Every byte (embedded) or row (scale) the store keeps, read with the server stopped; then it starts again. */
  const storedWithServerStopped = async () => {
    await server.settle();
    await server.stop();
    const text = await server.storedText();
    const salt = await server.setting('workspace.default.privacy_salt');
    await server.start();
    return { text, salt };
  };
  const admin = (path: string, init: { method?: string; body?: string; type?: string } = {}) =>
    fetch(server.url + path, { method: init.method ?? 'GET', headers: { authorization: 'Bearer adm', ...(init.type ? { 'content-type': init.type } : {}) }, body: init.body });
  const json = async (path: string) => (await admin(path)).json();
  const send = async (events: unknown[]) => {
    const res = await fetch(`${server.url}/v1/events`, { method: 'POST', headers: { authorization: 'Bearer wk', 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
    expect(res.status).toBe(200);
    const answer = await res.json();
    await server.settle();
    return answer;
  };
  const identify = async (anonymousId: string) => (await json(`/v1/events?anonymous_id=${anonymousId}`)).events.find((e: { name?: string }) => e.name === 'identify');

  beforeAll(async () => {
    server = await startSecurityServer({ port: 0, demo: false, quiet: true, adminToken: 'adm', writeKey: 'wk' });
    expect((await send([...anaEvents, ...bobEvents])).accepted).toBe(7);
    // The CRM knows Cleo and Ana only by SHA-256 of the address (Ana's in another case, with spaces): both as the CRM exports them.
    const leads = `lead_id,created_at,email_hash,mql_at\nL-ANA,${iso(-45)},${sha256('ana.lopez@example.com').toUpperCase()},${iso(-44)}\nL-CLEO,${iso(-45)},${sha256('cleo@example.org')},\n`;
    const imported = await admin('/v1/import/leads', { method: 'POST', body: leads, type: 'text/csv' });
    expect(imported.status).toBe(200);
    // Browser sales count beside imported ones here, so the totals below are simple sums.
    expect((await admin('/v1/workspace', { method: 'PATCH', body: JSON.stringify({ revenue_sources: 'all' }), type: 'application/json' })).status).toBe(200);
    const orders = `order_id,customer_id,date,amount,currency,email\nANA-2,user-ana-5c1,${today},15,EUR,ana.lopez@example.com\n`;
    expect((await admin('/v1/import/orders', { method: 'POST', body: orders, type: 'text/csv' })).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('stores e-mails and phones as pseudonyms, with the disposable flag taken before hashing', async () => {
    const ana = await identify('anon-ana-7f3');
    expect(ana.properties).not.toHaveProperty('email');
    expect(ana.properties).not.toHaveProperty('phone');
    expect(ana.properties.plan).toBe('pro');
    expect(ana.properties.email_hash).toMatch(/^[0-9a-f]{64}$/);
    // Not the plain SHA-256 (anyone could hash a list of addresses to find it).
    expect(ana.properties.email_hash).not.toBe(sha256('ana.lopez@example.com'));
    expect(ana.properties.phone_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(ana.properties.email_disposable).toBe(false);
    expect((await identify('anon-bob-2d9')).properties.email_disposable).toBe(true);
    // An address in a URL is masked.
    const page = (await json('/v1/events?anonymous_id=anon-ana-phone')).events[0];
    expect(page.url).toBe('https://shop.example/contact?email=[email]');
    // The salt is never answered.
    const ws = JSON.stringify(await json('/v1/workspace'));
    expect(ws).not.toMatch(/salt/i);
  });

  it('joins the CRM lead given as a plain SHA-256 to the person (funnel credited to her paid visit)', async () => {
    const funnel = await json(`/v1/customers/funnel?from=${since}&to=${today}&by=channel`);
    const byKey = Object.fromEntries(funnel.rows.map((c: { key: string; stages: { stage: string; count: number }[] }) => [c.key, c.stages[0].count]));
    // L-ANA meets Ana's e-mail pseudonym, so her google/cpc visit gets it; L-CLEO has no one.
    expect(byKey.paid_search).toBe(1);
  });

  it('keeps no clear e-mail or phone anywhere on disk, and the stored pseudonym is HMAC(salt, SHA-256(address))', async () => {
    const before = (await identify('anon-ana-7f3')).properties.email_hash;
    const { text, salt } = await storedWithServerStopped();
    expect(text).toContain('anon-ana-7f3'); // the check reads the stored data
    for (const value of clearValues) expect(text.includes(value), value).toBe(false);
    expect(salt).toMatch(/^[0-9a-f]{64}$/);
    expect(before).toBe(createHmac('sha256', salt!).update(sha256('ana.lopez@example.com')).digest('hex'));
  }, 60_000);

  it('refuses a bad retention period naming the field', async () => {
    for (const bad of [0, -3, 1.5, 'a month', 40000]) {
      const res = await admin('/v1/workspace', { method: 'PATCH', body: JSON.stringify({ retention_days: bad }), type: 'application/json' });
      expect(res.status, String(bad)).toBe(400);
      expect((await res.json()).issues[0].path).toMatch(/retention_days/);
    }
  });

  it('erases a person: every report and export answers nothing of her, and the file bytes lose her ids', async () => {
    const before = await json(`/v1/kpis?from=${since}&to=${today}&by=total`);
    expect(before.totals.conversions).toBe(3); // ANA-1, ANA-2 (imported order), BOB-1

    const res = await admin('/v1/people/anon-ana-7f3', { method: 'DELETE' });
    expect(res.status).toBe(200);
    // Her 4 events (1 identify), the imported order ANA-2, the lead L-ANA; two devices, one user id.
    // Compacted: the DuckDB file was rewritten (scale has no file; ClickHouse's mutation rewrote the parts).
    expect(await res.json()).toEqual({ removed: { events: 4, traits: 1, orders: 1, leads: 1 }, anonymous_ids: 2, user_ids: 1, compacted: !onScale });

    for (const q of ['anonymous_id=anon-ana-7f3', 'anonymous_id=anon-ana-phone', 'user_id=user-ana-5c1']) expect((await json(`/v1/events?${q}`)).events).toEqual([]);
    const after = await json(`/v1/kpis?from=${since}&to=${today}&by=total`);
    expect(after.totals.conversions).toBe(1);
    expect(Number(after.totals.revenue)).toBe(20);
    expect((await admin('/v1/customers/user-ana-5c1')).status).toBe(404);
    const funnel = await json(`/v1/customers/funnel?from=${since}&to=${today}&by=channel`);
    expect(funnel.stages[0].count).toBe(1); // L-CLEO only
    expect((await admin('/v1/segments', { method: 'POST', body: JSON.stringify({ id: 'all-buyers', name: 'Buyers', conditions: [{ kind: 'orders', min_count: 1 }] }), type: 'application/json' })).status).toBe(201);
    const csv = await (await admin('/v1/segments/all-buyers/export')).text();
    expect(csv).toContain('user-bob-8e0');
    expect(csv).not.toMatch(/ana/);
    // Bob is untouched.
    expect((await json('/v1/events?anonymous_id=anon-bob-2d9')).events).toHaveLength(3);

    const { text } = await storedWithServerStopped();
    for (const id of ['anon-ana-7f3', 'anon-ana-phone', 'user-ana-5c1', 'ANA-1', 'ANA-2', 'L-ANA']) expect(text.includes(id), id).toBe(false);
    expect(text.includes('anon-bob-2d9')).toBe(true);
  }, 120_000);

  // The CLI works on a DuckDB file (directly, or through the server holding it); on scale the same request goes to the API.
  it('an e-mail address names a person too, through the CLI or the API (by its pseudonym)', async () => {
    let erased: unknown;
    if (onScale) {
      const res = await admin('/v1/people/Bob@Mailinator.com', { method: 'DELETE' });
      expect(res.status).toBe(200);
      erased = await res.json();
    } else {
      const res = await roilens('people', 'erase', 'Bob@Mailinator.com', '--format', 'json', '--db', server.dbPath);
      expect(res.code, res.stderr).toBe(0);
      erased = JSON.parse(res.stdout);
    }
    expect(erased).toMatchObject({ removed: { events: 3, traits: 1, orders: 0, leads: 0 }, anonymous_ids: 1, user_ids: 1 });
    expect((await json('/v1/events?anonymous_id=anon-bob-2d9')).events).toEqual([]);
    const bad = await admin(`/v1/people/${'x'.repeat(300)}`, { method: 'DELETE' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).issues[0].path).toBe('id');
  }, 60_000);

  it('a retention period deletes the events older than it (server and CLI)', async () => {
    const day = 24 * 60;
    await send([
      { id: 'r-old', type: 'page_view', ts: iso(-40 * day), anonymous_id: 'anon-old' },
      { id: 'r-edge', type: 'page_view', ts: iso(-29 * day), anonymous_id: 'anon-edge' },
      { id: 'r-new', type: 'page_view', ts: iso(-1), anonymous_id: 'anon-new' },
    ]);
    const kept = await (await admin('/v1/retention/apply', { method: 'POST' })).json();
    expect(kept).toEqual({ retention_days: null, cutoff: null, deleted: 0, compacted: false });
    const patched = await admin('/v1/workspace', { method: 'PATCH', body: JSON.stringify({ retention_days: 30 }), type: 'application/json' });
    expect(patched.status).toBe(200);
    expect((await json('/v1/workspace')).retention_days).toBe(30);
    // Through the CLI (embedded: via the server holding the file), or on scale the API it calls.
    if (onScale) {
      expect(await (await admin('/v1/retention/apply', { method: 'POST' })).json()).toMatchObject({ retention_days: 30, deleted: 1 });
    } else {
      const cli = await roilens('retention', 'apply', '--format', 'json', '--db', server.dbPath);
      expect(cli.code, cli.stderr).toBe(0);
      expect(JSON.parse(cli.stdout)).toMatchObject({ retention_days: 30, deleted: 1 });
    }
    expect((await json('/v1/events?anonymous_id=anon-old')).events).toEqual([]);
    expect((await json('/v1/events?anonymous_id=anon-edge')).events).toHaveLength(1);
    expect((await json('/v1/events?anonymous_id=anon-new')).events).toHaveLength(1);
    // 10 days: the 29-day-old visit goes too.
    await admin('/v1/workspace', { method: 'PATCH', body: JSON.stringify({ retention_days: 10 }), type: 'application/json' });
    expect(await (await admin('/v1/retention/apply', { method: 'POST' })).json()).toMatchObject({ deleted: 1 });
    expect((await json('/v1/events?anonymous_id=anon-edge')).events).toEqual([]);
    await admin('/v1/workspace', { method: 'PATCH', body: JSON.stringify({ retention_days: null }), type: 'application/json' });
    expect((await json('/v1/workspace')).retention_days).toBeNull();
  }, 60_000);

  it("the server's own job applies the retention period (a second after start, then hourly)", async () => {
    await send([{ id: 'r-job', type: 'page_view', ts: iso(-20 * 24 * 60), anonymous_id: 'anon-job' }]);
    await admin('/v1/workspace', { method: 'PATCH', body: JSON.stringify({ retention_days: 7 }), type: 'application/json' });
    expect((await json('/v1/events?anonymous_id=anon-job')).events).toHaveLength(1);
    await server.stop();
    await server.start();
    let left = 1;
    for (let i = 0; i < 100 && left > 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      left = (await json('/v1/events?anonymous_id=anon-job')).events.length;
    }
    expect(left).toBe(0);
    expect((await json('/v1/events?anonymous_id=anon-new')).events).toHaveLength(1);
  }, 60_000);
});
