/**
 * Acquisition cohorts: retention, cumulative revenue per customer, repeat purchase rate and
 * churn, by acquisition week (Monday-based) or month, optionally split by a per-customer key
 * such as the acquisition channel or campaign.
 */
import { AppError } from '../../shared/errors.js';
import { dayNumber, dayNumberCache, dayString, type Transaction } from '../purchases/transactions.js';

export type CohortPeriod = 'week' | 'month';

export interface CohortOptions {
  period: CohortPeriod;
  /** Last day of data (inclusive); later transactions are ignored. Default: the last transaction day. */
  asOf?: string;
  /** Per-customer group key (e.g. acquisition channel); customers without one go to "(unknown)". */
  groupOf?: Readonly<Record<string, string>>;
}

export interface CohortPeriodCell {
  /** Periods since acquisition (0 = the acquisition period). */
  offset: number;
  active_customers: number;
  /** Share of the cohort that bought in this period. */
  retention: number;
  /** Share of the customers active in the previous period who did not buy in this one (null at offset 0). */
  churn: number | null;
  revenue: number;
  cumulative_revenue_per_customer: number;
}

export interface CohortRow {
  /** Acquisition period: Monday YYYY-MM-DD for weeks, YYYY-MM for months. */
  cohort: string;
  group: string | null;
  customers: number;
  /** Share of the cohort with purchases on at least two distinct days. */
  repeat_purchase_rate: number;
  periods: CohortPeriodCell[];
}

function periodIndex(day: number, period: CohortPeriod): number {
  if (period === 'week') return Math.floor((day + 3) / 7); // day 0 (1970-01-01) is a Thursday; weeks start on Monday
  const d = new Date(day * 86_400_000);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** The label of a period index: Monday YYYY-MM-DD for weeks, YYYY-MM for months. */
export function periodLabel(index: number, period: CohortPeriod): string {
  if (period === 'week') return dayString(index * 7 - 3);
  const y = Math.floor(index / 12);
  return `${y}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * Builds the cohort table: customers grouped by the period of their first purchase (and by
 * `groupOf` when given); for each period since acquisition up to the as-of period, how many were
 * active, retention, churn, revenue and cumulative revenue per cohort customer.
 *
 * @example cohortTable(transactions, { period: 'month', groupOf: acquisitionChannelByCustomer })
 */
export function cohortTable(transactions: readonly Transaction[], options: CohortOptions): CohortRow[] {
  const { period } = options;
  if (period !== 'week' && period !== 'month') throw new AppError('invalid_input', `cohort period: expected week or month, got "${period}"`);
  let asOf = -Infinity;
  if (options.asOf !== undefined) {
    const d = dayNumber(options.asOf);
    if (d === undefined) throw new AppError('invalid_input', `as-of: expected a date YYYY-MM-DD, got "${options.asOf}"`);
    asOf = d;
  } else {
    const toDay = dayNumberCache();
    for (const t of transactions) asOf = Math.max(asOf, toDay(t.date) ?? -Infinity);
  }
  const lastPeriod = periodIndex(asOf, period);
  const customers = new Map<string, { first: number; days: Set<number>; byPeriod: Map<number, number> }>();
  const toDay = dayNumberCache();
  for (const t of transactions) {
    const day = toDay(t.date);
    if (day === undefined) throw new AppError('invalid_input', `transaction of ${t.customer_id}: bad date "${t.date}"`);
    if (day > asOf) continue;
    let c = customers.get(t.customer_id);
    if (!c) customers.set(t.customer_id, (c = { first: day, days: new Set(), byPeriod: new Map() }));
    c.first = Math.min(c.first, day);
    c.days.add(day);
    const p = periodIndex(day, period);
    c.byPeriod.set(p, (c.byPeriod.get(p) ?? 0) + t.amount);
  }
  const cohorts = new Map<string, { start: number; group: string | null; members: { byPeriod: Map<number, number>; repeat: boolean }[] }>();
  for (const [id, c] of customers) {
    const start = periodIndex(c.first, period);
    const group = options.groupOf ? (options.groupOf[id] ?? '(unknown)') : null;
    const key = `${start}\u0000${group ?? ''}`;
    let cohort = cohorts.get(key);
    if (!cohort) cohorts.set(key, (cohort = { start, group, members: [] }));
    cohort.members.push({ byPeriod: c.byPeriod, repeat: c.days.size >= 2 });
  }
  const rows = [...cohorts.values()].sort((a, b) => a.start - b.start || (a.group ?? '').localeCompare(b.group ?? ''));
  return rows.map(({ start, group, members }) => {
    const n = members.length;
    const periods: CohortPeriodCell[] = [];
    let cumulative = 0;
    let previousActive: boolean[] = [];
    for (let offset = 0; start + offset <= lastPeriod; offset++) {
      const p = start + offset;
      const active = members.map((m) => m.byPeriod.has(p));
      const revenue = members.reduce((s, m) => s + (m.byPeriod.get(p) ?? 0), 0);
      cumulative += revenue;
      const activeCount = active.filter(Boolean).length;
      let churn: number | null = null;
      if (offset > 0) {
        const wasActive = previousActive.filter(Boolean).length;
        const lost = previousActive.filter((was, i) => was && !active[i]).length;
        churn = wasActive > 0 ? lost / wasActive : null;
      }
      periods.push({ offset, active_customers: activeCount, retention: activeCount / n, churn, revenue, cumulative_revenue_per_customer: cumulative / n });
      previousActive = active;
    }
    return {
      cohort: periodLabel(start, period),
      group,
      customers: n,
      repeat_purchase_rate: members.filter((m) => m.repeat).length / n,
      periods,
    };
  });
}
