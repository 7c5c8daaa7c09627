/**
 * Presets relative to today, comparisons and the range kept in the address.
 * Expected dates are counted by hand on a calendar; the Jalali ones from the
 * published 1404/1405 calendar (1 Farvardin 1405 = 21 March 2026,
 * 1 Esfand 1404 = 20 February 2026, 1 Dey 1404 = 22 December 2025).
 */
import { describe, expect, it } from 'vitest';
import { addYears, comparisonRange, eachDay, parseJalali, resolvePreset, todayIn, toJalaliParts } from './dates';
import { rangeOnly, readRange, writeRange } from './range-query';

describe('presets relative to today', () => {
  const today = '2026-03-15';
  it('resolves every Gregorian preset', () => {
    expect(resolvePreset('today', today)).toEqual({ from: '2026-03-15', to: '2026-03-15' });
    expect(resolvePreset('yesterday', today)).toEqual({ from: '2026-03-14', to: '2026-03-14' });
    expect(resolvePreset('last7', today)).toEqual({ from: '2026-03-09', to: '2026-03-15' });
    expect(resolvePreset('last30', today)).toEqual({ from: '2026-02-14', to: '2026-03-15' });
    expect(resolvePreset('last90', today)).toEqual({ from: '2025-12-16', to: '2026-03-15' });
    expect(resolvePreset('this_month', today)).toEqual({ from: '2026-03-01', to: '2026-03-15' });
    expect(resolvePreset('last_month', today)).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(resolvePreset('quarter_to_date', today)).toEqual({ from: '2026-01-01', to: '2026-03-15' });
    expect(resolvePreset('last_month', '2026-01-10')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(resolvePreset('quarter_to_date', '2026-11-30')).toEqual({ from: '2026-10-01', to: '2026-11-30' });
  });

  it('follows the Jalali calendar for months and quarters', () => {
    // 2026-03-15 is 24 Esfand 1404: this month began 1 Esfand (2026-02-20), last month was Bahman.
    expect(toJalaliParts('2026-03-15')).toEqual({ year: 1404, month: 12, day: 24 });
    expect(resolvePreset('this_month', today, 'jalali')).toEqual({ from: '2026-02-20', to: '2026-03-15' });
    expect(resolvePreset('last_month', today, 'jalali')).toEqual({ from: '2026-01-21', to: '2026-02-19' });
    // Esfand is the last month of winter, whose first month Dey began 2025-12-22.
    expect(resolvePreset('quarter_to_date', today, 'jalali')).toEqual({ from: '2025-12-22', to: '2026-03-15' });
    // 2026-03-21 is 1 Farvardin 1405: a new month and a new quarter on the same day.
    expect(resolvePreset('this_month', '2026-03-21', 'jalali')).toEqual({ from: '2026-03-21', to: '2026-03-21' });
    expect(resolvePreset('quarter_to_date', '2026-03-21', 'jalali')).toEqual({ from: '2026-03-21', to: '2026-03-21' });
  });

  it('takes today in the workspace time zone', () => {
    const now = new Date('2026-03-20T21:00:00Z');
    expect(todayIn('UTC', now)).toBe('2026-03-20');
    expect(todayIn('Asia/Tehran', now)).toBe('2026-03-21'); // +03:30 → 00:30 next day
    expect(todayIn('Asia/Ho_Chi_Minh', now)).toBe('2026-03-21'); // +07:00
    expect(todayIn('America/New_York', now)).toBe('2026-03-20');
    expect(todayIn('Not/AZone', now)).toBe('2026-03-20');
  });
});

describe('comparisons', () => {
  it('compares with the same number of days before, or the same dates a year earlier', () => {
    expect(comparisonRange({ from: '2026-03-01', to: '2026-03-10' }, 'previous')).toEqual({ from: '2026-02-19', to: '2026-02-28' });
    expect(comparisonRange({ from: '2026-03-01', to: '2026-03-10' }, 'previous_year')).toEqual({ from: '2025-03-01', to: '2025-03-10' });
    expect(comparisonRange({ from: '2026-03-01', to: '2026-03-10' }, 'none')).toBeNull();
    expect(addYears('2024-02-29', -1)).toBe('2023-02-28');
  });

  it('lists every day of a range for the daily chart', () => {
    expect(eachDay({ from: '2024-02-27', to: '2024-03-01' })).toEqual(['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01']);
  });
});

describe('the range in the address', () => {
  it('keeps a preset as its name so a bookmark moves with today', () => {
    const choice = readRange(new URLSearchParams('range=last7&compare=previous_year'), '2026-03-15', 'gregorian');
    expect(choice).toEqual({
      preset: 'last7',
      range: { from: '2026-03-09', to: '2026-03-15' },
      comparison: 'previous_year',
      compareRange: { from: '2025-03-09', to: '2025-03-15' },
    });
    expect(readRange(new URLSearchParams('range=last7&compare=previous_year'), '2026-03-16', 'gregorian').range).toEqual({ from: '2026-03-10', to: '2026-03-16' });
  });

  it('keeps custom dates as dates and falls back to the last 30 days', () => {
    expect(readRange(new URLSearchParams('from=2026-01-05&to=2026-01-20'), '2026-03-15', 'gregorian').range).toEqual({ from: '2026-01-05', to: '2026-01-20' });
    const fallback = readRange(new URLSearchParams('from=2026-02-30&to=x&range=nope&compare=odd'), '2026-03-15', 'gregorian');
    expect(fallback.preset).toBe('last30');
    expect(fallback.comparison).toBe('previous');
    expect(fallback.range).toEqual({ from: '2026-02-14', to: '2026-03-15' });
  });

  it('writes back only the range keys and keeps the others', () => {
    const query = new URLSearchParams('tab=x&range=last7');
    expect(writeRange(query, { preset: null, range: { from: '2026-01-01', to: '2026-01-31' }, comparison: 'none' }).toString()).toBe('tab=x&from=2026-01-01&to=2026-01-31&compare=none');
    expect(writeRange(query, { preset: 'today', range: { from: '2026-01-01', to: '2026-01-01' }, comparison: 'previous' }).toString()).toBe('tab=x&range=today');
    expect(rangeOnly(new URLSearchParams('tab=x&range=last7&compare=none')).toString()).toBe('range=last7&compare=none');
  });
});

describe('Jalali date input', () => {
  it('reads Persian and Latin digits and refuses days that do not exist', () => {
    expect(parseJalali('۱۴۰۵/۰۱/۰۱')).toBe('2026-03-21');
    expect(parseJalali('1404-12-24')).toBe('2026-03-15');
    expect(parseJalali('1404/12/30')).toBeNull(); // 1404 is not a leap year: Esfand has 29 days
    expect(parseJalali('1403/12/30')).toBe('2025-03-20'); // 1403 is a leap year
    expect(parseJalali('2026-03-15')).toBeNull();
    expect(parseJalali('')).toBeNull();
  });
});
