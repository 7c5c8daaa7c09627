import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start.js';
import { tempDir } from '../helpers/temp.js';

/**
 * Spend imports over HTTP (issue 11 #1, #17, and the dashboard's preview): the
 * issue's scenario, the answer's exact shape, `?replace=range`, `?dry_run=1`.
 * Figures are counted by hand in the comments.
 */
describe('POST /v1/import/spend', () => {
  let server: RunningServer;
  const tmp = tempDir();
  const send = (query: string, body: string) =>
    fetch(`${server.url}/v1/import/spend${query}`, { method: 'POST', headers: { authorization: 'Bearer adm', 'content-type': 'text/csv' }, body });
  const spendOn = async (day: string) =>
    (await (await fetch(`${server.url}/v1/kpis?by=channel&from=${day}&to=${day}`, { headers: { authorization: 'Bearer adm' } })).json()).totals.spend;

  beforeAll(async () => {
    server = await startServer({ dbPath: `${tmp.dir}/db.duckdb`, port: 0, demo: false, quiet: true, adminToken: 'adm', writeKey: 'wk' });
  });
  afterAll(async () => {
    await server.close();
    tmp.cleanup();
  });

  const google = 'Day,Campaign,Ad group,Currency code,Cost,Impr.,Clicks\n2026-11-20,generic_search,ag1,EUR,400.00,10000,300\n';

  it('a Google Ads export with one row leaves other sources\' paid_search spend of the day alone', async () => {
    // Microsoft Ads 120 + Google brand 90 + Google shopping 60 + Google generic_search 350 = 620.
    const earlier = [
      'date,channel,campaign,ad,cost,currency,impressions,clicks,source',
      '2026-11-20,paid_search,bing_generic,ag1,120.00,EUR,3000,90,microsoft_ads',
      '2026-11-20,paid_search,brand,exact,90.00,EUR,2000,200,google_ads',
      '2026-11-20,paid_search,shopping,feed,60.00,EUR,5000,80,google_ads',
      '2026-11-20,paid_search,generic_search,ag1,350.00,EUR,9000,250,google_ads',
    ].join('\n');
    const first = await send('', earlier);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ inserted: 4, replaced: 0, removed: 0, warnings: [], errors: [] });
    expect(await spendOn('2026-11-20')).toBe(620);

    const preview = await send('?dry_run=1', google);
    expect(preview.status).toBe(200);
    const previewBody = await preview.json();
    expect(await spendOn('2026-11-20')).toBe(620);

    const res = await send('', google);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({
      kind: 'spend', stored: 1, valid: 1, dry_run: false, layout: 'google_ads',
      inserted: 1, replaced: 1, removed: 0,
      by_channel: [{ channel: 'paid_search', inserted: 1, replaced: 1, removed: 0, spend: '400', currency: 'EUR' }],
      warnings: [], errors: [],
    });
    expect(previewBody).toEqual({ ...body, stored: 0, dry_run: true });
    // 620 − 350 + 400.
    expect(await spendOn('2026-11-20')).toBe(670);
  });

  it('?replace=range replaces the source\'s whole range: keys that come back replaced, the rest removed', async () => {
    const res = await send('?replace=range', google.replace('400.00', '410.00'));
    expect(await res.json()).toMatchObject({ inserted: 1, replaced: 1, removed: 2, by_channel: [{ channel: 'paid_search', inserted: 1, replaced: 1, removed: 2, spend: '410' }] });
    // Microsoft Ads 120 + 410.
    expect(await spendOn('2026-11-20')).toBe(530);
    const bad = await send('?replace=all', google);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toMatch(/replace/);
  });

  it('?source= names the source of every row', async () => {
    const res = await send('?source=google_ads_mcc', google);
    expect(await res.json()).toMatchObject({ inserted: 1, replaced: 0, removed: 0 });
    // 530 + the same row under its own source, 400.
    expect(await spendOn('2026-11-20')).toBe(930);
  });

  it('a channel no rule knows is imported with a warning that names it and how to map it (#17)', async () => {
    const res = await send('', 'date,channel,campaign,ad,cost,currency\n2026-11-23,tiktok,launch,ugc_a,55.00,EUR\n2026-11-23,paid_social,fb,x,5,EUR\n');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.inserted).toBe(2);
    expect(body.warnings).toHaveLength(1);
    expect(body.warnings[0]).toMatchObject({ code: 'unknown_channel', channel: 'tiktok', line: 2 });
    expect(body.warnings[0].message).toMatch(/tiktok.*--channel.*channel-rules editor/s);
    expect(await spendOn('2026-11-23')).toBe(60);
  });

  it('a dry run of orders counts valid rows and stores nothing; a file with no valid row is a 400', async () => {
    const orders = 'order_id,customer_id,date,amount,currency\no1,c1,2026-11-20,19.99,EUR\no2,c2,nope,5,EUR\n';
    const res = await fetch(`${server.url}/v1/import/orders?dry_run=1`, { method: 'POST', headers: { authorization: 'Bearer adm', 'content-type': 'text/csv' }, body: orders });
    expect(await res.json()).toMatchObject({ kind: 'orders', stored: 0, valid: 1, dry_run: true, errors: [{ path: 'line 3: date' }] });
    expect((await send('?dry_run=1', 'date,channel,cost\n2026-13-01,email,1\n')).status).toBe(400);
  });
});
