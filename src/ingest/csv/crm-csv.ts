import { createHash } from 'node:crypto';
import { isCurrency, parseAmount } from '../../money/currency.js';
import type { FieldIssue } from '../../shared/errors.js';
import type { LeadRecord, OrderRecord, RateRecord } from '../../records/events.js';
import { cleanAmount, lineIssue, readCsvTable } from './csv-table.js';
import { normalizeDate } from './spend-csv.js';

export interface ParseResult<T> {
  rows: T[];
  errors: FieldIssue[];
}

/** SHA-256 of a trimmed, lower-cased e-mail address: how roilens joins CRM rows to journeys without storing e-mails. */
export function hashEmail(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
}

/** Parses an ISO date-time or a date (taken as midnight UTC); undefined when it is neither. */
export function normalizeTimestamp(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const t = text.trim();
  const date = normalizeDate(t);
  if (date && t.length === 10) return `${date}T00:00:00.000Z`;
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(t)) return undefined;
  const ms = Date.parse(t.replace(' ', 'T'));
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function required(values: Record<string, string>, names: string[], line: number, errors: FieldIssue[]): string | undefined {
  const col = names.find((n) => values[n] !== undefined && values[n] !== '');
  if (!col) errors.push(lineIssue(line, names[0], 'is required'));
  return col ? values[col] : undefined;
}

function missingColumns(header: string[], groups: string[][]): FieldIssue[] {
  return groups.filter((g) => !g.some((c) => header.includes(c))).map((g) => ({ path: 'header', message: `missing column ${g.join(' or ')}` }));
}

/** Orders: `order_id, customer_id, date|ts, amount, currency[, email|email_hash, click_id, coupon, product, category]` (the coupon upper-case). */
export function parseOrdersCsv(text: string, opts: { defaultCurrency: string }): ParseResult<OrderRecord> {
  const table = readCsvTable(text, ['order_id']);
  if ('error' in table) return { rows: [], errors: [table.error] };
  const missing = missingColumns(table.header, [['order_id'], ['customer_id', 'user_id'], ['ts', 'date', 'created_at'], ['amount', 'revenue']]);
  if (missing.length) return { rows: [], errors: missing };
  const rows: OrderRecord[] = [];
  const errors: FieldIssue[] = [];
  for (const { line, values } of table.rows) {
    const rowErrors: FieldIssue[] = [];
    const orderId = required(values, ['order_id'], line, rowErrors);
    const customer = required(values, ['customer_id', 'user_id'], line, rowErrors);
    const tsText = required(values, ['ts', 'date', 'created_at'], line, rowErrors);
    const ts = normalizeTimestamp(tsText);
    if (tsText && !ts) rowErrors.push(lineIssue(line, 'date', `"${tsText}" is not a date or ISO date-time`));
    const amount = parseAmount(cleanAmount(values.amount ?? values.revenue ?? ''));
    if ('error' in amount) rowErrors.push(lineIssue(line, 'amount', amount.error));
    const currency = (values.currency || opts.defaultCurrency).toUpperCase();
    if (!isCurrency(currency)) rowErrors.push(lineIssue(line, 'currency', `"${currency}" is not an ISO 4217 currency`));
    for (const [key, max] of [['coupon', 64], ['product', 256], ['category', 256]] as const) {
      if ((values[key] ?? '').length > max) rowErrors.push(lineIssue(line, key, `must be at most ${max} characters`));
    }
    if (rowErrors.length) {
      errors.push(...rowErrors);
      continue;
    }
    const emailHash = values.email_hash || (values.email ? hashEmail(values.email) : undefined);
    rows.push({
      order_id: orderId!, customer_id: customer!, ts: ts!, amount: { amount: (amount as { amount: string }).amount, currency },
      ...(emailHash ? { email_hash: emailHash } : {}), ...(values.click_id ? { click_id: values.click_id } : {}),
      ...(values.coupon?.trim() ? { coupon: values.coupon.trim().toUpperCase() } : {}),
      ...(values.product ? { product: values.product } : {}), ...(values.category ? { category: values.category } : {}),
    });
  }
  return { rows, errors };
}

