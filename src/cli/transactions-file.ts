/**
 * Reads a transactions CSV (customer_id, date, amount, optional order_id, any column order) into
 * a `PurchaseLog` in one streaming pass over its bytes (issue 14). A plain line — no quote, no
 * blank around a field, a YYYY-MM-DD date, an unsigned decimal amount of at most 15 digits — goes
 * straight into the log without a string per field (a customer id is looked up by its bytes when
 * it differs from the previous line's). Every other line is decoded and read by `CsvScanner`, then checked by
 * `TransactionRowChecker`, so the log and every error (with its line number) are exactly those of
 * reading the whole file that way. From the first line holding a quote on, the rest of the file
 * goes through `CsvScanner` (a quoted field may span lines).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { PurchaseLog, TransactionRowChecker, dayNumber } from '../customers/index.js';
import { CsvScanner } from '../shared/csv-scan.js';
import { AppError } from '../shared/errors.js';

const LF = 10, CR = 13, COMMA = 44, QUOTE = 34, DOT = 46, DASH = 45, ZERO = 48;

/** 10^k, exact as doubles for k ≤ 22: m / 10^k is then the correctly rounded decimal, as `Number` reads it. */
const powersOfTen = Array.from({ length: 16 }, (_, k) => 10 ** k);

/** A field's edge byte that neither the scanner's clipping nor `trim` would remove (printable ASCII). */
const solid = (b: number) => b > 32 && b < 127;

/** `chunkBytes`: how much to read at a time (tests use small pieces to cut lines anywhere). */
export function readPurchaseLog(path: string, flag = '--transactions', chunkBytes = 4 << 20): PurchaseLog {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new AppError('invalid_input', `${flag}: cannot read ${path}: ${(err as Error).message}`, [{ path: flag, message: `cannot read ${path}` }]);
  }
  try {
    return readOpenFile(fd, flag, path, chunkBytes);
  } finally {
    closeSync(fd);
  }
}

