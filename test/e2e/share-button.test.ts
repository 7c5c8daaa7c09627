/**
 * The report pages' Share button in Chromium against the real server (issue 15): on the Overview, for a
 * fixed date range, the dialog makes a kpis link by channel for exactly that range (GET /v1/share-links
 * says so, with the expiry typed), shows its URL once, and the URL opened in a browser without a session
 * shows the same spend per channel as the Overview's table and GET /v1/kpis, read-only. A person whose
 * role may not make share links (an analyst: GET /v1/share-links is 403) sees no Share button.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.js';
import { openDashboard, settled, type DashboardSession } from './browser.js';

interface KpiRow { channel: string; spend: number | null }

describe('Share button on the report pages (Chromium)', () => {
  let session: DashboardSession;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  const api = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await fetch(`${server.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { Authorization: `Bearer ${server.adminToken}`, ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    expect(response.status, `${path}: ${await response.clone().text()}`).toBeLessThan(300);
    return response.json();
  };

  beforeAll(async () => {
    session = await openDashboard({ seed: 3, days: 7, visitors: 50 });
    ({ server, browser, page } = session);
  }, 120_000);

  afterAll(() => session?.close());

  it('makes a link for the Overview range and the link shows the same spend per channel, read-only', async () => {
    const workspace = (await api('/v1/workspace')) as { data_from: string; data_to: string };
    const range = { from: workspace.data_from, to: workspace.data_to };
    await page.goto(`${server.url}/?token=${encodeURIComponent(server.adminToken!)}&lang=en#/overview?from=${range.from}&to=${range.to}`);
    await page.getByTestId('channel-table').waitFor({ timeout: 60_000 });
    await settled(page);
    const onPage = await page.getByTestId('channel-table-row').evaluateAll((rows) =>
      rows.map((row) => [row.querySelector('td[data-key="channel"]')?.getAttribute('data-value'), row.querySelector('td[data-key="spend"]')?.getAttribute('data-value')]));

    await page.getByTestId('share-open').click();
    expect(await page.getByTestId('share-days').inputValue()).toBe('30');
    await page.getByTestId('share-days').fill('7');
    const made = Date.now();
    await page.getByTestId('share-create').click();
    const url = (await page.getByTestId('share-dialog-url').textContent()) ?? '';
    expect(url).toMatch(new RegExp(`^${server.url.replace(/[.]/g, '\\.')}/#share=rl_shr_[A-Za-z0-9_-]+$`));
    expect(await page.getByTestId('share-dialog').textContent()).toContain('it is shown only once');

    const links = (await api('/v1/share-links')) as { links: Array<{ view: string; params: unknown; prefix: string; expires_at: string }> };
    const link = links.links.find((l) => url.includes(l.prefix))!;
    expect(link.view).toBe('kpis');
    expect(link.params).toEqual({ from: range.from, to: range.to, by: 'channel' });
    expect(Math.abs(Date.parse(link.expires_at) - (made + 7 * 86_400_000))).toBeLessThan(60_000);

    // Closing the dialog forgets the URL: reopening asks again.
    await page.getByTestId('share-close').click();
    await page.getByTestId('share-open').click();
    expect(await page.getByTestId('share-dialog-url').count()).toBe(0);
    await page.getByTestId('share-close').click();

    const kpis = (await api(`/v1/kpis?by=channel&from=${range.from}&to=${range.to}&compare=none`)) as { rows: KpiRow[] };
    const expected = kpis.rows.map((r) => [r.channel, r.spend]).sort();
    expect(expected.length).toBeGreaterThan(1);
    expect(onPage.map(([c, s]) => [c, Number(s)]).sort()).toEqual(expected);

    // A fresh context: no session cookie, only the token in the fragment.
    const context = await browser.newContext();
    const shared = await context.newPage();
    await shared.goto(url);
    await shared.getByTestId('shared-rows').waitFor({ timeout: 30_000 });
    const headers = (await shared.locator('[data-testid="shared-rows"] thead th').allTextContents()).map((h) => h.trim());
    const cells = await shared.locator('[data-testid="shared-rows"] tbody tr').evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    const channelAt = headers.indexOf('channel');
    const spendAt = headers.indexOf('spend');
    expect(cells.map((row) => [row[channelAt], Number(row[spendAt])]).sort()).toEqual(expected);
    expect(await shared.getByTestId('nav-settings').count()).toBe(0);
    expect(await shared.getByTestId('share-open').count()).toBe(0);
    await context.close();
  }, 120_000);

  it('makes a link from Attribution, Budget, an experiment and Cohorts with that page\'s filters', async () => {
    const workspace = (await api('/v1/workspace')) as { data_from: string; data_to: string };
    const { id } = (await api('/v1/experiments', { method: 'POST', body: { key: 'hero', name: 'Hero', status: 'running', start: workspace.data_from, variants: [{ name: 'A' }, { name: 'B' }] } })) as { id: string };
    const range = `from=${workspace.data_from}&to=${workspace.data_to}`;
    const pages: Array<[string, string, (params: Record<string, unknown>) => void]> = [
      [`#/attribution?${range}`, 'attribution', (p) => expect(p).toEqual({ model: 'last-non-direct', from: workspace.data_from, to: workspace.data_to })],
      ['#/budget', 'budget', (p) => expect(Object.keys(p).sort()).toEqual(['total', 'weeks'])],
      [`#/experiments/${id}`, 'experiment', (p) => expect(p).toEqual({ id })],
      ['#/customers', 'cohorts', (p) => expect(p).toEqual({ period: 'month' })],
    ];
    for (const [hash, view, check] of pages) {
      await page.goto(`${server.url}/?lang=en${hash}`);
      await page.getByTestId('share-open').click({ timeout: 60_000 });
      const answer = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/v1/share-links');
      await page.getByTestId('share-create').click();
      const made = (await (await answer).json()) as { view: string; params: Record<string, unknown> };
      expect([view, (await answer).status()]).toEqual([made.view, 201]);
      check(made.params);
      await page.getByTestId('share-dialog-url').waitFor();
      await page.getByTestId('share-close').click();
    }
  }, 180_000);

  it('shows no Share button to an analyst, whom GET /v1/share-links answers 403', async () => {
    await api('/v1/members', { method: 'POST', body: { email: 'ana.analyst@shop.example', role: 'analyst', password: 'analyst password 1' } });
    const context = await browser.newContext();
    const analyst = await context.newPage();
    await analyst.goto(`${server.url}/?lang=en#/overview`);
    await analyst.getByTestId('sign-in-email').fill('ana.analyst@shop.example');
    await analyst.getByTestId('sign-in-password').fill('analyst password 1');
    const probe = analyst.waitForResponse((r) => new URL(r.url()).pathname === '/v1/share-links');
    await analyst.getByTestId('sign-in-password-submit').click();
    expect((await probe).status()).toBe(403);
    await analyst.getByTestId('channel-table').waitFor({ timeout: 60_000 });
    await settled(analyst);
    expect(await analyst.getByTestId('share-open').count()).toBe(0);
    // The same page for an owner does show it (the button is not simply missing).
    expect(await page.getByTestId('share-open').count()).toBe(1);
    await context.close();
  }, 120_000);
});
