/**
 * The refunds CSV (issue 16, `roilens import refunds FILE`): `refund_id, order_id, amount, currency`
 * and optionally `date` (or `ts`; default: when imported). Each bad line is named with its column;
 * good lines go on. A refund id given twice in the file is refused on its second line (a retry of
 * the whole file is still harmless: a stored refund id changes nothing).
 */
import { isCurrency, parseAmount } from '../../money/currency.js';
import type { FieldIssue } from '../../shared/errors.js';
import type { RefundRecord } from '../../records/events.js';
import { cleanAmount, lineIssue, readCsvTable } from './csv-table.js';
import { normalizeTimestamp } from './crm-csv.js';

/** One refund line as read. */
/** A refund with the line of the file it came from. */
export interface RefundLine extends RefundRecord {
  line: number;
}

/** The file's good lines and its bad lines' issues (`line 3: amount`). */
export function parseRefundsCsv(text: string): { rows: RefundLine[]; errors: FieldIssue[] } {
  const table = readCsvTable(text, ['refund_id', 'order_id']);
  if ('error' in table) return { rows: [], errors: [table.error] };
  const missing = ['refund_id', 'order_id', 'amount', 'currency'].filter((c) => !table.header.includes(c));
  if (missing.length) return { rows: [], errors: missing.map((c) => ({ path: 'header', message: `missing column ${c}` })) };
  const rows: RefundLine[] = [];
  const errors: FieldIssue[] = [];
  const seen = new Set<string>();
  for (const { line, values } of table.rows) {
    const issues: FieldIssue[] = [];
    const refundId = values.refund_id ?? '';
    const orderId = values.order_id ?? '';
    if (refundId === '' || refundId.length > 200) issues.push(lineIssue(line, 'refund_id', refundId === '' ? 'is required' : 'at most 200 characters'));
    else if (seen.has(refundId)) issues.push(lineIssue(line, 'refund_id', `"${refundId}" is given on an earlier line`));
    if (orderId === '' || orderId.length > 200) issues.push(lineIssue(line, 'order_id', orderId === '' ? 'is required' : 'at most 200 characters'));
    const amount = parseAmount(cleanAmount(values.amount ?? ''));
    if ('error' in amount) issues.push(lineIssue(line, 'amount', amount.error));
    else if (Number(amount.amount) === 0) issues.push(lineIssue(line, 'amount', 'must be above 0'));
    const currency = (values.currency ?? '').toUpperCase();
    if (!isCurrency(currency)) issues.push(lineIssue(line, 'currency', `"${values.currency ?? ''}" is not an ISO 4217 currency`));
    const when = values.date || values.ts || '';
    const at = when === '' ? null : normalizeTimestamp(when);
    if (at === undefined) issues.push(lineIssue(line, 'date', `"${when}" is not a date or ISO date-time`));
    if (issues.length) {
      errors.push(...issues);
      continue;
    }
    seen.add(refundId);
    rows.push({ line, refund_id: refundId, order_id: orderId, amount: (amount as { amount: string }).amount, currency, at: at ?? null });
  }
  return { rows, errors };
}
