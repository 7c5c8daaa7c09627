/**
 * Issue 14 "the dashboard debounces typed inputs", in headless Chromium against the real server:
 * dates typed one after the other fetch the KPIs once, for the range typed last (never for the
 * half-typed one in between); a range that supersedes one still being fetched aborts those fetches
 * (the server then stops their queries); typed budget weeks fetch once per pause too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/start.js';
import { ensureWebBuilt, launchBrowser, watchErrors } from './browser.js';

describe('typed inputs fetch once per pause (Chromium)', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  /** Every /v1/kpis request the page sent, and the ones it gave up on. */
  const sent: URL[] = [];
  const failed: { url: URL; reason: string }[] = [];
  const kpis = (urls: URL[]) => urls.filter((u) => u.pathname === '/v1/kpis');
  const ranges = (urls: URL[]) => [...new Set(kpis(urls).map((u) => `${u.searchParams.get('from')}..${u.searchParams.get('to')}`))];
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  /**
   * Types `values` into the fields of these test ids, 50 ms apart by the page's own clock (a timer set
   * after the debounce's fires first, whatever the machine's load), as input events React reads.
   */
  const typeQuickly = (steps: [testId: string, value: string][]) =>
    page.evaluate(async (list) => {
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      for (const [index, [testId, value]] of list.entries()) {
        if (index > 0) await new Promise((resolve) => setTimeout(resolve, 50));
        const input = document.querySelector(`[data-testid="${testId}"]`) as HTMLInputElement;
        setValue.call(input, value);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }
    }, steps);

  beforeAll(async () => {
    await ensureWebBuilt();
    dir = mkdtempSync(join(tmpdir(), 'roilens-e2e-debounce-'));
    server = await startServer({ dbPath: join(dir, 'db.duckdb'), port: 0, demo: false, quiet: true, adminToken: 'adm', writeKey: 'wk' });
    const sale = (id: string, ts: string) => ({ id, type: 'conversion', ts, anonymous_id: `p_${id}`, order_id: `o_${id}`, revenue: { amount: '10.00', currency: 'EUR' } });
    const res = await fetch(`${server.url}/v1/events`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer wk' },
      body: JSON.stringify({ events: [sale('o', '2025-11-01T10:00:00.000Z'), sale('a', '2026-03-02T10:00:00.000Z'), sale('b', '2026-03-20T10:00:00.000Z')] }),
    });
    expect(res.status).toBe(200);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
    errors = watchErrors(page);
    page.on('request', (r) => void sent.push(new URL(r.url())));
    page.on('requestfailed', (r) => void failed.push({ url: new URL(r.url()), reason: r.failure()?.errorText ?? '' }));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('two dates typed in a row fetch the KPIs for the last range only', async () => {
    await page.goto(`${server.url}/?token=adm#/overview?from=2026-03-01&to=2026-03-10`);
    await expect.poll(() => page.getByTestId('kpi-value-revenue').getAttribute('data-value'), { timeout: 30_000 }).toBe('10');
    const before = sent.length;
    await typeQuickly([['date-to', '2026-03-25'], ['date-from', '2026-02-25']]);
    await expect.poll(() => page.getByTestId('kpi-value-revenue').getAttribute('data-value'), { timeout: 30_000 }).toBe('20');
    await pause(500);
    // 2026-03-01..2026-03-25 was on screen for 50 ms only: never asked for.
    expect(ranges(sent.slice(before))).not.toContain('2026-03-01..2026-03-25');
    expect(ranges(sent.slice(before))).toContain('2026-02-25..2026-03-25');
  });

  it('a newer range aborts the fetches of the range it supersedes', async () => {
    // Hold the KPI answers, so the first range's fetches are still waiting when the second is typed.
    await page.route('**/v1/kpis?**', async (route) => {
      await pause(1500);
      await route.continue().catch(() => undefined);
    });
    const before = failed.length;
    await page.getByTestId('date-to').fill('2026-03-21');
    await pause(700);
    await page.getByTestId('date-to').fill('2026-03-22');
    await expect.poll(() => kpis(failed.slice(before).map((f) => f.url)).length, { timeout: 10_000 }).toBeGreaterThan(0);
    // The superseded range's fetches (its previous period's too) were aborted, the newer range's none.
    const abandoned = failed.slice(before).filter((f) => f.url.pathname === '/v1/kpis');
    expect(ranges(abandoned.map((f) => f.url))).toContain('2026-02-25..2026-03-21');
    expect(abandoned.some((f) => f.url.searchParams.get('to') === '2026-03-22')).toBe(false);
    expect(abandoned.every((f) => /abort/i.test(f.reason))).toBe(true);
    await page.unroute('**/v1/kpis?**');
    await expect.poll(() => page.getByTestId('date-to').inputValue()).toBe('2026-03-22');
  });

  it('typed budget weeks fetch once, for the number typed', async () => {
    await page.goto(`${server.url}/#/budget`);
    await page.getByTestId('budget-weeks').waitFor();
    await pause(1000);
    const before = sent.length;
    await typeQuickly([['budget-weeks', '1'], ['budget-weeks', '12']]);
    await pause(1200);
    // Twelve weeks (84 days) ending on the last day with data, 2026-03-20, start on 2025-12-27; one week would be 2026-03-14..
    expect(ranges(sent.slice(before))).toEqual(['2025-12-27..2026-03-20']);
    expect(errors).toEqual([]);
  });
});
