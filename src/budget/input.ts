/**
 * Parses CSV records (strings, as read by the CLI) into an MMM dataset, naming
 * the line and column of every problem. Rows are sorted by date.
 */
import { AppError, type FieldIssue } from '../shared/errors.js';
import { dayNumber } from './fit/design.js';
import type { MmmDataset } from './model/types.js';

const spendPrefix = 'spend_';

/**
 * Reads `date`, `spend_<channel>` columns and the outcome column (`outcome`,
 * or the column named by `outcomeColumn` when present, e.g. `conversions`).
 * Line numbers count the header as line 1.
 */
export function datasetFromRecords(records: Record<string, string>[], outcomeColumn?: string, source = '--data'): MmmDataset {
  if (records.length === 0) throw new AppError('invalid_input', `${source}: no data rows`, [{ path: source, message: 'no data rows' }]);
  const columns = Object.keys(records[0]);
  const missing = (what: string) => new AppError('invalid_input', `${source}: missing column "${what}" (columns: ${columns.join(', ')})`, [{ path: `${source}: ${what}`, message: 'missing column' }]);
  if (!columns.includes('date')) throw missing('date');
  const outcome = outcomeColumn && columns.includes(outcomeColumn) ? outcomeColumn : 'outcome';
  if (!columns.includes(outcome)) throw missing(outcomeColumn && outcomeColumn !== 'outcome' ? `${outcomeColumn}" or "outcome` : 'outcome');
  const spendColumns = columns.filter((c) => c.startsWith(spendPrefix) && c.length > spendPrefix.length);
  if (spendColumns.length === 0) throw missing('spend_<channel>');

  const issues: FieldIssue[] = [];
  const rows = records.map((record, i) => {
    const line = i + 2;
    const date = record.date ?? '';
    if (dayNumber(date) === undefined) issues.push({ path: `line ${line}: date`, message: `not a YYYY-MM-DD date: "${date}"` });
    const number = (column: string, nonNegative: boolean) => {
      const raw = record[column] ?? '';
      const value = raw === '' ? Number.NaN : Number(raw);
      if (!Number.isFinite(value)) issues.push({ path: `line ${line}: ${column}`, message: `not a number: "${raw}"` });
      else if (nonNegative && value < 0) issues.push({ path: `line ${line}: ${column}`, message: `negative spend: ${raw}` });
      return value;
    };
    return { line, date, spend: spendColumns.map((c) => number(c, true)), outcome: number(outcome, false) };
  });
  if (issues.length > 0) {
    throw new AppError('invalid_input', `${source}: ${issues[0].path}: ${issues[0].message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`, issues);
  }
  rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (let i = 1; i < rows.length; i++) {
    if (rows[i].date === rows[i - 1].date) {
      throw new AppError('invalid_input', `${source}: line ${rows[i].line}: date ${rows[i].date} repeats line ${rows[i - 1].line}`, [{ path: `line ${rows[i].line}: date`, message: 'duplicate date' }]);
    }
  }
  return {
    dates: rows.map((r) => r.date),
    channels: spendColumns.map((c) => c.slice(spendPrefix.length)),
    spend: spendColumns.map((_, c) => rows.map((r) => r.spend[c])),
    outcome: rows.map((r) => r.outcome),
  };
}
