/**
 * A statement as one self-contained HTML page (no scripts, no outside resources) for the PDF
 * renderer: `lang` and `dir` of the partner's language (Persian right to left), dates in its
 * calendar and amounts in its digits. Ids stay as they are, marked left to right and not to be
 * translated.
 */
import { formatDate, formatMoney, isRightToLeft } from './locale-format.js';
import { statementMessages } from './messages.js';
import type { Statement } from './statement.js';

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside HTML elements and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => escapes[c]);
}

const id = (text: string) => `<bdi dir="ltr" translate="no">${escapeHtml(text)}</bdi>`;

const style = `
  body { font-family: "Vazirmatn", "Noto Sans Arabic", "DejaVu Sans", "Noto Sans", sans-serif; font-size: 11pt; color: #111; margin: 0; }
  h1 { font-size: 18pt; margin: 0 0 8pt; }
  h2 { font-size: 13pt; margin: 16pt 0 6pt; }
  table { border-collapse: collapse; width: 100%; }
  th, td { border-bottom: 1px solid #ccc; padding: 3pt 6pt; text-align: start; }
  td.amount, th.amount { text-align: end; white-space: nowrap; }
  dl { display: grid; grid-template-columns: max-content auto; gap: 2pt 12pt; margin: 0; }
  dt { font-weight: bold; }
  dd { margin: 0; }
`;

/** The statement's page in its language. */
export function statementHtml(s: Statement): string {
  const m = statementMessages[s.language];
  const money = (amount: string) => formatMoney(amount, s.currency, s.language);
  const date = (d: string) => formatDate(d, s.language);
  const rows = s.entries.map((e) => `<tr><td>${date(e.date)}</td><td>${escapeHtml(m.kinds[e.kind])}</td><td>${e.order_id ? id(e.order_id) : ''}</td>`
    + `<td>${escapeHtml(m.statuses[e.status])}</td><td>${e.reason ? id(e.reason) : ''}</td><td class="amount">${money(e.amount)}</td></tr>`);
  const payouts = s.payouts.map((p) => `<tr><td>${date(p.date)}</td><td>${p.payout_run_id ? id(p.payout_run_id) : ''}</td><td class="amount">${money(p.amount)}</td></tr>`);
  const statuses = (['pending', 'held', 'approved', 'paid', 'reversed'] as const).map((st) => `<tr><td>${escapeHtml(m.statuses[st])}</td><td class="amount">${money(s.totals.by_status[st])}</td></tr>`);
  return `<!DOCTYPE html>
<html lang="${s.language}" dir="${isRightToLeft(s.language) ? 'rtl' : 'ltr'}">
<head><meta charset="utf-8"><title>${escapeHtml(m.title)}</title><style>${style}</style></head>
<body>
<h1>${escapeHtml(m.title)}</h1>
<dl>
<dt>${escapeHtml(m.partner)}</dt><dd>${escapeHtml(s.partner.name)}</dd>
<dt>${escapeHtml(m.program)}</dt><dd>${escapeHtml(s.program.name)}</dd>
<dt>${escapeHtml(m.period)}</dt><dd>${date(s.from)} – ${date(s.to)}</dd>
<dt>${escapeHtml(m.issued)}</dt><dd>${date(s.issued)}</dd>
</dl>
<h2>${escapeHtml(m.totals)}</h2>
<table><tbody>
<tr><td>${escapeHtml(m.earned)}</td><td class="amount">${money(s.totals.earned)}</td></tr>
<tr><td>${escapeHtml(m.reversedTotal)}</td><td class="amount">${money(s.totals.reversed)}</td></tr>
<tr><th>${escapeHtml(m.net)}</th><th class="amount">${money(s.totals.net)}</th></tr>
<tr><td>${escapeHtml(m.paidOut)}</td><td class="amount">${money(s.totals.paid_out)}</td></tr>
</tbody></table>
<h2>${escapeHtml(m.byStatus)}</h2>
<table><tbody>${statuses.join('')}</tbody></table>
<h2>${escapeHtml(m.entries)}</h2>
${rows.length ? `<table><thead><tr><th>${escapeHtml(m.date)}</th><th>${escapeHtml(m.kind)}</th><th>${escapeHtml(m.order)}</th><th>${escapeHtml(m.status)}</th><th>${escapeHtml(m.reason)}</th><th class="amount">${escapeHtml(m.amount)}</th></tr></thead><tbody>${rows.join('')}</tbody></table>` : `<p>${escapeHtml(m.noEntries)}</p>`}
<h2>${escapeHtml(m.payouts)}</h2>
${payouts.length ? `<table><thead><tr><th>${escapeHtml(m.date)}</th><th></th><th class="amount">${escapeHtml(m.amount)}</th></tr></thead><tbody>${payouts.join('')}</tbody></table>` : `<p>${escapeHtml(m.noPayouts)}</p>`}
</body>
</html>
`;
}
