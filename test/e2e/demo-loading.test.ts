/**
 * The dashboard while the demo world loads (issue 11 #15): `/health`
 * answers 503 `{"status":"loading","progress":{"done","total"}}` and report
 * routes 503 with Retry-After. The dashboard shows "Loading the demo
 * world… N%" (Persian digits in fa), asks `/health` again every 2 s, makes
 * no report request meanwhile, and opens the overview once `/health` says
 * 200. A small proxy in front of a real (loaded) server holds `/health` and
 * `/v1/*` in the loading state, exactly as the server answers them, until
 * the test lets go, so the timing does not depend on this machine's speed.
 */
import { createServer, request, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDashboard, type DashboardSession } from './browser.js';

describe('dashboard while the demo world loads', () => {
  let session: DashboardSession;
  let proxy: Server;
  let proxyUrl = '';
  const state = { loading: true, done: 420, total: 1000 };
  const healthAt: number[] = [];
  const reportsWhileLoading: string[] = [];

  beforeAll(async () => {
    session = await openDashboard({ seed: 3, days: 7, visitors: 50 });
    const target = new URL(session.server.url);
    proxy = createServer((req, res) => {
      const path = req.url ?? '/';
      if (state.loading && path === '/health') {
        healthAt.push(Date.now());
        res.writeHead(503, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ status: 'loading', progress: { done: state.done, total: state.total }, step: 'storing' }));
      }
      if (state.loading && path.startsWith('/v1/') && !path.startsWith('/v1/session')) { // signing in needs no data: the server answers it while loading
        reportsWhileLoading.push(path);
        res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '2' });
        return res.end(JSON.stringify({ error: 'unavailable', message: 'loading the demo world; retry shortly' }));
      }
      const forward = request({ host: target.hostname, port: target.port, path, method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', () => res.destroy());
      req.pipe(forward);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const address = proxy.address();
    proxyUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    proxy?.closeAllConnections();
    await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
  });

  it('shows the loading screen with the percent, polls /health every 2 s, then opens the overview', async () => {
    const { page, server, errors } = session;
    const token = encodeURIComponent(server.adminToken!);
    await page.goto(`${proxyUrl}/?token=${token}&lang=en#/overview`);
    const screen = page.getByTestId('demo-loading');
    await screen.waitFor({ timeout: 30_000 });
    // 420 of 1000 records stored: 42%.
    expect(await screen.locator('h1').textContent()).toBe('Loading the demo world… 42%');
    expect(await screen.locator('progress').getAttribute('value')).toBe('42');

    // The next answers move the percent on without a reload: 733 of 1000 → 73% (whole percent, rounded down).
    state.done = 733;
    await expect.poll(() => screen.locator('h1').textContent(), { timeout: 10_000 }).toBe('Loading the demo world… 73%');

    // Polled about every 2 s (not hammered, not given up): gaps between this page's consecutive asks
    // (the first one or two are the mount; React's StrictMode in the test build mounts twice).
    await expect.poll(() => healthAt.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(4);
    const asks = healthAt.slice(1, 4);
    for (let i = 1; i < asks.length; i++) expect(asks[i] - asks[i - 1]).toBeGreaterThanOrEqual(1_800);

    // Persian: the same screen with Persian digits.
    const fa = await session.browser.newPage();
    await fa.goto(`${proxyUrl}/?token=${token}&lang=fa#/overview`);
    await fa.getByTestId('demo-loading').waitFor({ timeout: 30_000 });
    expect(await fa.getByTestId('demo-loading').locator('h1').textContent()).toBe('در حال بارگذاری دنیای نمایشی… ۷۳٪');
    expect(await fa.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await fa.close();

    // No page mounted behind the screen: not one report request met a 503.
    expect(reportsWhileLoading).toEqual([]);
    expect(await page.getByTestId('kpi-cards').count()).toBe(0);

    // Ready: /health says 200 and the overview opens by itself, with its KPI cards.
    state.loading = false;
    await page.getByTestId('kpi-card-spend').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('demo-loading').count()).toBe(0);
    expect(await page.getByTestId('workspace-name').textContent()).toContain(((await (await fetch(`${server.url}/v1/workspace`, { headers: { authorization: `Bearer ${server.adminToken}` } })).json()) as { name: string }).name);
    expect(errors).toEqual([]);
  }, 120_000);
});
