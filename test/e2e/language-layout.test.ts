/**
 * Language and layout on a real server with a small demo world:
 *
 * - Persian: every page walked with no Latin digit and no English UI word
 *   outside ids, URLs and code (page text, placeholders, labels, titles and
 *   the text ECharts draws); arrows point the reading way; ids and regular
 *   expressions stay left to right; the date inputs are Jalali with Persian
 *   digits and drive the range.
 * - Phone (390 px) in en, fa and vi: no page scrolls sideways, no chart
 *   collapses to zero width.
 * - Vietnamese with VND: no amount wraps its currency onto its own line.
 * - axe-core: no serious or critical violation on the pages with data.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.js';
import { ARTIFACTS, axeViolations, openDashboard, settled, watchErrors, type DashboardSession } from './browser.js';
import { latinFindings, type LatinFinding } from './latin-text.js';

const PAGES = ['overview', 'attribution', 'experiments', 'customers', 'budget', 'partners', 'settings'] as const;
type PageName = (typeof PAGES)[number];

/**
 * Findings the Persian walk does not hold against a page yet, each with its
 * reason. Everything else on these pages (navigation, header, tables,
 * charts) is still checked.
 */
const NOT_YET: Partial<Record<PageName, { reason: string; matches: (f: LatinFinding) => boolean }>> = {
  budget: {
    reason: 'the budget moves and the funnel bases are sentences the server words in English (budget report), and the planner inputs are native number fields',
    matches: (f) =>
      f.where === 'input' ||
      f.where === 'placeholder' ||
      f.where === 'title' ||
      /^(cut|trim|scale up|keep|hold)\b/.test(f.text) ||
      /^(spend|clicks|sessions|leads|sales|revenue) [\d.]+ (×|\/)/.test(f.text),
  },
  experiments: {
    reason: 'the sample-size planner uses native number inputs (experiments page)',
    matches: (f) => f.where === 'input',
  },
};

