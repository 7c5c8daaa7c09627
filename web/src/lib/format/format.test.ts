import { describe, expect, it } from 'vitest';
import {
  currencyDigits,
  formatChange,
  formatCompact,
  formatCount,
  formatDate,
  formatInstant,
  formatMoney,
  formatPValue,
  formatRatio,
  formatSeconds,
  formatValue,
  TOMAN,
  formatJalaliMonth,
} from './format';

const PERSIAN_DIGITS = /[۰-۹]/;
const LATIN_DIGITS = /[0-9]/;

describe('formatMoney', () => {
  it('shows EUR with two decimals in English and Vietnamese conventions', () => {
    expect(formatMoney(1234.5, 'EUR', 'en')).toBe('€1,234.50');
    // Vietnamese groups with dots and uses a decimal comma, symbol after.
    expect(formatMoney(1234.5, 'EUR', 'vi')).toBe('1.234,50\u00a0€');
  });

  it('shows VND and IRR without a minor unit', () => {
    expect(formatMoney(1234567.4, 'VND', 'vi')).toBe('1.234.567\u00a0₫');
    const rial = formatMoney(1234567, 'IRR', 'fa');
    expect(rial).toContain('۱٬۲۳۴٬۵۶۷');
    expect(rial).toContain('ریال');
    expect(rial).not.toMatch(LATIN_DIGITS);
    expect(rial).not.toContain('٫'); // no Persian decimal separator: 0 decimals
  });

  it('shows IRR as toman (÷10) when the workspace asks, the word kept on the number’s line', () => {
    expect(formatMoney(1234560, TOMAN, 'fa')).toBe('۱۲۳٬۴۵۶\u00a0تومان');
    expect(formatMoney(1234560, TOMAN, 'en')).toBe('123,456\u00a0toman');
    expect(formatMoney(15, TOMAN, 'en')).toBe('2\u00a0toman'); // 1.5 toman rounds half up
    expect(formatCompact(15_000_000, 'money', TOMAN, 'en')).toBe('1.5M\u00a0toman');
    expect(formatValue(25_000_000, 'money', TOMAN, 'fa')).not.toMatch(LATIN_DIGITS);
  });

  it('knows each currency’s minor unit (ISO 4217: EUR 2, KWD 3, JPY 0; IRR/VND shown as 0)', () => {
    expect(currencyDigits('EUR')).toBe(2);
    expect(currencyDigits('KWD')).toBe(3);
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('IRR')).toBe(0);
    expect(currencyDigits('vnd')).toBe(0);
  });
});

describe('numbers and ratios', () => {
  it('writes Persian digits in fa', () => {
    expect(formatCount(12345, 'fa')).toBe('۱۲٬۳۴۵');
    expect(formatCount(12345, 'fa')).toMatch(PERSIAN_DIGITS);
  });

  it('formats fractions as percentages with precision by size', () => {
    expect(formatRatio(0.0342, 'en')).toBe('3.4%');
    expect(formatRatio(0.0042, 'en')).toBe('0.42%');
    expect(formatRatio(31.4, 'en')).toBe('3,140%');
    expect(formatRatio(0.5, 'fa')).toBe('۵۰٫۰٪');
  });

  it('signs changes and formats durations and p-values', () => {
    expect(formatChange(0.123, 'en')).toBe('+12.3%');
    expect(formatChange(0, 'en')).toBe('0.0%');
    expect(formatSeconds(83, 'en')).toBe('1m 23s');
    expect(formatSeconds(42, 'en')).toBe('42s');
    expect(formatPValue(0.0912, 'en')).toBe('0.091');
    expect(formatPValue(0.00042, 'en')).toBe('0.00042');
  });

  it('dispatches on the registry unit and renders missing values as a dash', () => {
    expect(formatValue(12.5, 'money', 'USD', 'en')).toBe('$12.50');
    expect(formatValue(0.25, 'ratio', 'USD', 'en')).toBe('25.0%');
    expect(formatValue(1500, 'count', 'USD', 'en')).toBe('1,500');
    expect(formatValue(null, 'money', 'USD', 'en')).toBe('—');
    expect(formatValue(Number.NaN, 'count', 'USD', 'en')).toBe('—');
  });
});

describe('formatInstant', () => {
  it('shows the instant in the workspace time zone (Tehran is UTC+3:30, Ho Chi Minh UTC+7)', () => {
    expect(formatInstant('2024-03-20T20:35:00.000Z', 'en', 'UTC')).toBe('Mar 20, 2024, 20:35');
    expect(formatInstant('2024-03-20T20:35:00.000Z', 'en', 'Asia/Ho_Chi_Minh')).toBe('Mar 21, 2024, 03:35');
    // 2024-03-21 00:05 in Tehran: Nowruz 1403 (1 Farvardin) was 2024-03-20, so 2 Farvardin.
    expect(formatInstant('2024-03-20T20:35:00.000Z', 'fa', 'Asia/Tehran')).toContain('۲ فروردین ۱۴۰۳');
    expect(formatInstant('2024-03-20T20:35:00.000Z', 'fa', 'Asia/Tehran')).toContain('۰۰:۰۵');
  });
});

describe('formatDate', () => {
  it('uses the Jalali calendar in Persian: Nowruz 1403 fell on 2024-03-20', () => {
    expect(formatDate('2024-03-20', 'fa')).toBe('۱ فروردین ۱۴۰۳');
    // The day before is the last day of 1402, a common year whose Esfand has 29 days.
    expect(formatDate('2024-03-19', 'fa')).toBe('۲۹ اسفند ۱۴۰۲');
  });

  it('uses the Gregorian calendar in English and Vietnamese', () => {
    expect(formatDate('2024-03-20', 'en')).toBe('Mar 20, 2024');
    expect(formatDate('2024-03-20', 'vi')).toBe('20 thg 3, 2024');
  });
});

describe('formatCompact', () => {
  it('shortens axis values', () => {
    expect(formatCompact(1500, 'money', 'EUR', 'en')).toBe('€1.5K');
    expect(formatCompact(12000, 'count', 'EUR', 'en')).toBe('12K');
    expect(formatCompact(0.25, 'ratio', 'EUR', 'en')).toBe('25%');
    expect(formatCompact(1500, 'count', 'EUR', 'fa')).toBe('۱٫۵\u00a0هزار'); // 1.5 thousand, no-break space
  });
});

describe('formatJalaliMonth', () => {
  it('names a Jalali month key in the Persian calendar', () => {
    // 1 Azar 1405 = 22 Nov 2026; the order of month and year is the locale's (CLDR).
    expect(formatJalaliMonth('1405-09', 'fa')).toContain('آذر');
    expect(formatJalaliMonth('1405-09', 'fa')).toContain('۱۴۰۵');
    expect(formatJalaliMonth('1405-09', 'fa')).not.toMatch(LATIN_DIGITS);
    expect(formatJalaliMonth('1405-01', 'en')).toMatch(/^Farvardin 1405/);
    expect(formatJalaliMonth('not a key', 'fa')).toBe('not a key');
  });
});
