/**
 * Issue 12 #15 (headers): every answer carries Content-Security-Policy (frame-ancestors 'none', own
 * scripts only), Referrer-Policy: no-referrer and X-Content-Type-Options: nosniff: JSON, errors,
 * the dashboard's page, the snippet, the pixel and redirects. Before: none of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSecurityServer, type SecurityServer } from '../helpers/security-server.js';
import { ensureWebBuilt, launchBrowser } from '../e2e/browser.js';

describe('security headers on every answer (issue 12 #15)', () => {
  let server: SecurityServer;
  beforeAll(async () => {
    server = await startSecurityServer({ port: 0, demo: false, quiet: true, adminToken: 'adm', writeKey: 'wk' });
  });
  afterAll(async () => {
    await server?.close();
  });

  const expectHeaders = (res: Response, what: string) => {
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp, what).toContain("frame-ancestors 'none'");
    expect(csp, what).toContain("script-src 'self'");
    expect(csp, what).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
    expect(csp, what).toContain("object-src 'none'");
    expect(res.headers.get('referrer-policy'), what).toBe('no-referrer');
    expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
  };

  it('on API answers, errors, the page, the snippet, the pixel and redirects', async () => {
    const get = (path: string, init: RequestInit = {}) => fetch(server.url + path, { redirect: 'manual', ...init });
    const cases: Array<[string, Response, number?]> = [
      ['/health', await get('/health')],
      ['/v1/workspace with the token', await get('/v1/workspace', { headers: { authorization: 'Bearer adm' } }), 200],
      ['/v1/workspace without (401)', await get('/v1/workspace'), 401],
      ['an unknown route (404)', await get('/v1/nothing-here'), 404],
      ['a body without credential (401 before reading)', await get('/v1/links', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }), 401],
      ['the dashboard page', await get('/', { headers: { accept: 'text/html' } })],
      ['the snippet', await get('/s.js')],
      ['the pixel', await get('/p.gif?key=wk&type=page_view')],
      ['the OpenAPI document', await get('/openapi.json')],
    ];
    for (const [what, res, status] of cases) {
      if (status !== undefined) expect(res.status, what).toBe(status);
      expectHeaders(res, what);
    }
  });

  it('the dashboard runs under the policy in Chromium: no violation while its pages open', async () => {
    await ensureWebBuilt();
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
      await page.addInitScript(() => {
        (window as unknown as { violations: string[] }).violations = [];
        document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { violations: string[] }).violations.push(`${e.violatedDirective} ${e.blockedURI}`));
      });
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
      await page.goto(`${server.url}/?token=adm#/overview`);
      await page.getByTestId('nav-overview').waitFor({ timeout: 20_000 }).catch(() => {
        throw new Error(`the dashboard did not open: ${problems.join(' | ')} ${problems.length ? '' : 'no error'}`);
      });
      for (const nav of ['nav-attribution', 'nav-experiments', 'nav-customers', 'nav-budget', 'nav-overview']) {
        await page.getByTestId(nav).click();
        await page.waitForTimeout(500);
      }
      await page.getByTestId('nav-overview').waitFor();
      expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
