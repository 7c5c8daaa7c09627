/**
 * CSV formula injection (issue 12 #13): a spreadsheet runs a cell starting with
 * `=`, `+`, `-`, `@`, a tab or a carriage return as a formula. Every CSV the
 * server or the CLI writes passes its cells through `csvSafeCell`, which puts a
 * `'` in front of such text. Numbers stay numbers: a JSON number, or text that is
 * a plain decimal number ("-12.50"), is written as is.
 */
const formulaStart = /^[=+\-@\t\r]/;
const plainNumber = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

export function csvSafeCell(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (!formulaStart.test(value) || plainNumber.test(value)) return value;
  return `'${value}`;
}

/** Every cell of a row (array or record) made safe; non-text values are kept. */
export function csvSafeRow<T extends readonly unknown[] | Record<string, unknown>>(row: T): T {
  if (Array.isArray(row)) return row.map(csvSafeCell) as unknown as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = csvSafeCell(v);
  return out as T;
}
