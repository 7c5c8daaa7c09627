import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start.js';
import { tempDir } from '../helpers/temp.js';

/**
 * Issue 13 (edge routes): a tracking link a visitor follows never shows an error. A slug no link can
 * have (a NUL, a character outside letters, digits, "_" and "-", over 64 characters, a segment the
 * router cannot read: bad percent-encoding or over 2048 characters, an empty one, more segments as in
 * `/c/a/b`) is an unknown link: a redirect to
 * ROILENS_LINK_FALLBACK_URL, or the neutral page (404 HTML) without one. Before, `/c/a%00b` answered
 * 400 `invalid_input` JSON naming `slug`, and `/c/%E0%A4%A` 400 naming `(url)`.
 */
describe('malformed tracking-link slugs take the unknown-link path', () => {
  let server: RunningServer;
  let bare: RunningServer;
  const tmp = tempDir();
  const fallback = 'https://fallback.example/lost';

  beforeAll(async () => {
    server = await startServer({ dbPath: `${tmp.dir}/links.duckdb`, port: 0, demo: false, quiet: true, adminToken: 'adm', writeKey: 'wk', linkFallbackUrl: fallback });
    bare = await startServer({ dbPath: `${tmp.dir}/bare.duckdb`, port: 0, demo: false, quiet: true, adminToken: 'adm', writeKey: 'wk' });
    const made = await fetch(`${server.url}/v1/links`, {
      method: 'POST', headers: { authorization: 'Bearer adm', 'content-type': 'application/json' }, body: JSON.stringify({ slug: 'spring', destination: 'https://shop.example/sale' }),
    });
    expect(made.status).toBe(201);
  });
  afterAll(async () => {
    await server.close();
    await bare.close();
    tmp.cleanup();
  });

  const paths = [
    '/c/a%00b', '/c/%00', '/c/spring%00', '/c/%E0%A4%A', '/c/' + 'x'.repeat(3000), '/c/' + 'x'.repeat(65), '/c/sp%20ring', '/c/%C3%A9t%C3%A9',
    '/c/spring?x=%00', '/c/never-made?utm=1&utm=2', '/c/..%2F..%2Fetc', "/c/a'%20OR%201=1--", '/c/', '/c/a/b',
  ];

  it('with ROILENS_LINK_FALLBACK_URL: each redirects there (302, no-store) and records no click', async () => {
    for (const path of paths.filter((p) => !p.startsWith('/c/spring?'))) {
      const res = await fetch(server.url + path, { redirect: 'manual' });
      expect(res.status, path).toBe(302);
      expect(res.headers.get('location'), path).toBe(fallback);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
      expect(res.headers.get('set-cookie'), path).toBeNull();
    }
    const events = await (await fetch(`${server.url}/v1/events`, { headers: { authorization: 'Bearer adm' } })).json();
    expect(events.events.filter((e: { type: string }) => e.type === 'click')).toEqual([]);
  });

  it('a known slug with a NUL in a query parameter it never reads still goes to its destination', async () => {
    const res = await fetch(`${server.url}/c/spring?x=%00`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^https:\/\/shop\.example\/sale\?rl_cid=rl_/);
  });

  it('without a fallback URL: the neutral page, 404 HTML that says nothing about the link', async () => {
    for (const path of paths) {
      const res = await fetch(bare.url + path, { redirect: 'manual' });
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
      const html = await res.text();
      expect(html, path).toContain('This link is not available.');
      expect(html, path).not.toMatch(/invalid_input|not_found|"error"|slug/);
    }
  });
});
