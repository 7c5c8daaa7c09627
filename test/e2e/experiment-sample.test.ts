/**
 * Issue 12 #5 in the dashboard (Chromium, real server, empty store): an experiment whose
 * sample looks forged (every assignment from one address, every B person buying) shows the
 * sample flags on its results page, in English and in Persian (digits, the variant name as
 * left-to-right code), and says how many exposed people sent no signed assignment.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.js';
import { axeViolations, openDashboard, settled, type DashboardSession } from './browser.js';

describe('experiment sample flags in the dashboard', () => {
  let session: DashboardSession;
  let server: RunningServer;
  let page: Page;
  const counts = { A: 0, B: 0 };

  const post = async (path: string, body: unknown, key: string) => {
    const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as { variant?: string } };
  };

  beforeAll(async () => {
    session = await openDashboard(false);
    ({ server, page } = session);
    const start = new Date(Date.now() - 86_400_000).toISOString();
    expect((await post('/v1/experiments', { key: 'bulk', name: 'Bulk', status: 'running', start, variants: [{ name: 'A' }, { name: 'B' }] }, server.adminToken!)).status).toBe(201);
    const sales: object[] = [];
    for (let i = 0; i < 60; i++) {
      const anon = `bulk-${i}`;
      const a = await post('/v1/experiments/bulk/assign', { anonymous_id: anon }, server.writeKey); // all from 127.0.0.1: one source
      counts[a.body.variant as 'A' | 'B'] += 1;
      if (a.body.variant === 'B') sales.push({ id: `o-${anon}`, type: 'conversion', ts: new Date(Date.now() + 1000).toISOString(), anonymous_id: anon, order_id: `ord-${anon}`, revenue: { amount: '10.00', currency: 'EUR' } });
    }
    // five exposures without a token: stored, left out
    const unsigned = Array.from({ length: 5 }, (_x, i) => ({ id: `u-${i}`, type: 'custom', name: '$exposure', ts: new Date().toISOString(), anonymous_id: `loose-${i}`, properties: { experiment: 'bulk', variant: 'A' } }));
    expect((await post('/v1/events', { events: [...sales, ...unsigned] }, server.writeKey)).status).toBe(200);
  }, 180_000);

  afterAll(() => session?.close());

  it('shows the flags and the unsigned count, in English and in Persian', async () => {
    expect(counts.A).toBeGreaterThanOrEqual(20);
    expect(counts.B).toBeGreaterThanOrEqual(20);
    await page.goto(`${server.url}/?token=${encodeURIComponent(server.adminToken!)}&lang=en#/experiments/bulk`);
    await page.getByTestId('sample-flags').waitFor();
    await settled(page);
    const flags = page.getByTestId('sample-flags').locator('p[data-flag]');
    expect(await flags.evaluateAll((ps) => ps.map((p) => p.getAttribute('data-flag')))).toEqual([
      'experiments.flag.source_share', 'experiments.flag.source_share', 'experiments.flag.rate_near_one',
    ]);
    expect(await flags.nth(0).textContent()).toBe(`One source supplied 100% of variant A (${counts.A} of ${counts.A} people): check for forged or automated traffic.`);
    expect(await page.getByTestId('unsigned-users').textContent()).toContain('5 exposed people sent no server-signed assignment');

    await page.goto(`${server.url}/?lang=fa#/experiments/bulk`);
    await page.getByTestId('sample-flags').waitFor();
    await settled(page);
    const rate = (await page.getByTestId('sample-flags').locator('p[data-flag="experiments.flag.rate_near_one"]').textContent()) ?? '';
    expect(rate).toContain('۱۰۰٪');
    expect(rate).not.toMatch(/[0-9]/);
    expect(await page.getByTestId('sample-flags').locator('p[data-flag="experiments.flag.rate_near_one"] code[translate="no"]').textContent()).toBe('B');
    expect(await page.getByTestId('unsigned-users').textContent()).toContain('۵');
    expect(await axeViolations(page)).toEqual([]);
  });
});
