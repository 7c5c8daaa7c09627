import Big from 'big.js';
import { AppError, internalError } from '../../shared/errors.js';

/**
 * Rows in ClickHouse's TabSeparated format, the cheapest input it parses (the
 * writer's hot path): no column names repeated per row, no JSON quoting. A value
 * travels as data, never as SQL text, so this is not an escaping of SQL literals
 * (that stays in sql-literal.ts).
 */

const special = /[\\\t\n\r]/;
const specials = /[\\\t\n\r]/g;
const escapes: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const decimalText = /^-?\d{1,32}(\.\d{1,40})?$/;

/** One field: `\N` for null, numbers as digits, strings with backslash, tab and line breaks escaped. */
export function tsvField(value: unknown, column: string): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'string') return special.test(value) ? value.replace(specials, (c) => escapes[c]) : value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new AppError('invalid_input', `${column}: ${value} is not a finite number`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? '1' : '0';
  throw internalError(`${column}: cannot send a ${typeof value} to ClickHouse`);
}

/**
 * A Decimal field: the decimal string rounded to `scale` digits (half away from
 * zero, as DuckDB's DECIMAL cast; 18.16 rejects extra digits), or `\N`.
 */
export function tsvDecimal(value: unknown, scale: number, column: string): string {
  if (value === null || value === undefined) return '\\N';
  const text = String(value);
  if (!decimalText.test(text)) throw new AppError('invalid_input', `${column}: "${text}" is not a decimal amount`);
  return new Big(text).round(scale, Big.roundHalfUp).toFixed();
}

/**
 * An encoder of rows into TabSeparated lines (with their line break) in the order
 * of `columns`; `decimals` maps Decimal columns to their scale.
 *
 * @example tsvEncoder(['id', 'n', 'amount'], { amount: 6 })({ id: 'a\tb', n: 1, amount: '1.2345675' })
 *   // 'a\\tb\t1\t1.234568\n'
 */
export function tsvEncoder(columns: readonly string[], decimals: Record<string, number> = {}): (row: Record<string, unknown>) => string {
  const encoders = columns.map((c) => {
    const scale = decimals[c];
    return scale === undefined ? (v: unknown) => tsvField(v, c) : (v: unknown) => tsvDecimal(v, scale, c);
  });
  const fields = new Array<string>(columns.length);
  return (row) => {
    for (let i = 0; i < columns.length; i++) fields[i] = encoders[i](row[columns[i]]);
    return `${fields.join('\t')}\n`;
  };
}

/** The TabSeparated text of `rows`, one line each (see `tsvEncoder`). */
export function tsvRows(rows: readonly Record<string, unknown>[], columns: readonly string[], decimals: Record<string, number> = {}): string {
  const encode = tsvEncoder(columns, decimals);
  let text = '';
  for (const row of rows) text += encode(row);
  return text;
}

/** Maps `items` in slices of 5,000, yielding to the event loop between them (so requests in flight progress). */
export async function mapInSlices<T, R>(items: readonly T[], fn: (item: T) => R): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += 5_000) {
    await new Promise((resolve) => setImmediate(resolve));
    for (const item of items.slice(i, i + 5_000)) out.push(fn(item));
  }
  return out;
}
