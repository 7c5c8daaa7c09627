import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CsvScanner } from './csv-scan.js';

function scan(text: string, pieces: number): { fields: string[]; line: number }[] {
  const out: { fields: string[]; line: number }[] = [];
  const scanner = new CsvScanner((fields, line) => out.push({ fields: [...fields], line }), 'test');
  const size = Math.max(1, Math.ceil(text.length / pieces));
  for (let i = 0; i < text.length; i += size) scanner.push(text.slice(i, i + size));
  scanner.end();
  return out;
}

describe('CsvScanner', () => {
  const lf = '\uFEFFcustomer_id,date,amount\n "a" , 2024-01-01 ,5\n\n"b,""x""",2024-01-02,"6"\n"multi\nline",2024-01-03,7\nc,2024-01-04,8';
  const crlf = lf.replace(/\n/g, '\r\n');

  it.each([['LF', lf], ['CRLF', crlf]])('reads what csv-parse reads (quotes, escapes, BOM, blank lines, trimming, %s), however the text is cut', (_, text) => {
    const reference = parse(text, { skip_empty_lines: true, trim: true, bom: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
    expect(reference).toHaveLength(5);
    for (const pieces of [1, 2, 7, text.length]) {
      const records = scan(text, pieces);
      expect(records.map((r) => r.fields)).toEqual(reference.map((r) => r.record));
      // The line each record ends on (csv-parse counts a CRLF inside quotes as two lines; this does not).
      expect(records.map((r) => r.line)).toEqual([1, 2, 4, 6, 7]);
      if (text === lf) expect(records.map((r) => r.line)).toEqual(reference.map((r) => r.info.lines));
    }
  });

  it('rejects an unclosed quote, a stray quote and a record of the wrong length, naming the line', () => {
    expect(() => scan('a,b\n"x,1\n', 1)).toThrow(/Quote Not Closed on line 2/);
    expect(() => scan('a,b\nx"y,1\n', 1)).toThrow(/Invalid Opening Quote.* on line 2/);
    expect(() => scan('a,b\n"x"y,1\n', 1)).toThrow(/Invalid Closing Quote.* on line 2/);
    expect(() => scan('a,b\n1,2\n1,2,3\n', 3)).toThrow(/Invalid Record Length: expect 2, got 3 on line 3/);
  });
});
