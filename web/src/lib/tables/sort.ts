/** Sorting of table rows by one column. Pure. */

export type SortDirection = 'asc' | 'desc';

export interface SortState {
  key: string;
  direction: SortDirection;
}

/**
 * Returns a sorted copy of `rows` by `key`. Numbers compare numerically,
 * strings by `localeCompare`; null/undefined/NaN always sink to the bottom,
 * whatever the direction, so "no CPA" never tops a cheapest-first list.
 */
export function sortRows<T extends object>(rows: readonly T[], sort: SortState): T[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const value = (row: T): unknown => (row as Record<string, unknown>)[sort.key];
  const missing = (v: unknown): boolean =>
    v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
  return [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (missing(va) || missing(vb)) return missing(va) === missing(vb) ? 0 : missing(va) ? 1 : -1;
    if (typeof va === 'number' && typeof vb === 'number') return sign * (va - vb);
    return sign * String(va).localeCompare(String(vb));
  });
}

/**
 * The next sort state after clicking column `key`: a new column starts
 * descending for numbers (biggest first) and ascending for text; clicking
 * the same column again flips the direction.
 */
export function nextSort(current: SortState | null, key: string, numeric: boolean): SortState {
  if (current && current.key === key) {
    return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  }
  return { key, direction: numeric ? 'desc' : 'asc' };
}
