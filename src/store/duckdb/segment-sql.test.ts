import { describe, expect, it } from 'vitest';
import type { SegmentRules } from '../customers.js';
import { compileSegment } from './customers-sql.js';

/**
 * Exact SQL of segment rules on DuckDB (as Kysely's `testSql`): every user value is a bound
 * parameter ($sg0, $sg1, …), the text holds fixed fragments only. What members the rules select is
 * held to the other engines by the store contract cases (src/store/contract.case.ts).
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

describe('DuckDB segment SQL', () => {
  it('prints every kind of condition with its values as parameters (local days of Europe/Berlin)', () => {
    const params: Record<string, unknown> = {};
    const sql = compileSegment(every, params as never, '2026-03-31', 'Europe/Berlin');
    expect(sql).toBe(
      `((list_contains(from_json($sg0, '["VARCHAR"]'), p.country)) AND (list_contains(from_json($sg1, '["VARCHAR"]'), (SELECT arg_max(json_extract_string(x.properties, $sg2), (x.ts, x.id))
          FROM ev x WHERE x.person = p.person AND x.type = 'custom' AND x.name = 'identify'
            AND json_extract_string(x.properties, $sg3) IS NOT NULL))) AND ((SELECT count(*) FROM ev x WHERE x.person = p.person AND (x.name = $sg4 OR (x.name IS NULL AND x.type = $sg4))
          AND x.ts >= $sg5::TIMESTAMP AND x.ts < $sg6::TIMESTAMP) >= $sg7) AND (EXISTS (SELECT 1 FROM ev x WHERE x.person = p.person AND x.type = 'page_view' AND x.landing_page = $sg8
          AND x.ts < $sg9::TIMESTAMP AND x.ts >= $sg10::TIMESTAMP)) AND (EXISTS (SELECT 1 FROM ev x WHERE x.person = p.person AND x.type = 'page_view' AND x.landing_page = $sg11
          AND x.ts < $sg12::TIMESTAMP )) AND (p.orders >= $sg13) AND (p.revenue > $sg14) AND (list_contains(from_json($sg15, '["VARCHAR"]'), p.acq_channel)))`,
    );
    // 2026-03-31 in Berlin (CEST from 03-29): the 7 days from 03-25 00:00 CET (03-24 23:00Z) to 04-01 00:00 CEST (03-31 22:00Z).
    expect(params).toEqual({
      sg0: '["DE","x\' OR 1=1 --"]', sg1: '["pro"]', sg2: '$.plan', sg3: '$.plan', sg4: 'signup',
      sg5: '2026-03-24 23:00:00.000', sg6: '2026-03-31 22:00:00.000', sg7: 2, sg8: '/pricing',
      sg9: '2026-03-31 22:00:00.000', sg10: '2026-03-01 23:00:00.000', sg11: '/a\\b', sg12: '2026-03-31 22:00:00.000', sg13: 1, sg14: 99.5, sg15: '[]',
    });
  });

  it('joins `any` rules with OR; no conditions match everyone', () => {
    const params: Record<string, unknown> = {};
    const rules: SegmentRules = { match: 'any', conditions: [{ kind: 'orders', min_count: 2 }, { kind: 'acquisition_channel', values: ['paid_search', 'email'] }] };
    expect(compileSegment(rules, params as never, '2026-01-31', 'UTC')).toBe(`((p.orders >= $sg0) OR (list_contains(from_json($sg1, '["VARCHAR"]'), p.acq_channel)))`);
    expect(params).toEqual({ sg0: 2, sg1: '["paid_search","email"]' });
    expect(compileSegment({ match: 'all', conditions: [] }, {}, '2026-01-31', 'UTC')).toBe('TRUE');
  });

  it('refuses a trait name that is not a plain name', () => {
    expect(() => compileSegment({ match: 'all', conditions: [{ kind: 'trait', trait: "a') OR 1=1 --", values: ['x'] }] }, {}, '2026-01-31', 'UTC')).toThrow(/not a plain name/);
  });
});
