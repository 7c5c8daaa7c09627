/**
 * Signals of one credited conversion, and its score with those of the click it was credited to:
 *
 * - fast_conversion: less than 15 s from the click to the conversion (click injection, bots);
 * - disposable_email: the buyer's e-mail domain is a throw-away provider's (only when that is known);
 * - self_referral: one of the buyer's identities is the partner's own.
 */
import { byWeight, clickSignalsOfMask, combinedScore, type FraudSignal } from './signals.js';
import type { ConversionVerdict, FraudConversion } from './types.js';

/** Under this, from click to conversion, no human could have landed, chosen and paid (Everflow, TUNE). */
export const fastConversionMs = 15_000;
/** Over this, from click to conversion, a conversion is "late"; many late ones suggest click spam. */
export const lateConversionMs = 24 * 3_600_000;

/** The conversion's own signals (its click's are apart). */
export function conversionSignalsOf(conversion: FraudConversion, partnerIdentities?: ReadonlySet<string>): FraudSignal[] {
  const signals: FraudSignal[] = [];
  if (conversion.click_ms !== null && conversion.ms - conversion.click_ms < fastConversionMs) signals.push('fast_conversion');
  if (conversion.email_disposable === true) signals.push('disposable_email');
  if (partnerIdentities && conversion.buyer_identities.some((id) => partnerIdentities.has(id))) signals.push('self_referral');
  return signals;
}

/**
 * The conversion's score: its own signals and those of its credited click (`clickMask`, from
 * `ClickScorer.mask`; 0 for a coupon conversion or an unknown click).
 * @example
 *   scoreConversion({ id: 'o1', partner_id: 'p1', event: 'sale', ms: 10_000, click_id: 'c1', click_ms: 2_000, email_disposable: null, buyer_identities: [] }, 0)
 *   // { id: 'o1', partner_id: 'p1', score: 60, reasons: ['fast_conversion'] }
 */
export function scoreConversion(conversion: FraudConversion, clickMask = 0, partnerIdentities?: ReadonlySet<string>): ConversionVerdict {
  const reasons = byWeight([...conversionSignalsOf(conversion, partnerIdentities), ...clickSignalsOfMask(clickMask)]);
  return { id: conversion.id, partner_id: conversion.partner_id, score: combinedScore(reasons), reasons };
}
