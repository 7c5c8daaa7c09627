/**
 * Drives the real dashboard in headless Chromium against the real server
 * (startServer with a small deterministic demo world) and checks what the
 * user sees against what the API answers.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/start.js';
import { formatValue, type Unit } from '../../web/src/lib/format.js';
import { ARTIFACTS, ensureWebBuilt, launchBrowser, watchErrors } from './browser.js';

type Totals = Record<string, number | null>;
interface Metric {
  name: string;
  unit: Unit;
}

const KPI_CARDS = ['spend', 'revenue', 'conversions', 'cpa', 'roas', 'roi', 'sessions', 'unique_visitors', 'leads', 'cpl'];

function addDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

describe('dashboard overview in Chromium against the real server', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let currency: string;
  let units: Map<string, Unit>;
  let channelKpis: { rows: Array<Record<string, string | number | null>>; totals: Totals; previous?: { totals: Totals } };

  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${server.url}${path}`, { headers: { Authorization: `Bearer ${server.adminToken}` } });
    expect(response.status, path).toBe(200);
    return (await response.json()) as T;
  };

  beforeAll(async () => {
    await ensureWebBuilt();
    dir = mkdtempSync(join(tmpdir(), 'roilens-e2e-'));
    server = await startServer({
      dbPath: join(dir, 'roilens.duckdb'),
      port: 0,
      demo: { seed: 11, days: 30, visitors: 2000 },
      quiet: true,
    });
    const workspace = await api<{ currency: string; data_from: string; data_to: string }>('/v1/workspace');
    currency = workspace.currency;
    units = new Map((await api<{ metrics: Metric[] }>('/v1/metrics')).metrics.map((m) => [m.name, m.unit]));
    // The page's default range: the last 30 days of data, clipped to its first day.
    let from = addDays(workspace.data_to, -29);
    if (from < workspace.data_from) from = workspace.data_from;
    channelKpis = await api(`/v1/kpis?by=channel&from=${from}&to=${workspace.data_to}&compare=previous`);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
    errors = watchErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('signs in from ?token=, stores it and strips it from the address', async () => {
    await page.goto(`${server.url}/?token=${encodeURIComponent(server.adminToken)}`);
    await page.getByTestId('kpi-card-spend').waitFor();
    expect(page.url()).not.toContain('token=');
    expect(await page.evaluate(() => localStorage.getItem('rl_token'))).toBe(server.adminToken);
  });

  it('shows KPI cards equal to the API totals, formatted', async () => {
    const totals = channelKpis.totals;
    expect(totals.spend).toBeGreaterThan(0);
    expect(totals.sessions).toBeGreaterThan(0);
    for (const metric of KPI_CARDS) {
      const value = page.getByTestId(`kpi-value-${metric}`);
      const text = (await value.textContent())?.trim() ?? '';
      const expected = totals[metric] ?? null;
      expect(text, metric).not.toBe('');
      expect(await value.getAttribute('data-value'), metric).toBe(expected === null ? '' : String(expected));
      expect(text, metric).toBe(formatValue(expected, units.get(metric) ?? 'count', currency, 'en'));
    }
    // Independent of the app's formatter: spend as Intl writes it, counts read back exactly.
    const spend = (await page.getByTestId('kpi-value-spend').textContent())?.trim();
    const zeroDecimals = ['IRR', 'VND'].includes(currency);
    const intl = new Intl.NumberFormat('en-US', { style: 'currency', currency, ...(zeroDecimals ? { maximumFractionDigits: 0, minimumFractionDigits: 0 } : {}) });
    expect(spend).toBe(intl.format(totals.spend as number));
    for (const metric of ['sessions', 'unique_visitors', 'conversions']) {
      const text = (await page.getByTestId(`kpi-value-${metric}`).textContent()) ?? '';
      if (units.get(metric) === 'count') expect(Number(text.replace(/[^0-9.-]/g, '')), metric).toBe(Math.round(totals[metric] as number));
    }
  });

  it('colours each change by the metric’s good direction', async () => {
    const previous = channelKpis.previous?.totals;
    if (!previous) return expect(await page.getByTestId('kpi-change-spend').getAttribute('data-tone')).toBe('neutral');
    const registry = await api<{ metrics: Array<{ name: string; good: 'up' | 'down' }> }>('/v1/metrics');
    const good = new Map(registry.metrics.map((m) => [m.name, m.good]));
    for (const metric of KPI_CARDS) {
      const now = channelKpis.totals[metric];
      const before = previous[metric];
      let tone = 'neutral';
      if (typeof now === 'number' && typeof before === 'number' && before !== 0 && now !== before && good.has(metric)) {
        tone = now > before === (good.get(metric) === 'up') ? 'good' : 'bad';
      }
      expect(await page.getByTestId(`kpi-change-${metric}`).getAttribute('data-tone'), metric).toBe(tone);
    }
  });

  it('re-queries for a preset and for custom dates', async () => {
    const workspace = await api<{ data_from: string; data_to: string }>('/v1/workspace');
    const expectSpendFor = async (from: string, to: string) => {
      const kpis = await api<{ totals: Totals }>(`/v1/kpis?by=channel&from=${from}&to=${to}&compare=previous`);
      await expect
        .poll(() => page.getByTestId('kpi-value-spend').getAttribute('data-value'))
        .toBe(String(kpis.totals.spend));
      expect(await page.getByTestId('date-from').inputValue()).toBe(from);
      expect(await page.getByTestId('date-to').inputValue()).toBe(to);
    };
    await page.getByTestId('range-preset-7').click();
    await expectSpendFor(addDays(workspace.data_to, -6), workspace.data_to);
    const customFrom = addDays(workspace.data_to, -13);
    const customTo = addDays(workspace.data_to, -4);
    await page.getByTestId('date-to').fill(customTo);
    await page.getByTestId('date-from').fill(customFrom);
    await expectSpendFor(customFrom, customTo);
    await page.getByTestId('range-preset-30').click();
    let from30 = addDays(workspace.data_to, -29);
    if (from30 < workspace.data_from) from30 = workspace.data_from;
    await expectSpendFor(from30, workspace.data_to);
  });

  it('draws the daily chart', async () => {
    await page.getByTestId('daily-chart').locator('canvas').first().waitFor();
  });

  it('sorts the channel table by spend from its header', async () => {
    const table = page.getByTestId('channel-table');
    const spends = async () =>
      table.locator('tbody tr[data-testid="channel-table-row"] td[data-key="spend"]').evaluateAll((cells) =>
        cells.map((cell) => Number(cell.getAttribute('data-value'))),
      );
    const header = table.locator('th', { has: page.getByTestId('channel-table-sort-spend') });
    const apiSpends = channelKpis.rows.map((row) => Number(row.spend));
    expect(apiSpends.length).toBeGreaterThan(1);

    for (let click = 0; click < 2; click++) {
      await page.getByTestId('channel-table-sort-spend').click();
      const direction = await header.getAttribute('aria-sort');
      expect(['ascending', 'descending']).toContain(direction);
      const expected = [...apiSpends].sort((a, b) => (direction === 'ascending' ? a - b : b - a));
      expect(await spends()).toEqual(expected);
    }
  });

  it('switches to Persian: right to left, Persian digits, remembered', async () => {
    await page.getByTestId('locale-select').selectOption('fa');
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fa');
    const spend = (await page.getByTestId('kpi-value-spend').textContent()) ?? '';
    expect(spend).toMatch(/[۰-۹]/);
    expect(spend).not.toMatch(/[0-9]/);
    expect(spend).toBe(formatValue(channelKpis.totals.spend, 'money', currency, 'fa'));
    // The navigation sits on the right in RTL.
    const nav = await page.locator('nav.nav').boundingBox();
    const main = await page.locator('main.content').boundingBox();
    expect(nav!.x).toBeGreaterThan(main!.x);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'overview-fa.png'), fullPage: true });
    await page.reload();
    await page.getByTestId('kpi-card-spend').waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.getByTestId('locale-select').selectOption('en');
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    await page.screenshot({ path: join(ARTIFACTS, 'overview-en.png'), fullPage: true });
  });

  it('opens every other page without crashing, whatever the API offers', async () => {
    for (const name of ['attribution', 'experiments', 'customers', 'budget']) {
      await page.getByTestId(`nav-${name}`).click();
      await page.getByTestId(`page-${name}`).waitFor();
      await expect.poll(() => page.getByTestId('loading').count(), { timeout: 20_000 }).toBe(0);
      expect(await page.getByText('Something went wrong').count(), name).toBe(0);
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    }
    expect(errors).toEqual([]);
  });

  it('asks for the token again when the API refuses it', async () => {
    await page.evaluate(() => localStorage.setItem('rl_token', 'wrong-token'));
    await page.goto(`${server.url}/#/overview`);
    await page.getByTestId('sign-in').waitFor();
    await page.getByTestId('sign-in-token').fill(server.adminToken);
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('kpi-card-spend').waitFor();
  });
});
