import { describe, expect, it } from 'vitest';
import { plainDecimal } from './plain-decimal';

describe('plainDecimal (number fields in every locale)', () => {
  it('reads Persian and Arabic-Indic digits and the Persian separators', () => {
    expect(plainDecimal('۳۱٬۲۳۴')).toBe('31234');
    expect(plainDecimal('۰٫۰۵')).toBe('0.05');
    expect(plainDecimal('٤٢')).toBe('42');
  });
  it('keeps a Latin decimal and drops group separators and stray characters', () => {
    expect(plainDecimal('12.5')).toBe('12.5');
    expect(plainDecimal('31,234')).toBe('31234');
    expect(plainDecimal('-1 000 €')).toBe('-1000');
  });
});
