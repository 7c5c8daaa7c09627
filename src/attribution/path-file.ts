import type { PathRow } from './types.js';

/** A bad row of a path file: 1-based line number, the column at fault and why. */
export interface PathFileIssue {
  line: number;
  field: string;
  message: string;
}

export interface ParsedPathFile {
  /** Aggregated rows: identical paths are merged (conversions, value and nulls added), in order of first appearance. */
  rows: PathRow[];
  /** Bad rows, never thrown: the caller decides whether to stop. */
  issues: PathFileIssue[];
  /** Number of data lines read (good and bad). */
  lines: number;
}

const requiredColumns = ['path', 'conversions'] as const;
const optionalColumns = ['value', 'nulls'] as const;

/**
 * Parses a path file: a CSV with a header naming `path` (channels joined by
 * ` > `), `conversions` and optionally `value` and `nulls` (both default 0).
 * Fields may be quoted. Bad rows (empty path, empty channel, negative or
 * non-numeric counts) are reported with their line and skipped; a header
 * without the required columns is one issue on line 1 and no rows.
 *
 * @example parsePathsCsv('path,conversions,value,nulls\nseo > email,2,30,5\n')
 *   // rows: [{ path: ['seo','email'], conversions: 2, value: 30, nulls: 5 }]
 */
export function parsePathsCsv(text: string): ParsedPathFile {
  const issues: PathFileIssue[] = [];
  const lines = text.split('\n');
  let headerIndex = 0;
  while (headerIndex < lines.length && lines[headerIndex].trim() === '') headerIndex++;
  if (headerIndex >= lines.length) {
    return { rows: [], issues: [{ line: 1, field: 'header', message: 'the file is empty' }], lines: 0 };
  }
  const header = splitCsvLine(stripBom(lines[headerIndex]).replace(/\r$/, ''));
  const names = (header ?? []).map((h) => h.trim().toLowerCase());
  const missing = requiredColumns.filter((c) => !names.includes(c));
  if (!header || missing.length > 0) {
    const message = `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected path, conversions, value, nulls)`;
    return { rows: [], issues: [{ line: headerIndex + 1, field: 'header', message }], lines: 0 };
  }
  const col = {
    path: names.indexOf('path'),
    conversions: names.indexOf('conversions'),
    value: names.indexOf(optionalColumns[0]),
    nulls: names.indexOf(optionalColumns[1]),
  };

  const byRawPath = new Map<string, PathRow>();
  const byCanonical = new Map<string, PathRow>();
  const rows: PathRow[] = [];
  let dataLines = 0;

  for (let i = headerIndex + 1; i < lines.length; i++) {
    const raw = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (raw.trim() === '') continue;
    dataLines++;
    const lineNo = i + 1;
    const fields = splitCsvLine(raw);
    if (!fields) {
      issues.push({ line: lineNo, field: 'row', message: 'unbalanced quotes' });
      continue;
    }
    const rawPath = (fields[col.path] ?? '').trim();
    const conversions = count(fields[col.conversions], 'conversions', lineNo, issues, false);
    const value = col.value < 0 ? 0 : count(fields[col.value], 'value', lineNo, issues, true);
    const nulls = col.nulls < 0 ? 0 : count(fields[col.nulls], 'nulls', lineNo, issues, true);
    let row = byRawPath.get(rawPath);
    let channels: string[] | string | undefined;
    if (!row) {
      channels = splitPath(rawPath);
      if (typeof channels === 'string') issues.push({ line: lineNo, field: 'path', message: channels });
    }
    if (conversions === undefined || value === undefined || nulls === undefined || typeof channels === 'string') continue;
    if (!row) {
      const steps = channels as string[];
      const canonical = steps.join(' > ');
      row = byCanonical.get(canonical);
      if (!row) {
        row = { path: steps, conversions: 0, value: 0, nulls: 0 };
        byCanonical.set(canonical, row);
        rows.push(row);
      }
      byRawPath.set(rawPath, row);
    }
    row.conversions += conversions;
    row.value += value;
    row.nulls += nulls;
  }
  return { rows, issues, lines: dataLines };
}

/** Splits `a > b > c` into channels; returns the reason as a string when the path is empty or has an empty step. */
export function splitPath(text: string): string[] | string {
  if (text === '') return 'empty path';
  const channels = text.split('>').map((c) => c.trim());
  const empty = channels.findIndex((c) => c === '');
  if (empty >= 0) return `empty channel at step ${empty + 1}`;
  return channels;
}

/** Merges identical paths (same channels in the same order), adding their counts. */
export function aggregatePaths(rows: readonly PathRow[]): PathRow[] {
  const byKey = new Map<string, PathRow>();
  const out: PathRow[] = [];
  for (const r of rows) {
    const key = r.path.join('\u0000');
    const hit = byKey.get(key);
    if (hit) {
      hit.conversions += r.conversions;
      hit.value += r.value;
      hit.nulls += r.nulls;
    } else {
      const copy = { path: [...r.path], conversions: r.conversions, value: r.value, nulls: r.nulls };
      byKey.set(key, copy);
      out.push(copy);
    }
  }
  return out;
}

/** Total conversions, value and nulls of a set of paths. */
export function pathTotals(rows: readonly PathRow[]): { conversions: number; value: number; nulls: number } {
  let conversions = 0;
  let value = 0;
  let nulls = 0;
  for (const r of rows) {
    conversions += r.conversions;
    value += r.value;
    nulls += r.nulls;
  }
  return { conversions, value, nulls };
}

function count(field: string | undefined, name: string, line: number, issues: PathFileIssue[], emptyIsZero: boolean): number | undefined {
  const text = (field ?? '').trim();
  if (text === '') {
    if (emptyIsZero) return 0;
    issues.push({ line, field: name, message: 'missing value' });
    return undefined;
  }
  const n = Number(text);
  if (!Number.isFinite(n)) {
    issues.push({ line, field: name, message: `not a number: "${text}"` });
    return undefined;
  }
  if (n < 0) {
    issues.push({ line, field: name, message: `must not be negative, got ${text}` });
    return undefined;
  }
  return n;
}

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

/** Splits one CSV line into fields (RFC 4180 quotes, no embedded newlines); undefined when quotes do not balance. */
function splitCsvLine(line: string): string[] | undefined {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let field = '';
      i++;
      for (;;) {
        if (i >= line.length) return undefined;
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += line[i++];
      }
      out.push(field);
      if (i < line.length && line[i] !== ',') return undefined;
      i++;
    } else {
      const end = line.indexOf(',', i);
      const stop = end < 0 ? line.length : end;
      out.push(line.slice(i, stop));
      i = stop + 1;
    }
  }
  return out;
}
