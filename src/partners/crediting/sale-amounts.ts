import type { RateRecord } from '../../records/events.js';
import { conversionOn, convertAmount, type Conversion } from '../../money/conversion.js';

/**
 * Sale amounts in the programme's currency through the workspace's rates table (quoted in the
 * workspace currency `base`), on the sale's UTC day; one conversion looked up per currency and day.
 */
export class SaleAmounts {
  private readonly cache = new Map<string, Conversion>();

  constructor(private readonly rates: readonly RateRecord[], private readonly base: string, private readonly target: string) {}

  /**
   * The amount in the target currency (rounded half-even to its minor unit), or the currencies
   * without a rate on that day: such a sale is skipped and reported, never guessed.
   *
   * @example new SaleAmounts([{ date: '2026-01-01', currency: 'USD', rate: '0.9' }], 'EUR', 'EUR').convert('50', 'USD', '2026-03-01T10:00:00.000Z') // → { amount: '45.00' }
   */
  convert(amount: string, currency: string, ts: string): { amount: string } | { missing: string[] } {
    const day = ts.slice(0, 10);
    const key = `${currency}\u0000${day}`;
    let conversion = this.cache.get(key);
    if (!conversion) this.cache.set(key, (conversion = conversionOn(this.rates, this.base, currency, this.target, day)));
    return conversion.ok ? { amount: convertAmount(amount, conversion) } : { missing: conversion.missing };
  }
}
