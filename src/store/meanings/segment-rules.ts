import { addDays } from '../../metrics/time-zone.js';
import { AppError } from '../../shared/errors.js';
import { builtinTraits, type SegmentCondition, type SegmentRules } from '../customers.js';

/**
 * Segment rules, walked once for every engine: the walker checks the rules and works out what
 * each condition means (which trait, which local days); a small printer per engine writes the
 * SQL of each (PostHog's HogQL printers, one per database). Printers receive user values as they
 * are and must carry them as bound parameters (DuckDB) or through the one escaping function
 * (`chValue`, ClickHouse 18.16 has no query parameters); SQL text comes only from their own fixed
 * fragments.
 */

/** The local days [since, end) of the workspace's calendar a condition looks at (YYYY-MM-DD; `since` absent: from the start). */
export interface DayWindow {
  since?: string;
  end: string;
}

/** What an engine prints for each meaning; each returns a boolean SQL expression over one person. */
export interface SegmentPrinter {
  /** A trait read from the person's latest event carrying it (country, city, device, language) is one of `values`. */
  builtinTrait(trait: (typeof builtinTraits)[number], values: string[]): string;
  /** A trait of the person's latest `identify` call carrying it (`name` is a plain name) is one of `values`. */
  identifyTrait(name: string, values: string[]): string;
  /** At least `minCount` events named `name` (or of type `name` when unnamed) in the days of `window`. */
  eventCount(name: string, minCount: number, window: Required<DayWindow>): string;
  /** At least one page view landing on `path` in the days of `window`. */
  pageViewed(path: string, window: DayWindow): string;
  /** At least `minCount` sales. */
  ordersAtLeast(minCount: number): string;
  /** Revenue (base currency) over `amount`. */
  spentMoreThan(amount: number): string;
  /** The channel the person's first sale is credited to is one of `values`. */
  acquisitionChannel(values: string[]): string;
  /** The engine's literal for true (rules without conditions match everyone). */
  readonly always: string;
}

const plainName = /^[A-Za-z0-9_]{1,64}$/;
const isBuiltin = (trait: string): trait is (typeof builtinTraits)[number] => (builtinTraits as readonly string[]).includes(trait);

/**
 * Checks `rules` and prints them with `printer`: each condition in parentheses, joined by AND
 * (`all`) or OR (`any`). "Last D days" are the D local days ending on `asOf` (inclusive): from
 * local midnight D − 1 days before it to the one after it.
 *
 * @example walkSegment({ match: 'any', conditions: [{ kind: 'orders', min_count: 2 }] }, '2026-01-31', printer) // "((p.orders >= $sg0))" on DuckDB
 */
export function walkSegment(rules: SegmentRules, asOf: string, printer: SegmentPrinter): string {
  if (!Number.isFinite(Date.parse(`${asOf}T00:00:00.000Z`))) throw new AppError('invalid_input', `segment as-of date "${asOf}" is not a date`);
  const end = addDays(asOf, 1);
  const since = (days: number) => addDays(asOf, 1 - Math.trunc(days));
  const condition = (c: SegmentCondition): string => {
    switch (c.kind) {
      case 'trait':
        if (isBuiltin(c.trait)) return printer.builtinTrait(c.trait, c.values);
        if (!plainName.test(c.trait)) throw new AppError('invalid_input', `segment trait name "${c.trait}" is not a plain name`);
        return printer.identifyTrait(c.trait, c.values);
      case 'event':
        return printer.eventCount(c.name, c.min_count, { since: since(c.days), end });
      case 'page':
        return printer.pageViewed(c.path, c.days !== undefined ? { since: since(c.days), end } : { end });
      case 'orders':
        return printer.ordersAtLeast(c.min_count);
      case 'spent':
        return printer.spentMoreThan(c.more_than);
      case 'acquisition_channel':
        return printer.acquisitionChannel(c.values);
    }
  };
  if (rules.conditions.length === 0) return printer.always;
  return `(${rules.conditions.map((c) => `(${condition(c)})`).join(rules.match === 'any' ? ' OR ' : ' AND ')})`;
}
