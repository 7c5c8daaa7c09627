/**
 * Settings › Tracking, postback sources and revenue rules (issue 12 #1) in
 * Chromium against the real server: a source created through the form is
 * listed on the page and by GET /v1/postback-sources (without its secret);
 * the secret is shown once, and it is the real one (the postback accepts it:
 * 422 unknown_click for a made-up click, where a wrong secret gets 401);
 * after a reload it is gone. `revenue_sources` and `max_order_amount` saved
 * through the form are what GET /v1/workspace answers and what the page
 * shows after a reload. The postback help names `source=ID&secret=S`.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.js';
import { openDashboard, type DashboardSession } from './browser.js';

describe('settings: postback sources and revenue rules against the real server', () => {
  let session: DashboardSession;
  let server: RunningServer;
  let page: Page;

  const api = async (path: string): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await fetch(`${server.url}${path}`, { headers: { Authorization: `Bearer ${server.adminToken}` } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const openSettings = async () => {
    await page.goto(`${server.url}/?token=${encodeURIComponent(server.adminToken!)}&lang=en#/settings`);
    await page.getByTestId('postback-source-form').waitFor({ timeout: 30_000 });
  };

  beforeAll(async () => {
    session = await openDashboard({ seed: 3, days: 7, visitors: 50 });
    ({ server, page } = session);
  }, 120_000);

  afterAll(() => session?.close());

  it('creates a postback source, shows its working secret once, and lists it', async () => {
    await openSettings();
    expect(await page.getByText('source=ID&secret=S').count()).toBeGreaterThan(0);
    await page.getByTestId('postback-sources-empty').waitFor();

    await page.getByTestId('postback-source-name').fill('Shop backend');
    await page.getByTestId('postback-source-submit').click();
    const created = page.getByTestId('postback-source-created');
    await created.waitFor({ timeout: 15_000 });
    const id = (await page.getByTestId('postback-source-id').textContent()) ?? '';
    const secret = (await page.getByTestId('postback-source-secret').textContent()) ?? '';
    expect(id).not.toBe('');
    expect(secret.length).toBeGreaterThanOrEqual(16);

    // Listed by the API with that id and name, never with the secret; and in the page's table.
    const listed = (await api('/v1/postback-sources')).body.sources as Array<Record<string, unknown>>;
    expect(listed.map((s) => [s.id, s.name])).toEqual([[id, 'Shop backend']]);
    expect(JSON.stringify(listed)).not.toContain(secret);
    await page.locator(`[data-testid="postback-source-row"][data-id="${id}"]`).waitFor();

    // The shown secret is the real one: the postback gets past the source check to the click lookup.
    const postback = (s: string) => fetch(`${server.url}/v1/postback?source=${encodeURIComponent(id)}&secret=${encodeURIComponent(s)}&click_id=no-such-click&amount=10.00`);
    expect((await postback(secret)).status).toBe(422);
    expect((await postback(`${secret}x`)).status).toBe(401);

    // Shown once: after a reload the source is listed but its secret is nowhere.
    await openSettings();
    await page.locator(`[data-testid="postback-source-row"][data-id="${id}"]`).waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('postback-source-created').count()).toBe(0);
    expect(await page.content()).not.toContain(secret);

    // A taken name: the server's reason, no secret.
    await page.getByTestId('postback-source-name').fill('Shop backend');
    await page.getByTestId('postback-source-submit').click();
    await page.getByTestId('postback-source-error').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('postback-source-created').count()).toBe(0);
  }, 120_000);

  it('saves revenue_sources and max_order_amount through PATCH /v1/workspace and keeps them', async () => {
    await openSettings();
    const before = (await api('/v1/workspace')).body;
    expect(before.revenue_sources).toBeNull();

    await page.getByTestId('revenue-sources-select').selectOption('all');
    await page.getByTestId('max-order-input').fill('5000.50');
    await page.getByTestId('revenue-guard-submit').click();
    await page.getByTestId('revenue-guard-saved').waitFor({ timeout: 15_000 });
    const after = (await api('/v1/workspace')).body;
    expect(after.revenue_sources).toBe('all');
    // The server keeps the amount as a normalized decimal string.
    expect(after.max_order_amount).toBe('5000.5');

    // Persisted: a fresh page shows the saved values.
    await openSettings();
    await page.getByTestId('revenue-guard-form').waitFor();
    expect(await page.getByTestId('revenue-sources').getAttribute('data-value')).toBe('all');
    expect(await page.getByTestId('revenue-sources-select').inputValue()).toBe('all');
    expect(await page.getByTestId('max-order-amount').getAttribute('data-value')).toBe('5000.5');
    expect(await page.getByTestId('max-order-input').inputValue()).toBe('5000.5');

    // Switch to verified and remove the limit.
    await page.getByTestId('revenue-sources-select').selectOption('verified');
    await page.getByTestId('max-order-input').fill('');
    await page.getByTestId('revenue-guard-submit').click();
    await page.getByTestId('revenue-guard-saved').waitFor({ timeout: 15_000 });
    const last = (await api('/v1/workspace')).body;
    expect(last.revenue_sources).toBe('verified');
    expect(last.max_order_amount).toBeNull();

    // A refused amount: the server's reason naming the field.
    await page.getByTestId('max-order-input').fill('0');
    await page.getByTestId('revenue-guard-submit').click();
    const error = page.getByTestId('revenue-guard-error');
    await error.waitFor({ timeout: 15_000 });
    expect(await error.textContent()).toContain('max_order_amount');
    expect(session.errors).toEqual([]);
  }, 120_000);
});
