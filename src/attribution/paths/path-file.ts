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
  const { lines, starts } = lineIndex(text);
  let headerIndex = 0;
  while (headerIndex < lines && lineAt(text, starts, headerIndex).trim() === '') headerIndex++;
  if (headerIndex >= lines) {
    return { rows: [], issues: [{ line: 1, field: 'header', message: 'the file is empty' }], lines: 0 };
  }
  const header = splitCsvLine(stripBom(lineAt(text, starts, headerIndex)));
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
  const width = Math.max(col.path, col.conversions, col.value, col.nulls) + 1;

  const byRawPath = new Map<string, PathRow>();
  const byCanonical = new Map<string, PathRow>();
  const rows: PathRow[] = [];
  const fields: string[] = new Array(width).fill('');
  let dataLines = 0;

  const seen = new RawPathIndex(text);
  let nextQuote = text.indexOf('"');
  for (let i = headerIndex + 1; i < lines; i++) {
    let start = starts[i];
    let end = i + 1 < starts.length ? starts[i + 1] - 1 : text.length;
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    if (isWhitespace(text, start, end)) continue;
    dataLines++;
    const lineNo = i + 1;
    if (nextQuote >= 0 && nextQuote < start) nextQuote = text.indexOf('"', start);
    const quoted = nextQuote;
    let pathStart = -1;
    let pathEnd = -1;
    if (quoted < 0 || quoted >= end) {
      // fast path: fields by comma offsets, the path looked up without slicing it out
      for (let k = 0; k < width; k++) {
        if (start > end) {
          fields[k] = '';
          continue;
        }
        const comma = text.indexOf(',', start);
        const stop = comma < 0 || comma > end ? end : comma;
        if (k === col.path) {
          pathStart = start;
          pathEnd = stop;
        } else fields[k] = text.slice(start, stop);
        start = stop + 1;
      }
      if (pathStart < 0) {
        pathStart = end;
        pathEnd = end;
      }
    } else {
      const parsed = splitCsvLine(text.slice(start, end));
      if (!parsed) {
        issues.push({ line: lineNo, field: 'row', message: 'unbalanced quotes' });
        continue;
      }
      for (let k = 0; k < width; k++) fields[k] = parsed[k] ?? '';
    }
    let row = pathStart >= 0 ? seen.get(pathStart, pathEnd) : byRawPath.get(fields[col.path]);
    const conversions = count(fields[col.conversions], 'conversions', lineNo, issues, false);
    const value = col.value < 0 ? 0 : count(fields[col.value], 'value', lineNo, issues, true);
    const nulls = col.nulls < 0 ? 0 : count(fields[col.nulls], 'nulls', lineNo, issues, true);
    let channels: string[] | string | undefined;
    const rawPath = row ? '' : pathStart >= 0 ? text.slice(pathStart, pathEnd) : fields[col.path];
    if (!row) {
      channels = splitPath(rawPath.trim());
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
      if (pathStart >= 0) seen.set(pathStart, pathEnd, row);
      else byRawPath.set(rawPath, row);
    }
    row.conversions += conversions;
    row.value += value;
    row.nulls += nulls;
  }
  return { rows, issues, lines: dataLines };
}

/** Start offsets of every line (without building a million line strings up front). */
function lineIndex(text: string): { lines: number; starts: number[] } {
  const starts = [0];
  for (let p = text.indexOf('\n'); p >= 0; p = text.indexOf('\n', p + 1)) starts.push(p + 1);
  return { lines: starts.length, starts };
}

/** Line i without its line break (LF or CRLF). */
function lineAt(text: string, starts: number[], i: number): string {
  let end = i + 1 < starts.length ? starts[i + 1] - 1 : text.length;
  if (end > starts[i] && text.charCodeAt(end - 1) === 13) end--;
  return text.slice(starts[i], end);
}

/** True when text[start, end) is empty or only spaces and tabs (a blank line is skipped). */
function isWhitespace(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/**
 * Path text → row, keyed by the characters of the file itself: a hash over
 * the path's span, confirmed by comparing the stored text, so a million rows
 * of a few thousand distinct paths need no string per row.
 */
class RawPathIndex {
  private readonly buckets = new Map<number, { raw: string; row: PathRow }[]>();
  constructor(private readonly text: string) {}

  get(start: number, end: number): PathRow | undefined {
    const bucket = this.buckets.get(this.hash(start, end));
    if (!bucket) return undefined;
    for (const e of bucket) if (e.raw.length === end - start && this.text.startsWith(e.raw, start)) return e.row;
    return undefined;
  }

  set(start: number, end: number, row: PathRow): void {
    const h = this.hash(start, end);
    const bucket = this.buckets.get(h);
    const entry = { raw: this.text.slice(start, end), row };
    if (bucket) bucket.push(entry);
    else this.buckets.set(h, [entry]);
  }

  /** FNV-1a over UTF-16 code units. */
  private hash(start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ this.text.charCodeAt(i), 0x01000193);
    return h >>> 0;
  }
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
  if (field === '0') return 0;
  if (field === '1') return 1;
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
