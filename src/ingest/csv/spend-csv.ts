import { isCurrency, parseAmount } from '../../money/currency.js';
import type { FieldIssue } from '../../shared/errors.js';
import { pricingModels, type PricingModel, type SpendRecord } from '../../records/events.js';
import { cleanAmount, lineIssue, parseLooseNumber, readCsvTable } from './csv-table.js';

export type SpendLayout = 'generic' | 'google_ads' | 'meta_ads';

/** Column names of each layout, after header normalisation. */
const layouts: Record<SpendLayout, { date: string[]; campaign: string[]; ad: string[]; cost: string[]; currency: string[]; impressions: string[]; clicks: string[]; account: string[]; channel: string; pricing: PricingModel }> = {
  generic: { date: ['date'], campaign: ['campaign'], ad: ['ad'], cost: ['cost'], currency: ['currency'], impressions: ['impressions'], clicks: ['clicks'], account: ['account'], channel: '', pricing: 'cpc' },
  google_ads: { date: ['day', 'date'], campaign: ['campaign'], ad: ['ad_group', 'ad'], cost: ['cost'], currency: ['currency_code', 'currency'], impressions: ['impr', 'impressions'], clicks: ['clicks'], account: ['customer_id', 'account'], channel: 'paid_search', pricing: 'cpc' },
  meta_ads: { date: ['reporting_starts', 'day', 'date'], campaign: ['campaign_name'], ad: ['ad_name', 'ad_set_name'], cost: ['amount_spent', 'amount_spent_eur', 'amount_spent_usd'], currency: ['currency'], impressions: ['impressions'], clicks: ['link_clicks', 'clicks_all', 'clicks'], account: ['account_id', 'account_name', 'account'], channel: 'paid_social', pricing: 'cpm' },
};

/** A source or account id: what the replacement key compares (trimmed, lower-case for sources). */
const sourcePattern = /^[a-z0-9_.@:-]{1,64}$/;

/** Recognises the export layout from its header. */
export function detectSpendLayout(header: string[]): SpendLayout {
  if (header.includes('campaign_name') || header.some((h) => h.startsWith('amount_spent'))) return 'meta_ads';
  if (header.includes('impr') || header.includes('ad_group') || header.includes('currency_code') || (header.includes('day') && !header.includes('channel'))) return 'google_ads';
  return 'generic';
}

export interface SpendParseResult {
  layout: SpendLayout;
  rows: SpendRecord[];
  errors: FieldIssue[];
  /** The first line of each channel in the file (for warnings that name a line). */
  channelLines: Record<string, number>;
}

/**
 * Parses a spend CSV: the generic layout (`date, channel, campaign, ad, cost,
 * currency, impressions, clicks, pricing_model, source, account`) or a Google Ads
 * or Meta Ads report export. Bad rows are reported by line; good rows are kept.
 *
 * Each row's source is `opts.source` (the `--source` flag), else its `source`
 * column, else the layout's platform (`google_ads`, `meta_ads`), else `generic`;
 * its account comes from the account column the layout knows ("" without one).
 */