const stages = ['mql_at', 'sql_at', 'opportunity_at', 'customer_at'] as const;

/** Leads: `lead_id, created_at[, user_id, email|email_hash, click_id, mql_at, sql_at, opportunity_at, customer_at]`. */
export function parseLeadsCsv(text: string): ParseResult<LeadRecord> {
  const table = readCsvTable(text, ['lead_id']);
  if ('error' in table) return { rows: [], errors: [table.error] };
  const missing = missingColumns(table.header, [['lead_id'], ['created_at', 'date']]);
  if (missing.length) return { rows: [], errors: missing };
  const rows: LeadRecord[] = [];
  const errors: FieldIssue[] = [];
  for (const { line, values } of table.rows) {
    const rowErrors: FieldIssue[] = [];
    const leadId = required(values, ['lead_id'], line, rowErrors);
    const createdText = required(values, ['created_at', 'date'], line, rowErrors);
    const created = normalizeTimestamp(createdText);
    if (createdText && !created) rowErrors.push(lineIssue(line, 'created_at', `"${createdText}" is not a date or ISO date-time`));
    const stageTimes: Partial<Record<(typeof stages)[number], string>> = {};
    let previous = created;
    for (const stage of stages) {
      if (!values[stage]) continue;
      const ts = normalizeTimestamp(values[stage]);
      if (!ts) rowErrors.push(lineIssue(line, stage, `"${values[stage]}" is not a date or ISO date-time`));
      else if (previous && ts < previous) rowErrors.push(lineIssue(line, stage, 'is before the previous stage'));
      else {
        stageTimes[stage] = ts;
        previous = ts;
      }
    }
    if (rowErrors.length) {
      errors.push(...rowErrors);
      continue;
    }
    const emailHash = values.email_hash || (values.email ? hashEmail(values.email) : undefined);
    rows.push({
      lead_id: leadId!, created_at: created!, ...stageTimes,
      ...(values.user_id ? { user_id: values.user_id } : {}),
      ...(emailHash ? { email_hash: emailHash } : {}),
      ...(values.click_id ? { click_id: values.click_id } : {}),
    });
  }
  return { rows, errors };
}

/** Rates: `date, currency, rate` — 1 unit of currency = rate units of the workspace currency. */
export function parseRatesCsv(text: string): ParseResult<RateRecord> {
  const table = readCsvTable(text, ['rate']);
  if ('error' in table) return { rows: [], errors: [table.error] };
  const missing = missingColumns(table.header, [['date'], ['currency'], ['rate']]);
  if (missing.length) return { rows: [], errors: missing };
  const rows: RateRecord[] = [];
  const errors: FieldIssue[] = [];
  for (const { line, values } of table.rows) {
    const rowErrors: FieldIssue[] = [];
    const date = normalizeDate(values.date);
    if (!date) rowErrors.push(lineIssue(line, 'date', `"${values.date}" is not a date (YYYY-MM-DD)`));
    const currency = (values.currency ?? '').toUpperCase();
    if (!isCurrency(currency)) rowErrors.push(lineIssue(line, 'currency', `"${values.currency}" is not an ISO 4217 currency`));
    const rate = parseAmount(cleanAmount(values.rate ?? ''), { decimals: 12 });
    if ('error' in rate) rowErrors.push(lineIssue(line, 'rate', rate.error));
    else if (Number(rate.amount) === 0) rowErrors.push(lineIssue(line, 'rate', 'must be greater than 0'));
    if (rowErrors.length) errors.push(...rowErrors);
    else rows.push({ date: date!, currency, rate: (rate as { amount: string }).amount });
  }
  return { rows, errors };
}
