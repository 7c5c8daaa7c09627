/**
 * Settings › Privacy (issue 12 #14) in Chromium against the real server: the retention period
 * saved through the form is what GET /v1/workspace answers (and what the page shows after a
 * reload); erasing a person asks for confirmation first (cancel erases nothing), then removes
 * the person's events, as GET /v1/events shows.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.js';
import { openDashboard, type DashboardSession } from './browser.js';

describe('settings: privacy against the real server', () => {
  let session: DashboardSession;
  let server: RunningServer;
  let page: Page;
  const api = async (path: string) => (await fetch(`${server.url}${path}`, { headers: { Authorization: `Bearer ${server.adminToken}` } })).json();
  const openSettings = async () => {
    await page.goto(`${server.url}/?token=${encodeURIComponent(server.adminToken!)}&lang=en#/settings`);
    await page.getByTestId('retention-form').waitFor({ timeout: 30_000 });
  };

  beforeAll(async () => {
    session = await openDashboard(false);
    ({ server, page } = session);
    const ts = new Date(Date.now() - 60_000).toISOString();
    const res = await fetch(`${server.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.writeKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: [
        { id: 'p1', type: 'page_view', ts, anonymous_id: 'anon-e2e-erase' },
        { id: 'p2', type: 'custom', name: 'identify', ts, anonymous_id: 'anon-e2e-erase', user_id: 'user-e2e', properties: { email: 'e2e@example.com' } },
        { id: 'k1', type: 'page_view', ts, anonymous_id: 'anon-e2e-keep' },
      ] }),
    });
    expect((await res.json()).accepted).toBe(3);
  }, 120_000);

  afterAll(() => session?.close());

  it('saves the retention period', async () => {
    await openSettings();
    await page.getByTestId('retention-input').fill('45');
    await page.getByTestId('retention-submit').click();
    await page.getByTestId('retention-saved').waitFor({ timeout: 15_000 });
    expect((await api('/v1/workspace')).retention_days).toBe(45);
    await openSettings();
    expect(await page.getByTestId('retention-input').inputValue()).toBe('45');
  }, 60_000);

  it('erases a person by e-mail address after a confirmation', async () => {
    await openSettings();
    await page.getByTestId('erase-input').fill('E2E@example.com');
    await page.getByTestId('erase-submit').click();
    await page.getByTestId('erase-confirm').waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByTestId('erase-confirm').count()).toBe(0);
    expect((await api('/v1/events?anonymous_id=anon-e2e-erase')).events).toHaveLength(2);

    await page.getByTestId('erase-submit').click();
    await page.getByTestId('erase-confirm-button').click();
    const done = page.getByTestId('erase-done');
    await done.waitFor({ timeout: 30_000 });
    expect(await done.textContent()).toBe('Erased 2 events, 0 orders and 0 leads.');
    expect((await api('/v1/events?anonymous_id=anon-e2e-erase')).events).toEqual([]);
    expect((await api('/v1/events?anonymous_id=anon-e2e-keep')).events).toHaveLength(1);
  }, 60_000);
});
