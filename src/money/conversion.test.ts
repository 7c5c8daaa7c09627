/** Conversions through one rates table (the agency view); every expected value worked out by hand. */
import { describe, expect, it } from 'vitest';
import { conversionOn, convertAmount, rateOf, rateOn } from './conversion.js';

const rates = [
  { date: '2026-03-20', currency: 'IRR', rate: '0.000021800000' },
  { date: '2026-03-01', currency: 'IRR', rate: '0.0000200' },
  { date: '2026-04-05', currency: 'IRR', rate: '0.00003' },
  { date: '2026-03-10', currency: 'VND', rate: '0.000036' },
  { date: '2026-03-10', currency: 'USD', rate: '0.8' },
];

describe('conversion through a rates table quoted in EUR', () => {
  it('takes the latest row on or before the day', () => {
    expect(rateOn(rates, 'IRR', '2026-03-19')?.rate).toBe('0.0000200');
    expect(rateOn(rates, 'IRR', '2026-03-20')?.rate).toBe('0.000021800000');
    expect(rateOn(rates, 'IRR', '2026-04-04')?.rate).toBe('0.000021800000');
    expect(rateOn(rates, 'IRR', '2026-02-28')).toBeUndefined();
    expect(rateOn(rates, 'GBP', '2026-12-31')).toBeUndefined();
  });

  it.each([
    // amount, from, to, expected, rate: by hand
    ['12000000', 'IRR', 'EUR', '261.60', '0.0000218'], // 12,000,000 × 0.0000218
    ['200', 'EUR', 'VND', '5555556', '27777.777777777778'], // 200 ÷ 0.000036 = 5,555,555.56
    ['12000000', 'IRR', 'VND', '7266667', '0.605555555556'], // 261.6 ÷ 0.000036 = 7,266,666.67
    ['10', 'USD', 'VND', '222222', '22222.222222222222'], // 8 ÷ 0.000036 = 222,222.22
    ['0.005', 'EUR', 'EUR', '0.00', '1'], // same currency: only rounded, half-even (0.005 → 0.00)
    ['0.015', 'EUR', 'EUR', '0.02', '1'], // half-even (0.015 → 0.02)
    ['125', 'USD', 'EUR', '100.00', '0.8'],
  ])('%s %s → %s = %s', (amount, from, to, expected, rate) => {
    const c = conversionOn(rates, 'EUR', from, to, '2026-03-31');
    if (!c.ok) throw new Error(`no conversion: ${c.missing}`);
    expect(convertAmount(amount, c)).toBe(expected);
    expect(rateOf(c)).toBe(rate);
  });

  it('names the rows it used and every missing currency', () => {
    const c = conversionOn(rates, 'EUR', 'IRR', 'VND', '2026-03-31');
    expect(c.ok && c.used).toEqual([
      { date: '2026-03-20', from: 'IRR', to: 'EUR', rate: '0.0000218' },
      { date: '2026-03-10', from: 'VND', to: 'EUR', rate: '0.000036' },
    ]);
    expect(conversionOn(rates, 'EUR', 'IRR', 'GBP', '2026-03-31')).toEqual({ ok: false, from: 'IRR', to: 'GBP', missing: ['GBP'] });
    expect(conversionOn(rates, 'EUR', 'JPY', 'GBP', '2026-03-31')).toEqual({ ok: false, from: 'JPY', to: 'GBP', missing: ['JPY', 'GBP'] });
    expect(conversionOn(rates, 'EUR', 'VND', 'EUR', '2026-03-09')).toEqual({ ok: false, from: 'VND', to: 'EUR', missing: ['VND'] });
    expect(conversionOn([{ date: '2026-01-01', currency: 'USD', rate: '0' }], 'EUR', 'EUR', 'USD', '2026-03-31')).toMatchObject({ ok: false, missing: ['USD'] });
  });
});
