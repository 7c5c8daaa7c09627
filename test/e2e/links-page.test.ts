/**
 * Settings › Tracking links in Chromium against the real server (issue 11 #3, #4):
 * each link's figures as GET /v1/links gives them, and edit, disable and delete
 * from the page with the effect checked through the API and the redirect.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.js';
import { openDashboard, type DashboardSession } from './browser.js';

describe('tracking links page against the real server', () => {
  let session: DashboardSession;
  let server: RunningServer;
  let page: Page;
  let browser: Browser;
  let errors: string[];

  const api = async (path: string, method = 'GET', body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      redirect: 'manual',
      headers: { authorization: `Bearer ${server.adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, location: res.headers.get('location'), body: res.headers.get('content-type')?.includes('json') ? await res.json() : null };
  };
  const row = (slug: string) => page.locator('[data-testid="links-table-row"]', { has: page.locator(`td[data-key="url"][data-value="${server.url}/c/${slug}"]`) });
  const cell = (slug: string, key: string) => row(slug).locator(`td[data-key="${key}"]`).getAttribute('data-value');

  beforeAll(async () => {
    session = await openDashboard(false);
    ({ server, browser, page, errors } = session);
    void browser;
    await api('/v1/links', 'POST', { slug: 'promo', destination: 'https://shop.example/promo', utm: { source: 'blog' } });
    // Two clicks by two visitors; the second buys for 50.00: EPC 50 / 2 = 25.
    await fetch(`${server.url}/c/promo`, { redirect: 'manual' });
    const buyer = await fetch(`${server.url}/c/promo`, { redirect: 'manual' });
    const clickId = new URL(buyer.headers.get('location')!).searchParams.get('rl_cid');
    const orders = `order_id,customer_id,ts,amount,currency,click_id\nweb-1,crm-1,${new Date().toISOString()},50.00,EUR,${clickId}\n`;
    await fetch(`${server.url}/v1/import/orders`, { method: 'POST', headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'text/csv' }, body: orders });
    await page.goto(`${server.url}/?token=${encodeURIComponent(server.adminToken!)}&lang=en#/overview`);
    await page.getByTestId('nav-settings').click();
    await row('promo').waitFor({ timeout: 60_000 });
  }, 300_000);

  afterAll(() => session?.close());

  it('shows clicks, unique clicks, conversions, revenue and earnings per click', async () => {
    expect(await cell('promo', 'clicks')).toBe('2');
    expect(await cell('promo', 'unique_clicks')).toBe('2');
    expect(await cell('promo', 'conversions')).toBe('1');
    expect(await cell('promo', 'revenue')).toBe('50.000000');
    expect(await cell('promo', 'epc')).toBe('25.000000');
    expect(await row('promo').locator('td[data-key="epc"]').textContent()).toBe('€25.00');
  }, 60_000);

  it('edits a link from the page', async () => {
    await page.getByTestId('link-edit-promo').click();
    await page.getByTestId('link-edit-destination').fill('https://shop.example/promo-2');
    await page.getByTestId('link-edit-campaign').fill('winter');
    await page.getByTestId('link-edit-save').click();
    await expect.poll(() => cell('promo', 'destination')).toBe('https://shop.example/promo-2');
    const link = (await api('/v1/links')).body.links[0];
    expect(link).toMatchObject({ destination: 'https://shop.example/promo-2', utm: { source: 'blog', campaign: 'winter' } });
  }, 60_000);

  it('sets the workspace fallback URL from the page (the server refuses what is not http or https)', async () => {
    await page.getByTestId('link-fallback-input').fill('ftp://shop.example/');
    await page.getByTestId('link-fallback-save').click();
    await page.getByTestId('link-fallback-error').waitFor();
    expect(await page.getByTestId('link-fallback-error').textContent()).toBe('body.fallback_url: must be an http or https URL');
    await page.getByTestId('link-fallback-input').fill('https://shop.example/');
    await page.getByTestId('link-fallback-save').click();
    await page.getByTestId('link-fallback-saved').waitFor();
    expect((await api('/v1/workspace')).body.fallback_url).toBe('https://shop.example/');
  }, 60_000);

  it('disables and enables a link from the page; disabled, it sends visitors to the fallback URL', async () => {
    await page.getByTestId('link-toggle-promo').click();
    await expect.poll(() => cell('promo', 'status')).toBe('disabled');
    expect((await api('/c/promo')).location).toBe('https://shop.example/');
    await page.getByTestId('link-toggle-promo').click();
    await expect.poll(() => cell('promo', 'status')).toBe('active');
    expect((await api('/c/promo')).location).toMatch(/^https:\/\/shop\.example\/promo-2\?/);
  }, 60_000);

  it('deletes a link after a confirm step; its slug stays taken', async () => {
    await page.getByTestId('link-delete-promo').click();
    await page.getByTestId('link-delete-confirm-promo').click();
    await page.getByTestId('links-table').waitFor({ state: 'detached' });
    expect((await api('/v1/links')).body.links).toEqual([]);
    expect((await api('/v1/links', 'POST', { slug: 'promo', destination: 'https://shop.example/again' })).status).toBe(409);
    expect(errors).toEqual([]);
  }, 60_000);
});
