/**
 * Issue 15 in headless Chromium against the real server: the signed-in owner switches between two
 * workspaces with different currencies and time zones in the header, sees each one's figures, keeps the
 * choice across a reload (localStorage), every API call carries `X-Roilens-Workspace`, and the Agency
 * page shows both side by side and converted into EUR.
 *
 * Hand-computed, range 2026-03-01 – 2026-03-31:
 *   My shop (default) EUR, UTC: 120.50 on 5 Mar (in); 40.00 on 28 Feb 23:30 UTC (28 Feb in UTC: out) → €120.50
 *   Saigon Shop VND, Asia/Ho_Chi_Minh (+07:00): 2,500,000 on 28 Feb 18:05 UTC (1 Mar local: in);
 *     1,000,000 on 31 Mar 18:30 UTC (1 Apr local: out) → ₫2,500,000 (₫3,500,000 if days were UTC's)
 *   Rates (the default workspace's table, base EUR): VND 0.000036 from 10 Mar → 2,500,000 ₫ = €90.00;
 *     both in EUR €210.50
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/start.js';
import { ARTIFACTS, ensureWebBuilt, launchBrowser, settled, watchErrors } from './browser.js';

describe('workspace switcher and agency page (Chromium)', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let saigon: string;
  const headersSeen: Array<{ url: string; workspace: string | undefined }> = [];
  const range = 'from=2026-03-01&to=2026-03-31';

  beforeAll(async () => {
    await ensureWebBuilt();
    dir = mkdtempSync(join(tmpdir(), 'roilens-e2e-switcher-'));
    const db = join(dir, 'db.duckdb');
    server = await startServer({ dbPath: db, port: 0, demo: false, quiet: true, adminToken: 'adm', writeKey: 'wk' });
    const operator = (JSON.parse(readFileSync(`${db}.server.json`, 'utf8')) as { operator_key: string }).operator_key;
    const post = async (path: string, token: string, body: unknown, type = 'application/json') => {
      const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': type, authorization: `Bearer ${token}` }, body: typeof body === 'string' ? body : JSON.stringify(body) });
      expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300);
      return res.json();
    };
    const created = await post('/v1/workspaces', operator, { name: 'Saigon Shop', currency: 'VND', timezone: 'Asia/Ho_Chi_Minh' });
    saigon = created.id;
    const sale = (id: string, ts: string, amount: string, currency: string) => ({ id, type: 'conversion', ts, anonymous_id: `a_${id}`, session_id: `s_${id}`, order_id: `o_${id}`, revenue: { amount, currency } });
    await post('/v1/events', 'wk', { events: [sale('d1', '2026-03-05T10:05:00.000Z', '120.50', 'EUR'), sale('d0', '2026-02-28T23:30:00.000Z', '40.00', 'EUR')] });
    await post('/v1/events', created.write_key, { events: [sale('s1', '2026-02-28T18:05:00.000Z', '2500000', 'VND'), sale('s2', '2026-03-31T18:30:00.000Z', '1000000', 'VND')] });
    await post('/v1/import/rates', 'adm', 'date,currency,rate\n2026-03-10,VND,0.000036\n', 'text/csv');
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
    errors = watchErrors(page);
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/v1/kpis')) headersSeen.push({ url: request.url(), workspace: request.headers()['x-roilens-workspace'] });
    });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const revenueCard = async () => {
    await settled(page);
    return (await page.getByTestId('kpi-value-revenue').textContent())?.trim();
  };

  it('switches between an EUR/UTC and a VND/Ho Chi Minh workspace and shows each one\'s figures, remembered across a reload', async () => {
    await page.goto(`${server.url}/?token=adm#/overview?${range}`);
    await page.getByTestId('kpi-card-revenue').waitFor();
    expect(await revenueCard()).toBe('€120.50');
    expect(await page.getByTestId('header-currency').textContent()).toBe('EUR');
    const options = await page.getByTestId('workspace-switcher').locator('option').allTextContents();
    expect(options.map((o) => o.trim()).sort()).toEqual(['My shop · EUR', 'Saigon Shop · VND']);

    headersSeen.length = 0;
    await page.getByTestId('workspace-switcher').selectOption(saigon);
    await expect.poll(async () => page.getByTestId('header-currency').textContent(), { timeout: 30_000 }).toBe('VND');
    expect(await page.getByTestId('header-timezone').textContent()).toMatch(/^Asia\/(Saigon|Ho_Chi_Minh)$/);
    await page.getByTestId('kpi-card-revenue').waitFor();
    const vnd = await revenueCard();
    expect(vnd).toContain('₫');
    expect(vnd?.replace(/\D/g, '')).toBe('2500000');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'workspace-switcher.png') });
    expect(headersSeen.length).toBeGreaterThan(0);
    expect(headersSeen.every((r) => r.workspace === saigon)).toBe(true);
    expect(await page.evaluate(() => window.localStorage.getItem('roilens.workspace'))).toBe(saigon);

    await page.goto(`${server.url}/#/overview?${range}`);
    await page.reload();
    await page.getByTestId('kpi-card-revenue').waitFor();
    expect(await page.getByTestId('header-currency').textContent()).toBe('VND');
    expect((await revenueCard())?.replace(/\D/g, '')).toBe('2500000');
    expect(errors).toEqual([]);
  }, 180_000);

  it('the Agency page lists both workspaces in their own currency and in EUR, with the rate used', async () => {
    await page.goto(`${server.url}/#/agency?${range}&currency=EUR`);
    const table = page.getByTestId('agency-table');
    await table.waitFor({ timeout: 60_000 });
    await settled(page);
    const cells = async (name: string) => (await table.locator('tr', { hasText: name }).first().locator('td').allTextContents()).map((c) => c.trim());
    const euro = await cells('My shop');
    expect(euro).toContain('€120.50');
    const saigonCells = await cells('Saigon Shop');
    expect(saigonCells.some((c) => c.includes('₫') && c.replace(/\D/g, '') === '2500000')).toBe(true);
    expect(saigonCells).toContain('€90.00');
    expect(await table.locator('tfoot').textContent()).toContain('€210.50');
    expect(saigonCells.at(-1)).toBe('—'); // no spend: no CPA, in EUR as in dong
    expect(await page.getByTestId('agency-rates').textContent()).toContain('1 VND = 0.000036 EUR');
    await page.screenshot({ path: join(ARTIFACTS, 'agency.png'), fullPage: true });
    // In Persian every figure and the rate are in Persian digits, the rate exact.
    await page.getByTestId('locale-select').selectOption('fa');
    await expect.poll(async () => page.getByTestId('agency-rates').textContent()).toContain('۱ VND = ۰٫۰۰۰۰۳۶ EUR');
    expect(await table.textContent()).not.toMatch(/[0-9]/);
    await page.getByTestId('locale-select').selectOption('en');
    expect(errors).toEqual([]);
  }, 120_000);

  it('switches back to the default workspace', async () => {
    await page.goto(`${server.url}/#/overview?${range}`);
    await page.getByTestId('workspace-switcher').selectOption('default');
    await expect.poll(async () => page.getByTestId('header-currency').textContent(), { timeout: 30_000 }).toBe('EUR');
    await page.getByTestId('kpi-card-revenue').waitFor();
    expect(await revenueCard()).toBe('€120.50');
    expect(errors).toEqual([]);
  }, 120_000);
});
