import { describe, expect, it } from 'vitest';
import type { SegmentRules } from '../customers.js';
import { compileSegment } from './customers-sql.js';

/**
 * Exact SQL of segment rules on ClickHouse (as Kysely's `testSql`): 18.16 has no query
 * parameters, so every user value is a `chValue` literal (its fuzz test:
 * test/engines/sql-literal-fuzz.test.ts). Conditions on a person's events become per-person
 * aggregate columns (sg_*). What members the rules select is held to DuckDB by the store contract cases.
 */
const every: SegmentRules = {
  match: 'all',
  conditions: [
    { kind: 'trait', trait: 'country', values: ['DE', "x' OR 1=1 --"] },
    { kind: 'trait', trait: 'plan', values: ['pro'] },
    { kind: 'event', name: 'signup', min_count: 2, days: 7 },
    { kind: 'page', path: '/pricing', days: 30 },
    { kind: 'page', path: '/a\\b' },
    { kind: 'orders', min_count: 1 },
    { kind: 'spent', more_than: 99.5 },
    { kind: 'acquisition_channel', values: [] },
  ],
};

describe('ClickHouse segment SQL', () => {
  it('prints every kind of condition with its values escaped (local days of Europe/Berlin)', () => {
    const plan = `if(visitParamExtractString(ifNull(properties, ''), 'plan') != '', visitParamExtractString(ifNull(properties, ''), 'plan'), visitParamExtractRaw(ifNull(properties, ''), 'plan'))`;
    // 2026-03-31 in Berlin: 7 days from 1774393200000 (03-24 23:00Z) to 1774994400000 (03-31 22:00Z); 30 days from 1772406000000 (03-01 23:00Z).
    expect(compileSegment(every, '2026-03-31', 'Europe/Berlin')).toEqual({
      columns: [
        `argMaxIf(${plan}, (ts, id), type = 'custom' AND ifNull(name, '') = 'identify' AND ${plan} != '') AS sg_0`,
        `countIf(ifNull(name, type) = 'signup' AND ts >= 1774393200000 AND ts < 1774994400000) AS sg_1`,
        `countIf(type = 'page_view' AND ifNull(landing_page, '') = '/pricing' AND ts < 1774994400000 AND ts >= 1772406000000) AS sg_2`,
        `countIf(type = 'page_view' AND ifNull(landing_page, '') = '/a\\\\b' AND ts < 1774994400000) AS sg_3`,
      ],
      predicate: `((p_country IN ('DE', 'x\\' OR 1=1 --')) AND (sg_0 IN ('pro')) AND (sg_1 >= 2) AND (sg_2 > 0) AND (sg_3 > 0) AND (p_orders >= 1) AND (toFloat64(p_revenue) > 99.5) AND (0))`,
    });
  });

  it('joins `any` rules with OR; no conditions match everyone', () => {
    const rules: SegmentRules = { match: 'any', conditions: [{ kind: 'orders', min_count: 2 }, { kind: 'acquisition_channel', values: ['paid_search', 'email'] }] };
    expect(compileSegment(rules, '2026-01-31', 'UTC')).toEqual({ columns: [], predicate: `((p_orders >= 2) OR (p_acq_channel IN ('paid_search', 'email')))` });
    expect(compileSegment({ match: 'all', conditions: [] }, '2026-01-31', 'UTC')).toEqual({ columns: [], predicate: '1' });
  });

  it('refuses a trait name that is not a plain name, and an as-of that is not a date', () => {
    expect(() => compileSegment({ match: 'all', conditions: [{ kind: 'trait', trait: "a') OR 1=1 --", values: ['x'] }] }, '2026-01-31', 'UTC')).toThrow(/not a plain name/);
    expect(() => compileSegment({ match: 'all', conditions: [] }, '2026-02-30x', 'UTC')).toThrow(/not a date/);
  });
});
