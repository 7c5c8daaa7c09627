import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start.js';
import { tempDir } from '../helpers/temp.js';

const now = Date.now();
const iso = (offsetMinutes: number) => new Date(now + offsetMinutes * 60_000).toISOString();
const today = new Date(now).toISOString().slice(0, 10);
/** The first day of the events below (sent up to an hour ago: yesterday just after midnight UTC). */
const since = new Date(now - 60 * 60_000).toISOString().slice(0, 10);

describe('HTTP contract (design.md)', () => {
  let server: RunningServer;
  const tmp = tempDir();
  const post = (path: string, body: unknown, headers: Record<string, string> = { authorization: 'Bearer wk' }) =>
    fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const admin = (path: string) => fetch(server.url + path, { headers: { authorization: 'Bearer adm' } });

  beforeAll(async () => {
    server = await startServer({ dbPath: `${tmp.dir}/db.duckdb`, port: 0, demo: false, quiet: true, adminToken: 'adm', writeKey: 'wk' });
  });
  afterAll(async () => {
    await server.close();
    tmp.cleanup();
  });

  it('answers /health', async () => {
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    expect((await res.json()).status).toBe('ok');
  });

  it('stores the valid events of a batch and reports the bad ones by index and field', async () => {
    const res = await post('/v1/events', {
      events: [
        { id: 'ev-1', type: 'page_view', ts: iso(-60), anonymous_id: 'anon-1', session_id: 's-1', url: 'https://shop.example/?utm_source=google&utm_medium=cpc', utm: { source: 'google', medium: 'cpc', campaign: 'brand' } },
        { id: 'ev-2', type: 'teleport', ts: iso(-59), anonymous_id: 'anon-1' },
        { id: 'ev-3', type: 'conversion', ts: iso(-58), anonymous_id: 'anon-1', order_id: 'ord-1', revenue: { amount: '-5', currency: 'EUR' } },
        { id: 'ev-4', type: 'conversion', ts: iso(-57), anonymous_id: 'anon-1', order_id: 'ord-1', revenue: { amount: '49.90', currency: 'EUR' } },
        { id: 'ev-5', type: 'lead', ts: iso(60 * 48), anonymous_id: 'anon-1' },
        { id: 'ev-6', type: 'conversion', ts: iso(-56), anonymous_id: 'anon-1', revenue: { amount: '10', currency: 'EURO' } },
        { type: 'page_view', ts: iso(-55), anonymous_id: 'anon-1' },
      ],
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.accepted).toBe(2);
    const byIndex = Object.fromEntries(body.rejected.map((r: { index: number; errors: { path: string }[] }) => [r.index, r.errors.map((e) => e.path)]));
    expect(byIndex).toEqual({ 1: ['type'], 2: ['revenue.amount'], 4: ['ts'], 5: ['revenue.currency'], 6: ['id'] });
  });

  it('answers 400 when nothing is valid, for malformed JSON and for too many events', async () => {
    const none = await post('/v1/events', { events: [{ id: 'x', type: 'nope', ts: iso(0), anonymous_id: 'a' }] });
    expect(none.status).toBe(400);
    expect((await none.json()).rejected[0].errors[0].path).toBe('type');
    const malformed = await post('/v1/events', '{"events": [');
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error).toBe('invalid_json');
    const many = await post('/v1/events', { events: Array.from({ length: 1001 }, (_, i) => ({ id: `m${i}`, type: 'custom', ts: iso(0), anonymous_id: 'a' })) });
    expect(many.status).toBe(400);
    expect((await many.json()).message).toMatch(/at most 1000/);
    const beaconGarbage = await fetch(`${server.url}/v1/events?key=wk`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'events=1' });
    expect(beaconGarbage.status).toBe(400);
    expect((await beaconGarbage.json()).error).toBe('invalid_json');
    const notBatch = await post('/v1/events', { event: {} });
    expect(notBatch.status).toBe(400);
  });

  it('answers 413 for a body over 1 MB', async () => {
    const big = { events: [{ id: 'big', type: 'custom', ts: iso(0), anonymous_id: 'a', properties: { blob: 'x'.repeat(1_100_000) } }] };
    const res = await post('/v1/events', big);
    expect(res.status).toBe(413);
  });

  it('needs the write key (header or ?key=) and the admin token', async () => {
    expect((await post('/v1/events', { events: [] }, {})).status).toBe(401);
    expect((await post('/v1/events', { events: [] }, { authorization: 'Bearer nope' })).status).toBe(401);
    const viaQuery = await fetch(`${server.url}/v1/events?key=wk`, {
      method: 'POST', headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ events: [{ id: 'beacon-1', type: 'custom', name: 'scroll', ts: iso(-1), anonymous_id: 'anon-2' }] }),
    });
    expect(viaQuery.status).toBe(200);
    expect((await fetch(`${server.url}/v1/events?anonymous_id=anon-1`)).status).toBe(401);
    expect((await fetch(`${server.url}/v1/events?anonymous_id=anon-1`, { headers: { authorization: 'Bearer wk' } })).status).toBe(403);
  });

  it('lists stored events of a visitor, each once even when re-sent', async () => {
    await post('/v1/events', { events: [{ id: 'ev-1', type: 'page_view', ts: iso(-60), anonymous_id: 'anon-1', session_id: 's-1' }] });
    const res = await admin('/v1/events?anonymous_id=anon-1');
    expect(res.status).toBe(200);
    const { events } = await res.json();
    expect(events.map((e: { id: string }) => e.id)).toEqual(['ev-1', 'ev-4']);
    expect(events[0]).toMatchObject({ type: 'page_view', channel: 'paid_search', utm: { source: 'google', medium: 'cpc', campaign: 'brand' } });
    expect(events[1].revenue).toEqual({ amount: '49.9', currency: 'EUR' });
  });

  it('counts accepted events in /v1/kpis, credited to the last non-direct click', async () => {
    const res = await admin(`/v1/kpis?by=channel&from=${since}&to=${today}`);
    expect(res.status).toBe(200);
    const report = await res.json();
    const search = report.rows.find((r: { channel: string }) => r.channel === 'paid_search');
    expect(search).toMatchObject({ conversions: 1, revenue: 49.9, sessions: 1 });
    expect(report.totals.conversions).toBe(1);
    expect(report.previous.totals.conversions).toBe(0);
    const bad = await admin('/v1/kpis?by=planet');
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toMatch(/by/);
    const badDate = await admin('/v1/kpis?from=2026-02-30&to=2026-03-01');
    expect(badDate.status).toBe(400);
  });

  it('follows a tracking link: records the click, redirects with the click id and UTMs; a postback converts it', async () => {
    const created = await fetch(`${server.url}/v1/links`, {
      method: 'POST', headers: { authorization: 'Bearer adm', 'content-type': 'application/json' },
      body: JSON.stringify({ slug: 'spring', destination: 'https://shop.example/sale?x=1', utm: { source: 'partner_blog', medium: 'affiliate', campaign: 'spring' } }),
    });
    expect(created.status).toBe(201);
    const res = await fetch(`${server.url}/c/spring`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const target = new URL(res.headers.get('location')!);
    expect(target.origin + target.pathname).toBe('https://shop.example/sale');
    expect(target.searchParams.get('x')).toBe('1');
    expect(target.searchParams.get('utm_medium')).toBe('affiliate');
    const clickId = target.searchParams.get('rl_cid')!;
    expect(clickId).toMatch(/^rl_/);
    const anon = /rl_aid=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1];

    // A postback proves its source with the source's secret (issue 12 #1).
    const source = await (await fetch(`${server.url}/v1/postback-sources`, { method: 'POST', headers: { authorization: 'Bearer adm', 'content-type': 'application/json' }, body: JSON.stringify({ name: 'affiliate network' }) })).json();
    const pbUrl = `${server.url}/v1/postback?source=${source.id}&secret=${source.secret}&click_id=${clickId}&order_id=aff-1&amount=120.00&currency=EUR`;
    const pb = await fetch(pbUrl);
    expect(pb.status).toBe(200);
    expect((await pb.json()).click_found).toBe(true);
    // The same postback again is the same sale.
    expect(await (await fetch(pbUrl)).json()).toMatchObject({ accepted: 0, duplicates: 1 });
    const events = (await (await admin(`/v1/events?anonymous_id=${decodeURIComponent(anon)}`)).json()).events;
    expect(events.map((e: { type: string }) => e.type)).toEqual(['click', 'conversion']);
    expect(events[0].channel).toBe('affiliates');
    const kpis = await (await admin(`/v1/kpis?by=channel&from=${since}&to=${today}`)).json();
    expect(kpis.rows.find((r: { channel: string }) => r.channel === 'affiliates')).toMatchObject({ conversions: 1, revenue: 120 });

    expect((await fetch(`${server.url}/v1/postback?source=${source.id}&secret=${source.secret}`)).status).toBe(400);
    expect((await fetch(`${server.url}/v1/postback?key=wk&click_id=${clickId}`)).status).toBe(401);
    expect((await fetch(`${server.url}/c/nope`, { redirect: 'manual' })).status).toBe(404);
  });

  it('serves the pixel, the snippet (under 3 KB gzipped) and the OpenAPI document', async () => {
    const gif = await fetch(`${server.url}/p.gif?key=wk&anonymous_id=px-1&utm_source=criteo&utm_medium=display`);
    expect(gif.status).toBe(200);
    expect(gif.headers.get('content-type')).toBe('image/gif');
    const stored = (await (await admin('/v1/events?anonymous_id=px-1')).json()).events;
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ type: 'impression', channel: 'display' });

    const js = await fetch(`${server.url}/s.js`);
    expect(js.status).toBe(200);
    expect(gzipSync(Buffer.from(await js.arrayBuffer())).length).toBeLessThan(3072);

    const doc = await (await fetch(`${server.url}/openapi.json`)).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/events', '/v1/kpis', '/v1/postback', '/c/{slug}', '/health']));
    expect((await fetch(`${server.url}/docs`, { redirect: 'follow' })).status).toBe(200);
  });

  it('imports spend over the API: bad lines named, good lines kept, re-import replaces', async () => {
    const csv = `date,channel,campaign,ad,cost,currency,impressions,clicks\n${today},paid_search,brand,a1,40.00,EUR,1000,50\n${today},paid_search,brand,a2,-3,EUR,10,1\n${today},display,retarget,b1,12.5,EUR,5000,20\n`;
    const send = () => fetch(`${server.url}/v1/import/spend`, { method: 'POST', headers: { authorization: 'Bearer adm', 'content-type': 'text/csv' }, body: csv });
    const res = await send();
    expect(res.status).toBe(200);
    const outcome = await res.json();
    expect(outcome.stored).toBe(2);
    expect(outcome.errors).toEqual([{ path: 'line 3: cost', message: 'must not be negative' }]);
    await send();
    const kpis = await (await admin(`/v1/kpis?from=${today}&to=${today}`)).json();
    expect(kpis.totals.spend).toBe(52.5);
    expect(kpis.totals.clicks).toBe(70);
    const missing = await fetch(`${server.url}/v1/import/spend`, { method: 'POST', headers: { authorization: 'Bearer adm', 'content-type': 'text/csv' }, body: 'date,cost\n' });
    expect(missing.status).toBe(400);
  });
});
