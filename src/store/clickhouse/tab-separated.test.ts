import { describe, expect, it } from 'vitest';
import { tsvDecimal, tsvField, tsvRows } from './tab-separated.js';

// Expected texts written by hand from ClickHouse's TabSeparated rules
// (https://clickhouse.com/docs/en/interfaces/formats#tabseparated): backslash,
// tab and line breaks escaped with a backslash, NULL as \N.
describe('TabSeparated rows', () => {
  it('escapes the characters that would end a field or a row', () => {
    expect(tsvField('a\tb\nc\\d\re', 'x')).toBe('a\\tb\\nc\\\\d\\re');
    expect(tsvField("it's \"quoted\" ünï 😀", 'x')).toBe("it's \"quoted\" ünï 😀");
    // A string that reads like NULL stays a string.
    expect(tsvField('\\N', 'x')).toBe('\\\\N');
  });

  it('writes NULL, integers and booleans', () => {
    expect(tsvField(null, 'x')).toBe('\\N');
    expect(tsvField(undefined, 'x')).toBe('\\N');
    expect(tsvField(1795342227843000, 'version')).toBe('1795342227843000');
    expect(tsvField(-3, 'x')).toBe('-3');
    expect(tsvField(true, 'x')).toBe('1');
    expect(() => tsvField(Number.NaN, 'impressions')).toThrow(/impressions/);
  });

  it('rounds decimals half away from zero to the column scale', () => {
    expect(tsvDecimal('1.2345675', 6, 'amount')).toBe('1.234568');
    expect(tsvDecimal('-1.2345675', 6, 'amount')).toBe('-1.234568');
    expect(tsvDecimal('12.50', 6, 'amount')).toBe('12.5');
    expect(tsvDecimal(null, 6, 'amount')).toBe('\\N');
    expect(() => tsvDecimal('1e3', 6, 'amount')).toThrow(/amount/);
  });

  it('lays rows out in the order of the columns, one line each', () => {
    const rows = [{ n: 1, id: 'a\tb', amount: '0.0000005' }, { id: 'c', n: 2, amount: null }];
    expect(tsvRows(rows, ['id', 'n', 'amount'], { amount: 6 })).toBe('a\\tb\t1\t0.000001\nc\t2\t\\N\n');
  });
});
