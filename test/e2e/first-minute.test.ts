/**
 * The first minute on a real server with an EMPTY store (no demo world):
 * every page renders without a single console error or failed request, no
 * report shows an error or a Retry, the overview's onboarding checklist
 * starts open and turns green as a browser event arrives, and axe-core
 * finds no serious or critical accessibility violation on any page, in
 * English and in Persian (right to left).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.js';
import { ARTIFACTS, axeViolations, openDashboard, settled, watchConsole, type DashboardSession } from './browser.js';

const PAGES = ['overview', 'attribution', 'experiments', 'customers', 'budget', 'settings'] as const;

describe('an empty store in Chromium', () => {
  let session: DashboardSession;
  let server: RunningServer;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    session = await openDashboard(false);
    ({ server, page } = session);
    problems = watchConsole(page);
  }, 120_000);

  afterAll(() => session?.close());

  it('opens every page without a console error, an error state or a Retry', async () => {
    await page.goto(`${server.url}/?token=${encodeURIComponent(server.adminToken!)}&lang=en#/overview`);
    await page.getByTestId('page-overview').waitFor();
    expect((await page.getByTestId('workspace-name').textContent()) ?? '').toContain('No data yet');
    for (const name of PAGES) {
      await page.getByTestId(`nav-${name}`).click();
      const main = page.getByTestId(`page-${name}`);
      await main.waitFor();
      await settled(page);
      await expect.poll(() => main.locator('h1').count(), { message: name }).toBeGreaterThan(0);
      expect(await page.getByTestId('error-state').count(), name).toBe(0);
      expect(await page.getByRole('button', { name: 'Retry' }).count(), name).toBe(0);
      expect(await page.getByText('Something went wrong').count(), name).toBe(0);
      // No raw server text such as "cpm: spend 0.00 × 1000 / impressions 0".
      expect(await main.innerText(), name).not.toMatch(/impressions 0|invalid_input|no data yet: import|CLV needs transactions/);
      await page.screenshot({ path: join(ARTIFACTS, `empty-${name}.png`), fullPage: true });
    }
    // Settings shows what a new install needs first: the snippet with the write key.
    await page.getByTestId('nav-settings').click();
    expect(await page.getByTestId('snippet').textContent()).toContain(server.writeKey);
    expect(problems).toEqual([]);
  });

  it('has no serious or critical accessibility violation on any page (axe-core)', async () => {
    for (const locale of ['en', 'fa']) {
      for (const name of PAGES) {
        await page.goto(`${server.url}/?lang=${locale}#/${name}`);
        await page.getByTestId(`page-${name}`).waitFor();
        await settled(page);
        expect(await axeViolations(page), `${locale} ${name}`).toEqual([]);
      }
    }
    expect(problems).toEqual([]);
  });
  it('shows the onboarding checklist, which turns green as a browser event arrives', async () => {
    await page.goto(`${server.url}/?lang=en#/overview`);
    const steps = ['snippet', 'first_event', 'spend', 'orders_or_leads', 'first_conversion'];
    await page.getByTestId('onboarding').waitFor();
    for (const step of steps) expect(await page.getByTestId(`onboarding-${step}`).getAttribute('data-done'), step).toBe('false');
    // What the snippet does: a beacon to /v1/events with the write key in the address.
    const status = await page.evaluate(async ({ url, key }) => {
      const body = JSON.stringify({ events: [{ id: 'first-1', type: 'page_view', ts: new Date().toISOString(), anonymous_id: 'visitor-1', session_id: 's-1', url: 'https://shop.example/' }] });
      return (await fetch(`${url}/v1/events?key=${key}`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body })).status;
    }, { url: server.url, key: server.writeKey });
    expect(status).toBe(200);
    await expect.poll(() => page.getByTestId('onboarding-snippet').getAttribute('data-done'), { timeout: 20_000 }).toBe('true');
    expect(await page.getByTestId('onboarding-first_event').getAttribute('data-done')).toBe('true');
    expect(await page.getByTestId('onboarding-spend').getAttribute('data-done')).toBe('false');
    expect(await page.getByTestId('onboarding-progress').textContent()).toBe('2 of 5 steps done');
    // The event is today's: the default range (last 30 days, ending today) shows its session.
    await expect.poll(() => page.getByTestId('kpi-value-sessions').getAttribute('data-value'), { timeout: 20_000 }).toBe('1');
    expect(problems).toEqual([]);
  });

});
