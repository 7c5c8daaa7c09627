/** Daily exchange rates of the demo world: a random walk around 2026 levels, IRR drifting down. */
import type { RateRecord } from '../../records/events.js';
import { dateOfDay, type DemoWindow } from '../world/calendar.js';
import { demoCurrencies, formatRate, type DemoCurrency } from '../world/money-format.js';
import { Rng } from '../world/prng.js';

/** Daily drift and noise (log scale) of each currency's value in EUR. */
const walks: Record<DemoCurrency, { drift: number; noise: number }> = {
  EUR: { drift: 0, noise: 0 },
  USD: { drift: 0, noise: 0.003 },
  IRR: { drift: -0.0008, noise: 0.005 },
  VND: { drift: -0.0001, noise: 0.002 },
};

export interface RateTable {
  records: RateRecord[];
  /** Base-currency units per 1 unit of `currency` on day `day` (1 for the base itself). */
  rate(currency: DemoCurrency, day: number): number;
}

/**
 * Rates of every demo currency other than the base, one row per currency and day.
 * The numeric rate used for conversions is the one written (parsed back), so
 * recomputing from the rows gives the same base amounts.
 */
export function buildRates(seed: number, window: DemoWindow, base: DemoCurrency): RateTable {
  const rng = new Rng(seed ^ 0x5a7e5);
  const codes = Object.keys(demoCurrencies) as DemoCurrency[];
  const eurValue: Record<string, number[]> = {};
  for (const code of codes) {
    const series: number[] = [];
    let log = Math.log(demoCurrencies[code].eur);
    for (let day = 0; day < window.days; day += 1) {
      series.push(Math.exp(log));
      log += walks[code].drift + walks[code].noise * rng.normal();
    }
    eurValue[code] = series;
  }
  const records: RateRecord[] = [];
  const parsed: Record<string, number[]> = {};
  for (const code of codes) {
    if (code === base) continue;
    parsed[code] = [];
    for (let day = 0; day < window.days; day += 1) {
      const text = formatRate(eurValue[code][day] / eurValue[base][day]);
      parsed[code].push(Number(text));
      records.push({ date: dateOfDay(window, day), currency: code, rate: text });
    }
  }
  return {
    records,
    rate: (currency, day) => (currency === base ? 1 : parsed[currency][day]),
  };
}
