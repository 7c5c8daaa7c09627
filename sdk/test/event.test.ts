import { describe, expect, it } from 'vitest';
import { decimalString, trackFields } from '../src/event.js';

describe('decimalString', () => {
  it('writes numbers as plain decimals without binary noise', () => {
    expect(decimalString(12.5)).toBe('12.5');
    expect(decimalString(0.1 + 0.2)).toBe('0.3');
    expect(decimalString(1250000)).toBe('1250000');
    expect(decimalString(-3)).toBe('-3');
  });

  it('passes plain decimal strings through and rejects the rest', () => {
    expect(decimalString('12.50')).toBe('12.50');
    expect(decimalString('1e3')).toBeUndefined();
    expect(decimalString('12,50')).toBeUndefined();
    expect(decimalString(NaN)).toBeUndefined();
    expect(decimalString(Infinity)).toBeUndefined();
    expect(decimalString(null)).toBeUndefined();
  });
});

describe('trackFields', () => {
  it('types lead and signup as lead events, any case', () => {
    expect(trackFields('lead', { form: 'demo' })).toEqual({ type: 'lead', name: 'lead', properties: { form: 'demo' } });
    expect(trackFields('SignUp')).toEqual({ type: 'lead', name: 'SignUp', properties: {} });
  });

  it('moves order id, revenue and currency of a purchase into the conversion fields', () => {
    expect(trackFields('purchase', { order_id: 1001, revenue: 12.5, currency: 'eur', items: 2 })).toEqual({
      type: 'conversion',
      name: 'purchase',
      order_id: '1001',
      revenue: { amount: '12.5', currency: 'EUR' },
      properties: { items: 2 },
    });
    expect(trackFields('purchase', { revenue: { amount: '250000', currency: 'IRR' } }).revenue).toEqual({
      amount: '250000',
      currency: 'IRR',
    });
  });

  it("uses the site's default currency when the purchase names none", () => {
    expect(trackFields('purchase', { revenue: '99000' }, 'VND').revenue).toEqual({ amount: '99000', currency: 'VND' });
    expect(trackFields('purchase', { revenue: 5 }).revenue).toEqual({ amount: '5', currency: 'USD' });
  });

  it('keeps an unusable revenue in the properties instead of sending a bad amount', () => {
    expect(trackFields('purchase', { order_id: 'o1', revenue: 'lots', currency: 'EUR' })).toEqual({
      type: 'conversion',
      name: 'purchase',
      order_id: 'o1',
      properties: { revenue: 'lots', currency: 'EUR' },
    });
  });

  it('sends every other name as a custom event with its properties untouched', () => {
    const props = { order_id: 'x', revenue: 3 };
    expect(trackFields('add_to_cart', props)).toEqual({ type: 'custom', name: 'add_to_cart', properties: props });
  });
});
