import { writeFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { csvSafeCell } from '../shared/csv-safe.js';
import { invalid } from '../shared/errors.js';

/** How the CLI prints an answer; `pdf` only where a command lists it (a partner statement, written with `--out`). */
export type OutputFormat = 'json' | 'table' | 'csv' | 'pdf';

export function parseFormat(value: string | undefined, fallback: OutputFormat = 'table'): OutputFormat {
  const format = value ?? fallback;
  if (format !== 'json' && format !== 'table' && format !== 'csv' && format !== 'pdf') {
    throw invalid('--format', `expected json, table or csv, got "${format}"`);
  }
  return format;
}

type Row = Record<string, unknown>;

/**
 * Prints an analysis result. JSON prints the whole document; table and csv print
 * the first array of records found in it (`rows`, `channels`, `variants`, …).
 */
export function printResult(result: unknown, format: OutputFormat): void {
  if (format === 'json') {
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    return;
  }
  const rows = firstRecordArray(result);
  if (!rows) {
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    return;
  }
  if (format === 'csv') {
    process.stdout.write(toCsv(rows.map(flatten)));
    return;
  }
  process.stdout.write(renderTable(rows.map(flatten)) + '\n');
}

/** CSV of flat records: a header of every key, cells starting with = + - @ tab CR defused (numbers stay numbers). */
export function toCsv(rows: Row[]): string {
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return stringify([cols.map(csvSafeCell), ...rows.map((r) => cols.map((c) => csvSafeCell(r[c])))]);
}

function firstRecordArray(value: unknown): Row[] | undefined {
  if (Array.isArray(value)) return value as Row[];
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) {
      if (Array.isArray(v) && v.length > 0 && typeof v[0] === 'object') return v as Row[];
    }
  }
  return undefined;
}

function flatten(row: Row): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k2, v2] of Object.entries(v as Row)) out[`${k}.${k2}`] = v2;
    } else out[k] = v;
  }
  return out;
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(4).replace(/\.?0+$/, '');
  return String(v);
}

export function renderTable(rows: Row[]): string {
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cells = rows.map((r) => cols.map((c) => cell(r[c])));
  const widths = cols.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
  return [line(cols), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/** Writes a text file named by a flag, turning a failure into a clear input error. */
export function writeTextFile(path: string, flag: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (err) {
    throw invalid(flag, `cannot write ${path}: ${(err as Error).message}`);
  }
}
