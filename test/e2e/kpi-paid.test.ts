/**
 * Issue 11 #5 in headless Chromium against the real server: a channel without spend
 * shows CPA "—" (not €0.00), and the overview says what the channels with spend earned
 * (totals.paid). Hand-computed: paid search spent €40 for one €100 sale (ROAS 2.5,
 * ROI 150%, CPA €40); direct brought two sales (€30 + €20) at no cost.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/start.js';
import { ensureWebBuilt, launchBrowser, watchErrors } from './browser.js';

describe('overview: null cost ratios and paid-channel figures (Chromium)', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    await ensureWebBuilt();
    dir = mkdtempSync(join(tmpdir(), 'roilens-e2e-paid-'));
    server = await startServer({ dbPath: join(dir, 'db.duckdb'), port: 0, demo: false, quiet: true, adminToken: 'adm', writeKey: 'wk' });
    const pv = (id: string, anon: string, ts: string, query = '') => ({ id, type: 'page_view', ts, anonymous_id: anon, session_id: `s_${anon}`, url: `https://shop.example/${query}` });
    const sale = (id: string, anon: string, ts: string, amount: string) => ({ id, type: 'conversion', ts, anonymous_id: anon, session_id: `s_${anon}`, order_id: `o_${id}`, revenue: { amount, currency: 'EUR' } });
    const events = await fetch(`${server.url}/v1/events`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer wk' },
      body: JSON.stringify({ events: [
        { ...pv('p1', 'p', '2026-03-02T10:00:00.000Z', '?utm_source=google&utm_medium=cpc'), utm: { source: 'google', medium: 'cpc', campaign: 'brand' } },
        sale('p2', 'p', '2026-03-02T10:05:00.000Z', '100.00'),
        pv('q1', 'q', '2026-03-02T11:00:00.000Z'), sale('q2', 'q', '2026-03-02T11:05:00.000Z', '30.00'),
        pv('r1', 'r', '2026-03-03T11:00:00.000Z'), sale('r2', 'r', '2026-03-03T11:05:00.000Z', '20.00'),
      ] }),
    });
    expect(events.status).toBe(200);
    const spend = await fetch(`${server.url}/v1/import/spend`, {
      method: 'POST', headers: { 'content-type': 'text/csv', authorization: 'Bearer adm' },
      body: 'date,channel,campaign,ad,cost,currency,impressions,clicks\n2026-03-02,paid_search,brand,a1,40.00,EUR,1000,20\n',
    });
    expect(spend.status).toBe(200);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
    errors = watchErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows — for the CPA of a channel without spend and the paid channels’ ROAS, ROI and CPA', async () => {
    await page.goto(`${server.url}/?token=adm#/overview?from=2026-03-01&to=2026-03-03`);
    await page.getByTestId('kpi-card-spend').waitFor();
    // All rows: €40 for 3 sales → CPA €13.33, ROAS 150 / 40 = 3.75.
    expect((await page.getByTestId('kpi-value-cpa').textContent())?.trim()).toBe('€13.33');
    expect((await page.getByTestId('kpi-value-roas').textContent())?.trim()).toBe('3.75');
    const paid = (await page.getByTestId('kpi-paid').textContent())?.trim();
    expect(paid).toBe('Channels with spend only: ROAS 2.5 · ROI 150.0% · CPA €40.00');
    // The channel table: direct has no cost, so no CPA.
    const direct = page.locator('tr', { hasText: /^Direct/ }).first();
    await direct.waitFor();
    const table = page.locator('table', { has: direct });
    const headers = (await table.locator('thead th').allTextContents()).map((h) => h.trim());
    const column = (label: string) => headers.findIndex((h) => h.startsWith(label));
    const cellsOf = async (row: typeof direct) => (await row.locator('td, th').allTextContents()).map((c) => c.trim());
    const directCells = await cellsOf(direct);
    expect(column('CPA')).toBeGreaterThan(0);
    expect(directCells[column('CPA')]).toBe('—');
    expect(directCells[column('ROAS')]).toBe('—');
    const paidSearch = await cellsOf(table.locator('tr', { hasText: /^Paid search/ }).first());
    expect(paidSearch[column('CPA')]).toBe('€40.00');
    expect(errors).toEqual([]);
  });
});
