/**
 * The Settings (tracking setup) page in Chromium against the real server:
 * the snippet carries the server's write key, a link made through the form
 * is listed on the page and by GET /v1/links, a margin saved through the
 * form is what GET /v1/workspace answers, and bad input shows the server's
 * own message.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.js';
import { ARTIFACTS, openDashboard, type DashboardSession } from './browser.js';

interface Link {
  slug: string;
  destination: string;
  utm: { source?: string; medium?: string; campaign?: string };
}

describe('settings page against the real server', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  const api = async (path: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: unknown }> => {
    const response = await fetch(`${server.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { Authorization: `Bearer ${server.adminToken}`, ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: response.status, body: await response.json() };
  };

  let session: DashboardSession;

  beforeAll(async () => {
    session = await openDashboard({ seed: 3, days: 7, visitors: 50 });
    ({ server, browser, page, errors } = session);
  }, 120_000);

  afterAll(() => session?.close());

  it('shows the install snippet with the server write key, and the channel rules', async () => {
    const workspace = (await api('/v1/workspace')).body as { currency: string; write_key: string };
    expect(workspace.write_key).toBe(server.writeKey);
    await page.goto(`${server.url}/?token=${encodeURIComponent(server.adminToken!)}&lang=en#/overview`);
    await page.getByTestId('nav-settings').click();
    const snippet = page.getByTestId('snippet');
    await snippet.waitFor({ timeout: 30_000 });
    expect(await snippet.textContent()).toBe(`<script async src="${server.url}/s.js" data-key="${server.writeKey}"></script>`);
    expect(await page.getByTestId('postback-template').textContent()).toBe(
      `${server.url}/v1/postback?source={source_id}&secret={secret}&click_id={click_id}&order_id={order_id}&amount={amount}&currency=${workspace.currency}`,
    );
    expect(await page.getByTestId('workspace-currency').textContent()).toBe(workspace.currency);

    const rules = (await api('/v1/channels/rules')).body as { rules: Array<{ channel: string }> };
    await page.getByTestId('channel-rules-table').waitFor();
    const channels = await page.locator('[data-testid="channel-rules-table-row"] td[data-key="channel"]').evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-value')));
    expect(channels).toEqual(rules.rules.map((rule) => rule.channel));
  }, 60_000);

  it('creates a tracking link through the form and lists it like GET /v1/links', async () => {
    // A slug with a space breaks the server's pattern: the page shows the server's message.
    const rejected = await api('/v1/links', { method: 'POST', body: { slug: 'bad slug', destination: 'https://shop.example/a', utm: {} } });
    expect(rejected.status).toBe(400);
    await page.getByTestId('link-destination').fill('https://shop.example/spring?x=1');
    await page.getByTestId('link-slug').fill('bad slug');
    await page.getByTestId('link-submit').click();
    await page.getByTestId('link-error').waitFor();
    expect(await page.getByTestId('link-error').textContent()).toBe((rejected.body as { message: string }).message);

    await page.getByTestId('link-slug').fill('spring-news');
    await page.getByTestId('link-source').fill('newsletter');
    await page.getByTestId('link-medium').fill('email');
    await page.getByTestId('link-campaign').fill('spring');
    await page.getByTestId('link-submit').click();
    await page.getByTestId('link-created').waitFor();
    expect(await page.getByTestId('link-created-url').textContent()).toBe(`${server.url}/c/spring-news`);
    expect(await page.getByTestId('link-error').count()).toBe(0);

    const listed = ((await api('/v1/links')).body as { links: Link[] }).links.find((link) => link.slug === 'spring-news');
    expect(listed).toMatchObject({ destination: 'https://shop.example/spring?x=1', utm: { source: 'newsletter', medium: 'email', campaign: 'spring' } });
    const row = page.locator('[data-testid="links-table-row"]', { has: page.locator(`td[data-key="url"][data-value="${server.url}/c/spring-news"]`) });
    await row.waitFor();
    expect(await row.locator('td[data-key="destination"]').getAttribute('data-value')).toBe('https://shop.example/spring?x=1');
    expect(await row.locator('td[data-key="campaign"]').getAttribute('data-value')).toBe('spring');
  }, 60_000);

  it('saves a new margin that GET /v1/workspace then answers, and shows the 400 message for a bad one', async () => {
    const rejected = await api('/v1/workspace', { method: 'PATCH', body: { margin: '1.5' } });
    expect(rejected.status).toBe(400);
    await page.getByTestId('margin-input').fill('1.5');
    await page.getByTestId('margin-submit').click();
    await page.getByTestId('margin-error').waitFor();
    expect(await page.getByTestId('margin-error').textContent()).toBe((rejected.body as { message: string }).message);

    await page.getByTestId('margin-input').fill('0.4');
    await page.getByTestId('margin-submit').click();
    await page.getByTestId('margin-saved').waitFor();
    expect(((await api('/v1/workspace')).body as { margin: string }).margin).toBe('0.4');
    await expect.poll(() => page.getByTestId('workspace-margin').getAttribute('data-value')).toBe('0.4');
    await page.screenshot({ path: join(ARTIFACTS, 'settings.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 60_000);
  it('changes the currency and time zone from the form, as GET /v1/workspace then answers', async () => {
    const before = (await api('/v1/workspace')).body as { currency: string; timezone: string };
    await page.getByTestId('currency-input').fill('zz');
    await page.getByTestId('margin-submit').click();
    await page.getByTestId('margin-error').waitFor();
    expect(await page.getByTestId('margin-error').textContent()).toContain('currency');
    await page.getByTestId('currency-input').fill('vnd');
    await page.getByTestId('timezone-select').selectOption('Asia/Tehran');
    await page.getByTestId('margin-submit').click();
    await page.getByTestId('margin-saved').waitFor();
    const after = (await api('/v1/workspace')).body as { currency: string; timezone: string };
    expect(after).toMatchObject({ currency: 'VND', timezone: 'Asia/Tehran' });
    expect(await page.getByTestId('workspace-timezone').textContent()).toBe('Asia/Tehran');
    await api('/v1/workspace', { method: 'PATCH', body: { currency: before.currency, timezone: before.timezone } });
  });
});
