import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Sum of PathData's value column (Python's csv module: 74802.97158721073; the data README rounds it to 74,802.97). */
const PATHDATA_VALUE = 74_802.971_587_210_73;
import { aggregatePaths, parsePathsCsv, pathTotals } from './path-file.js';

const pathData = readFileSync(new URL('../../../../shared/data/pathdata/paths.csv', import.meta.url), 'utf8');

describe('parsePathsCsv', () => {
  it('reads PathData: 10,000 lines, totals from its README (19,785 conversions, 74,802.97 value, 68,602 nulls)', () => {
    const parsed = parsePathsCsv(pathData);
    expect(parsed.issues).toEqual([]);
    expect(parsed.lines).toBe(10_000);
    const totals = pathTotals(parsed.rows);
    expect(totals.conversions).toBe(19_785);
    expect(totals.value).toBeCloseTo(PATHDATA_VALUE, 6);
    expect(totals.value).toBeCloseTo(74_802.97, 2);
    expect(totals.nulls).toBe(68_602);
    // identical paths are merged, so there are fewer rows than lines
    expect(parsed.rows.length).toBeLessThan(10_000);
    expect(new Set(parsed.rows.map((r) => r.path.join('>'))).size).toBe(parsed.rows.length);
  });

  it('splits on > with any spacing, merges duplicates, reads quotes, and defaults missing value/nulls to 0', () => {
    const text = 'path,conversions,value,nulls\r\nseo > email,1,10,2\r\n"seo>email",2,5,\r\n\r\ndirect,0,0,4\r\n';
    const { rows, issues } = parsePathsCsv(text);
    expect(issues).toEqual([]);
    expect(rows).toEqual([
      { path: ['seo', 'email'], conversions: 3, value: 15, nulls: 2 },
      { path: ['direct'], conversions: 0, value: 0, nulls: 4 },
    ]);
    expect(parsePathsCsv('\ufeffpath,conversions\na,2\n').rows).toEqual([{ path: ['a'], conversions: 2, value: 0, nulls: 0 }]);
  });

  it('reports every bad row with its line and keeps the good ones', () => {
    const text = ['path,conversions,value,nulls', 'a > b,1,2,3', ',1,2,3', 'a >  > b,1,1,1', 'c,-1,2,0', 'd,x,1,1', 'e,1,2,-4', '"f,1,2,3', 'g,,1,1', 'a > b,1,2,0'].join('\n');
    const { rows, issues } = parsePathsCsv(text);
    expect(issues).toEqual([
      { line: 3, field: 'path', message: 'empty path' },
      { line: 4, field: 'path', message: 'empty channel at step 2' },
      { line: 5, field: 'conversions', message: 'must not be negative, got -1' },
      { line: 6, field: 'conversions', message: 'not a number: "x"' },
      { line: 7, field: 'nulls', message: 'must not be negative, got -4' },
      { line: 8, field: 'row', message: 'unbalanced quotes' },
      { line: 9, field: 'conversions', message: 'missing value' },
    ]);
    expect(rows).toEqual([{ path: ['a', 'b'], conversions: 2, value: 4, nulls: 3 }]);
  });

  it('names missing columns on the header line', () => {
    expect(parsePathsCsv('route,value\nx,1\n').issues).toEqual([
      { line: 1, field: 'header', message: 'missing columns path, conversions (expected path, conversions, value, nulls)' },
    ]);
    expect(parsePathsCsv('').issues[0].message).toBe('the file is empty');
  });

  it('aggregatePaths merges equal paths without touching its input', () => {
    const input = [
      { path: ['a'], conversions: 1, value: 1, nulls: 0 },
      { path: ['a'], conversions: 2, value: 3, nulls: 1 },
      { path: ['a', 'b'], conversions: 1, value: 1, nulls: 0 },
    ];
    expect(aggregatePaths(input)).toEqual([
      { path: ['a'], conversions: 3, value: 4, nulls: 1 },
      { path: ['a', 'b'], conversions: 1, value: 1, nulls: 0 },
    ]);
    expect(input[0].conversions).toBe(1);
  });
});
