/**
 * Prints a document `{ [key]: rows }` exactly as `printResult` would, but taking the rows one
 * by one from `row(i)` and writing in pieces: a million rows need neither an array of objects nor
 * one giant string.
 */
import { stringify } from 'csv-stringify/sync';
import { csvSafeCell } from '../shared/csv-safe.js';
import type { OutputFormat } from './output.js';

type Row = Record<string, unknown>;

class Pieces {
  private parts: string[] = [];
  private size = 0;
  add(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size > 1 << 20) this.flush();
  }
  flush(): void {
    if (this.parts.length) process.stdout.write(this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(4).replace(/\.?0+$/, '');
  return String(v);
}

/**
 * A cell csv-stringify writes as is: a number (as `'' + n`) or text without a delimiter, quote or
 * line break. Rows of such cells are joined directly; any other row goes through csv-stringify.
 */
function plainCell(v: unknown): boolean {
  return typeof v === 'number' || (typeof v === 'string' && !/[,"\r\n]/.test(v));
}

/** Whether text goes into a CSV as is: `csvSafeCell` leaves it unchanged and it holds no delimiter, quote or line break. */
export function plainCsvText(text: string): boolean {
  return csvSafeCell(text) === text && plainCell(text);
}

/**
 * `columns` are the rows' keys in order (every row has all of them, flat values). `csvLine`, for
 * large CSV outputs, may give row i's line (with its newline) without making the row: exactly the
 * cells `row(i)` would give joined by commas, and only when every one of them is a number or
 * `plainCsvText`; otherwise undefined, and the row is written from `row(i)`.
 */
export function printRows(key: string, columns: readonly string[], count: number, row: (i: number) => Row, format: OutputFormat, csvLine?: (i: number) => string | undefined): void {
  const out = new Pieces();
  if (format === 'json' || count === 0) {
    if (count === 0) out.add(JSON.stringify({ [key]: [] }, null, 2) + '\n');
    else {
      out.add(`{\n  ${JSON.stringify(key)}: [\n`);
      for (let i = 0; i < count; i++) out.add(`${i ? ',\n' : ''}    ${JSON.stringify(row(i), null, 2).replace(/\n/g, '\n    ')}`);
      out.add('\n  ]\n}\n');
    }
  } else if (format === 'csv') {
    out.add(stringify([columns.map(csvSafeCell)]));
    for (let i = 0; i < count; i++) {
      const line = csvLine?.(i);
      if (line !== undefined) {
        out.add(line);
        continue;
      }
      const r = row(i);
      const cells = columns.map((c) => csvSafeCell(r[c]));
      out.add(cells.every(plainCell) ? cells.join(',') + '\n' : stringify([cells]));
    }
  } else {
    const widths = columns.map((c) => c.length);
    for (let i = 0; i < count; i++) {
      const r = row(i);
      for (let k = 0; k < columns.length; k++) widths[k] = Math.max(widths[k], cell(r[columns[k]]).length);
    }
    const line = (vals: string[]) => vals.map((v, k) => v.padEnd(widths[k])).join('  ').trimEnd();
    out.add(line([...columns]) + '\n' + line(widths.map((w) => '-'.repeat(w))));
    for (let i = 0; i < count; i++) {
      const r = row(i);
      out.add('\n' + line(columns.map((c) => cell(r[c]))));
    }
    out.add('\n');
  }
  out.flush();
}

