/**
 * The snippet in a real headless Chromium: a tiny node:http server serves test
 * pages and sdk/dist/s.js and records every POST /v1/events (sendBeacon bodies).
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Cookie } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSnippet } from '../build.mjs';
import { assignVariant } from '../../src/experiments/index.js';
import type { TrackedEvent } from '../src/event.js';

interface Capture {
  host: string;
  key: string | null;
  contentType: string;
  events: TrackedEvent[];
}

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const LANDING_QUERY = '?utm_source=google&utm_medium=cpc&utm_campaign=brand&gclid=abc';

/** A page that queues a call before the snippet loads, as sdk/README.md documents. */
function testPage(title: string, api: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>
<script>window.roilens = window.roilens || []; roilens.push(['track', 'signup', { plan: 'pro' }]);</script>
<script async src="/s.js" data-key="wk_test" data-currency="EUR"${api ? ` data-api="${api}"` : ''}></script>
</head><body><p>${title}</p><a id="next" href="/page2.html">next</a></body></html>`;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}

describe('snippet in headless Chromium', () => {
  const captures: Capture[] = [];
  const pageErrors: string[] = [];
  let server: Server;
  let browser: Browser;
  let base = '';
  let port = 0;
  let variants: unknown[] = [];
  const definitionKeys: (string | null)[] = [];
  const assignRequests: Record<string, string>[] = [];
  let firstCookies: Cookie[] = [];
  let secondVisitorId = '';

  const events = (): TrackedEvent[] => captures.flatMap((c) => c.events);
  const find = (predicate: (e: TrackedEvent) => boolean): TrackedEvent[] => events().filter(predicate);

  /** Polls the captured events until `predicate` holds (the beacon is asynchronous). */
  async function waitForEvent(what: string, predicate: (e: TrackedEvent) => boolean): Promise<TrackedEvent> {
    for (let attempt = 0; attempt < 300; attempt++) {
      const hit = events().find(predicate);
      if (hit) return hit;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no captured event: ${what}; got ${JSON.stringify(events().map((e) => [e.type, e.name, e.url]))}`);
  }

  async function openPage(context: BrowserContext, url: string, referer?: string) {
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(url, { referer });
    await page.waitForFunction(() => window.roilens && !Array.isArray(window.roilens));
    return page;
  }

  beforeAll(async () => {
    const snippet = readFileSync(await buildSnippet());
    server = createServer(async (request, response) => {
      const url = new URL(request.url || '/', 'http://test');
      if (request.method == 'POST' && url.pathname == '/v1/events') {
        const body = await readBody(request);
        const parsed = JSON.parse(body) as { events: TrackedEvent[] };
        captures.push({
          host: request.headers.host || '',
          key: url.searchParams.get('key'),
          contentType: request.headers['content-type'] || '',
          events: parsed.events,
        });
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ accepted: parsed.events.length, rejected: [] }));
      } else if (request.method == 'GET' && url.pathname == '/v1/experiments/definitions') {
        // hero-banner was created before hash versions (FNV-1a); cta is unknown to the server (version 2)
        definitionKeys.push(url.searchParams.get('key'));
        response.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
        response.end(JSON.stringify({ experiments: [{ key: 'hero-banner', variants: [{ name: 'A', weight: 1 }, { name: 'B', weight: 1 }], hash_version: 1 }] }));
      } else if (request.method == 'GET' && url.pathname == '/v1/experiments/assign') {
        // The server's own assignment (src/reports/experiments/experiments.ts): a token only for the variant its hash gives.
        const q = Object.fromEntries(url.searchParams);
        assignRequests.push(q);
        const names = q.experiment == 'hero-banner' ? ['A', 'B'] : ['green', 'blue'];
        const index = assignVariant(q.experiment, q.anonymous_id, [1, 1], q.experiment == 'hero-banner' ? 1 : 2);
        const agrees = q.variant == names[index] || q.variant == String(index);
        response.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
        response.end(JSON.stringify({ experiment: q.experiment, variant: names[index], index, token: agrees ? `tok:${q.experiment}:${index}` : null }));
      } else if (url.pathname == '/s.js') {
        response.writeHead(200, { 'content-type': 'text/javascript' });
        response.end(snippet);
      } else if (url.pathname.endsWith('.html')) {
        const api = url.searchParams.get('api') ? `http://localhost:${port}` : '';
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(url.pathname == '/leave.html' ? '<!doctype html><p>bye</p>' : testPage(url.pathname, api));
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });

    // Visitor one: lands from a Google ad, acts, navigates in the SPA, goes to a second page.
    const first = await browser.newContext();
    const page = await openPage(first, `${base}/page.html${LANDING_QUERY}`, 'https://www.google.com/');
    variants = await page.evaluate(async () => {
      const rl = window.roilens as import('../src/index.js').Roilens;
      await new Promise((resolve) => rl.ready(resolve)); // the definitions (hash versions) have loaded
      rl.track('add_to_cart', { sku: 'A1' });
      const picked = [rl.variant('hero-banner'), rl.variant('hero-banner'), rl.variant('cta', ['green', 'blue'])];
      rl.identify('u-42', { plan: 'pro' });
      rl.track('purchase', { order_id: 'o-1', revenue: '12.50' });
      history.pushState({}, '', '/checkout/done');
      // Bad calls must not throw into the page.
      const loose = rl as unknown as Record<string, (...args: unknown[]) => unknown>;
      loose.track();
      loose.identify();
      loose.identify('');
      loose.variant(null, 'nonsense');
      loose.push(['no_such_method']);
      await new Promise((resolve) => setTimeout(resolve, 300)); // each exposure waits for its signed assignment token
      return picked;
    });
    await Promise.all([page.waitForURL(`${base}/page2.html`), page.click('#next')]); // pagehide sends page one's batch
    await page.waitForFunction(() => window.roilens && !Array.isArray(window.roilens));
    // Age the stored session by 31 minutes: the next hit must open a new session.
    await page.evaluate(() => {
      const stored = JSON.parse(localStorage.getItem('rl_sid')!);
      stored.last -= 31 * 60 * 1000;
      const value = JSON.stringify(stored);
      localStorage.setItem('rl_sid', value);
      document.cookie = 'rl_sid=' + encodeURIComponent(value) + '; Path=/; SameSite=Lax';
      (window.roilens as import('../src/index.js').Roilens).track('after_break');
    });
    firstCookies = await first.cookies();
    await page.goto(`${base}/leave.html`);
    await waitForEvent('after_break', (e) => e.name == 'after_break');
    await first.close();

    // Visitor two: a fresh browser profile, sending to an explicit data-api origin.
    const second = await browser.newContext();
    const other = await openPage(second, `${base}/page.html?api=1`);
    secondVisitorId = (await second.cookies()).find((c) => c.name == 'rl_aid')!.value;
    await other.evaluate(() => {
      const rl = window.roilens as import('../src/index.js').Roilens;
      rl.identify('u-9');
      rl.reset();
      rl.track('after_reset');
    });
    await other.goto(`${base}/leave.html`);
    await waitForEvent('second visitor page view', (e) => e.anonymous_id == secondVisitorId && e.type == 'page_view');
    await waitForEvent('after_reset', (e) => e.name == 'after_reset');
    await second.close();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('raises no error in the host page', () => {
    expect(pageErrors).toEqual([]);
  });

  it('sends batches by sendBeacon as text/plain with the write key', () => {
    expect(captures.length).toBeGreaterThan(0);
    for (const capture of captures) {
      expect(capture.contentType).toMatch(/^text\/plain/);
      expect(capture.key).toBe('wk_test');
    }
  });

  it('records the landing page view with UTM, click id, referrer and device hints', () => {
    const [view] = find((e) => e.type == 'page_view' && e.url!.includes('gclid=abc'));
    expect(view).toMatchObject({
      url: `${base}/page.html${LANDING_QUERY}`,
      referrer: 'https://www.google.com/',
      utm: { source: 'google', medium: 'cpc', campaign: 'brand' },
      click_id: 'abc',
    });
    expect(view.user_id).toBeUndefined();
    expect(view.properties).toMatchObject({
      gclid: 'abc',
      landing_page: `${base}/page.html${LANDING_QUERY}`,
      session_referrer: 'https://www.google.com/',
      title: '/page.html',
      device: 'desktop',
    });
    expect(view.properties!.screen).toMatch(/^\d+x\d+$/);
    expect(typeof view.properties!.language).toBe('string');
    expect(new Date(view.ts).getTime()).toBeGreaterThan(Date.now() - 10 * 60_000);
    expect(view.id).toMatch(/^[0-9A-Za-z_-]{22}$/);
  });

  it('replays calls queued before load and types leads and purchases', () => {
    const [signup] = find((e) => e.name == 'signup');
    expect(signup).toMatchObject({ type: 'lead', properties: { plan: 'pro' }, utm: { campaign: 'brand' } });
    const [purchase] = find((e) => e.name == 'purchase');
    expect(purchase).toMatchObject({
      type: 'conversion',
      order_id: 'o-1',
      revenue: { amount: '12.50', currency: 'EUR' },
      click_id: 'abc',
      user_id: 'u-42',
    });
    expect(find((e) => e.name == 'add_to_cart')[0]).toMatchObject({ type: 'custom', properties: { sku: 'A1' } });
  });

  it('sets user_id from identify on the identify event and every later event, across page loads', () => {
    const [identify] = find((e) => e.name == 'identify');
    expect(identify).toMatchObject({ type: 'custom', user_id: 'u-42', properties: { plan: 'pro' } });
    const [secondPage] = find((e) => e.type == 'page_view' && e.url == `${base}/page2.html`);
    expect(secondPage.user_id).toBe('u-42');
    expect(find((e) => e.name == 'add_to_cart')[0].user_id).toBeUndefined();
    // Calls without a user id or event name are ignored, not sent as "undefined".
    expect(find((e) => e.name == 'identify' && e.anonymous_id != secondVisitorId)).toHaveLength(1);
    expect(find((e) => e.user_id == 'undefined' || e.name == 'undefined')).toEqual([]);
  });

  it('tracks SPA navigation by history.pushState as a page view', () => {
    const [spa] = find((e) => e.type == 'page_view' && e.url == `${base}/checkout/done`);
    expect(spa.referrer).toBe(`${base}/page.html${LANDING_QUERY}`);
  });

  it('keeps one anonymous id in a long-lived SameSite=Lax cookie and one session across page loads', () => {
    const visitor = firstCookies.find((c) => c.name == 'rl_aid')!;
    expect(visitor.sameSite).toBe('Lax');
    // The snippet asks for 2 years (Max-Age=63072000); Chromium caps cookie
    // lifetimes at 400 days, and every visit renews the cookie.
    expect(visitor.expires * 1000).toBeGreaterThan(Date.now() + 399 * 86_400_000);
    const mine = events().filter((e) => e.anonymous_id == visitor.value);
    const firstVisitor = events().filter((e) => e.anonymous_id != secondVisitorId && e.name != 'after_reset');
    expect(new Set(firstVisitor.map((e) => e.anonymous_id))).toEqual(
      new Set([visitor.value]),
    );
    const beforeBreak = mine.filter((e) => e.name != 'after_break');
    expect(beforeBreak.length).toBeGreaterThanOrEqual(8);
    expect(new Set(beforeBreak.map((e) => e.session_id)).size).toBe(1);
    // The second page has no campaign parameters but belongs to the Google session.
    const [secondPage] = find((e) => e.type == 'page_view' && e.url == `${base}/page2.html`);
    expect(secondPage).toMatchObject({ referrer: `${base}/checkout/done`, utm: { source: 'google' }, click_id: 'abc' });
    expect(secondPage.properties!.landing_page).toBe(`${base}/page.html${LANDING_QUERY}`);
  });

  it('opens a new, direct session after 30 minutes of inactivity', () => {
    const [late] = find((e) => e.name == 'after_break');
    const [landing] = find((e) => e.type == 'page_view' && e.url!.includes('gclid=abc'));
    expect(late.session_id).toBeTruthy();
    expect(late.session_id).not.toBe(landing.session_id);
    expect(late.anonymous_id).toBe(landing.anonymous_id);
    expect(late.utm).toBeUndefined();
    expect(late.click_id).toBeUndefined();
    expect(late.properties!.landing_page).toBe(`${base}/page2.html`);
  });

  it('assigns sticky variants and logs one exposure per experiment per session', () => {
    expect(variants[0]).toBe(variants[1]);
    expect([0, 1]).toContain(variants[0]);
    expect(['green', 'blue']).toContain(variants[2]);
    const exposures = find((e) => e.name == '$exposure');
    // each carries the server's token (issue 12 #5); the two assignment answers may arrive in either order
    expect(exposures.map((e) => e.properties).sort((a, b) => String(a!.experiment).localeCompare(String(b!.experiment)))).toEqual([
      { experiment: 'cta', variant: variants[2], hash_version: 2, token: `tok:cta:${['green', 'blue'].indexOf(variants[2] as string)}`, gclid: 'abc', landing_page: `${base}/page.html${LANDING_QUERY}`, session_referrer: 'https://www.google.com/' },
      { experiment: 'hero-banner', variant: variants[0], hash_version: 1, token: `tok:hero-banner:${variants[0]}`, gclid: 'abc', landing_page: `${base}/page.html${LANDING_QUERY}`, session_referrer: 'https://www.google.com/' },
    ]);
  });

  it('asks the server for each exposure\'s assignment with the write key, the unit and the variant it shows', () => {
    const [hero] = find((e) => e.name == '$exposure');
    expect(assignRequests.sort((a, b) => a.experiment.localeCompare(b.experiment))).toEqual([
      { key: 'wk_test', experiment: 'cta', variant: String(variants[2]), hash_version: '2', anonymous_id: hero.anonymous_id },
      { key: 'wk_test', experiment: 'hero-banner', variant: String(variants[0]), hash_version: '1', anonymous_id: hero.anonymous_id },
    ]);
  });

  it('fetches the definitions with the write key and hashes as the server does, with each experiment\'s version', () => {
    expect(definitionKeys[0]).toBe('wk_test');
    const hero = find((e) => e.name == '$exposure' && e.properties!.experiment == 'hero-banner')[0];
    const cta = find((e) => e.name == '$exposure' && e.properties!.experiment == 'cta')[0];
    // the server's recomputation (src/experiments/assignment/assignment.ts) agrees with the browser
    expect(variants[0]).toBe(assignVariant('hero-banner', hero.anonymous_id, [1, 1], 1));
    expect(variants[2]).toBe(['green', 'blue'][assignVariant('cta', cta.anonymous_id, [1, 1], 2)]);
  });

  it('gives a new browser profile its own anonymous id and honours data-api', () => {
    const theirs = captures.filter((c) => c.events.some((e) => e.anonymous_id == secondVisitorId));
    expect(secondVisitorId).toMatch(/^[0-9A-Za-z_-]{22}$/);
    expect(secondVisitorId).not.toBe(firstCookies.find((c) => c.name == 'rl_aid')!.value);
    expect(theirs.length).toBeGreaterThan(0);
    for (const capture of theirs) expect(capture.host).toBe(`localhost:${port}`);
    const [view] = find((e) => e.anonymous_id == secondVisitorId && e.type == 'page_view');
    expect(view.utm).toBeUndefined();
    expect(view.referrer).toBe('');
  });

  it('forgets the user and starts a new anonymous id and session on reset()', () => {
    const [identified] = find((e) => e.user_id == 'u-9');
    const [after] = find((e) => e.name == 'after_reset');
    expect(identified.anonymous_id).toBe(secondVisitorId);
    expect(after.user_id).toBeUndefined();
    expect(after.anonymous_id).toMatch(/^[0-9A-Za-z_-]{22}$/);
    expect(after.anonymous_id).not.toBe(secondVisitorId);
    expect(after.session_id).not.toBe(identified.session_id);
  });
});
