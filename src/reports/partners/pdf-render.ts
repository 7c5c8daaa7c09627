/**
 * HTML to PDF through headless Chromium (playwright-core driving the installed browser; its path
 * from the config, `ROILENS_CHROMIUM`). The page is rendered offline: every request it would make is
 * refused and scripts are off, so a statement can neither fetch nor run anything. playwright-core
 * is loaded on the first render: it is most of what every CLI command and server start would
 * otherwise load before any work.
 */
import { chromiumPath } from '../../config/config.js';
import { AppError } from '../../shared/errors.js';

const args = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Renders a self-contained page to an A4 PDF (bytes starting `%PDF`). 503 `unavailable` when Chromium cannot start. */
export async function renderPdf(html: string, options: { executablePath?: string } = {}): Promise<Buffer> {
  let browser;
  try {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: options.executablePath ?? chromiumPath(), args });
  } catch {
    throw new AppError('unavailable', 'the PDF renderer (headless Chromium) could not start; set ROILENS_CHROMIUM to its path', [], 60);
  }
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '15mm', bottom: '15mm', left: '12mm', right: '12mm' } });
  } finally {
    await browser.close();
  }
}
