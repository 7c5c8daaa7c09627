/**
 * Issue 11 #11 over HTTP beyond the KPIs: after PATCH /v1/workspace {"timezone"}, attribution,
 * the CRM funnel and cohorts cut their ranges and buckets at local midnight. Every sale, lead
 * and visit lies on another local day than its UTC day; the answers are worked out by hand:
 *
 *   UTC                      Asia/Tehran (+03:30)   Asia/Ho_Chi_Minh (+07:00)
 *   visit va pa 31 Jan 20:00 Sat 31 Jan 23:30      Sun 1 Feb 03:00   paid search
 *   order oa1 pa 31 Jan 21:00 Sun 1 Feb 00:30      Sun 1 Feb 04:00   100 EUR
 *   visit ve pe 31 Jan 21:10 Sun 1 Feb 00:40       Sun 1 Feb 04:10   paid search, no sale
 *   sale ob1 pb 1 Feb 19:00   Sun 1 Feb 22:30      Mon 2 Feb 02:00    40 EUR
 *   sale oc1 pc 1 Feb 21:00   Mon 2 Feb 00:30      Mon 2 Feb 04:00    80 EUR
 *   lead L4 31 Jan 20:45 → 1 Feb (both); L1 31 Jan 21:00 → 1 Feb (both; MQL two days later);
 *   lead L2 1 Feb 20:00 → 1 Feb (Tehran), 2 Feb (HCM); L3 1 Feb 21:00 → 2 Feb (both)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start.js';
import { tempDir } from '../helpers/temp.js';

describe('reports in the workspace time zone (HTTP): attribution, CRM funnel, cohorts', () => {
  let server: RunningServer;
  const tmp = tempDir();
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(server.url + path, { ...init, headers: { 'content-type': 'application/json', authorization: 'Bearer adm', ...(init.headers ?? {}) } });
  const get = async (path: string) => {
    const res = await admin(path);
    expect(res.status, path).toBe(200);
    return res.json();
  };
  const setZone = async (timezone: string) => expect((await admin('/v1/workspace', { method: 'PATCH', body: JSON.stringify({ timezone }) })).status).toBe(200);
  const importCsv = async (kind: string, body: string) => {
    const res = await fetch(`${server.url}/v1/import/${kind}`, { method: 'POST', headers: { authorization: 'Bearer adm', 'content-type': 'text/csv' }, body });
    expect(res.status, await res.text()).toBe(200);
  };
  const visit = (id: string, anon: string, ts: string) =>
    ({ id, type: 'page_view', ts, anonymous_id: anon, session_id: `s_${id}`, url: 'https://shop.example/?utm_source=google&utm_medium=cpc' });
  const sale = (id: string, anon: string, ts: string, amount: string) =>
    ({ id, type: 'conversion', ts, anonymous_id: anon, order_id: `o${id}`, revenue: { amount, currency: 'EUR' } });
  const day = 'from=2026-02-01&to=2026-02-01';

  beforeAll(async () => {
    server = await startServer({ dbPath: `${tmp.dir}/db.duckdb`, port: 0, demo: false, quiet: true, adminToken: 'adm', writeKey: 'wk' });
    const events = [
      visit('va', 'pa', '2026-01-31T20:00:00.000Z'), visit('ve', 'pe', '2026-01-31T21:10:00.000Z'),
      sale('b1', 'pb', '2026-02-01T19:00:00.000Z', '40.00'), sale('c1', 'pc', '2026-02-01T21:00:00.000Z', '80.00'),
    ];
    const sent = await fetch(`${server.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer wk' }, body: JSON.stringify({ events }) });
    expect(sent.status).toBe(200);
    await importCsv('orders', 'order_id,customer_id,ts,amount,currency\noa1,pa,2026-01-31T21:00:00Z,100.00,EUR\n');
    // Write-key sales and imports, all counted (issue 12 #1: the default would count only verified sales).
    expect((await admin('/v1/workspace', { method: 'PATCH', body: JSON.stringify({ revenue_sources: 'all' }) })).status).toBe(200);
    await importCsv('leads', [
      'lead_id,created_at,user_id,mql_at',
      'L1,2026-01-31T21:00:00Z,ul1,2026-02-02T21:00:00Z',
      'L2,2026-02-01T20:00:00Z,ul2,',
      'L3,2026-02-01T21:00:00Z,ul3,',
      'L4,2026-01-31T20:45:00Z,ul4,',
    ].join('\n') + '\n');
  });
  afterAll(async () => {
    await server.close();
    tmp.cleanup();
  });

  it('Asia/Tehran: attribution, paths, funnel and cohorts of the local days', async () => {
    await setZone('Asia/Tehran');
    // Local 1 Feb: oa1 (100, paid search) and ob1 (40, no touch); oc1 is on 2 Feb. UTC days: ob1 and oc1.
    const attribution = await get(`/v1/attribution?model=last&${day}`);
    expect(attribution.totals).toMatchObject({ conversions: 2, revenue: 140 });
    expect(attribution.channels.map((c: { channel: string; conversions: number }) => [c.channel, c.conversions]).sort()).toEqual([['(none)', 1], ['paid_search', 1]]);
    // pe's visit (00:40) is within one day of the local end of 1 Feb.
    expect((await get(`/v1/attribution/paths?lookback_click_days=1&${day}`)).journeys).toEqual({ converting: 2, non_converting: 1 });
    // Leads created on local 1 Feb: L4, L1, L2; L1 became an MQL.
    const funnel = await get(`/v1/customers/funnel?${day}`);
    expect(funnel.stages.map((s: { count: number }) => s.count)).toEqual([3, 1, 0, 0, 0]);
    // pa's first order is on 1 Feb in Tehran: one February cohort (UTC: January for pa, February for pb and pc).
    const months = await get('/v1/customers/cohorts?period=month');
    expect(months.cohorts.map((c: { cohort: string; size: number }) => [c.cohort, c.size])).toEqual([['2026-02', 3]]);
    // Sunday 1 Feb (pa, pb) is in the week of Monday 26 Jan; pc's Monday 2 Feb starts the next.
    const weeks = await get('/v1/customers/cohorts?period=week');
    expect(weeks.cohorts.map((c: { cohort: string; size: number }) => [c.cohort, c.size])).toEqual([['2026-01-26', 2], ['2026-02-02', 1]]);
  });

  it('Asia/Ho_Chi_Minh: the same data moves to the next local day where it is past midnight', async () => {
    await setZone('Asia/Ho_Chi_Minh');
    // Local 1 Feb holds oa1 alone (ob1 and oc1 are on 2 Feb).
    const attribution = await get(`/v1/attribution?model=last&${day}`);
    expect(attribution.totals).toMatchObject({ conversions: 1, revenue: 100 });
    // Leads of local 1 Feb: L4 and L1 (the MQL).
    const funnel = await get(`/v1/customers/funnel?${day}`);
    expect(funnel.stages.map((s: { count: number }) => s.count)).toEqual([2, 1, 0, 0, 0]);
    // pa on Sunday 1 Feb; pb and pc on Monday 2 Feb.
    const weeks = await get('/v1/customers/cohorts?period=week');
    expect(weeks.cohorts.map((c: { cohort: string; size: number }) => [c.cohort, c.size])).toEqual([['2026-01-26', 1], ['2026-02-02', 2]]);
  });
});
