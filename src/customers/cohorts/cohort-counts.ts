/**
 * The cohort table from per-cohort counts instead of transactions: what a store that builds
 * cohorts in SQL returns, turned into the rows `cohortTable` gives.
 */
import { periodLabel, type CohortPeriod, type CohortPeriodCell, type CohortRow } from './cohorts.js';

/** Customers of one cohort who bought `offset` periods after their acquisition period. */
export interface CohortCount {
  /** Acquisition period index: Monday weeks ⌊(day + 3) / 7⌋ of the UTC day number, or months year × 12 + month − 1. */
  start: number;
  /** Acquisition channel or campaign; null when not grouped. */
  group: string | null;
  offset: number;
  active: number;
  revenue: number;
  /** Of the active customers, those who also bought in the period before. */
  kept: number;
  /** At offset 0 (where every member is active): members who bought on two or more days. */
  repeaters: number;
}

/**
 * Cohort rows from counts; periods run from each cohort's start to the last period with a sale,
 * empty ones included, as in `cohortTable` without an as-of day.
 *
 * @example cohortRowsFromCounts([{ start: 648, group: null, offset: 0, active: 4, revenue: 100, kept: 0, repeaters: 1 }], 'month')[0].cohort // "2024-01"
 */
export function cohortRowsFromCounts(counts: readonly CohortCount[], period: CohortPeriod): CohortRow[] {
  const lastPeriod = Math.max(...counts.map((c) => c.start + c.offset));
  const cohorts = new Map<string, { start: number; group: string | null; byOffset: Map<number, CohortCount> }>();
  for (const c of counts) {
    const key = `${c.start}\u0000${c.group ?? ''}`;
    let cohort = cohorts.get(key);
    if (!cohort) cohorts.set(key, (cohort = { start: c.start, group: c.group, byOffset: new Map() }));
    cohort.byOffset.set(c.offset, c);
  }
  const rows = [...cohorts.values()].sort((a, b) => a.start - b.start || (a.group ?? '').localeCompare(b.group ?? ''));
  return rows.map(({ start, group, byOffset }) => {
    const first = byOffset.get(0);
    const n = first?.active ?? 0;
    const periods: CohortPeriodCell[] = [];
    let cumulative = 0;
    let previousActive = 0;
    for (let offset = 0; start + offset <= lastPeriod; offset++) {
      const cell = byOffset.get(offset);
      const active = cell?.active ?? 0;
      const revenue = cell?.revenue ?? 0;
      cumulative += revenue;
      const churn = offset > 0 && previousActive > 0 ? (previousActive - (cell?.kept ?? 0)) / previousActive : null;
      periods.push({ offset, active_customers: active, retention: active / n, churn, revenue, cumulative_revenue_per_customer: cumulative / n });
      previousActive = active;
    }
    return { cohort: periodLabel(start, period), group, customers: n, repeat_purchase_rate: (first?.repeaters ?? 0) / n, periods };
  });
}
