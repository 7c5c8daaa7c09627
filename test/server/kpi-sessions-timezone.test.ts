/**
 * Issue 11 #2 and #11 over HTTP: server-side page views without session_id count as
 * sessions, page views and visitors; the workspace time zone (PATCH /v1/workspace)
 * sets the day buckets and the range of /v1/kpis. Expected numbers are hand-computed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start.js';
import { tempDir } from '../helpers/temp.js';

describe('KPIs: server-side sessions and workspace time zones (HTTP)', () => {
  let server: RunningServer;
  const tmp = tempDir();
  const send = (events: unknown[]) =>
    fetch(`${server.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer wk' }, body: JSON.stringify({ events }) });
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(server.url + path, { ...init, headers: { 'content-type': 'application/json', authorization: 'Bearer adm', ...(init.headers ?? {}) } });
  const kpis = async (query: string) => (await admin(`/v1/kpis?compare=none&${query}`)).json();
  const pv = (id: string, anon: string, ts: string, path = '/') => ({ id, type: 'page_view', ts, anonymous_id: anon, url: `https://shop.example${path}` });

  beforeAll(async () => {
    server = await startServer({ dbPath: `${tmp.dir}/db.duckdb`, port: 0, demo: false, quiet: true, adminToken: 'adm', writeKey: 'wk' });
    const res = await send([
      // s1: 21:00 and 21:20 UTC (one session); s1 again at 22:00 (40 min later: a second session)
      pv('a1', 's1', '2026-05-04T21:00:00.000Z'), pv('a2', 's1', '2026-05-04T21:20:00.000Z', '/p'), pv('a3', 's1', '2026-05-04T22:00:00.000Z'),
      // s2: 19:00 UTC, and a sale without session at 19:05
      pv('b1', 's2', '2026-05-04T19:00:00.000Z'),
      { id: 'b2', type: 'conversion', ts: '2026-05-04T19:05:00.000Z', anonymous_id: 's2', order_id: 'ob', revenue: { amount: '25.00', currency: 'EUR' } },
    ]);
    expect(res.status).toBe(200);
  });
  afterAll(async () => {
    await server.close();
    tmp.cleanup();
  });

  it('counts server-side page views without session_id as sessions, page views and visitors', async () => {
    const report = await kpis('from=2026-05-04&to=2026-05-05');
    // Sessions: s1 21:00–21:20 (2 pages), s1 22:00 (1), s2 19:00 (1) → 3 sessions, 4 page views, 2 visitors, 2 bounces.
    expect(report.totals).toMatchObject({ sessions: 3, page_views: 4, unique_visitors: 2, bounce_rate: 2 / 3, pages_per_session: 4 / 3, time_per_session: 400 });
    expect(report.totals.conversion_rate).toBeCloseTo(1 / 3, 12);
  });

  it('PATCH /v1/workspace validates the time zone (IANA, canonical spelling)', async () => {
    const bad = await admin('/v1/workspace', { method: 'PATCH', body: JSON.stringify({ timezone: 'Mars/Olympus_Mons' }) });
    expect(bad.status).toBe(400);
    expect((await bad.json()).issues).toEqual([{ path: 'body.timezone', message: expect.stringMatching(/IANA/) }]);
    const ok = await admin('/v1/workspace', { method: 'PATCH', body: JSON.stringify({ timezone: 'asia/tehran' }) });
    expect(ok.status).toBe(200);
    expect((await (await admin('/v1/workspace')).json()).timezone).toBe('Asia/Tehran');
  });

  it('buckets days at local midnight and filters ranges in the workspace time zone (Asia/Tehran, +03:30)', async () => {
    // Local times: s2 22:30 and its sale 22:35 on May 4; s1 00:30, 00:50 and 01:30 on May 5.
    const byDay = await kpis('by=day&from=2026-05-04&to=2026-05-05');
    const day = (d: string) => byDay.rows.find((r: { day: string }) => r.day === d);
    expect(day('2026-05-04')).toMatchObject({ sessions: 1, page_views: 1, conversions: 1, revenue: 25 });
    expect(day('2026-05-05')).toMatchObject({ sessions: 2, page_views: 3, conversions: 0 });
    const may5 = await kpis('from=2026-05-05&to=2026-05-05');
    expect(may5.totals).toMatchObject({ sessions: 2, page_views: 3, unique_visitors: 1, conversions: 0 });
  });

  it('Asia/Ho_Chi_Minh (+07:00) puts every event on May 5', async () => {
    expect((await admin('/v1/workspace', { method: 'PATCH', body: JSON.stringify({ timezone: 'Asia/Ho_Chi_Minh' }) })).status).toBe(200);
    const byDay = await kpis('by=day&from=2026-05-04&to=2026-05-05');
    expect(byDay.rows.filter((r: { sessions: number }) => r.sessions > 0).map((r: { day: string; sessions: number }) => [r.day, r.sessions])).toEqual([['2026-05-05', 3]]);
  });
});

describe('KPIs: tracked clicks from tracking links and postbacks (HTTP, issue 11 #3)', () => {
  let server: RunningServer;
  const tmp = tempDir();
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(server.url + path, { ...init, headers: { 'content-type': 'application/json', authorization: 'Bearer adm', ...(init.headers ?? {}) } });

  beforeAll(async () => {
    server = await startServer({ dbPath: `${tmp.dir}/db.duckdb`, port: 0, demo: false, quiet: true, adminToken: 'adm', writeKey: 'wk' });
  });
  afterAll(async () => {
    await server.close();
    tmp.cleanup();
  });

  it('two link clicks and a postback of the first count 2 tracked_clicks; clicks stays 0 without ad-platform data', async () => {
    const created = await admin('/v1/links', { method: 'POST', body: JSON.stringify({ slug: 'spring-kpi', destination: 'https://shop.example/sale', utm: { source: 'newsletter', medium: 'email' } }) });
    expect(created.status).toBeLessThan(300);
    const first = await fetch(`${server.url}/c/spring-kpi`, { redirect: 'manual' });
    expect(first.status).toBe(302);
    const clickId = new URL(first.headers.get('location')!).searchParams.get('rl_cid')!;
    expect((await fetch(`${server.url}/c/spring-kpi`, { redirect: 'manual' })).status).toBe(302);
    const source = await (await admin('/v1/postback-sources', { method: 'POST', body: JSON.stringify({ name: 'shop' }) })).json();
    const pb = await fetch(`${server.url}/v1/postback?source=${source.id}&secret=${source.secret}&click_id=${clickId}&order_id=pb1&amount=30&currency=EUR`);
    expect(pb.status).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    const report = await (await admin(`/v1/kpis?by=channel&compare=none&from=${today}&to=${today}`)).json();
    expect(report.totals).toMatchObject({ tracked_clicks: 2, clicks: 0 });
    expect(report.rows.find((r: { channel: string }) => r.channel === 'email')).toMatchObject({ tracked_clicks: 2, conversions: 1, revenue: 30 });
    expect((await (await admin('/v1/metrics')).json()).metrics.map((m: { name: string }) => m.name)).toEqual(expect.arrayContaining(['clicks', 'tracked_clicks']));
  });
});
