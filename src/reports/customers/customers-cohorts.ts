/**
 * Cohorts over the store's sales, shared by `roilens cohorts` and `GET /v1/customers/cohorts`:
 * normalize → fetch (the store's cohort counts) → compute (cohort table) → format.
 */
import { cohortRowsFromCounts, type CohortPeriod, type CohortRow } from '../../customers/index.js';
import { invalid } from '../../shared/errors.js';
import type { Store } from '../../store/store.js';

export interface CohortsRequest {
  period?: string;
  /** `channel` or `campaign`: one row per acquisition channel (campaign), all acquisition periods pooled. */
  by?: string;
}

export interface CohortOut {
  /** Acquisition period (Monday YYYY-MM-DD or YYYY-MM), or the channel / campaign when grouped. */
  cohort: string;
  size: number;
  /** Share of the cohort buying in period 0, 1, 2, … after acquisition. */
  retention: number[];
  /** Cumulative revenue per cohort customer by the end of period 0, 1, 2, …. */
  revenue_per_customer: number[];
  repeat_purchase_rate: number;
}

export interface CohortsReport {
  period: CohortPeriod;
  by: 'channel' | 'campaign' | null;
  cohorts: CohortOut[];
}

export async function cohortsReport(store: Store, workspaceId: string, req: CohortsRequest): Promise<CohortsReport> {
  const period = req.period ?? 'month';
  if (period !== 'month' && period !== 'week') throw invalid('period', 'must be month or week');
  const by = req.by === undefined || req.by === '' ? null : req.by;
  if (by !== null && by !== 'channel' && by !== 'campaign') throw invalid('by', 'must be channel or campaign');
  const rows = cohortRowsFromCounts(await store.cohortCounts(workspaceId, { period, by }), period);
  return { period, by, cohorts: by ? poolByGroup(rows) : rows.map(formatRow) };
}

function formatRow(row: CohortRow): CohortOut {
  return {
    cohort: row.cohort,
    size: row.customers,
    retention: row.periods.map((p) => p.retention),
    revenue_per_customer: row.periods.map((p) => p.cumulative_revenue_per_customer),
    repeat_purchase_rate: row.repeat_purchase_rate,
  };
}

/**
 * Pools the acquisition-period rows of each group: at offset k, retention and cumulative revenue
 * per customer are weighted by cohort size over the cohorts old enough to have an offset k.
 */
export function poolByGroup(rows: readonly CohortRow[]): CohortOut[] {
  const groups = new Map<string, CohortRow[]>();
  for (const row of rows) {
    const key = row.group ?? '(unknown)';
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.entries()]
    .map(([group, members]) => {
      const size = members.reduce((s, r) => s + r.customers, 0);
      const longest = Math.max(...members.map((r) => r.periods.length));
      const retention: number[] = [];
      const revenue: number[] = [];
      for (let k = 0; k < longest; k++) {
        const old = members.filter((r) => r.periods.length > k);
        const n = old.reduce((s, r) => s + r.customers, 0);
        retention.push(old.reduce((s, r) => s + r.periods[k].active_customers, 0) / n);
        revenue.push(old.reduce((s, r) => s + r.periods[k].cumulative_revenue_per_customer * r.customers, 0) / n);
      }
      const repeaters = members.reduce((s, r) => s + r.repeat_purchase_rate * r.customers, 0);
      return { cohort: group, size, retention, revenue_per_customer: revenue, repeat_purchase_rate: repeaters / size };
    })
    .sort((a, b) => b.size - a.size || a.cohort.localeCompare(b.cohort));
}
