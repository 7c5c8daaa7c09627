import { describe, expect, it } from 'vitest';
import { calendarBuckets, jalaliMonths } from './calendar-buckets.js';

describe('calendar buckets', () => {
  it('lists the Jalali months that meet a range, with their Gregorian first days', () => {
    // 1 Azar 1405 = 22 Nov 2026; 1 Farvardin 1405 = 21 Mar 2026 (Nowruz); 1 Farvardin 1404 = 21 Mar 2025.
    expect(jalaliMonths('2026-11-20', '2026-11-25')).toEqual([{ key: '1405-08', start: '2026-10-23' }, { key: '1405-09', start: '2026-11-22' }]);
    expect(jalaliMonths('2026-03-19', '2026-03-21')).toEqual([{ key: '1404-12', start: '2026-02-20' }, { key: '1405-01', start: '2026-03-21' }]);
    expect(jalaliMonths('2026-11-22', '2026-11-22')).toEqual([{ key: '1405-09', start: '2026-11-22' }]);
    const year = jalaliMonths('2025-03-21', '2026-03-20');
    expect(year.map((m) => m.key)).toEqual(['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m) => `1404-${m}`));
    expect(year[0].start).toBe('2025-03-21');
  });

  it('starts Jalali weeks on Saturday and Gregorian ones on Monday', () => {
    expect(calendarBuckets('jalali', '2026-11-01', '2026-11-30').weekStart).toBe(6);
    expect(calendarBuckets('gregorian', '2026-11-01', '2026-11-30')).toEqual({ weekStart: 1, months: null });
    expect(calendarBuckets(undefined, '2026-11-01', '2026-11-30').months).toBeNull();
  });
});
