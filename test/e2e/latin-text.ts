/**
 * What a Persian page must not show: Latin digits anywhere, or Latin words
 * outside ids, URLs and code. Reads the visible text of the document, the
 * placeholders and labels of controls, and the text ECharts drew on its
 * canvases (through the instance the Chart component leaves on its element).
 */
import type { Page } from 'playwright-core';

export interface LatinFinding {
  /** Where: `text`, `placeholder`, `aria-label`, `title`, `option` or `chart:<testid>`. */
  where: string;
  text: string;
}

/** Words allowed in Persian UI text: the product name and format names that have no Persian form. */
export const LATIN_ALLOWED = ['roilens', 'CSV', 'CRM', 'UTM', 'ID', 'RFM', 'LTV', 'CAC', 'CLV', 'ROI', 'ROAS', 'SRM', 'MQL', 'SQL', 'URL', 'CPA', 'CPC', 'CPM', 'CPL', 'CTR', 'AOV', 'p', 'β', 'CUPED', 'VND', 'EUR', 'IRR', 'USD', 'HMAC'];

/**
 * Latin digits and disallowed Latin words on the page. Text inside an
 * element marked `translate="no"` (ids, slugs, URLs, regular expressions,
 * code) or inside `code`, `pre`, `kbd` or `script`/`style` is exempt.
 */
export async function latinFindings(page: Page): Promise<LatinFinding[]> {
  // Transpilers that keep function names (esbuild under tsx) call a helper the page does not have.
  await page.evaluate('window.__name = window.__name || ((f) => f)');
  return page.evaluate((allowed) => {
    const findings: Array<{ where: string; text: string }> = [];
    const exempt = (el: Element | null) => !!el?.closest('[translate="no"], code, pre, kbd, script, style, noscript, [hidden], .visually-hidden-ltr');
    // URLs and environment-variable names are ids, whatever the language around them.
    const ids = (text: string) => text.replace(/[a-z][a-z0-9+.-]*:\/\/\S*/gi, ' ').replace(/\b[A-Z][A-Z0-9]*(_[A-Z0-9]+)+\b/g, ' ');
    const bad = (raw: string) => {
      const text = ids(raw);
      if (/[0-9]/.test(text)) return true;
      const words = text.match(/[A-Za-z][A-Za-z.'-]*/g) ?? [];
      return words.some((w) => !allowed.includes(w.replace(/[.'-]+$/, '')));
    };
    const visible = (el: Element) => {
      const style = getComputedStyle(el);
      return style.display !== 'none' && style.visibility !== 'hidden';
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = (node.textContent ?? '').trim();
      const parent = node.parentElement;
      if (!text || !parent || exempt(parent) || !visible(parent)) continue;
      if (parent.closest('select') && !parent.closest('option')) continue;
      if (bad(text)) findings.push({ where: parent.closest('option') ? 'option' : 'text', text: text.slice(0, 120) });
    }
    for (const el of document.querySelectorAll('[placeholder], [aria-label], [title]')) {
      if (exempt(el)) continue;
      for (const attr of ['placeholder', 'aria-label', 'title']) {
        const value = el.getAttribute(attr);
        if (value && bad(value)) findings.push({ where: attr, text: value.slice(0, 120) });
      }
    }
    for (const el of document.querySelectorAll('input:not([type=checkbox]):not([type=radio]):not([type=hidden])')) {
      const input = el as HTMLInputElement;
      if (!exempt(input) && input.type !== 'date' && input.value && /[0-9]/.test(input.value)) findings.push({ where: 'input', text: input.value });
    }
    for (const el of document.querySelectorAll('[data-testid]')) {
      const chart = (el as Element & { roilensChart?: { getZr(): { storage: { getDisplayList(): Array<{ style?: { text?: unknown }; type?: string }> } } } }).roilensChart;
      if (!chart) continue;
      for (const shape of chart.getZr().storage.getDisplayList()) {
        const text = shape.style?.text;
        if (typeof text === 'string' && text.trim() && bad(text)) findings.push({ where: `chart:${el.getAttribute('data-testid')}`, text: text.slice(0, 120) });
      }
    }
    return findings;
  }, LATIN_ALLOWED);
}
