/**
 * The date range in the address: `?range=last30&compare=previous` for a
 * preset (it moves with today), `?from=…&to=…` for fixed dates. Pure.
 */
import { comparisonRange, isComparison, isIsoDate, isPreset, resolvePreset, type Calendar, type Comparison, type DateRange, type Preset } from './dates';

export interface RangeChoice {
  /** The preset the range came from, or null for custom dates. */
  preset: Preset | null;
  range: DateRange;
  comparison: Comparison;
  /** The period compared with, or null. */
  compareRange: DateRange | null;
}

export const DEFAULT_PRESET: Preset = 'last30';
export const RANGE_KEYS = ['range', 'from', 'to', 'compare'] as const;

/** Reads the range from a query; anything missing or invalid falls back to the last 30 days against the previous period. */
export function readRange(query: URLSearchParams, today: string, calendar: Calendar): RangeChoice {
  const comparison: Comparison = isComparison(query.get('compare')) ? (query.get('compare') as Comparison) : 'previous';
  const from = query.get('from') ?? '';
  const to = query.get('to') ?? '';
  const preset = query.get('range');
  let choice: { preset: Preset | null; range: DateRange };
  if (isIsoDate(from) && isIsoDate(to) && from <= to) choice = { preset: null, range: { from, to } };
  else {
    const name = isPreset(preset) ? preset : DEFAULT_PRESET;
    choice = { preset: name, range: resolvePreset(name, today, calendar) };
  }
  return { ...choice, comparison, compareRange: comparisonRange(choice.range, comparison) };
}

/** Writes a choice into a copy of `query`, leaving its other parameters alone. */
export function writeRange(query: URLSearchParams, choice: { preset: Preset | null; range: DateRange; comparison: Comparison }): URLSearchParams {
  const next = new URLSearchParams(query);
  for (const key of RANGE_KEYS) next.delete(key);
  if (choice.preset) next.set('range', choice.preset);
  else {
    next.set('from', choice.range.from);
    next.set('to', choice.range.to);
  }
  if (choice.comparison !== 'previous') next.set('compare', choice.comparison);
  return next;
}

/** Only the range parameters of a query (what navigation links carry from page to page). */
export function rangeOnly(query: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams();
  for (const key of RANGE_KEYS) {
    const value = query.get(key);
    if (value !== null) next.set(key, value);
  }
  return next;
}
