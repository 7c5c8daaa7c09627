/** Checks on an MMM dataset: shape, values and the spacing of its dates. */
import { AppError, invalid } from '../../shared/errors.js';
import { dayNumber, dateOfDay } from './design.js';
import type { Frequency, MmmDataset } from '../model/types.js';

/**
 * Validates a dataset and returns its period frequency and day numbers. Dates
 * must be ascending and evenly spaced by 1 day (daily) or 7 days (weekly);
 * a gap is reported with the missing date rather than silently filled.
 */
export function checkDataset(data: MmmDataset): { frequency: Frequency; days: number[] } {
  const n = data.dates.length;
  if (n < 2) throw invalid('data', 'needs at least two periods');
  if (data.outcome.length !== n) throw invalid('data.outcome', `expected ${n} values, got ${data.outcome.length}`);
  if (data.spend.length !== data.channels.length) throw invalid('data.spend', 'one spend series per channel is required');
  if (data.channels.length === 0) throw invalid('data.channels', 'at least one spend channel is required');
  data.spend.forEach((series, c) => {
    if (series.length !== n) throw invalid(`data.spend.${data.channels[c]}`, `expected ${n} values, got ${series.length}`);
    series.forEach((v, t) => {
      if (!Number.isFinite(v) || v < 0) throw invalid(`data.spend.${data.channels[c]}.${t}`, `spend must be a non-negative number, got ${v}`);
    });
  });
  data.outcome.forEach((v, t) => {
    if (!Number.isFinite(v)) throw invalid(`data.outcome.${t}`, `outcome must be a number, got ${v}`);
  });
  const days = data.dates.map((d, t) => {
    const day = dayNumber(d);
    if (day === undefined) throw invalid(`data.dates.${t}`, `not a YYYY-MM-DD date: "${d}"`);
    return day;
  });
  const step = days[1] - days[0];
  if (step !== 1 && step !== 7) {
    throw invalid('data.dates.1', `periods must be 1 day (daily) or 7 days (weekly) apart; ${data.dates[0]} → ${data.dates[1]} is ${step} days`);
  }
  for (let t = 1; t < n; t++) {
    const gap = days[t] - days[t - 1];
    if (gap !== step) {
      const why = gap <= 0 ? `date ${data.dates[t]} is not after ${data.dates[t - 1]}` : `missing period ${dateOfDay(days[t - 1] + step)} before ${data.dates[t]}`;
      throw new AppError('invalid_input', `data.dates.${t}: ${why}`, [{ path: `data.dates.${t}`, message: why }]);
    }
  }
  return { frequency: step === 1 ? 'daily' : 'weekly', days };
}
