import { describe, expect, it } from 'vitest';
import { plainDecimal } from './plain-decimal';

describe('plainDecimal (what a number field hands its owner)', () => {
  it('fa: Persian and Arabic-Indic digits, the Persian decimal and group separators', () => {
    expect(plainDecimal('۳۱٬۲۳۴', 'fa')).toBe('31234');
    expect(plainDecimal('۰٫۰۵', 'fa')).toBe('0.05');
    expect(plainDecimal('٤٢', 'fa')).toBe('42');
    expect(plainDecimal('0.5', 'fa')).toBe('0.5');
  });
  it('en: a point is the decimal, a comma groups', () => {
    expect(plainDecimal('12.5', 'en')).toBe('12.5');
    expect(plainDecimal('31,234.5', 'en')).toBe('31234.5');
    expect(plainDecimal('-1 000 €', 'en')).toBe('-1000');
  });
  it('vi: a comma is the decimal, a point groups', () => {
    expect(plainDecimal('0,35', 'vi')).toBe('0.35');
    expect(plainDecimal('1.250.000', 'vi')).toBe('1250000');
  });
});
