import { describe, expect, it } from 'vitest';
import { addDays, isIsoDate, lastDays, rangeDays } from './dates';

describe('date ranges', () => {
  it('counts days inclusively and shifts across month and leap-day boundaries', () => {
    expect(rangeDays({ from: '2024-01-01', to: '2024-01-30' })).toBe(30);
    expect(rangeDays({ from: '2024-03-05', to: '2024-03-05' })).toBe(1);
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29'); // 2024 is a leap year
    expect(addDays('2023-03-01', -1)).toBe('2023-02-28');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
  });

  it('takes the last N days of the data, clipped at its first day', () => {
    expect(lastDays('2024-03-31', 30)).toEqual({ from: '2024-03-02', to: '2024-03-31' });
    expect(lastDays('2024-03-31', 7)).toEqual({ from: '2024-03-25', to: '2024-03-31' });
    expect(lastDays('2024-03-31', 90, '2024-03-10')).toEqual({ from: '2024-03-10', to: '2024-03-31' });
  });

  it('accepts only real calendar dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2024-13-01')).toBe(false);
    expect(isIsoDate('2024-3-1')).toBe(false);
    expect(isIsoDate('')).toBe(false);
  });
});
