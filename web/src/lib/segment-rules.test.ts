import { describe, expect, it } from 'vitest';
import { blankRule, segmentBody, segmentId, type RuleRow } from './segment-rules';

const row = (over: Partial<RuleRow> & Pick<RuleRow, 'kind'>): RuleRow => ({ ...blankRule(over.kind), ...over });

describe('segmentBody', () => {
  it('turns every kind of row into the API condition', () => {
    const result = segmentBody(' VIP Iran ', 'any', [
      row({ kind: 'trait', name: 'country', value: ' IR ' }),
      row({ kind: 'orders', count: '3' }),
      row({ kind: 'event', name: 'newsletter_open', count: '2', days: '14' }),
      row({ kind: 'acquisition_channel', name: 'paid_search, email ,' }),
    ], 'k9');
    expect(result).toEqual({
      ok: true,
      body: {
        id: 'vip-iran-k9',
        name: 'VIP Iran',
        match: 'any',
        conditions: [
          { kind: 'trait', trait: 'country', equals: 'IR' },
          { kind: 'orders', min_count: 3 },
          { kind: 'event', name: 'newsletter_open', min_count: 2, days: 14 },
          { kind: 'acquisition_channel', values: ['paid_search', 'email'] },
        ],
      },
    });
  });

  it('names the first incomplete row, or -1 without a name', () => {
    expect(segmentBody('', 'all', [], 'a')).toEqual({ ok: false, row: -1 });
    expect(segmentBody('x', 'all', [row({ kind: 'orders', count: '2' }), row({ kind: 'orders', count: '1.5' })], 'a')).toEqual({ ok: false, row: 1 });
    expect(segmentBody('x', 'all', [row({ kind: 'trait', name: 'bad name', value: 'v' })], 'a')).toEqual({ ok: false, row: 0 });
    expect(segmentBody('x', 'all', [row({ kind: 'event', name: 'open', days: '0' })], 'a')).toEqual({ ok: false, row: 0 });
    expect(segmentBody('x', 'all', [row({ kind: 'acquisition_channel', name: ' , ' })], 'a')).toEqual({ ok: false, row: 0 });
  });
});

describe('segmentId', () => {
  it('slugs the name into the id pattern the server accepts', () => {
    expect(segmentId('Big Spenders!', 'm2')).toBe('big-spenders-m2');
    expect(segmentId('خریداران', 'm2')).toBe('segment-m2');
    expect(segmentId('x'.repeat(80), 'abc')).toMatch(/^[a-z0-9][a-z0-9_-]{0,63}$/);
  });
});
