import { describe, expect, it } from 'vitest';
import { conversionSignalsOf, scoreConversion } from './conversion-score.js';
import { clickBit } from './signals.js';
import type { FraudConversion } from './types.js';

const sale: FraudConversion = { id: 'o1', partner_id: 'p1', event: 'sale', ms: 3_600_000, click_id: 'c1', click_ms: 0, email_disposable: false, buyer_identities: ['user_9', 'a_9'] };
const conv = (over: Partial<FraudConversion>): FraudConversion => ({ ...sale, ...over });

describe('conversion signals', () => {
  it('an honest sale an hour after its click scores 0', () => expect(scoreConversion(sale)).toEqual({ id: 'o1', partner_id: 'p1', score: 0, reasons: [] }));

  it('fast conversion: 14.999 s after the click, not 15 s; not for a coupon sale without a click', () => {
    expect(conversionSignalsOf(conv({ ms: 14_999 }))).toEqual(['fast_conversion']);
    expect(conversionSignalsOf(conv({ ms: 15_000 }))).toEqual([]);
    expect(conversionSignalsOf(conv({ ms: 1_000, click_id: null, click_ms: null }))).toEqual([]);
  });

  it('disposable e-mail domain (as ingest recorded it), only when that is known', () => {
    expect(scoreConversion(conv({ email_disposable: true }))).toMatchObject({ score: 30, reasons: ['disposable_email'] });
    expect(scoreConversion(conv({ email_disposable: null })).score).toBe(0);
  });

  it('self-referral: a buyer identity is one of the partner\'s own', () => {
    expect(scoreConversion(conv({}), 0, new Set(['a_9']))).toMatchObject({ score: 90, reasons: ['self_referral'] });
    expect(scoreConversion(conv({}), 0, new Set(['user_1'])).score).toBe(0);
  });

  it('carries the credited click\'s signals: fast (60) + no landing view (40) = 100 × (1 − 0.4 × 0.6) = 76', () => {
    const v = scoreConversion(conv({ ms: 5_000 }), clickBit.no_landing_view);
    expect(v).toEqual({ id: 'o1', partner_id: 'p1', score: 76, reasons: ['fast_conversion', 'no_landing_view'] });
  });
});
