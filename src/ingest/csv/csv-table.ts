import { parse } from 'csv-parse/sync';
import type { FieldIssue } from '../../shared/errors.js';

export interface CsvTable {
  header: string[];
  /** Records keyed by the header, each with its 1-based line number in the file. */
  rows: { line: number; values: Record<string, string> }[];
}

/**
 * Parses CSV text whose header may follow a few title lines (as in Google Ads
 * exports): the header is the first line that contains `mustContainOneOf`.
 */
export function readCsvTable(text: string, mustContainOneOf: string[]): CsvTable | { error: FieldIssue } {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false, trim: true });
  } catch (err) {
    return { error: { path: 'file', message: `not valid CSV: ${(err as Error).message}` } };
  }
  const wanted = mustContainOneOf.map(normalizeHeader);
  const headerIndex = records.findIndex((r) => r.some((cell) => wanted.includes(normalizeHeader(cell))));
  if (headerIndex < 0) {
    return { error: { path: 'header', message: `no header row with one of: ${mustContainOneOf.join(', ')}` } };
  }
  const header = records[headerIndex].map(normalizeHeader);
  const rows: CsvTable['rows'] = [];
  for (let i = headerIndex + 1; i < records.length; i++) {
    const cells = records[i];
    if (cells.every((c) => c === '')) continue;
    // Google Ads ends exports with "Total: …" rows.
    if (/^total/i.test(cells[0] ?? '')) continue;
    const values: Record<string, string> = {};
    header.forEach((h, j) => (values[h] = cells[j] ?? ''));
    rows.push({ line: i + 1, values });
  }
  return { header, rows };
}

/** Lower-cases a header and turns spaces and punctuation into `_` ("Amount spent (EUR)" → "amount_spent_eur"). */
export function normalizeHeader(h: string): string {
  return h.trim().toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '_').replace(/^_|_$/g, '');
}

/** Parses a number written with optional thousands separators ("1,234.5"); undefined when it is not one. */
export function parseLooseNumber(text: string): number | undefined {
  const t = text.replace(/[\s,]/g, '');
  if (t === '' || !/^-?\d+(\.\d+)?$/.test(t)) return undefined;
  return Number(t);
}

/** A decimal amount string with thousands separators removed. */
export function cleanAmount(text: string): string {
  return text.replace(/[\s,]/g, '');
}

export function lineIssue(line: number, column: string, message: string): FieldIssue {
  return { path: `line ${line}: ${column}`, message };
}
