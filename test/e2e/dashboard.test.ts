/**
 * Drives the real dashboard in headless Chromium against the real server
 * (startServer with a small deterministic demo world) and checks what the
 * user sees against what the API answers.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/start.js';
import { formatValue, type Unit } from '../../web/src/lib/format/format.js';
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

/** An ad name the test gives to two of the demo's paid_social campaigns. */
const sharedAd = { name: 'shared_banner', campaigns: ['prospecting_fb', 'retargeting_fb'], spend: [11, 4] };

describe('dashboard overview in Chromium against the real server', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let currency: string;
  let units: Map<string, Unit>;
  let channelKpis: { rows: Array<Record<string, string | number | null>>; totals: Totals; previous?: { totals: Totals } };
  /** The last 30 days of the demo's data, opened through the address (`#/overview?from=…&to=…`). */
  let range: { from: string; to: string };

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
    await server.ready;
    const workspace = await api<{ currency: string; data_from: string; data_to: string }>('/v1/workspace');
    currency = workspace.currency;
    // The demo's ad names are unique; one more ad name runs in two paid_social campaigns (spend 11 and 4) so the
    // drill-down has to tell them apart (issue 11). Imported before any figure is read, so every test sees it.
    const spend = [
      'date,channel,campaign,ad,cost,currency,impressions,clicks',
      `${workspace.data_to},paid_social,${sharedAd.campaigns[0]},${sharedAd.name},11.00,${currency},900,30`,
      `${workspace.data_to},paid_social,${sharedAd.campaigns[1]},${sharedAd.name},4.00,${currency},300,8`,
    ].join('\n');
    const imported = await fetch(`${server.url}/v1/import/spend`, { method: 'POST', headers: { Authorization: `Bearer ${server.adminToken}`, 'content-type': 'text/csv' }, body: spend });
    expect(imported.status, await imported.clone().text()).toBe(200);
    units = new Map((await api<{ metrics: Metric[] }>('/v1/metrics')).metrics.map((m) => [m.name, m.unit]));
    // The last 30 days of data, clipped to its first day; the page gets it from the address.
    let from = addDays(workspace.data_to, -29);
    if (from < workspace.data_from) from = workspace.data_from;
    range = { from, to: workspace.data_to };
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

  it('signs in from a sign-in link, keeps nothing in storage and strips the code from the address', async () => {
    await page.goto(`${server.url}/?token=${encodeURIComponent(server.adminToken!)}#/overview?from=${range.from}&to=${range.to}`);
    await page.getByTestId('kpi-card-spend').waitFor();
    expect(page.url()).not.toContain('token=');
    expect(page.url()).not.toContain('code=');
    expect(page.url()).toContain(`#/overview?from=${range.from}&to=${range.to}`);
    expect(await page.getByTestId('date-from').inputValue()).toBe(range.from);
    expect(await page.getByTestId('date-to').inputValue()).toBe(range.to);
    expect(await page.evaluate(() => localStorage.getItem('rl_token'))).toBeNull();
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

  it('re-queries for a preset relative to today, for custom dates, and keeps the range in the address', async () => {
    const workspace = await api<{ data_from: string; data_to: string; timezone: string }>('/v1/workspace');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: workspace.timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    const expectSpendFor = async (from: string, to: string) => {
      const kpis = await api<{ totals: Totals }>(`/v1/kpis?by=channel&from=${from}&to=${to}&compare=none`);
      await expect
        .poll(() => page.getByTestId('kpi-value-spend').getAttribute('data-value'))
        .toBe(kpis.totals.spend === null ? '' : String(kpis.totals.spend));
      expect(await page.getByTestId('date-from').inputValue()).toBe(from);
      expect(await page.getByTestId('date-to').inputValue()).toBe(to);
    };
    await page.getByTestId('range-preset').selectOption('last7');
    await expectSpendFor(addDays(today, -6), today);
    expect(page.url()).toContain('#/overview?range=last7');
    const customFrom = addDays(workspace.data_to, -13);
    const customTo = addDays(workspace.data_to, -4);
    await page.getByTestId('date-to').fill(customTo);
    await page.getByTestId('date-from').fill(customFrom);
    await expectSpendFor(customFrom, customTo);
    expect(page.url()).toContain(`from=${customFrom}&to=${customTo}`);
    // A reload keeps the range; the navigation carries it to the next page and back.
    await page.reload();
    await expectSpendFor(customFrom, customTo);
    await page.getByTestId('nav-attribution').click();
    expect(page.url()).toContain(`#/attribution?from=${customFrom}&to=${customTo}`);
    await page.getByTestId('nav-overview').click();
    await expectSpendFor(customFrom, customTo);
    // Back to the range the other tests read.
    await page.getByTestId('date-from').fill(range.from);
    await page.getByTestId('date-to').fill(range.to);
    await expectSpendFor(range.from, range.to);
  });

  it('compares with the previous year when asked', async () => {
    const lastYear = (iso: string) => `${Number(iso.slice(0, 4)) - 1}${iso.slice(4)}`;
    await page.getByTestId('range-compare').selectOption('previous_year');
    await expect.poll(() => page.getByTestId('compare-range').textContent()).toContain(String(Number(range.from.slice(0, 4)) - 1));
    expect(page.url()).toContain('compare=previous_year');
    const previous = await api<{ totals: Totals }>(`/v1/kpis?from=${lastYear(range.from)}&to=${lastYear(range.to)}&compare=none`);
    // The demo has no data a year back: every card says what the previous year had (nothing), no change.
    expect(previous.totals.spend ?? 0).toBe(0);
    expect(await page.getByTestId('kpi-change-spend').getAttribute('data-tone')).toBe('neutral');
    await page.getByTestId('range-compare').selectOption('previous');
    await expect.poll(() => page.url()).not.toContain('compare=');
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

  it('downloads the channel table as CSV: the rows in their sort, raw values', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('channel-table-csv').click()]);
    expect(download.suggestedFilename()).toBe(`channel-${range.from}-${range.to}.csv`);
    const text = readFileSync((await download.path())!, 'utf8').replace(/^\ufeff/, '');
    const [header, ...lines] = text.trimEnd().split('\r\n');
    expect(header.split(',').slice(0, 3)).toEqual(['channel', 'spend', 'revenue']);
    // One line per API row plus the total, with the API's unformatted numbers.
    expect(lines).toHaveLength(channelKpis.rows.length + 1);
    const shown = await page.locator('[data-testid="channel-table-row"] td[data-key="channel"]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-value')));
    expect(lines.slice(0, -1).map((line) => line.split(',')[0])).toEqual(shown);
    for (const line of lines.slice(0, -1)) {
      const [channel, spend] = line.split(',');
      const row = channelKpis.rows.find((r) => r.channel === channel)!;
      expect(spend === '' ? null : Number(spend), channel).toBe(row.spend);
    }
    expect(lines.at(-1)!.split(',').slice(0, 2)).toEqual(['total', String(channelKpis.totals.spend)]);
  });

  it('drills down from a channel to its campaigns and on to their ads, only the clicked campaign\'s ads', async () => {
    type Row = Record<string, string | number | null>;
    const campaigns = await api<{ rows: Row[] }>(`/v1/kpis?by=campaign&from=${range.from}&to=${range.to}&compare=none`);
    const ads = await api<{ rows: Row[] }>(`/v1/kpis?by=ad&from=${range.from}&to=${range.to}&compare=none`);
    const channel = 'paid_social';
    // The API: the shared ad name is one row per campaign, each with its own spend.
    for (const [i, campaign] of sharedAd.campaigns.entries()) {
      expect(ads.rows.filter((row) => row.ad === sharedAd.name && row.campaign === campaign).map((row) => [row.channel, row.spend])).toEqual([[channel, sharedAd.spend[i]]]);
    }
    await page.getByTestId('channel-table').getByTestId(`drill-${channel}`).click();
    const names = page.locator('[data-testid="campaign-table-row"] td[data-key="campaign"]');
    await names.first().waitFor();
    const expected = campaigns.rows.filter((row) => row.channel === channel).map((row) => String(row.campaign));
    expect(expected).toEqual(expect.arrayContaining(sharedAd.campaigns));
    expect((await names.evaluateAll((cells) => cells.map((c) => c.getAttribute('data-value')))).sort()).toEqual(expected.sort());
    const shown: Record<string, string[]> = {};
    for (const [i, campaign] of sharedAd.campaigns.entries()) {
      await page.getByTestId('campaign-table').getByTestId(`drill-${campaign}`).click();
      await page.getByTestId('ad-table').waitFor();
      await expect.poll(() => page.getByTestId('drill-up-2').textContent()).toBe(campaign);
      const adRows = page.locator('[data-testid="ad-table-row"]');
      shown[campaign] = await adRows.locator('td[data-key="ad"]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-value') ?? ''));
      // Exactly the API's ad rows of this channel and campaign: the other campaign's ads are not there.
      const expectedAds = ads.rows.filter((row) => row.channel === channel && row.campaign === campaign).map((row) => String(row.ad));
      expect(expectedAds.length, campaign).toBeGreaterThan(1);
      expect([...shown[campaign]].sort(), campaign).toEqual(expectedAds.sort());
      // The shared ad shows this campaign's spend (11 or 4), not the two added together.
      const spend = await adRows.filter({ has: page.locator(`td[data-key="ad"][data-value="${sharedAd.name}"]`) }).locator('td[data-key="spend"]').getAttribute('data-value');
      expect(Number(spend), campaign).toBe(sharedAd.spend[i]);
      await page.getByTestId('drill-up-1').click();
      await page.getByTestId('campaign-table').waitFor();
    }
    // Only the shared name is in both campaigns' tables.
    expect(shown[sharedAd.campaigns[0]].filter((ad) => shown[sharedAd.campaigns[1]].includes(ad))).toEqual([sharedAd.name]);
    await page.getByTestId('drill-up-0').click();
    await page.getByTestId('channel-table').waitFor();
  });

  it('adds and removes KPI cards and columns from the metric picker', async () => {
    expect(await page.getByTestId('kpi-card-ctr').count()).toBe(0);
    await page.getByTestId('metric-picker').locator('summary').click();
    await page.getByTestId('metric-toggle-ctr').check();
    await page.getByTestId('kpi-card-ctr').waitFor();
    expect(await page.getByTestId('channel-table-sort-ctr').count()).toBe(1);
    await page.getByTestId('metric-toggle-ctr').uncheck();
    await expect.poll(() => page.getByTestId('kpi-card-ctr').count()).toBe(0);
    await page.getByTestId('metric-picker').locator('summary').click();
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

  it('asks to sign in again once the session is gone, and takes a pasted sign-in link', async () => {
    await page.context().clearCookies();
    await page.goto(`${server.url}/#/overview`);
    await page.getByTestId('sign-in').waitFor();
    await page.getByTestId('sign-in-code').fill(server.signInLink());
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('kpi-card-spend').waitFor();
  });
});
