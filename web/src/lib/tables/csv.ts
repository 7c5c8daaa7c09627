/**
 * CSV export of a table as shown: the visible columns in their order, the
 * rows in their current sort, raw values (ids, not their translated names;
 * numbers as the API gave them, not formatted). RFC 4180 quoting. Pure.
 */

/** One CSV field: quoted when it holds a comma, quote, or line break; formulas defused for spreadsheets. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  // A cell starting with = + - @ tab CR would run as a formula in a spreadsheet (CSV injection); numbers
  // (also decimal strings such as "-12.50", the API's amounts) stay numbers.
  if (typeof value !== 'number' && /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole CSV document: a header line of column keys, then one line per row, CRLF line ends. */
export function toCsv(columns: readonly { key: string; value?: (row: never) => unknown }[], rows: readonly object[]): string {
  const lines = [columns.map((column) => csvField(column.key)).join(',')];
  for (const row of rows) {
    lines.push(
      columns
        .map((column) => csvField(column.value ? (column.value as (row: object) => unknown)(row) : (row as Record<string, unknown>)[column.key]))
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Saves `text` as a file in the browser. */
export function saveText(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  // A byte-order mark so spreadsheet programs read Persian and Vietnamese names as UTF-8.
  const blob = new Blob(['\ufeff', text], { type });
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
