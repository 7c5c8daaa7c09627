/**
 * Issue 11 #8 in Chromium against the fake API: a plan in simple mode says
 * so and why (worded from the server's message id, in en and fa), words its
 * moves from the same rows as the table, names the outcome it expects, and
 * draws no response curves (the fit is not even asked for).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt, launchBrowser, watchErrors, WEB_DIST } from './browser.js';
import { startFakeApi } from './fake-api.js';

const TOKEN = 'fake-token';

describe('budget page in simple mode', () => {
  let api: Awaited<ReturnType<typeof startFakeApi>>;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const fitRequests: string[] = [];

  beforeAll(async () => {
    await ensureWebBuilt();
    api = await startFakeApi({ distDir: WEB_DIST, token: TOKEN, currency: 'EUR', budgetMode: 'simple' });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    errors = watchErrors(page);
    page.on('request', (request) => {
      if (request.url().includes('/v1/budget/fit')) fitRequests.push(request.url());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('shows the mode and its reason, worded moves and no curves', async () => {
    await page.goto(`${api.url}/?token=${TOKEN}&lang=en#/budget`);
    await page.getByTestId('budget-moves').waitFor();
    const mode = page.getByTestId('budget-mode');
    expect(await mode.getAttribute('data-mode')).toBe('simple');
    expect(await mode.textContent()).toBe('Simple mode (rules on the recent weeks, no model): 35 days of history are fewer than the 56 (8 weeks) the model needs');
    expect(await page.getByTestId('budget-expected').textContent()).toMatch(/^Expected New customers over 4 weeks: 123\.4/);
    const moves = await page.locator('[data-testid="budget-moves"] li').allTextContents();
    expect(moves[0]).toMatch(/^raise Paid search by 50% \(.+ → .+\): the last euros cost €20\.00 per new customer, under the target €35\.00$/);
    expect(moves[1]).toMatch(/^lower Display by 50% .+: average cost per new customer €80\.00 is above the target €35\.00$/);
    await page.getByTestId('curves-hidden').waitFor();
    expect(await page.getByTestId('curves-hidden').textContent()).toContain('35 days of history');
    expect(await page.getByTestId('response-curves').count()).toBe(0);
    expect(fitRequests).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('words the mode and the moves in Persian, with Persian digits', async () => {
    await page.goto(`${api.url}/?token=${TOKEN}&lang=fa#/budget`);
    await page.getByTestId('budget-moves').waitFor();
    const mode = (await page.getByTestId('budget-mode').textContent()) ?? '';
    expect(mode).toContain('حالت ساده');
    expect(mode).toContain('۳۵');
    expect(mode).not.toMatch(/[0-9A-Za-z]/);
    const moves = await page.locator('[data-testid="budget-moves"] li').allTextContents();
    expect(moves[0]).toContain('افزایش');
    expect(moves.join(' ')).not.toMatch(/[0-9]/);
    expect(await page.getByTestId('response-curves').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
