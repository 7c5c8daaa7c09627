import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/errors.js';
import { datasetFromRecords } from './input.js';

const rows = [
  { date: '2024-01-02', spend_search: '10', spend_social: '5', conversions: '3' },
  { date: '2024-01-01', spend_search: '20', spend_social: '0', conversions: '4' },
];

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('MMM CSV input', () => {
  it('reads channels from spend_ columns, the named outcome column, and sorts by date', () => {
    const data = datasetFromRecords(rows, 'conversions');
    expect(data.channels).toEqual(['search', 'social']);
    expect(data.dates).toEqual(['2024-01-01', '2024-01-02']);
    expect(data.spend).toEqual([[20, 10], [0, 5]]);
    expect(data.outcome).toEqual([4, 3]);
  });
  it('names missing date and outcome columns', () => {
    expect(errorOf(() => datasetFromRecords([{ day: '2024-01-01', spend_a: '1', outcome: '1' }])).message).toMatch(/missing column "date"/);
    expect(errorOf(() => datasetFromRecords(rows)).message).toMatch(/missing column "outcome"/);
  });
  it('names line and column of non-numeric and negative spend', () => {
    const bad = [rows[0], { ...rows[1], spend_social: 'abc' }, { ...rows[1], date: '2024-01-03', spend_search: '-4' }];
    const err = errorOf(() => datasetFromRecords(bad, 'conversions'));
    expect(err.issues).toEqual([
      { path: 'line 3: spend_social', message: 'not a number: "abc"' },
      { path: 'line 4: spend_search', message: 'negative spend: -4' },
    ]);
    expect(err.message).toMatch(/line 3: spend_social/);
  });
  it('rejects a repeated date with both lines', () => {
    expect(errorOf(() => datasetFromRecords([rows[0], rows[0]], 'conversions')).message).toMatch(/line 3: date 2024-01-02 repeats line 2/);
  });
});
