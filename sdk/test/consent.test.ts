/**
 * Consent (issue 12 #14) in headless Chromium: with `data-consent="required"` the snippet stores
 * no identifier (no cookie, no localStorage id) and sends cookieless hits whose id lives only as
 * long as the page; `consent(true)` stores that id and later hits keep it; `consent(false)`
 * deletes the stored ids again.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSnippet } from '../build.mjs';
import type { Roilens } from '../src/index.js';
import type { TrackedEvent } from '../src/event.js';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const page = (consent: boolean) => `<!doctype html><html><head><meta charset="utf-8"><title>t</title>
<script async src="/s.js" data-key="wk_test"${consent ? ' data-consent="required"' : ''}></script></head><body>x</body></html>`;

describe('snippet consent switch', () => {
  let server: Server;
  let browser: Browser;
  let base = '';
  const events: TrackedEvent[] = [];

  async function open(context: BrowserContext, path: string): Promise<Page> {
    const p = await context.newPage();
    await p.goto(base + path);
    await p.waitForFunction(() => window.roilens && !Array.isArray(window.roilens));
    return p;
  }
  /** Sends a named event and waits until the server got it. */
  async function send(p: Page, name: string): Promise<TrackedEvent> {
    await p.evaluate((n) => {
      (window.roilens as Roilens).track(n);
      dispatchEvent(new Event('pagehide'));
    }, name);
    for (let i = 0; i < 200; i++) {
      const hit = events.find((e) => e.name === name);
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`no event ${name}`);
  }
  const stored = (p: Page) => p.evaluate(() => ({ cookie: document.cookie, aid: localStorage.getItem('rl_aid'), sid: localStorage.getItem('rl_sid'), uid: localStorage.getItem('rl_uid') }));

  beforeAll(async () => {
    const snippet = readFileSync(await buildSnippet());
    server = createServer((req, res) => {
      const url = new URL(req.url || '/', 'http://t');
      if (req.method === 'POST' && url.pathname === '/v1/events') {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          events.push(...(JSON.parse(body) as { events: TrackedEvent[] }).events);
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"accepted":1}');
        });
      } else if (url.pathname.startsWith('/v1/experiments/')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"experiments":[]}');
      } else if (url.pathname === '/s.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' }).end(snippet);
      } else {
        res.writeHead(200, { 'content-type': 'text/html' }).end(page(url.pathname.startsWith('/consent')));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it('stores nothing before consent, sends cookieless hits, stores the id once consent is given', async () => {
    const context = await browser.newContext();
    const first = await open(context, '/consent/a.html');
    const before = await send(first, 'before_consent');
    expect(await stored(first)).toEqual({ cookie: '', aid: null, sid: null, uid: null });
    expect(await context.cookies()).toEqual([]);
    await first.evaluate(() => (window.roilens as Roilens).identify('u-1'));
    expect(await stored(first)).toEqual({ cookie: '', aid: null, sid: null, uid: null });

    // A new page load without consent: a new, unrelated id (nothing carried it over).
    const second = await open(context, '/consent/b.html');
    const other = await send(second, 'second_page');
    expect(other.anonymous_id).not.toBe(before.anonymous_id);
    expect(await context.cookies()).toEqual([]);

    await second.evaluate(() => (window.roilens as Roilens).consent(true));
    const after = await send(second, 'after_consent');
    expect(after.anonymous_id).toBe(other.anonymous_id);
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'rl_aid')?.value).toBe(other.anonymous_id);
    expect((await stored(second)).aid).toBe(other.anonymous_id);
    // The stored id survives the next page load.
    const third = await open(context, '/consent/c.html');
    await third.evaluate(() => (window.roilens as Roilens).consent(true));
    expect((await send(third, 'third_page')).anonymous_id).toBe(other.anonymous_id);

    // Withdrawn: every stored id is deleted; hits go on without them.
    await third.evaluate(() => (window.roilens as Roilens).consent(false));
    expect(await stored(third)).toEqual({ cookie: '', aid: null, sid: null, uid: null });
    expect(await context.cookies()).toEqual([]);
    await context.close();
  }, 60_000);

  it('without data-consent the snippet stores its id at once, as before', async () => {
    const context = await browser.newContext();
    const p = await open(context, '/plain.html');
    const hit = await send(p, 'plain_page');
    expect((await context.cookies()).find((c) => c.name === 'rl_aid')?.value).toBe(hit.anonymous_id);
    await p.evaluate(() => (window.roilens as Roilens).consent(false));
    expect((await context.cookies()).filter((c) => c.name.startsWith('rl_'))).toEqual([]);
    await context.close();
  }, 60_000);
});
