/**
 * The customer-value and budget-planning sections (issues 5 and 6) in
 * Chromium against the real server: what the page shows must equal what the
 * API answers — the LTV:CAC table, the CLV summary, a customer profile, a
 * saved segment's live count, the response curves (recomputed here from the
 * fitted θ, K, S, β), the what-if plan and the funnel planner's budget.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.js';
import { formatValue } from '../../web/src/lib/format/format.js';
import { ARTIFACTS, openDashboard, type DashboardSession } from './browser.js';

interface LtvCac {
  channels: Array<{ channel: string; customers: number; cac: number | null; ltv_cac: number | null }>;
}
interface Clv {
  total_clv: number;
  customers: number;
  distribution: { clv: { edges: string[]; counts: number[] } };
}
interface Fit {
  periods: number;
  usable?: boolean;
  unusable_reason?: { text: string } | null;
  channels: Array<{ channel: string; theta: number; k: number; s: number; beta: number; spend: number }>;
}

describe('customers and budget sections against the real server', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let currency: string;

  const api = async <T>(path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${server.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { Authorization: `Bearer ${server.adminToken}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(response.status, path).toBe(200);
    return (await response.json()) as T;
  };
  const cell = (table: string, key: string) => page.locator(`[data-testid="${table}-row"] td[data-key="${key}"]`);

  let session: DashboardSession;

  beforeAll(async () => {
    session = await openDashboard({ seed: 7, days: 60, visitors: 2000 });
    ({ server, browser, page, errors } = session);
    currency = (await api<{ currency: string }>('/v1/workspace')).currency;
  }, 120_000);

  afterAll(() => session?.close());

  it('shows LTV:CAC, the CLV summary, a profile and a segment count equal to the API', async () => {
    const [ltvCac, clv] = await Promise.all([api<LtvCac>('/v1/customers/ltv-cac'), api<Clv>('/v1/customers/clv?horizon=90')]);
    expect(ltvCac.channels.length).toBeGreaterThan(1);
    await page.goto(`${server.url}/?token=${encodeURIComponent(server.adminToken!)}&lang=en#/customers`);
    await page.getByTestId('ltv-cac-table').waitFor({ timeout: 30_000 });
    const first = ltvCac.channels[0];
    expect(await cell('ltv-cac-table', 'channel').first().getAttribute('data-value')).toBe(first.channel);
    expect(await cell('ltv-cac-table', 'customers').first().textContent()).toBe(String(first.customers));
    expect(await cell('ltv-cac-table', 'cac').first().textContent()).toBe(formatValue(first.cac, 'money', currency, 'en'));
    expect(await cell('ltv-cac-table', 'ltv_cac').first().getAttribute('data-value')).toBe(first.ltv_cac === null ? '' : String(first.ltv_cac));
    await page.getByTestId('ltv-cac-chart').locator('canvas').first().waitFor();

    await page.getByTestId('clv-histogram').locator('canvas').first().waitFor();
    expect(Number(await page.getByTestId('clv-customers').getAttribute('data-value'))).toBe(clv.customers);
    expect(Number(await page.getByTestId('clv-total-clv').getAttribute('data-value'))).toBeCloseTo(clv.total_clv, 6);

    // The customer list is the RFM report's 20 most valuable customers in its order (revenue, then
    // orders, then recency): no two rows tie, each shows its revenue; open the first profile.
    const rfm = await api<{ top_customers: Array<{ customer_id: string; monetary: number; frequency: number; recency_days: number }> }>('/v1/customers/rfm');
    expect(rfm.top_customers).toHaveLength(20);
    await page.getByTestId('customer-open').first().waitFor();
    expect(await page.getByTestId('customer-open').allTextContents()).toEqual(rfm.top_customers.map((c) => c.customer_id));
    const keys = rfm.top_customers.map((c) => `${c.monetary}/${c.frequency}/${c.recency_days}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(await cell('customer-list', 'monetary').first().textContent()).toBe(formatValue(rfm.top_customers[0].monetary, 'money', currency, 'en'));
    // Their predicted CLV comes from the CLV export asked for just these ids (the binned answer has no per-customer rows).
    const named = await api<{ customers: Array<{ customer_id: string; clv: number }> }>(`/v1/customers/clv/customers?horizon=90&ids=${encodeURIComponent(rfm.top_customers.map((c) => c.customer_id).join(','))}`);
    const predicted = named.customers.find((c) => c.customer_id === rfm.top_customers[0].customer_id);
    expect(predicted).toBeDefined();
    await expect.poll(() => cell('customer-list', 'clv').first().textContent(), { timeout: 60_000 }).toBe(formatValue(predicted!.clv, 'money', currency, 'en'));
    const best = rfm.top_customers[0];
    await page.getByTestId('customer-open').first().click();
    const profile = page.getByTestId('customer-profile');
    await profile.waitFor();
    expect(await profile.getAttribute('data-customer')).toBe(best.customer_id);
    const detail = await api<{ profile: { orders: number; revenue: number } }>(`/v1/customers/${encodeURIComponent(best.customer_id)}`);
    expect(await page.getByTestId('profile-orders').textContent()).toBe(formatValue(detail.profile.orders, 'count', currency, 'en'));
    expect(await page.getByTestId('profile-revenue').textContent()).toBe(formatValue(detail.profile.revenue, 'money', currency, 'en'));

    // A segment: at least 2 orders (the default row), saved through the form.
    await page.getByTestId('segment-name').fill('Repeat buyers');
    await page.getByTestId('segment-save').click();
    const result = page.getByTestId('segment-result');
    await result.waitFor();
    const id = (await result.getAttribute('data-segment')) ?? '';
    expect(id).toMatch(/^repeat-buyers-/);
    const count = await api<{ people: number }>(`/v1/segments/${id}/count`);
    expect(count.people).toBeGreaterThan(0);
    expect(Number(await page.getByTestId('segment-count').getAttribute('data-value'))).toBe(count.people);
    const download = page.waitForEvent('download');
    await page.getByTestId('segment-export').click();
    expect((await download).suggestedFilename()).toBe(`segment-${id}.csv`);
    await page.screenshot({ path: join(ARTIFACTS, 'customers-value.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 180_000);

  it('labels the RFM grid score axes in Persian digits in Persian', async () => {
    await page.goto(`${server.url}/?token=${encodeURIComponent(server.adminToken!)}&lang=fa#/customers`);
    const heatmap = page.getByTestId('rfm-heatmap');
    await heatmap.locator('canvas').first().waitFor({ timeout: 30_000 });
    // The text ECharts drew (the Chart component leaves its instance on the element).
    const drawn = async () =>
      heatmap.evaluate((el) => {
        const chart = (el as Element & { roilensChart?: { getZr(): { storage: { getDisplayList(): Array<{ style?: { text?: unknown } }> } } } }).roilensChart;
        return (chart?.getZr().storage.getDisplayList() ?? []).map((shape) => shape.style?.text).filter((text): text is string => typeof text === 'string' && text.trim() !== '');
      });
    await expect.poll(async () => (await drawn()).length, { timeout: 10_000 }).toBeGreaterThan(10);
    const texts = await drawn();
    for (const digit of ['۱', '۲', '۳', '۴', '۵']) expect(texts).toContain(digit);
    expect(texts.filter((text) => /[0-9]/.test(text))).toEqual([]);
    expect(errors).toEqual([]);
  }, 60_000);

  it('draws response curves only from a model that drives the plan, runs a what-if and the funnel planner like the API', async () => {
    const [fit, funnel, auto] = await Promise.all([
      api<Fit>('/v1/budget/fit'),
      api<{ budget: number }>('/v1/budget/funnel?target_sales=100'),
      api<{ mode: string; reason: string | null }>('/v1/budget/plan?weeks=4'),
    ]);
    // In English whatever the tests before left (the locale persists).
    await page.goto(`${server.url}/?token=${encodeURIComponent(server.adminToken!)}&lang=en#/budget`);
    await page.getByTestId('budget-mode').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('budget-mode').getAttribute('data-mode')).toBe(auto.mode);
    if (auto.mode === 'simple' || fit.usable === false) {
      // Issue 11 #8: the mode and its reason, and no curves from a model the plan does not use.
      expect(await page.getByTestId('budget-mode').textContent()).toMatch(/^Simple mode \(rules on the recent weeks, no model\): \S/);
      await page.getByTestId('curves-hidden').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('response-curves').count()).toBe(0);
    } else await page.getByTestId('response-curves').locator('canvas').first().waitFor({ timeout: 30_000 });
    // Steady state of a constant daily spend x: adstock x/(1−θ), outcome β / (1 + (K(1−θ)/x)^S).
    for (const channel of auto.mode === 'model' && fit.usable !== false ? fit.channels : []) {
      const x = channel.spend / fit.periods;
      const expected = x > 0 ? channel.beta / (1 + Math.pow((channel.k * (1 - channel.theta)) / x, channel.s)) : 0;
      const row = page.locator('[data-testid="curves-table-row"]', { has: page.locator(`td[data-key="channel"][data-value="${channel.channel}"]`) });
      expect(Number(await row.locator('td[data-key="response"]').getAttribute('data-value')), channel.channel).toBeCloseTo(expected, 9);
    }

    await page.getByTestId('funnel-budget').waitFor();
    expect(Number(await page.getByTestId('funnel-budget').getAttribute('data-value'))).toBeCloseTo(funnel.budget, 6);
    expect(await page.getByTestId('funnel-budget').textContent()).toBe(formatValue(funnel.budget, 'money', currency, 'en'));
    // Override the CPM and the target: the budget follows the server's answer for the same question.
    await page.getByTestId('funnel-target').fill('250');
    await page.getByTestId('funnel-cpm').fill('12');
    await page.getByTestId('funnel-submit').click();
    const overridden = await api<{ budget: number }>('/v1/budget/funnel?target_sales=250&cpm=12');
    await expect.poll(async () => Number(await page.getByTestId('funnel-budget').getAttribute('data-value'))).toBeCloseTo(overridden.budget, 6);

    // What-if: cap the first channel at 100 over the horizon; the page posts bounds and shows that plan.
    await page.getByTestId('what-if-form').waitFor({ timeout: 30_000 });
    const capped = (await page.locator('[data-testid^="what-if-max-"]').first().getAttribute('data-testid'))!.replace('what-if-max-', '');
    await page.getByTestId(`what-if-max-${capped}`).fill('100');
    const posted = page.waitForRequest((request) => request.method() === 'POST' && request.url().endsWith('/v1/budget/plan'));
    await page.getByTestId('what-if-submit').click();
    const body = JSON.parse((await posted).postData() ?? '{}') as { bounds: Record<string, { max: number }> };
    expect(body.bounds).toEqual({ [capped]: { max: 100 } });
    await page.getByTestId('what-if-result').waitFor({ timeout: 30_000 });
    const plan = await api<{ expected_outcome: number; allocation: Array<{ channel: string; spend: number }> }>('/v1/budget/plan', body);
    expect(Number(await page.getByTestId('what-if-expected').getAttribute('data-value'))).toBeCloseTo(plan.expected_outcome, 6);
    const cappedSpend = plan.allocation.find((row) => row.channel === capped)!.spend;
    expect(cappedSpend).toBeLessThanOrEqual(100);
    const shown = page.locator('[data-testid="what-if-table-row"]', { has: page.locator(`td[data-key="channel"][data-value="${capped}"]`) });
    expect(Number(await shown.locator('td[data-key="spend"]').getAttribute('data-value'))).toBe(cappedSpend);
    await page.screenshot({ path: join(ARTIFACTS, 'budget-planning.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 60_000);
});
