import { describe, expect, it } from 'vitest';
import { fitMmm } from '../../budget/index.js';
import { eachDay } from '../budget/budget-dataset.js';
import { defaultCalendar, holidaysBetween, jalaliToIso, nowruzDate, tetDates } from './holidays.js';

describe('calendar dates', () => {
  it('puts Nowruz on 1 Farvardin: 2026-03-21 (1405), 2024-03-20 (1403, after a leap year), 2025-03-21', () => {
    // Iranian calendar: 1 Farvardin 1405 = 21 March 2026; 1 Farvardin 1403 = 20 March 2024 (time.ir).
    expect(nowruzDate(2026)).toBe('2026-03-21');
    expect(jalaliToIso(1405, 1, 1)).toBe('2026-03-21');
    expect(nowruzDate(2024)).toBe('2024-03-20');
    expect(nowruzDate(2025)).toBe('2025-03-21');
  });

  it('knows Tết 2026 = 2026-02-17 and the 2030 day on which Hanoi and Beijing differ', () => {
    expect(tetDates[2026]).toBe('2026-02-17');
    expect(tetDates[2024]).toBe('2024-02-10');
    // New moon 2030-02-02 16:07 UTC: 23:07 in Hanoi (UTC+7), 00:07 on the 3rd in Beijing.
    expect(tetDates[2030]).toBe('2030-02-02');
    expect(Object.keys(tetDates)).toHaveLength(11);
  });

  it('gives the Iranian holidays of a range under one name per holiday', () => {
    const { holidays, notes } = holidaysBetween('2026-03-01', '2026-04-30', { calendar: 'jalali', holiday_sets: ['iran'], extra: [] });
    expect(notes).toEqual([]);
    expect(holidays).toEqual([
      { date: '2026-03-21', name: 'nowruz' },
      { date: '2026-03-22', name: 'nowruz' },
      { date: '2026-03-23', name: 'nowruz' },
      { date: '2026-03-24', name: 'nowruz' },
      { date: '2026-04-02', name: 'sizdah_bedar' }, // 13 Farvardin 1405
    ]);
  });

  it('gives Tết from its eve, the Vietnamese national days, and says which years it cannot date', () => {
    const { holidays, notes } = holidaysBetween('2026-02-01', '2026-02-28', { calendar: 'gregorian', holiday_sets: ['vietnam'], extra: [] });
    expect(holidays.map((h) => h.date)).toEqual(['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']);
    expect(holidays.every((h) => h.name === 'tet')).toBe(true);
    const later = holidaysBetween('2031-01-01', '2031-12-31', { calendar: 'gregorian', holiday_sets: ['vietnam'], extra: [] });
    expect(later.notes).toEqual([{ id: 'tet_unknown', year: 2031 }]);
    expect(later.holidays.map((h) => h.name)).toEqual(['reunification', 'reunification', 'national_day']);
  });

  it('dates Black Friday after the fourth Thursday of November and keeps extra events', () => {
    // Thanksgiving: 26 Nov 2026 and 27 Nov 2025 (fourth Thursdays).
    const cal = { calendar: 'gregorian' as const, holiday_sets: ['international' as const], extra: [{ date: '2026-11-10', name: 'launch' }] };
    const { holidays } = holidaysBetween('2025-11-01', '2026-11-30', cal);
    expect(holidays.filter((h) => h.name === 'black_friday').map((h) => h.date)).toEqual(['2025-11-28', '2026-11-27']);
    expect(holidays.filter((h) => h.name === 'cyber_monday').map((h) => h.date)).toEqual(['2025-12-01', '2026-11-30']);
    expect(holidays).toContainEqual({ date: '2026-11-10', name: 'launch' });
    expect(holidays.every((h) => h.date >= '2025-11-01' && h.date <= '2026-11-30')).toBe(true);
  });

  it('defaults the calendar from currency and time zone', () => {
    expect(defaultCalendar({ currency: 'IRR', timezone: 'UTC' })).toMatchObject({ calendar: 'jalali', holiday_sets: ['iran'] });
    expect(defaultCalendar({ currency: 'EUR', timezone: 'Asia/Tehran' }).calendar).toBe('jalali');
    expect(defaultCalendar({ currency: 'VND', timezone: 'UTC' }).holiday_sets).toEqual(['vietnam']);
    expect(defaultCalendar({ currency: 'EUR', timezone: 'Europe/Berlin' }).holiday_sets).toEqual(['international']);
  });
});

describe('holidays in the fit', () => {
  it('recovers a Nowruz lift of 30 per day from a noiseless series', () => {
    // 1 Feb – 31 May 2026: outcome = 20 + 0.1 × spend (linear range of a wide Hill curve) + 30 on the four Nowruz days.
    const dates = eachDay('2026-02-01', '2026-05-31');
    const spend = dates.map((_, t) => 100 + 60 * Math.sin(t / 3) + 40 * ((t * 7) % 5));
    const { holidays } = holidaysBetween(dates[0], dates[dates.length - 1], { calendar: 'jalali', holiday_sets: ['iran'], extra: [] });
    const nowruz = new Set(holidays.filter((h) => h.name === 'nowruz').map((h) => h.date));
    expect(nowruz.size).toBe(4);
    const outcome = dates.map((d, t) => 20 + 0.1 * spend[t] + (nowruz.has(d) ? 30 : 0));
    const fit = fitMmm({ dates, channels: ['search'], spend: [spend], outcome }, { holidays, bootstrapDraws: 0, searchSamples: 30 });
    const coef = Object.fromEntries(fit.baseline.columnNames.map((n, j) => [n, fit.baselineCoef[j]]));
    expect(coef.holiday_nowruz).toBeGreaterThan(27);
    expect(coef.holiday_nowruz).toBeLessThan(33);
    expect(fit.fit.r2).toBeGreaterThan(0.95);
  });
});
