/**
 * A streaming CSV scanner for large files (RFC 4180: quoted fields, "" escapes, line breaks
 * inside quotes; BOM, CRLF and blank lines tolerated; unquoted fields trimmed), fed text chunk by
 * chunk. Each record is handed over as a reused array of strings with its line number (the line
 * the record ends on), without an object per row. Every record must have the header's number of
 * fields.
 */
import { AppError } from './errors.js';

export type CsvRecordHandler = (fields: string[], line: number) => void;

const SPACE = 32, TAB = 9, CR = 13, LF = 10, QUOTE = 34, COMMA = 44;

/** Needs more text to finish the record. */
const MORE = -1;

export class CsvScanner {
  private rest = '';
  private line = 0;
  private started = false;
  private columns = -1;
  private readonly fields: string[] = [];

  /** `source` names the input in errors (e.g. "--transactions: t.csv"); the first record is the header. */
  constructor(private readonly onRecord: CsvRecordHandler, private readonly source: string) {}

  /** Scans the next piece of text (records may span pieces). */
  push(chunk: string): void {
    this.scan(this.rest + chunk, false);
  }

  /**
   * Counts `count` lines read by someone else (a faster reader that handles plain lines itself
   * and hands this scanner only the others), so later records keep their true line numbers.
   */
  skipLines(count: number): void {
    this.line += count;
    this.started = true;
  }

  /** Scans what is left at the end of the input. */
  end(): void {
    this.scan(this.rest, true);
    this.rest = '';
  }

  private fail(what: string, line: number): never {
    throw new AppError('invalid_input', `${this.source} is not valid CSV: ${what} on line ${line}`, [{ path: this.source.split(':')[0], message: `${what} on line ${line}` }]);
  }

  private emit(line: number): void {
    const n = this.fields.length;
    if (this.columns === -1) this.columns = n;
    else if (n !== this.columns) this.fail(`Invalid Record Length: expect ${this.columns}, got ${n}`, line);
    this.onRecord(this.fields, line);
  }

  private scan(text: string, final: boolean): void {
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const n = text.length;
    const fields = this.fields;
    let pos = 0;
    let quoteAt = text.indexOf('"');
    while (pos < n) {
      let nl = text.indexOf('\n', pos);
      if (nl === -1) {
        if (!final) break;
        nl = n;
      }
      if (quoteAt !== -1 && quoteAt < pos) quoteAt = text.indexOf('"', pos);
      if (quoteAt === -1 || quoteAt >= nl) {
        let end = nl;
        if (end > pos && text.charCodeAt(end - 1) === CR) end--;
        this.line++;
        if (!blank(text, pos, end)) {
          fields.length = 0;
          let from = pos;
          for (;;) {
            const comma = text.indexOf(',', from);
            if (comma === -1 || comma >= end) {
              fields.push(clip(text, from, end));
              break;
            }
            fields.push(clip(text, from, comma));
            from = comma + 1;
          }
          this.emit(this.line);
        }
        pos = nl + 1;
        continue;
      }
      const next = this.quotedRecord(text, pos, final);
      if (next === MORE) break;
      pos = next;
    }
    this.rest = pos < n ? text.slice(pos) : '';
  }

  /** Scans one record containing a quote from `pos`; returns where the next record starts, or MORE. */
  private quotedRecord(text: string, pos: number, final: boolean): number {
    const n = text.length;
    const fields = this.fields;
    fields.length = 0;
    let inner = 0;
    let i = pos;
    for (;;) {
      while (i < n && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB)) i++;
      if (i < n && text.charCodeAt(i) === QUOTE) {
        let value = '';
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q === -1) {
            if (!final) return MORE;
            this.fail('Quote Not Closed', this.line + 1 + inner);
          }
          const piece = text.slice(i, q);
          for (let k = piece.indexOf('\n'); k !== -1; k = piece.indexOf('\n', k + 1)) inner++;
          value += piece;
          if (q + 1 >= n && !final) return MORE;
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            i = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        while (i < n && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB)) i++;
        if (i >= n) {
          if (!final) return MORE;
          fields.push(value);
          return this.finishRecord(inner, n);
        }
        const c = text.charCodeAt(i);
        if (c === COMMA) {
          fields.push(value);
          i++;
          continue;
        }
        if (c === CR && i + 1 >= n && !final) return MORE;
        if (c === LF || (c === CR && text.charCodeAt(i + 1) === LF)) {
          fields.push(value);
          return this.finishRecord(inner, c === LF ? i + 1 : i + 2);
        }
        this.fail(`Invalid Closing Quote: got "${text[i]}" after a quoted field`, this.line + 1 + inner);
      }
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === COMMA || c === LF) break;
        if (c === QUOTE) this.fail('Invalid Opening Quote: a quote in an unquoted field', this.line + 1 + inner);
        j++;
      }
      if (j >= n && !final) return MORE;
      let end = j;
      if (end > i && text.charCodeAt(end - 1) === CR && (j >= n || text.charCodeAt(j) === LF)) end--;
      fields.push(clip(text, i, end));
      if (j < n && text.charCodeAt(j) === COMMA) {
        i = j + 1;
        continue;
      }
      return this.finishRecord(inner, j + 1);
    }
  }

  private finishRecord(inner: number, next: number): number {
    const line = this.line + 1 + inner;
    this.line = line;
    this.emit(line);
    return next;
  }
}

function blank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) > SPACE) return false;
  return true;
}

/** text[from, to) without surrounding spaces and tabs. */
function clip(text: string, from: number, to: number): string {
  let a = from;
  let b = to;
  if (a < b && text.charCodeAt(a) > SPACE && text.charCodeAt(b - 1) > SPACE) return text.slice(a, b);
  while (a < b && (text.charCodeAt(a) === SPACE || text.charCodeAt(a) === TAB)) a++;
  while (b > a && (text.charCodeAt(b - 1) === SPACE || text.charCodeAt(b - 1) === TAB)) b--;
  return text.slice(a, b);
}