function readOpenFile(fd: number, flag: string, path: string, chunkBytes: number): PurchaseLog {
  // The shortest valid line ("c,2024-01-01,1\n") is 15 bytes: room for every row at once.
  const log = new PurchaseLog(fstatSync(fd).size / 15 + 16);
  const checker = new TransactionRowChecker();
  let columns = -1, customer = -1, date = -1, amount = -1, order = -1;
  const scanner = new CsvScanner((fields, line) => {
    if (columns === -1) {
      [customer, date, amount, order] = ['customer_id', 'date', 'amount', 'order_id'].map((c) => fields.indexOf(c));
      const missing = ['customer_id', 'date', 'amount'].filter((_, i) => [customer, date, amount][i] === -1);
      if (missing.length) {
        throw new AppError('invalid_input', `${flag}: missing column(s) ${missing.join(', ')} (expected customer_id, date, amount)`, [
          { path: flag, message: `missing ${missing.join(', ')}` },
        ]);
      }
      columns = fields.length;
      return;
    }
    const row = checker.check(line, fields[customer], fields[date], fields[amount], order === -1 ? undefined : fields[order]);
    if (row) log.add(row.customer, row.day, row.amount);
  }, `${flag}: ${path}`);

  /** Lines read so far, and how many of them the scanner has counted. */
  let line = 0, scannerLine = 0;
  /** From the first quote on, everything goes to the scanner through this decoder. */
  let decoder: StringDecoder | undefined;
  const toScanner = (buf: Buffer, from: number, to: number) => {
    scanner.skipLines(line - 1 - scannerLine);
    scanner.push(buf.toString('utf8', from, to));
    scannerLine = line;
  };

  const fieldStart = new Int32Array(64), fieldEnd = new Int32Array(64);
  const dayOf = new Map<number, number>();
  const dayCache = new Int32Array(256 * 416);
  const previous = Buffer.allocUnsafe(1024);
  let previousLength = -1, previousIndex = -1;

  /** Reads the plain line buf[from, to) (no LF, maybe a CR) into the log; false when it is not plain. */
  const plainLine = (buf: Buffer, from: number, to: number): boolean => {
    if (columns === -1 || columns > fieldStart.length) return false;
    let end = to;
    if (end > from && buf[end - 1] === CR) end--;
    let f = 0, start = from;
    for (let i = from; i <= end; i++) {
      if (i === end || buf[i] === COMMA) {
        if (f === columns) return false;
        fieldStart[f] = start;
        fieldEnd[f++] = i;
        start = i + 1;
      }
    }
    if (f !== columns) return false;
    // Date: YYYY-MM-DD, a day already known good or checked by `dayNumber`.
    const ds = fieldStart[date];
    if (fieldEnd[date] - ds !== 10 || buf[ds + 4] !== DASH || buf[ds + 7] !== DASH) return false;
    let key = 0;
    for (let k = 0; k < 10; k++) {
      if (k === 4 || k === 7) continue;
      const digit = buf[ds + k] - ZERO;
      if (digit < 0 || digit > 9) return false;
      key = key * 10 + digit;
    }
    // Good days of 1900–2155 are kept by (year, month, day) in a typed array (0: not yet read), others in a map.
    const month = ((key / 100) | 0) % 100, dayOfMonth = key % 100;
    const slot = key >= 19_000_000 && key < 21_560_000 && month >= 1 && month <= 12 && dayOfMonth >= 1 && dayOfMonth <= 31
      ? (((key / 10_000) | 0) - 1900) * 416 + month * 32 + dayOfMonth
      : -1;
    let day = slot !== -1 && dayCache[slot] !== 0 ? dayCache[slot] - 1 : dayOf.get(key);
    if (day === undefined) {
      const parsed = dayNumber(buf.toString('latin1', ds, ds + 10));
      if (parsed === undefined) return false;
      dayOf.set(key, (day = parsed));
      if (slot !== -1) dayCache[slot] = day + 1;
    }
    // Amount: digits, optionally a point and more digits; at most 15 digits in all.
    let i = fieldStart[amount];
    const amountEnd = fieldEnd[amount];
    let mantissa = 0, digits = 0, decimals = -1;
    for (; i < amountEnd; i++) {
      const b = buf[i];
      if (b === DOT && decimals === -1 && digits > 0) decimals = 0;
      else if (b >= ZERO && b <= ZERO + 9) {
        mantissa = mantissa * 10 + (b - ZERO);
        digits++;
        if (decimals !== -1) decimals++;
      } else return false;
    }
    if (digits === 0 || digits > 15 || decimals === 0) return false;
    const value = decimals > 0 ? mantissa / powersOfTen[decimals] : mantissa;
    // Customer: the previous line's when the bytes match, else decoded and looked up.
    const cs = fieldStart[customer], ce = fieldEnd[customer];
    if (ce === cs || !solid(buf[cs]) || !solid(buf[ce - 1])) return false;
    if (order !== -1) {
      const os = fieldStart[order], oe = fieldEnd[order];
      if (oe > os && (!solid(buf[os]) || !solid(buf[oe - 1]))) return false;
      if (oe > os && !checker.checkOrder(line, buf.toString('utf8', os, oe))) return true;
    }
    let same = ce - cs === previousLength;
    for (let k = 0; same && k < previousLength; k++) same = buf[cs + k] === previous[k];
    if (!same) {
      // ASCII ids are looked up by their bytes; others as decoded text, as the scanner would read them.
      let ascii = true;
      for (let k = cs; ascii && k < ce; k++) ascii = buf[k] < 128;
      previousIndex = ascii ? log.customers.indexOfBytes(buf, cs, ce) : log.customers.indexOf(buf.toString('utf8', cs, ce));
      previousLength = ce - cs <= previous.length ? ce - cs : -1;
      for (let k = 0; k < previousLength; k++) previous[k] = buf[cs + k];
    }
    log.addRow(previousIndex, day, value);
    return true;
  };

  /** Reads the complete lines of buf[from, to) (and the last, unterminated one at the end of the file); returns where the unread rest starts. */
  const lines = (buf: Buffer, from: number, to: number, atEnd: boolean): number => {
    let pos = from;
    let quoteAt = buf.indexOf(QUOTE, pos);
    if (quoteAt >= to) quoteAt = -1;
    while (pos < to) {
      let nl = buf.indexOf(LF, pos);
      if (nl === -1 || nl >= to) {
        if (!atEnd) break;
        nl = to;
      }
      line++;
      if (quoteAt !== -1 && quoteAt < nl) {
        decoder = new StringDecoder('utf8');
        scanner.skipLines(line - 1 - scannerLine);
        scanner.push(decoder.write(buf.subarray(pos, to)));
        return to;
      }
      if (!plainLine(buf, pos, nl)) toScanner(buf, pos, Math.min(nl + 1, to));
      pos = nl + 1;
    }
    return Math.min(pos, to);
  };

  let buf = Buffer.allocUnsafe(Math.max(4, chunkBytes));
  let have = 0;
  let first = true;
  for (;;) {
    if (have === buf.length) {
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, have);
      buf = bigger;
    }
    const read = readSync(fd, buf, have, buf.length - have, null);
    have += read;
    if (decoder) {
      if (read === 0) break;
      scanner.push(decoder.write(buf.subarray(0, have)));
      have = 0;
      continue;
    }
    let from = 0;
    if (first && have >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) from = 3;
    if (first && (have >= 3 || read === 0)) first = false;
    else if (first) continue;
    const done = lines(buf, from, have, read === 0);
    if (decoder) {
      have = 0;
      if (read === 0) break;
      continue;
    }
    buf.copy(buf, 0, done, have);
    have -= done;
    if (read === 0) break;
  }
  if (decoder) scanner.push(decoder.end());
  scanner.end();
  checker.finish();
  return log;
}
