/**
 * Experiments from the dashboard (issue 11, "Reach from the dashboard", #6) in
 * Chromium against the real server on an empty store: create an experiment with
 * the sample-size planner, start it, read its results (counts, progress to the
 * planned sample, sequential p-value and stopping rule, secondary and guardrail
 * metrics), see a suspicious split shown as a warning (never "matches"), edit it,
 * stop it and declare the winner; in Persian too. Every write is checked through the API.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignVariant } from '../../src/experiments/index.js';
import type { RunningServer } from '../../src/server/start.js';
import { ARTIFACTS, axeViolations, openDashboard, settled, watchConsole, type DashboardSession } from './browser.js';

describe('experiments in the dashboard', () => {
  let session: DashboardSession;
  let server: RunningServer;
  let page: Page;
  let problems: string[];

  const api = async (path: string, init: { method?: string; body?: unknown; key?: string } = {}) => {
    const response = await fetch(`${server.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { Authorization: `Bearer ${init.key ?? server.adminToken}`, ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: response.status, body: (await response.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON under test
  };

  beforeAll(async () => {
    session = await openDashboard(false);
    ({ server, page } = session);
    problems = watchConsole(page);
  }, 180_000);

  afterAll(() => session?.close());

  it('creates an experiment with the planner, starts it, shows its results, edits it and declares the winner', async () => {
    await page.goto(`${server.url}/?token=${encodeURIComponent(server.adminToken!)}&lang=en#/experiments`);
    await page.getByTestId('page-experiments').waitFor();
    await page.getByTestId('experiment-new').click();
    await page.getByTestId('experiment-key').fill('hero');
    await page.getByTestId('experiment-name').fill('Hero headline');
    await page.getByTestId('variant-name-1').fill('big');
    await page.getByTestId('secondary-revenue_per_user').check();
    await page.getByTestId('guardrails-leads_per_user').check();
    // Planner: R power.prop.test(p1 = 0.05, p2 = 0.055, power = 0.8)$n = 31233.44 → 31234 per variant
    await page.getByTestId('plan-baseline').fill('5');
    await page.getByTestId('plan-mde').fill('10');
    await page.getByTestId('plan-submit').click();
    expect(await page.getByTestId('plan-result').getAttribute('data-users')).toBe('31234');
    await page.getByTestId('plan-use').click();
    expect(await page.getByTestId('experiment-planned').inputValue()).toBe('31234');
    await page.getByTestId('experiment-save').click();
    await page.getByTestId('experiment-actions').waitFor();

    let def = (await api('/v1/experiments/hero')).body;
    expect(def).toMatchObject({
      key: 'hero', name: 'Hero headline', status: 'draft', variants: [{ name: 'control', weight: 1 }, { name: 'big', weight: 1 }],
      metric: 'conversion_rate', secondary_metrics: ['revenue_per_user'], guardrail_metrics: ['leads_per_user'], mde: 0.1, planned_users: 31234, hash_version: 2,
    });

    await page.getByTestId('experiment-start').click();
    await expect.poll(async () => (await api('/v1/experiments/hero')).body.status).toBe('running');

    // 260 visitors hashed into control and 340 into big (MurmurHash3, as the snippet does): χ² = 2·40²/300 = 10.67,
    // SRM p = 0.0011 — just above the 0.001 threshold, so a "check the split" warning, never "matches".
    const ids: Record<string, string[]> = { control: [], big: [] };
    for (let i = 0; ids.control.length < 260 || ids.big.length < 340; i++) {
      const id = `exp_anon_${i}`;
      const arm = ['control', 'big'][assignVariant('hero', id, [1, 1], 2)];
      if (ids[arm].length < (arm === 'control' ? 260 : 340)) ids[arm].push(id);
    }
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    const events: object[] = [];
    for (const [arm, list] of Object.entries(ids)) {
      list.forEach((id, i) => {
        events.push({ id: `x-${id}`, type: 'custom', name: '$exposure', ts: at(10), anonymous_id: id, properties: { experiment: 'hero', variant: arm, hash_version: 2 } });
        if (i < (arm === 'control' ? 13 : 34)) events.push({ id: `o-${id}`, type: 'conversion', ts: at(5), anonymous_id: id, order_id: `ord-${id}`, revenue: { amount: '20.00', currency: 'EUR' } });
        if (i < 5) events.push({ id: `l-${id}`, type: 'lead', ts: at(6), anonymous_id: id });
      });
    }
    // Sent with the admin token (the server key): its exposures count as signed (issue 12 #5; write-key ones need an assignment token).
    for (let i = 0; i < events.length; i += 500) expect((await api('/v1/events', { method: 'POST', body: { events: events.slice(i, i + 500) } })).status).toBe(200);

    await page.reload();
    await page.getByTestId('counts-table').waitFor();
    await settled(page);
    expect(await page.getByTestId('srm-ok').count()).toBe(0);
    expect(await page.getByTestId('srm-check').textContent()).toContain('0.0011');
    expect(await page.getByTestId('assignment-warning').count()).toBe(0); // every exposure is where its hash puts it
    const users = await page.locator('[data-testid="counts-table-row"] td[data-key="users"]').allTextContents();
    expect(users.map((s) => s.trim())).toEqual(['260', '340']);
    const converters = await page.locator('[data-testid="counts-table-row"] td[data-key="converters"]').allTextContents();
    expect(converters.map((s) => s.trim())).toEqual(['13', '34']);
    // progress: the smallest variant has 260 of 31,234 planned users
    expect(await page.getByTestId('progress-text').textContent()).toContain('260 of 31,234');
    await page.getByTestId('stopping-rule').waitFor();
    const sequential = await page.locator('[data-testid="variants-table-row"] td[data-key="sequential_p_value"]').allTextContents();
    expect(sequential[0].trim()).toBe('—');
    expect(sequential[1].trim()).toMatch(/^0\.\d{3}|^\d\.\d+E-\d+$|^0\.0+\d+/);
    await page.getByTestId('secondary-revenue_per_user').waitFor();
    await page.getByTestId('guardrail-leads_per_user').waitFor();
    const guardrailValues = await page.locator('[data-testid="guardrail-leads_per_user-table-row"] td[data-key="value"]').allTextContents();
    expect(guardrailValues.map((s) => s.trim())).toEqual([String(Math.round((5 / 260) * 100) / 100), String(Math.round((5 / 340) * 100) / 100)]);
    await page.screenshot({ path: join(ARTIFACTS, 'experiment-results.png'), fullPage: true });

    // Edit: rename (variants stay locked while it runs)
    await page.getByTestId('experiment-edit').click();
    await page.getByTestId('experiment-name').fill('Hero headline v2');
    await page.getByTestId('experiment-save').click();
    await expect.poll(async () => (await page.locator('h1').textContent())?.trim()).toBe('Hero headline v2');

    // Stop and declare the winner
    await page.getByTestId('winner-select').selectOption('big');
    await page.getByTestId('winner-declare').click();
    await page.getByTestId('experiment-winner').waitFor();
    def = (await api('/v1/experiments/hero')).body;
    expect(def).toMatchObject({ name: 'Hero headline v2', status: 'stopped', winner: 'big', planned_users: 31234 });
    expect(def.stop).toBeTruthy();
    expect(await page.getByTestId('experiment-detail-status').textContent()).toBe('Stopped');
    expect(problems).toEqual([]);
  });

  it('reads in Persian with Persian digits and passes axe', async () => {
    await page.goto(`${server.url}/?lang=fa#/experiments/hero`);
    await page.getByTestId('counts-table').waitFor();
    await settled(page);
    const progress = (await page.getByTestId('progress-text').textContent()) ?? '';
    expect(progress).toContain('۲۶۰');
    expect(progress).not.toMatch(/[0-9]/);
    expect(await page.getByTestId('srm-check').textContent()).toContain('۰٫۰۰۱۱');
    // the declared winner is an id inside the Persian sentence: left to right, not translated
    expect(await page.getByTestId('experiment-winner').locator('code[translate="no"]').textContent()).toBe('big');
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${server.url}/?lang=fa#/experiments`);
    await page.getByTestId('experiment-new').click();
    await page.getByTestId('sample-planner').first().waitFor();
    // number fields show Persian digits and read typed Persian digits as numbers
    expect(await page.getByTestId('plan-baseline').inputValue()).toBe('۵');
    await page.getByTestId('plan-baseline').fill('۵');
    await page.getByTestId('plan-mde').fill('۱۰');
    await page.getByTestId('plan-submit').click();
    expect(await page.getByTestId('plan-result').getAttribute('data-users')).toBe('31234');
    expect(await page.getByTestId('plan-result').textContent()).toContain('۳۱٬۲۳۴');
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('fits a phone (390 px): the results, the form and the planner never scroll sideways', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await page.goto(`${server.url}/?lang=vi#/experiments/hero`);
    await page.getByTestId('counts-table').waitFor();
    await settled(page);
    expect(await sideways()).toBeLessThanOrEqual(0);
    await page.goto(`${server.url}/?lang=fa#/experiments`);
    await page.getByTestId('experiment-new').click();
    await page.getByTestId('experiment-form').waitFor();
    expect(await sideways()).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(ARTIFACTS, 'experiment-form-phone-fa.png'), fullPage: true });
    expect(problems).toEqual([]);
  });
});
