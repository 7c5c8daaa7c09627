import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { parse } from 'csv-parse/sync';
import { CsvScanner, type CsvRecordHandler } from '../shared/csv-scan.js';
import { AppError } from '../shared/errors.js';

/** Reads a whole text file, turning a missing file into a clear input error. */
export function readTextFile(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new AppError('invalid_input', `${flag}: cannot read ${path}: ${(err as Error).message}`, [
      { path: flag, message: `cannot read ${path}` },
    ]);
  }
}

/** Parses a CSV file with a header row into records of strings (BOM and blank lines tolerated). */
export function readCsvRecords(path: string, flag: string): Record<string, string>[] {
  const text = readTextFile(path, flag);
  try {
    return parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true, relax_column_count: true });
  } catch (err) {
    throw new AppError('invalid_input', `${flag}: ${path} is not valid CSV: ${(err as Error).message}`, [
      { path: flag, message: (err as Error).message },
    ]);
  }
}

/** Parses a JSON file. */
export function readJsonFile(path: string, flag: string): unknown {
  const text = readTextFile(path, flag);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new AppError('invalid_json', `${flag}: ${path} is not valid JSON: ${(err as Error).message}`, [
      { path: flag, message: (err as Error).message },
    ]);
  }
}

/** Parses a numeric flag, naming it in the error. */
export function numberFlag(value: string | undefined, flag: string, opts: { min?: number; max?: number; integer?: boolean } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  const bad = (why: string) => new AppError('invalid_input', `${flag}: ${why}, got "${value}"`, [{ path: flag, message: why }]);
  if (!Number.isFinite(n)) throw bad('expected a number');
  if (opts.integer && !Number.isInteger(n)) throw bad('expected an integer');
  if (opts.min !== undefined && n < opts.min) throw bad(`must be at least ${opts.min}`);
  if (opts.max !== undefined && n > opts.max) throw bad(`must be at most ${opts.max}`);
  return n;
}