describe('language and layout in Chromium', () => {
  let session: DashboardSession;
  let server: RunningServer;
  let page: Page;
  let errors: string[];
  let range: { from: string; to: string };

  const api = async <T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> => {
    const response = await fetch(`${server.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { Authorization: `Bearer ${server.adminToken}`, ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    expect(response.status, path).toBe(200);
    return (await response.json()) as T;
  };
  const open = async (name: PageName, lang: string) => {
    await page.goto(`${server.url}/?lang=${lang}#/${name}?from=${range.from}&to=${range.to}`);
    await page.getByTestId(`page-${name}`).waitFor();
    await settled(page, 60_000);
    // Charts draw on the next frames.
    await page.waitForTimeout(300);
  };

  beforeAll(async () => {
    session = await openDashboard({ seed: 5, days: 30, visitors: 1500 });
    ({ server, page, errors } = session);
    const workspace = await api<{ data_from: string; data_to: string }>('/v1/workspace');
    range = { from: workspace.data_from, to: workspace.data_to };
    await page.goto(`${server.url}/?token=${encodeURIComponent(server.adminToken!)}&lang=fa#/overview`);
    await page.getByTestId('page-overview').waitFor();
  }, 180_000);

  afterAll(() => session?.close());

  it('shows no Latin digit and no English UI word on any page in Persian', async () => {
    const found: Record<string, LatinFinding[]> = {};
    for (const name of PAGES) {
      await open(name, 'fa');
      const pending = NOT_YET[name];
      const findings = (await latinFindings(page)).filter((f) => !pending?.matches(f));
      if (findings.length > 0) found[name] = findings;
      await page.screenshot({ path: join(ARTIFACTS, `fa-${name}.png`), fullPage: true });
    }
    expect(found).toEqual({});
    // The walk saw the data: Persian digits in the KPI cards and the drawn chart labels.
    await open('overview', 'fa');
    expect(await page.getByTestId('kpi-value-spend').textContent()).toMatch(/[۰-۹]/);
  }, 300_000);

  it('points arrows the reading way and keeps ids and patterns left to right in Persian', async () => {
    await open('attribution', 'fa');
    const path = (await page.locator('[data-testid="paths-table-row"] td[data-key="path"]').allTextContents()).find((text) => text.includes('←') || text.includes('→'));
    expect(path, 'a path with more than one channel').toBeDefined();
    expect(path).toContain('←');
    expect(path).not.toContain('→');
    await open('settings', 'fa');
    const patterns = page.locator('[data-testid="channel-rules-table"] code');
    expect(await patterns.count()).toBeGreaterThan(0);
    expect(await patterns.first().evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
    expect(await page.getByTestId('workspace-timezone').getAttribute('translate')).toBe('no');
    await open('attribution', 'en');
    const english = (await page.locator('[data-testid="paths-table-row"] td[data-key="path"]').allTextContents()).find((text) => text.includes('→'));
    expect(english).toBeDefined();
  }, 300_000);

  it('takes Jalali dates with Persian digits in the date inputs', async () => {
    await open('overview', 'fa');
    // 1 Aban 1405 is 23 October 2026; 10 Aban is 1 November 2026.
    await page.getByTestId('date-to').fill('۱۴۰۵/۰۸/۱۰');
    await page.getByTestId('date-from').fill('۱۴۰۵/۰۸/۰۱');
    await expect.poll(() => page.url()).toContain('from=2026-10-23&to=2026-11-01');
    expect(await page.getByTestId('date-from').getAttribute('data-iso')).toBe('2026-10-23');
    // What is shown is Jalali, in Persian digits.
    await page.getByTestId('range-preset').selectOption('last7');
    const shown = await page.getByTestId('date-from').inputValue();
    expect(shown).toMatch(/^[۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2}$/);
  }, 300_000);

  it('does not scroll sideways or collapse a chart at 390 px, in every language', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const problems: string[] = [];
    for (const lang of ['en', 'fa', 'vi']) {
      for (const name of PAGES) {
        await open(name, lang);
        const { scrollWidth, width, charts } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          width: window.innerWidth,
          charts: [...document.querySelectorAll('.chart:not([hidden])')].map((el) => [el.getAttribute('data-testid'), el.getBoundingClientRect().width] as const),
        }));
        if (scrollWidth > width) problems.push(`${lang} ${name}: page is ${scrollWidth}px wide`);
        for (const [chart, chartWidth] of charts) if (chartWidth < 200) problems.push(`${lang} ${name}: ${chart} is ${chartWidth}px wide`);
        if (lang === 'fa') await page.screenshot({ path: join(ARTIFACTS, `phone-fa-${name}.png`), fullPage: true });
      }
    }
    expect(problems).toEqual([]);
    // The journey Sankey becomes a list of flows on a phone, read in the page's direction.
    await open('attribution', 'fa');
    const flows = page.getByTestId('sankey-list').locator('li');
    expect(await flows.count()).toBeGreaterThan(0);
    expect(await flows.first().textContent()).toContain('←');
    expect(await page.getByTestId('sankey-chart').count()).toBe(0);
    await page.setViewportSize({ width: 1360, height: 1000 });
  }, 300_000);

  it('never wraps a VND amount away from its currency in Vietnamese', async () => {
    const { currency } = await api<{ currency: string }>('/v1/workspace');
    // A rate so that the demo's amounts read as dong (1 EUR = 27,000 VND), then VND as the workspace currency.
    const rates = await fetch(`${server.url}/v1/import/rates`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.adminToken}`, 'Content-Type': 'text/csv' },
      body: `date,currency,rate\n${range.from},${currency},27000\n`,
    });
    expect(rates.status).toBe(200);
    await api('/v1/workspace', { method: 'PATCH', body: { currency: 'VND' } });
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      for (const name of ['overview', 'customers'] as const) {
        await open(name, 'vi');
        const amounts = await page.evaluate(() =>
          [...document.querySelectorAll('.kpi-card__value, td.num, .stat dd')]
            .filter((el) => (el.textContent ?? '').includes('₫'))
            .map((el) => {
              const range = document.createRange();
              range.selectNodeContents(el);
              const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
              return { text: el.textContent ?? '', lines: lines.size };
            }),
        );
        expect(amounts.length, name).toBeGreaterThan(0);
        expect(amounts.filter((a) => a.lines > 1), name).toEqual([]);
      }
    } finally {
      await api('/v1/workspace', { method: 'PATCH', body: { currency } });
      await page.setViewportSize({ width: 1360, height: 1000 });
    }
  }, 300_000);

  it('has no serious or critical accessibility violation on the pages with data (axe-core)', async () => {
    const found: Record<string, unknown> = {};
    for (const lang of ['en', 'fa']) {
      for (const name of PAGES) {
        await open(name, lang);
        const violations = await axeViolations(page);
        if (violations.length > 0) found[`${lang} ${name}`] = violations;
      }
    }
    expect(found).toEqual({});
    expect(errors).toEqual([]);
  }, 300_000);
});
