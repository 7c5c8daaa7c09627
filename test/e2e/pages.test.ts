/**
 * The analysis pages in Chromium against the fake API (test/e2e/fake-api.ts):
 * with data they draw their reports; when the server lacks an endpoint
 * (404) they show an empty state instead of crashing. The real-server
 * walk-through is dashboard.test.ts.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt, launchBrowser, mintSignInCode, watchErrors, WEB_DIST } from './browser.js';
import { startFakeApi } from './fake-api.js';

const TOKEN = 'fake-token';

describe('analysis pages with the fake API', () => {
  let full: Awaited<ReturnType<typeof startFakeApi>>;
  let bare: Awaited<ReturnType<typeof startFakeApi>>;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    await ensureWebBuilt();
    full = await startFakeApi({ distDir: WEB_DIST, token: TOKEN, currency: 'IRR' });
    bare = await startFakeApi({
      distDir: WEB_DIST,
      token: TOKEN,
      missing: ['/v1/attribution', '/v1/experiments', '/v1/customers', '/v1/budget'],
    });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    errors = watchErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await full?.close();
    await bare?.close();
  });

  it('shows a loud SRM banner and interval bars for an experiment with a broken split', async () => {
    await page.goto(`${full.url}/?token=${TOKEN}#/experiments`);
    await page.getByTestId('experiments-table').waitFor();
    expect(await page.getByTestId('experiment-status').first().textContent()).toBe('Running');
    await page.getByRole('link', { name: 'Hero headline' }).click();
    const banner = page.getByTestId('srm-warning');
    await banner.waitFor();
    expect(await banner.getAttribute('role')).toBe('alert');
    expect(await banner.textContent()).toContain('0.0004'); // the fake's srm_p_value
    await page.getByTestId('lift-chart').locator('canvas').first().waitFor();
    // Two treatments, the control has no lift.
    const lifts = await page.locator('[data-testid="variants-table-row"] td[data-key="lift"]').allTextContents();
    expect(lifts.map((text) => text.trim())).toEqual(['—', '12.0%', '-6.0%']);
  });

  it('draws attribution, customers and budget reports, in Persian with rials', async () => {
    await page.goto(`${full.url}/?lang=fa#/attribution`);
    await page.getByTestId('sankey-chart').locator('canvas').first().waitFor();
    expect(await page.getByTestId('attribution-table-row').count()).toBe(6);
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('rfm-heatmap').locator('canvas').first().waitFor();
    await page.getByTestId('cohort-heatmap').locator('canvas').first().waitFor();
    await page.getByTestId('crm-funnel').locator('canvas').first().waitFor();
    await page.getByTestId('nav-budget').click();
    await page.getByTestId('budget-chart').locator('canvas').first().waitFor();
    const expected = (await page.getByTestId('budget-expected').textContent()) ?? '';
    expect(expected).toContain('ریال');
    expect(expected).not.toMatch(/[0-9]/);
    expect(expected).not.toContain('٫'); // no decimals for IRR
    expect(errors).toEqual([]);
  });

  it('shows an empty state, not a crash, when the server lacks an endpoint', async () => {
    await page.goto(`${bare.url}/?token=${TOKEN}&lang=en#/overview`);
    await page.getByTestId('kpi-card-spend').waitFor();
    for (const name of ['attribution', 'experiments', 'customers', 'budget']) {
      await page.getByTestId(`nav-${name}`).click();
      await page.getByTestId(`page-${name}`).getByTestId('unavailable-state').first().waitFor();
      expect(await page.getByText('Something went wrong').count(), name).toBe(0);
    }
    expect(errors).toEqual([]);
  });

  it('asks to sign in when the browser has no session', async () => {
    const fresh = await browser.newPage();
    await fresh.goto(`${full.url}/`);
    await fresh.getByTestId('sign-in').waitFor();
    await fresh.getByTestId('sign-in-code').fill(await mintSignInCode(full.url, TOKEN));
    await fresh.getByTestId('sign-in-submit').click();
    await fresh.getByTestId('kpi-card-spend').waitFor();
    await fresh.close();
  });
});
