/**
 * Issue 12 #13: CSV formula injection. Every CSV roilens writes (the CLI's `--format csv`,
 * the segment audience export) defuses cells a spreadsheet would run as a formula
 * (starting with = + - @ tab CR) by prefixing a `'`; numbers, also negative decimal
 * amounts given as text, stay numbers.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { printResult } from '../../src/cli/output.js';
import { audienceCsv } from '../../src/reports/customers/segments.js';

function captureStdout(run: () => void): string {
  const chunks: string[] = [];
  const original = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  try {
    run();
  } finally {
    process.stdout.write = original;
  }
  return chunks.join('');
}

describe('CSV formula injection', () => {
  it('--format csv escapes formula text and keeps numbers (also negative ones) as numbers', () => {
    const out = captureStdout(() =>
      printResult(
        {
          rows: [
            { channel: '=HYPERLINK("http://evil","x")', spend: -12.5, revenue: '-40.25', note: '+1+1' },
            { channel: '@SUM(A1)', spend: 3, revenue: '10.00', note: '\tcmd' },
            { channel: '-2+3', spend: 0, revenue: '0', note: '\rx' },
            { channel: 'email', spend: 1, revenue: '1', note: 'a=b' },
          ],
        },
        'csv',
      ),
    );
    const records = parse(out, { columns: true }) as Record<string, string>[];
    expect(records.map((r) => r.channel)).toEqual([`'=HYPERLINK("http://evil","x")`, "'@SUM(A1)", "'-2+3", 'email']);
    expect(records.map((r) => r.spend)).toEqual(['-12.5', '3', '0', '1']);
    expect(records.map((r) => r.revenue)).toEqual(['-40.25', '10.00', '0', '1']);
    expect(records.map((r) => r.note)).toEqual(["'+1+1", "'\tcmd", "'\rx", 'a=b']);
  });

  it('a column named like a formula (a channel name turned into a key) is escaped in the header', () => {
    const out = captureStdout(() => printResult({ rows: [{ channel: 'x', by: { '=cmd': 1 } }] }, 'csv'));
    expect(out.split('\n')[0]).toBe('channel,by.=cmd');
    const out2 = captureStdout(() => printResult([{ '=cmd': 1 }], 'csv'));
    expect(out2.split('\n')[0]).toBe("'=cmd");
  });

  it('the segment audience export escapes customer ids and device ids', () => {
    const csv = audienceCsv([
      { customer_id: '=IMPORTXML("http://evil")', email_hash: null, anonymous_ids: ['-x', 'a'] },
      { customer_id: 'c-2', email_hash: 'ab12', anonymous_ids: ['@d'] },
    ] as never);
    const records = parse(csv, { columns: true }) as Record<string, string>[];
    expect(records).toEqual([
      { customer_id: `'=IMPORTXML("http://evil")`, email_hash: '', anonymous_ids: "'-x a" },
      { customer_id: 'c-2', email_hash: 'ab12', anonymous_ids: "'@d" },
    ]);
  });
});
