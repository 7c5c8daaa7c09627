import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start.js';
import { tempDir } from '../helpers/temp.js';

/**
 * Tracking links over HTTP (issue 11 #3 and #4, design.md "Slugs are unique per installation"):
 * a taken slug is a 409 and overwrites nothing, PATCH changes a link, a disabled or deleted
 * link sends visitors to the workspace's fallback_url, an unknown slug to
 * ROILENS_LINK_FALLBACK_URL (or a neutral page), and every link shows its figures.
 */
describe('tracking links over HTTP', () => {
  let server: RunningServer;
  let bare: RunningServer;
  const tmp = tempDir();
  const today = new Date().toISOString().slice(0, 10);
  const call = (path: string, method = 'GET', body?: unknown, base = server) =>
    fetch(base.url + path, {
      method,
      redirect: 'manual',
      headers: { authorization: 'Bearer adm', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const follow = (slug: string, cookie?: string, base = server) => fetch(`${base.url}/c/${slug}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  const linksNow = async () => (await (await call(`/v1/links?from=${today}&to=${today}`)).json()) as { links: Record<string, unknown>[] };

  beforeAll(async () => {
    server = await startServer({ dbPath: `${tmp.dir}/links.duckdb`, port: 0, demo: false, quiet: true, adminToken: 'adm', writeKey: 'wk', linkFallbackUrl: 'https://fallback.example/lost' });
    bare = await startServer({ dbPath: `${tmp.dir}/bare.duckdb`, port: 0, demo: false, quiet: true, adminToken: 'adm', writeKey: 'wk' });
  });
  afterAll(async () => {
    await server.close();
    await bare.close();
    tmp.cleanup();
  });

  it('a taken slug answers 409 conflict and the link in ads keeps its destination', async () => {
    const created = await call('/v1/links', 'POST', { slug: 'spring', destination: 'https://shop.example/sale', utm: { source: 'blog' } });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ slug: 'spring', disabled: false, url: '/c/spring' });
    const again = await call('/v1/links', 'POST', { slug: 'spring', destination: 'https://evil.example/' });
    expect(again.status).toBe(409);
    const body = await again.json();
    expect(body.error).toBe('conflict');
    expect(body.message).toBe('the slug "spring" is taken');
    expect(body.message).not.toMatch(/shop\.example|default/);
    const res = await follow('spring');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^https:\/\/shop\.example\/sale\?rl_cid=rl_/);
  });

  it('PATCH changes a link; an unknown slug is 404 and a bad destination 400 naming the field', async () => {
    const patched = await call('/v1/links/spring', 'PATCH', { destination: 'https://shop.example/spring', utm: { source: 'news', campaign: 'spring' } });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ slug: 'spring', destination: 'https://shop.example/spring', utm: { source: 'news', campaign: 'spring' } });
    const target = new URL((await follow('spring')).headers.get('location')!);
    expect(target.pathname).toBe('/spring');
    expect(target.searchParams.get('utm_campaign')).toBe('spring');
    expect((await call('/v1/links/nope', 'PATCH', { disabled: true })).status).toBe(404);
    const bad = await call('/v1/links/spring', 'PATCH', { destination: 'javascript:alert(1)' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).issues[0].path).toBe('body.destination');
  });

  it('a disabled link records no click and redirects to the workspace fallback_url (else the installation fallback)', async () => {
    const before = (await linksNow()).links.find((l) => l.slug === 'spring')!.clicks as number;
    expect((await call('/v1/links/spring', 'PATCH', { disabled: true })).status).toBe(200);
    let res = await follow('spring');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://fallback.example/lost');
    expect(res.headers.get('set-cookie')).toBeNull();

    const badFallback = await call('/v1/workspace', 'PATCH', { fallback_url: 'ftp://shop.example/' });
    expect(badFallback.status).toBe(400);
    expect((await badFallback.json()).issues[0].path).toBe('body.fallback_url');
    expect((await call('/v1/workspace', 'PATCH', { fallback_url: 'https://shop.example/' })).status).toBe(200);
    expect((await (await call('/v1/workspace')).json()).fallback_url).toBe('https://shop.example/');
    res = await follow('spring');
    expect(res.headers.get('location')).toBe('https://shop.example/');
    expect((await linksNow()).links.find((l) => l.slug === 'spring')).toMatchObject({ disabled: true, clicks: before });

    expect((await call('/v1/links/spring', 'PATCH', { disabled: false })).status).toBe(200);
    expect((await follow('spring')).headers.get('location')).toMatch(/^https:\/\/shop\.example\/spring\?/);
  });

  it('a deleted link leaves the list, keeps its slug reserved and sends visitors to the workspace fallback_url', async () => {
    await call('/v1/links', 'POST', { slug: 'old-promo', destination: 'https://shop.example/old' });
    const deleted = await call('/v1/links/old-promo', 'DELETE');
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({ slug: 'old-promo', deleted: true });
    expect((await linksNow()).links.map((l) => l.slug)).not.toContain('old-promo');
    const reuse = await call('/v1/links', 'POST', { slug: 'old-promo', destination: 'https://shop.example/new' });
    expect(reuse.status).toBe(409);
    expect((await reuse.json()).message).toBe('the slug "old-promo" is taken');
    expect((await follow('old-promo')).headers.get('location')).toBe('https://shop.example/');
    expect((await call('/v1/links/old-promo', 'DELETE')).status).toBe(404);
    expect((await call('/v1/links/old-promo', 'PATCH', { disabled: false })).status).toBe(404);
  });

  it('an unknown slug redirects to ROILENS_LINK_FALLBACK_URL, or shows a neutral page without one', async () => {
    const res = await follow('never-made');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://fallback.example/lost');
    const neutral = await follow('never-made', undefined, bare);
    expect(neutral.status).toBe(404);
    expect(neutral.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await neutral.text();
    expect(html).toContain('This link is not available.');
    expect(html).not.toMatch(/never-made|not_found|"error"/);
  });

  it('each link shows clicks, unique clicks, conversions, revenue and earnings per click', async () => {
    await call('/v1/links', 'POST', { slug: 'promo', destination: 'https://shop.example/promo' });
    // Visitor A clicks twice (the second time with the cookie the first set); visitor B once.
    const first = await follow('promo');
    const cookieA = first.headers.get('set-cookie')!.split(';')[0];
    const second = await follow('promo', cookieA);
    await follow('promo');
    const clickId = new URL(second.headers.get('location')!).searchParams.get('rl_cid')!;
    // A's order of 120.00, imported from the shop with the click id of A's second click.
    const orders = `order_id,customer_id,ts,amount,currency,click_id\npromo-1,crm-1,${new Date().toISOString()},120.00,EUR,${clickId}\n`;
    const imported = await fetch(`${server.url}/v1/import/orders`, { method: 'POST', headers: { authorization: 'Bearer adm', 'content-type': 'text/csv' }, body: orders });
    expect(imported.status, await imported.text()).toBe(200);
    const answer = await (await call(`/v1/links?from=${today}&to=${today}`)).json();
    expect(answer).toMatchObject({ from: today, to: today, currency: 'EUR', lookback_days: 30 });
    // 3 clicks by 2 visitors; 1 sale of 120; earnings per click 120 / 3 = 40.
    expect(answer.links.find((l: { slug: string }) => l.slug === 'promo')).toMatchObject({
      clicks: 3, unique_clicks: 2, conversions: 1, revenue: '120.000000', epc: '40.000000', disabled: false,
    });
    // No clicks in a range: epc is null, not 0.
    const empty = await (await call('/v1/links?from=2020-01-01&to=2020-01-31')).json();
    expect(empty.links.find((l: { slug: string }) => l.slug === 'promo')).toMatchObject({ clicks: 0, unique_clicks: 0, conversions: 0, revenue: '0.000000', epc: null });
    expect((await call('/v1/links?from=2020-02-30')).status).toBe(400);
  });

  it('pages the list with a cursor in slug order', async () => {
    // Links now: promo, spring (old-promo is deleted); add a-first and zz-last.
    await call('/v1/links', 'POST', { slug: 'zz-last', destination: 'https://shop.example/z' });
    await call('/v1/links', 'POST', { slug: 'a-first', destination: 'https://shop.example/a' });
    const first = await (await call('/v1/links?limit=2')).json();
    expect(first.links.map((l: { slug: string }) => l.slug)).toEqual(['a-first', 'promo']);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = await (await call(`/v1/links?limit=2&cursor=${first.next_cursor}`)).json();
    expect(second.links.map((l: { slug: string }) => l.slug)).toEqual(['spring', 'zz-last']);
    expect(second.next_cursor).toBeNull();
    expect((await (await call('/v1/links')).json()).next_cursor).toBeNull();
    expect((await call('/v1/links?limit=0')).status).toBe(400);
  });
});
