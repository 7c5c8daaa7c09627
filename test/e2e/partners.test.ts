/**
 * Issue 16 in headless Chromium against the real server on DuckDB: the programme manager's Partners
 * page and the partner portal.
 *
 * Known answers: one programme "Creators" (EUR, 10% of each sale, hold 30 days); partner Pat holds
 * the link `pat-ig` and the coupon PAT10, partner Quinn the link `quinn-yt`. One verified sale of
 * €200.00 with the coupon PAT10 (sent with a secret key: verified revenue) credits Pat with 10% =
 * €20.00, pending (its hold period has not passed); Quinn earns nothing. A programme whose rule pays
 * 150% is refused naming the rule's amount, and nothing is added. Pat, signed in, sees the portal
 * only: their link and coupon and the €20.00 commission; Quinn's ledger is 404 to them.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/start.js';
import { ensureWebBuilt, launchBrowser, settled, watchErrors } from './browser.js';

describe('the Partners page and the partner portal (Chromium)', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let operator: string;
  let program: string;
  let pat: string;
  let quinn: string;
  const errors: string[] = [];

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${operator}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300);
    return res.json();
  };

  beforeAll(async () => {
    await ensureWebBuilt();
    dir = mkdtempSync(join(tmpdir(), 'roilens-e2e-partners-'));
    const db = join(dir, 'db.duckdb');
    server = await startServer({ dbPath: db, port: 0, demo: false, quiet: true, adminToken: 'adm', writeKey: 'wk' });
    operator = (JSON.parse(readFileSync(`${db}.server.json`, 'utf8')) as { operator_key: string }).operator_key;
    await call('POST', '/v1/links', { slug: 'pat-ig', destination: 'https://shop.example/' });
    await call('POST', '/v1/links', { slug: 'quinn-yt', destination: 'https://shop.example/' });
    program = (await call('POST', '/v1/programs', { name: 'Creators', currency: 'EUR', window_days: 30, hold_days: 30, rules: [{ event: 'sale', type: 'percent', amount: '10' }] })).id;
    pat = (await call('POST', '/v1/partners', { name: 'Pat', email: 'pat@creators.example', kind: 'influencer', program, links: ['pat-ig'], coupons: ['PAT10'] })).id;
    quinn = (await call('POST', '/v1/partners', { name: 'Quinn', email: 'quinn@creators.example', kind: 'affiliate', program, links: ['quinn-yt'], coupons: [] })).id;
    for (const id of [pat, quinn]) {
      const partner = await call('GET', `/v1/partners/${id}`);
      if (partner.status !== 'approved') await call('POST', `/v1/partners/${id}/approve`, {});
    }
    const ts = new Date(Date.now() - 2 * 3600_000).toISOString();
    await call('POST', '/v1/events', { events: [{ id: 'sale-1', type: 'conversion', ts, anonymous_id: 'a_buyer', order_id: 'o-1', coupon: 'PAT10', revenue: { amount: '200.00', currency: 'EUR' } }] });
    await call('POST', '/v1/members', { email: 'olga.owner@shop.example', role: 'owner', password: 'owner password 1' });
    await call('POST', '/v1/members', { email: 'pat@creators.example', role: 'partner', partner_id: pat, password: 'partner password 1' });
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const open = async (hash: string): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
    const seen = watchErrors(page);
    page.on('close', () => errors.push(...seen));
    await page.goto(`${server.url}/${hash}`);
    return page;
  };

  const signIn = async (page: Page, email: string, password: string) => {
    await page.getByTestId('sign-in-email').fill(email);
    await page.getByTestId('sign-in-password').fill(password);
    await page.getByTestId('sign-in-password-submit').click();
  };

  it('the manager sees the programme, both partners and Pat\'s €20.00 commission; a 150% rule is refused naming its field', async () => {
    const page = await open('#/partners');
    await signIn(page, 'olga.owner@shop.example', 'owner password 1');
    await page.getByTestId('partners-page').waitFor({ timeout: 60_000 });
    await page.getByTestId('programs-table').waitFor();
    await settled(page);
    expect(await page.getByTestId('programs-table').textContent()).toContain('Creators');
    const partners = await page.getByTestId('partners-table-row').allTextContents();
    expect(partners.length).toBe(2);
    expect(partners.join(' ')).toContain('PAT10');

    await page.getByTestId('review-partner').selectOption(pat);
    await page.getByTestId('ledger-table').waitFor({ timeout: 60_000 });
    const rows = await page.getByTestId('ledger-table-row').allTextContents();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('€20.00');
    expect(await page.getByTestId('balance-pending').getAttribute('data-value')).toBe('20.00');

    await page.getByTestId('program-name').fill('Too generous');
    await page.getByTestId('program-rule-amount').fill('150');
    await page.getByTestId('program-submit').click();
    await page.getByTestId('program-error').waitFor();
    expect(await page.getByTestId('program-error').textContent()).toMatch(/amount/);
    expect((await call('GET', '/v1/programs')).programs).toHaveLength(1);
    await page.close();
  }, 180_000);

  it('Pat sees only the portal: their link, coupon and commission; Quinn\'s ledger is 404 to them', async () => {
    const page = await open('#/overview');
    await signIn(page, 'pat@creators.example', 'partner password 1');
    await page.getByTestId('portal-page').waitFor({ timeout: 60_000 });
    await page.getByTestId('ledger-table').waitFor({ timeout: 60_000 });
    await settled(page);
    expect(await page.getByTestId('portal-partner').textContent()).toContain('Pat');
    expect(await page.getByTestId('portal-link-pat-ig').textContent()).toBe(`${server.url}/c/pat-ig`);
    expect(await page.getByTestId('portal-coupons').textContent()).toBe('PAT10');
    expect(await page.getByTestId('balance-pending').getAttribute('data-value')).toBe('20.00');
    expect(await page.getByTestId('nav-overview').count()).toBe(0);
    const other = await page.evaluate(async (id) => (await fetch(`/v1/portal/ledger?partner=${id}`)).status, quinn);
    expect(other).toBe(404);
    const theirs = await page.evaluate(async (id) => (await fetch(`/v1/partners/${id}/ledger`)).status, quinn);
    expect(theirs).toBe(404);
    await page.close();
  }, 180_000);

  it('payout details: Pat\'s own request carries no link (only the e-mail may confirm); the e-mailed link confirms without signing in', async () => {
    const page = await open('#/overview');
    await signIn(page, 'pat@creators.example', 'partner password 1');
    await page.getByTestId('portal-details-form').waitFor({ timeout: 60_000 });
    await page.getByTestId('portal-details-iban').fill('DE89 3704 0044 0532 0130 00');
    await page.getByTestId('portal-details-name').fill('Pat Creator');
    const answer = page.waitForResponse((r) => r.request().method() === 'PUT' && new URL(r.url()).pathname.endsWith('/payout-details'));
    await page.getByTestId('portal-details-submit').click();
    const asked = await (await answer).json();
    expect([asked.pending, asked.emailed, asked.url]).toEqual([true, false, null]);
    await page.getByTestId('portal-details-asked').waitFor();
    await page.close();

    // Without SMTP the manager's request answers the link the e-mail would carry.
    const link = (await call('PUT', `/v1/partners/${pat}/payout-details`, { method: 'bank', iban: 'DE89370400440532013000', account_name: 'Pat Creator' })).url as string;
    const confirm = await browser.newPage();
    await confirm.goto(link.replace(/^https?:\/\/[^/]+/, server.url));
    await confirm.getByTestId('payout-details-done').waitFor({ timeout: 60_000 });
    expect(confirm.url()).not.toContain('payout-details=');
    await confirm.close();
    const shown = await call('GET', `/v1/partners/${pat}/payout-details`);
    expect([shown.details.method, shown.details.iban]).toEqual(['bank', expect.stringMatching(/3000$/)]);
    expect(errors).toEqual([]);
  }, 180_000);
});
