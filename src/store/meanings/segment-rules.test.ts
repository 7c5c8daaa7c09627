import { describe, expect, it } from 'vitest';
import { walkSegment, type SegmentPrinter } from './segment-rules.js';

/** A printer that writes what it was asked, so the walker's meanings read plainly. */
const echo: SegmentPrinter = {
  builtinTrait: (trait, values) => `builtin ${trait} in ${values.join('|')}`,
  identifyTrait: (name, values) => `identify ${name} in ${values.join('|')}`,
  eventCount: (name, n, d) => `${n}+ ${name} [${d.since}, ${d.end})`,
  pageViewed: (path, d) => `page ${path} [${d.since ?? 'start'}, ${d.end})`,
  ordersAtLeast: (n) => `orders >= ${n}`,
  spentMoreThan: (a) => `spent > ${a}`,
  acquisitionChannel: (values) => `acquired via ${values.join('|')}`,
  always: 'ALWAYS',
};

describe('walkSegment', () => {
  it('gives each condition its meaning: the last D local days end on the as-of day, inclusive', () => {
    const sql = walkSegment(
      {
        match: 'all',
        conditions: [
          { kind: 'trait', trait: 'device', values: ['mobile'] },
          { kind: 'trait', trait: 'plan_2', values: ['pro', 'team'] },
          // 7 days ending on Tuesday 2026-03-03: Wednesday 02-25 … 03-03, across the end of February.
          { kind: 'event', name: 'signup', min_count: 3, days: 7 },
          { kind: 'page', path: '/pricing', days: 1 },
          { kind: 'page', path: '/' },
          { kind: 'orders', min_count: 2 },
          { kind: 'spent', more_than: 10 },
          { kind: 'acquisition_channel', values: ['email'] },
        ],
      },
      '2026-03-03',
      echo,
    );
    expect(sql).toBe(
      '((builtin device in mobile) AND (identify plan_2 in pro|team) AND (3+ signup [2026-02-25, 2026-03-04)) AND (page /pricing [2026-03-03, 2026-03-04))' +
        ' AND (page / [start, 2026-03-04)) AND (orders >= 2) AND (spent > 10) AND (acquired via email))',
    );
  });

  it('joins `any` with OR and prints the engine literal for no conditions', () => {
    expect(walkSegment({ match: 'any', conditions: [{ kind: 'orders', min_count: 1 }, { kind: 'spent', more_than: 0 }] }, '2026-01-01', echo)).toBe('((orders >= 1) OR (spent > 0))');
    expect(walkSegment({ match: 'all', conditions: [] }, '2026-01-01', echo)).toBe('ALWAYS');
  });

  it('refuses an as-of that is not a date and a trait name that could carry SQL or a JSON path', () => {
    expect(() => walkSegment({ match: 'all', conditions: [] }, 'yesterday', echo)).toThrow(/as-of date "yesterday" is not a date/);
    for (const trait of ["a') OR 1=1 --", 'a.b', 'a b', '', 'x'.repeat(65)]) {
      expect(() => walkSegment({ match: 'all', conditions: [{ kind: 'trait', trait, values: ['x'] }] }, '2026-01-01', echo)).toThrow(/not a plain name/);
    }
  });
});
