/** Shared set-up for the dashboard's browser tests: a built web/dist and a headless Chromium. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { startServer, type RunningServer } from '../../src/server/start.js';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const WEB_DIST = join(REPO_ROOT, 'web/dist');
export const ARTIFACTS = join(REPO_ROOT, 'test/e2e/artifacts');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function isFresh(): boolean {
  const index = join(WEB_DIST, 'index.html');
  const sources = Math.max(newestMtime(join(REPO_ROOT, 'web/src')), statSync(join(REPO_ROOT, 'web/index.html')).mtimeMs);
  return existsSync(index) && statSync(index).mtimeMs >= sources;
}

const LOCK = join(REPO_ROOT, 'web/.build-lock');

/**
 * Builds web/dist with the project's vite config unless it exists and is
 * newer than every web source. Test files run in parallel workers, so one
 * builds under a lock directory while the others wait for it.
 */
export async function ensureWebBuilt(): Promise<void> {
  for (;;) {
    if (isFresh()) return;
    try {
      mkdirSync(LOCK);
    } catch {
      // Another worker is building; a lock older than two minutes is a leftover.
      const lock = statSync(LOCK, { throwIfNoEntry: false });
      if (lock && Date.now() - lock.mtimeMs > 120_000) rmSync(LOCK, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    try {
      if (!isFresh()) await buildAndSwap();
      return;
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}

/**
 * Builds into a fresh folder beside web/dist and swaps it in with two
 * renames, so a server started by another test file (this checkout is
 * shared) never serves a half-emptied web/dist while the build runs.
 */
async function buildAndSwap(): Promise<void> {
  const next = join(REPO_ROOT, `web/.dist-${process.pid}`);
  const old = join(REPO_ROOT, `web/.dist-old-${process.pid}`);
  rmSync(next, { recursive: true, force: true });
  await build({ configFile: join(REPO_ROOT, 'web/vite.config.ts'), root: join(REPO_ROOT, 'web'), logLevel: 'warn', build: { outDir: next, emptyOutDir: true } });
  if (existsSync(WEB_DIST)) renameSync(WEB_DIST, old);
  renameSync(next, WEB_DIST);
  rmSync(old, { recursive: true, force: true });
}

/**
 * Debian's Chromium through playwright-core. Its pages sign in the way people do (issue 12 #15):
 * a test may still open `/?token=TOKEN…`, and the page is sent on to a sign-in link instead (see
 * `signInFromTokenLinks`), so the token never reaches the dashboard or its address bar.
 */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (options) => {
    const page = await newPage(options);
    await signInFromTokenLinks(page);
    return page;
  };
  return browser;
}

/**
 * A single-use sign-in code minted with the admin token through the server's API
 * (`POST /v1/session/codes`), as `roilens signin-link` does.
 */
export async function mintSignInCode(baseUrl: string, token: string): Promise<string> {
  const response = await fetch(new URL('/v1/session/codes', baseUrl), { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 201) throw new Error(`minting a sign-in code at ${baseUrl}: HTTP ${response.status} ${await response.text()}`);
  return ((await response.json()) as { code: string }).code;
}

/**
 * Turns the page's navigations to `…?token=TOKEN…` into a redirect to the same address with a
 * fresh sign-in code in place of the token (the fragment, the page route, is kept): the dashboard
 * then exchanges the code for its session cookie exactly as after opening a printed link.
 */
export async function signInFromTokenLinks(page: Page): Promise<void> {
  await page.route((url) => url.searchParams.has('token'), async (route) => {
    const request = route.request();
    if (!request.isNavigationRequest()) return route.continue();
    const url = new URL(request.url());
    const token = url.searchParams.get('token') ?? '';
    url.searchParams.delete('token');
    url.searchParams.set('code', await mintSignInCode(url.origin, token));
    return route.fulfill({ status: 302, headers: { location: url.toString() } });
  });
}

/** Collects uncaught page errors so a test can assert there were none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

export interface DashboardSession {
  server: RunningServer;
  browser: Browser;
  page: Page;
  /** Uncaught page errors seen so far. */
  errors: string[];
  close(): Promise<void>;
}

/**
 * A real server on a fresh temporary database with a small demo world (or,
 * with `false`, none: an empty store), the built dashboard, and one
 * Chromium page watched for errors.
 */
export async function openDashboard(demo: { seed: number; days: number; visitors: number } | false, viewport = { width: 1360, height: 1000 }): Promise<DashboardSession> {
  await ensureWebBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'roilens-e2e-'));
  const server = await startServer({ dbPath: join(dir, 'roilens.duckdb'), port: 0, demo, quiet: true });
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport });
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    server,
    browser,
    page,
    errors: watchErrors(page),
    async close() {
      await browser.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Uncaught page errors and console errors (a failed request logs one too), for tests that want none of either. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`http ${response.status()}: ${response.url()}`);
  });
  return errors;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core (the npm package's own build, injected into the page) over
 * the document and returns the serious and critical violations.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(source); // not a <script> tag: the dashboard's Content-Security-Policy refuses inline scripts
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)) }));
  });
}

/** Waits until the current page has no loading indicator left. */
export async function settled(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="loading"]').length === 0, undefined, { timeout });
}
