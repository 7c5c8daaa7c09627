/**
 * The Imports page in Chromium against the real server (issue 11 #1, #17 and
 * "reach from the dashboard"): pick a file, preview the replacement summary
 * (nothing written), import it, and see warnings and errors by line; the same
 * page in Persian with the locale's digits; no serious axe violation.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.js';
import { ARTIFACTS, axeViolations, openDashboard, watchConsole, type DashboardSession } from './browser.js';

describe('imports page against the real server', () => {
  let session: DashboardSession;
  let server: RunningServer;
  let page: Page;
  let consoleErrors: string[];

  const spendOn = async (day: string): Promise<number> =>
    (await (await fetch(`${server.url}/v1/kpis?from=${day}&to=${day}`, { headers: { authorization: `Bearer ${server.adminToken}` } })).json()).totals.spend;
  const pick = (name: string, text: string) => page.getByTestId('imports-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

  beforeAll(async () => {
    session = await openDashboard(false);
    ({ server, page } = session);
    consoleErrors = watchConsole(page);
    // Stored before: Microsoft Ads 120 and Google generic_search 350 on 2026-11-20 (470).
    const earlier = 'date,channel,campaign,ad,cost,currency,source\n2026-11-20,paid_search,bing_generic,ag1,120.00,EUR,microsoft_ads\n2026-11-20,paid_search,generic_search,ag1,350.00,EUR,google_ads\n';
    const res = await fetch(`${server.url}/v1/import/spend`, { method: 'POST', headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'text/csv' }, body: earlier });
    expect(res.status).toBe(200);
  }, 180_000);
  afterAll(() => session?.close());

  it('previews a Google Ads export without writing, then imports it: only its own row is replaced', async () => {
    await page.goto(`${server.url}/?token=${encodeURIComponent(server.adminToken!)}&lang=en#/overview`);
    await page.getByTestId('nav-imports').click();
    await page.getByTestId('imports-form').waitFor();
    expect(await page.getByTestId('imports-commit').isDisabled()).toBe(true);
    await pick('google.csv', 'Day,Campaign,Ad group,Currency code,Cost,Impr.,Clicks\n2026-11-20,generic_search,ag1,EUR,400.00,10000,300\n');
    await page.getByTestId('imports-preview').click();
    const preview = page.getByTestId('imports-preview-summary');
    await preview.waitFor();
    expect(await preview.getAttribute('data-dry-run')).toBe('true');
    expect(await page.getByTestId('imports-preview-summary-counts').textContent()).toBe('Importing adds 1 rows, replaces 1 stored rows and removes 0.');
    const cells = await page.locator('[data-testid="imports-preview-summary-channels-row"] td').evaluateAll((tds) => tds.map((td) => td.getAttribute('data-value')));
    expect(cells).toEqual(['paid_search', '1', '1', '0', '400']);
    expect(await spendOn('2026-11-20')).toBe(470);

    await page.getByTestId('imports-commit').click();
    await page.getByTestId('imports-result').waitFor();
    expect(await page.getByTestId('imports-result-counts').textContent()).toBe('Added 1 rows, replaced 1 stored rows, removed 0.');
    // 120 (Microsoft Ads, untouched) + 400.
    expect(await spendOn('2026-11-20')).toBe(520);
  });

  it('shows a warning for a channel no rule knows and errors by line; range mode removes the source\'s other rows', async () => {
    await pick('tiktok.csv', 'date,channel,campaign,ad,cost,currency\n2026-11-21,tiktok,launch,ugc,55.00,EUR\n2026-11-21,tiktok,launch,ugc2,lots,EUR\n');
    await page.getByTestId('imports-preview').click();
    const warning = page.locator('[data-testid="imports-preview-summary-warnings"] li');
    await warning.waitFor();
    expect(await warning.getAttribute('data-code')).toBe('unknown_channel');
    expect(await warning.textContent()).toMatch(/tiktok.*line 2.*Channel of every row/);
    const error = page.locator('[data-testid="imports-preview-summary-errors"] li');
    expect(await error.getAttribute('data-path')).toBe('line 3: cost');
    expect(await error.textContent()).toMatch(/^Line 3: cost /);

    await page.getByTestId('imports-source').fill('google_ads');
    await page.getByTestId('imports-replace').selectOption('range');
    await pick('google-range.csv', 'date,channel,campaign,ad,cost,currency\n2026-11-20,paid_search,brand,exact,10.00,EUR\n');
    await page.getByTestId('imports-preview').click();
    await page.getByTestId('imports-preview-summary').waitFor();
    expect(await page.getByTestId('imports-preview-summary-counts').textContent()).toBe('Importing adds 1 rows, replaces 0 stored rows and removes 1.');
    await page.getByTestId('imports-commit').click();
    await page.getByTestId('imports-result').waitFor();
    // 120 + 10: the Google row of 400 is gone with the range.
    expect(await spendOn('2026-11-20')).toBe(130);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('reads in Persian with Persian digits', async () => {
    await page.goto(`${server.url}/?token=${encodeURIComponent(server.adminToken!)}&lang=fa#/imports`);
    await page.getByTestId('imports-form').waitFor();
    await pick('google.csv', 'Day,Campaign,Ad group,Currency code,Cost,Impr.,Clicks\n2026-11-22,generic_search,ag1,EUR,400.00,10000,300\n');
    await page.getByTestId('imports-preview').click();
    const counts = page.getByTestId('imports-preview-summary-counts');
    await counts.waitFor();
    expect(await counts.textContent()).toBe('درون‌ریزی ۱ ردیف می‌افزاید، ۰ ردیف ذخیره‌شده را جایگزین و ۰ ردیف را حذف می‌کند.');
    expect(await page.getByTestId('page-imports').textContent()).not.toMatch(/[0-9]/);
    expect(consoleErrors.filter((e) => !e.includes('/v1/import/'))).toEqual([]);
  });

  it('fits a phone: no sideways scrolling at 390 px with a summary shown', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('imports-preview-summary').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/imports-fa-phone.png`, fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  });
});
