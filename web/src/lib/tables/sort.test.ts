import { describe, expect, it } from 'vitest';
import { changeTone, relativeChange } from '../format/change';
import { nextSort, sortRows } from './sort';

const rows = [
  { channel: 'email', spend: 210, cpa: 1.75 },
  { channel: 'display', spend: 1278, cpa: null },
  { channel: 'affiliates', spend: 1656, cpa: 13.8 },
  { channel: 'direct', spend: 0, cpa: 0 },
];

describe('sortRows', () => {
  it('sorts numbers numerically both ways', () => {
    expect(sortRows(rows, { key: 'spend', direction: 'desc' }).map((r) => r.spend)).toEqual([1656, 1278, 210, 0]);
    expect(sortRows(rows, { key: 'spend', direction: 'asc' }).map((r) => r.spend)).toEqual([0, 210, 1278, 1656]);
  });

  it('keeps missing values last in either direction', () => {
    expect(sortRows(rows, { key: 'cpa', direction: 'asc' }).map((r) => r.cpa)).toEqual([0, 1.75, 13.8, null]);
    expect(sortRows(rows, { key: 'cpa', direction: 'desc' }).map((r) => r.cpa)).toEqual([13.8, 1.75, 0, null]);
  });

  it('sorts text alphabetically and does not mutate its input', () => {
    const before = rows.map((r) => r.channel);
    expect(sortRows(rows, { key: 'channel', direction: 'asc' }).map((r) => r.channel)).toEqual(['affiliates', 'direct', 'display', 'email']);
    expect(rows.map((r) => r.channel)).toEqual(before);
  });
});

describe('nextSort', () => {
  it('starts numbers descending and text ascending, then flips', () => {
    expect(nextSort(null, 'spend', true)).toEqual({ key: 'spend', direction: 'desc' });
    expect(nextSort(null, 'channel', false)).toEqual({ key: 'channel', direction: 'asc' });
    expect(nextSort({ key: 'spend', direction: 'desc' }, 'spend', true)).toEqual({ key: 'spend', direction: 'asc' });
    expect(nextSort({ key: 'spend', direction: 'asc' }, 'cpa', true)).toEqual({ key: 'cpa', direction: 'desc' });
  });
});

describe('period change', () => {
  it('is relative to the previous value, undefined from zero or missing', () => {
    expect(relativeChange(110, 100)).toBeCloseTo(0.1, 12);
    expect(relativeChange(90, 100)).toBeCloseTo(-0.1, 12);
    expect(relativeChange(-50, -100)).toBeCloseTo(0.5, 12); // profit from -100 to -50 is an improvement
    expect(relativeChange(5, 0)).toBeNull();
    expect(relativeChange(null, 3)).toBeNull();
  });

  it('is good news when it moves the way the metric wants', () => {
    expect(changeTone(0.1, 'up')).toBe('good');
    expect(changeTone(-0.1, 'up')).toBe('bad');
    expect(changeTone(0.1, 'down')).toBe('bad'); // CPA rising
    expect(changeTone(-0.1, 'down')).toBe('good');
    expect(changeTone(0, 'up')).toBe('neutral');
    expect(changeTone(null, 'up')).toBe('neutral');
    expect(changeTone(0.1, undefined)).toBe('neutral');
  });
});