export function parseSpendCsv(text: string, opts: { defaultCurrency: string; channel?: string; source?: string }): SpendParseResult {
  const table = readCsvTable(text, ['date', 'day', 'reporting_starts']);
  if ('error' in table) return { layout: 'generic', rows: [], errors: [table.error], channelLines: {} };
  const layout = detectSpendLayout(table.header);
  const cols = layouts[layout];
  const find = (names: string[]) => names.find((n) => table.header.includes(n)) ?? table.header.find((h) => names.some((n) => h.startsWith(n)));
  const dateCol = find(cols.date);
  const costCol = find(cols.cost);
  const missing: FieldIssue[] = [];
  if (!dateCol) missing.push({ path: 'header', message: `missing column ${cols.date.join(' or ')}` });
  if (!costCol) missing.push({ path: 'header', message: `missing column ${cols.cost.join(' or ')}` });
  if (layout === 'generic' && !opts.channel && !table.header.includes('channel')) missing.push({ path: 'header', message: 'missing column channel (or pass --channel)' });
  if (opts.source !== undefined && !sourcePattern.test(opts.source.trim().toLowerCase())) {
    missing.push({ path: 'source', message: `"${opts.source}" is not a source id (letters, digits, _ . @ : -, up to 64)` });
  }
  if (missing.length) return { layout, rows: [], errors: missing, channelLines: {} };
  const campaignCol = find(cols.campaign);
  const adCol = find(cols.ad);
  const currencyCol = find(cols.currency);
  const impressionsCol = find(cols.impressions);
  const clicksCol = find(cols.clicks);
  const accountCol = find(cols.account);
  const layoutSource = layout === 'generic' ? 'generic' : layout;
  // Meta puts the currency in the header: "Amount spent (EUR)".
  const headerCurrency = costCol!.match(/_([a-z]{3})$/)?.[1]?.toUpperCase();

  const rows: SpendRecord[] = [];
  const errors: FieldIssue[] = [];
  const channelLines: Record<string, number> = {};
  const lines: number[] = [];
  for (const { line, values } of table.rows) {
    const rowErrors: FieldIssue[] = [];
    const date = normalizeDate(values[dateCol!]);
    if (!date) rowErrors.push(lineIssue(line, dateCol!, `"${values[dateCol!]}" is not a date (YYYY-MM-DD)`));
    const channel = (opts.channel ?? values.channel ?? cols.channel).trim().toLowerCase();
    if (!/^[a-z0-9_]{1,64}$/.test(channel)) rowErrors.push(lineIssue(line, 'channel', `"${channel}" is not a channel id (letters, digits, _)`));
    const cost = parseAmount(cleanAmount(values[costCol!] ?? ''));
    if ('error' in cost) rowErrors.push(lineIssue(line, costCol!, cost.error));
    const currency = ((currencyCol ? values[currencyCol] : '') || headerCurrency || opts.defaultCurrency).toUpperCase();
    if (!isCurrency(currency)) rowErrors.push(lineIssue(line, currencyCol ?? 'currency', `"${currency}" is not an ISO 4217 currency`));
    const impressions = count(values, impressionsCol, line, rowErrors);
    const clicks = count(values, clicksCol, line, rowErrors);
    const pricing = (values.pricing_model || cols.pricing).toLowerCase();
    if (!(pricingModels as readonly string[]).includes(pricing)) rowErrors.push(lineIssue(line, 'pricing_model', `must be one of ${pricingModels.join(', ')}`));
    const source = (opts.source ?? (values.source || layoutSource)).trim().toLowerCase();
    if (!sourcePattern.test(source)) rowErrors.push(lineIssue(line, 'source', `"${source}" is not a source id (letters, digits, _ . @ : -, up to 64)`));
    const account = (accountCol && values[accountCol]?.trim()) || '';
    if (account.length > 128) rowErrors.push(lineIssue(line, accountCol!, 'an account id has at most 128 characters'));
    if (rowErrors.length) {
      errors.push(...rowErrors);
      continue;
    }
    channelLines[channel] ??= line;
    lines.push(line);
    rows.push({
      date: date!,
      channel,
      campaign: (campaignCol && values[campaignCol]) || '(not set)',
      ad: (adCol && values[adCol]) || '(not set)',
      source,
      ...(account ? { account } : {}),
      cost: { amount: (cost as { amount: string }).amount, currency },
      impressions,
      clicks,
      pricing_model: pricing as PricingModel,
    });
  }
  return { layout, rows: mergeDuplicates(rows, lines, costCol!, errors), errors, channelLines };
}

function count(values: Record<string, string>, col: string | undefined, line: number, errors: FieldIssue[]): number {
  if (!col || values[col] === '' || values[col] === undefined || values[col] === '--') return 0;
  const n = parseLooseNumber(values[col]);
  if (n === undefined || n < 0 || !Number.isInteger(n)) {
    errors.push(lineIssue(line, col, `"${values[col]}" is not a non-negative whole number`));
    return 0;
  }
  return n;
}

/** Accepts YYYY-MM-DD, YYYY/MM/DD and ISO date-times. */
export function normalizeDate(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const m = text.trim().match(/^(\d{4})[-/](\d{2})[-/](\d{2})(?:[T ].*)?$/);
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? undefined : iso;
}

/**
 * Rows for the same source, account, day, channel, campaign and ad (e.g. split by
 * device in an export) are added together. One stored row holds one currency, so
 * a later row of the same key in another currency is rejected by line.
 */
function mergeDuplicates(rows: SpendRecord[], lines: number[], costCol: string, errors: FieldIssue[]): SpendRecord[] {
  const byKey = new Map<string, { row: SpendRecord; line: number }>();
  rows.forEach((r, i) => {
    const key = [r.source, r.account ?? '', r.date, r.channel, r.campaign, r.ad].join('\u0000');
    const prev = byKey.get(key);
    if (!prev) byKey.set(key, { row: { ...r }, line: lines[i] });
    else if (prev.row.cost.currency === r.cost.currency) {
      prev.row.cost = { amount: addDecimal(prev.row.cost.amount, r.cost.amount), currency: r.cost.currency };
      prev.row.impressions += r.impressions;
      prev.row.clicks += r.clicks;
    } else {
      errors.push(lineIssue(lines[i], costCol, `same source, account, date, channel, campaign and ad as line ${prev.line} but in ${r.cost.currency} instead of ${prev.row.cost.currency}`));
    }
  });
  return [...byKey.values()].map((v) => v.row);
}

function addDecimal(a: string, b: string): string {
  const scale = Math.max(a.split('.')[1]?.length ?? 0, b.split('.')[1]?.length ?? 0);
  const toInt = (s: string) => BigInt(s.replace('.', '') + '0'.repeat(scale - (s.split('.')[1]?.length ?? 0)));
  const sum = (toInt(a) + toInt(b)).toString().padStart(scale + 1, '0');
  return scale === 0 ? sum : `${sum.slice(0, -scale)}.${sum.slice(-scale)}`;
}
