/**
 * Customer aggregates of the embedded store, computed in Node from its sales (`customer-sales.ts`:
 * every sale in the workspace's local days and the buyers' acquisitions, read from the KPI
 * rollups' credits): these passes are linear in the sales. Each answers what the ClickHouse SQL of
 * `store/clickhouse/customer-aggregates.ts` answers, in the same order, so the reports finish the
 * same way on either engine.
 */
import type { CohortCount } from '../../../customers/cohorts/cohort-counts.js';
import { dayNumberCache, dayString, purchaseDays, type Transaction } from '../../../customers/purchases/transactions.js';
import type { AcquiredRevenue, Aggregates, ClvSummaries, ClvSummaryGroup } from '../../ports/aggregates.js';
import type { CustomerSales } from './customer-sales.js';

/** Where the aggregates read the sales from (the embedded store's analysis). */
interface Reads {
  customerSales(workspaceId: string): Promise<CustomerSales>;
}
type QueryOf<K extends keyof Aggregates> = Parameters<Aggregates[K]>[1];

/** `Aggregates.cohortCounts` from every sale (and the buyers' acquisitions when grouped). */
export async function cohortCountsFrom(store: Reads, workspaceId: string, query: QueryOf<'cohortCounts'>) {
  const { by } = query;
  const { transactions, acquisitions } = await store.customerSales(workspaceId);
  const groupOf = by ? new Map([...acquisitions].map(([id, a]) => [id, a[by]])) : undefined;
  return cohortCountsOf(transactions, query.period, groupOf);
}

/** `Aggregates.clvSummaries` from every sale. */
export async function clvSummariesFrom(store: Reads, workspaceId: string, query: QueryOf<'clvSummaries'>) {
  return clvSummariesOf((await store.customerSales(workspaceId)).transactions, query.calibrationEnd);
}

/** `Aggregates.clvSummaryMembers` from every sale. */
export async function clvSummaryMembersFrom(store: Reads, workspaceId: string, query: QueryOf<'clvSummaryMembers'>) {
  return clvSummaryMembersOf((await store.customerSales(workspaceId)).transactions, query);
}

/** `Aggregates.acquiredRevenue` from every sale and the buyers' acquisitions. */
export async function acquiredRevenueFrom(store: Reads, workspaceId: string, query: QueryOf<'acquiredRevenue'>) {
  const { transactions, acquisitions } = await store.customerSales(workspaceId);
  return acquiredRevenueOf(transactions, acquisitions, query);
}

/** Monday weeks ⌊(day + 3) / 7⌋, or months year × 12 + month − 1 (as `customers/cohorts.ts`). */
function periodIndex(day: number, period: 'week' | 'month'): number {
  if (period === 'week') return Math.floor((day + 3) / 7);
  const d = new Date(day * 86_400_000);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/**
 * Cohort counts: per (acquisition period, group, offset) the customers who bought, their revenue,
 * those who also bought the period before, and at offset 0 those who bought on two or more days.
 * `groupOf` gives a customer's acquisition channel or campaign (`(unknown)` without one). Revenue
 * is summed customer by customer in order of first sale, as `cohortTable` sums it.
 *
 * @example cohortCountsOf([{ customer_id: 'a', date: '2024-01-02', amount: 5 }], 'month')
 * // [{ start: 24288, group: null, offset: 0, active: 1, revenue: 5, kept: 0, repeaters: 0 }]
 */
export function cohortCountsOf(transactions: readonly Transaction[], period: 'week' | 'month', groupOf?: ReadonlyMap<string, string>): CohortCount[] {
  const toDay = dayNumberCache();
  const customers = new Map<string, { first: number; days: Set<number>; byPeriod: Map<number, number> }>();
  for (const t of transactions) {
    const day = toDay(t.date)!;
    let c = customers.get(t.customer_id);
    if (!c) customers.set(t.customer_id, (c = { first: day, days: new Set(), byPeriod: new Map() }));
    c.first = Math.min(c.first, day);
    c.days.add(day);
    const p = periodIndex(day, period);
    c.byPeriod.set(p, (c.byPeriod.get(p) ?? 0) + t.amount);
  }
  const counts = new Map<string, CohortCount>();
  const countOf = (start: number, group: string | null, offset: number) => {
    const key = `${start}\u0000${group ?? ''}\u0000${offset}`;
    let count = counts.get(key);
    if (!count) counts.set(key, (count = { start, group, offset, active: 0, revenue: 0, kept: 0, repeaters: 0 }));
    return count;
  };
  for (const [id, c] of customers) {
    const start = periodIndex(c.first, period);
    const group = groupOf ? (groupOf.get(id) ?? '(unknown)') : null;
    // Every member is active at offset 0; count it first so a cohort's cells exist in offset order.
    for (const p of [...c.byPeriod.keys()].sort((a, b) => a - b)) {
      const count = countOf(start, group, p - start);
      count.active++;
      count.revenue += c.byPeriod.get(p)!;
      if (c.byPeriod.has(p - 1)) count.kept++;
      if (p === start && c.days.size >= 2) count.repeaters++;
    }
  }
  return [...counts.values()].sort((a, b) => a.start - b.start || byCodeUnits(a.group ?? '', b.group ?? '') || a.offset - b.offset);
}

/** `purchaseDays` once per transactions array: the kept sales (`DuckDbAnalysis.customerSales`) serve the CLV summaries and their members alike. */
const purchaseDaysKept = new WeakMap<readonly Transaction[], ReturnType<typeof purchaseDays>>();
function purchaseDaysOf(transactions: readonly Transaction[]): ReturnType<typeof purchaseDays> {
  let days = purchaseDaysKept.get(transactions);
  if (!days) purchaseDaysKept.set(transactions, (days = purchaseDays(transactions)));
  return days;
}

/** Per customer who bought by the calibration day: the CLV statistics and the key of their group. */
function clvStatistics(transactions: readonly Transaction[], calibrationDay: number): { customer_id: string; group: ClvSummaryGroup }[] {
  const out: { customer_id: string; group: ClvSummaryGroup }[] = [];
  for (const [customer_id, { days, amounts }] of purchaseDaysOf(transactions)) {
    let n = 0;
    while (n < days.length && days[n] <= calibrationDay) n++;
    if (n === 0) continue;
    let repeat = 0;
    for (let i = 1; i < n; i++) repeat += amounts[i];
    const frequency = n - 1;
    const recency_days = days[n - 1] - days[0];
    const age_days = calibrationDay - days[0];
    // Keyed as ClickHouse keys its groups: repeat value in micro-units.
    const key = `${frequency}|${recency_days}|${age_days}|${Math.round(repeat * 1e6)}`;
    out.push({ customer_id, group: { key, frequency, recency_days, age_days, repeat_value: repeat, customers: 1 } });
  }
  return out;
}

/** The calibration end asked for, or the last sale's day; null when neither exists. */
function calibrationDayOf(transactions: readonly Transaction[], calibrationEnd: string | undefined): number | null {
  const toDay = dayNumberCache();
  if (calibrationEnd !== undefined) return toDay(calibrationEnd)!;
  let last: number | null = null;
  for (const t of transactions) last = Math.max(last ?? -Infinity, toDay(t.date)!);
  return last;
}

/**
 * Customers with identical CLV statistics (repeat purchase days, recency and age in days, repeat
 * value) counted together, groups in key order.
 *
 * @example clvSummariesOf([{ customer_id: 'a', date: '2024-01-02', amount: 5 }], '2024-01-05').groups[0].key // "0|0|3|0"
 */
export function clvSummariesOf(transactions: readonly Transaction[], calibrationEnd?: string): ClvSummaries {
  const day = calibrationDayOf(transactions, calibrationEnd);
  if (day === null) return { calibration_end: null, groups: [] };
  const groups = new Map<string, ClvSummaryGroup>();
  for (const { group } of clvStatistics(transactions, day)) {
    const seen = groups.get(group.key);
    if (seen) seen.customers++;
    else groups.set(group.key, group);
  }
  return { calibration_end: dayString(day), groups: [...groups.values()].sort((a, b) => byCodeUnits(a.key, b.key)) };
}

/** Up to `limit` customer ids (smallest first) of each named group (of every group without `keys`), by group key. */
export function clvSummaryMembersOf(transactions: readonly Transaction[], query: { calibrationEnd: string; keys?: string[]; limit: number }): { key: string; customer_id: string }[] {
  const wanted = query.keys === undefined ? undefined : new Set(query.keys);
  const members = clvStatistics(transactions, calibrationDayOf(transactions, query.calibrationEnd)!)
    .filter(({ group }) => !wanted || wanted.has(group.key))
    .map(({ customer_id, group }) => ({ key: group.key, customer_id }))
    .sort((a, b) => byCodeUnits(a.key, b.key) || byCodeUnits(a.customer_id, b.customer_id));
  const out: { key: string; customer_id: string }[] = [];
  let taken = 0;
  for (let i = 0; i < members.length; i++) {
    taken = i > 0 && members[i - 1].key === members[i].key ? taken + 1 : 1;
    if (taken <= query.limit) out.push(members[i]);
  }
  return out;
}

/**
 * Revenue of the customers acquired from `from` to `to` (their acquisition day, that of their first
 * sale), by acquisition channel and period of `periodDays` since: buyers per period (every acquired
 * customer in period 0) and their revenue summed sale by sale. Rows by channel, then period.
 *
 * @example acquiredRevenueOf(sales, new Map([['a', { channel: 'email', date: '2024-01-02' }]]), { from: '2024-01-01', to: '2024-01-31', periodDays: 30 })
 */
export function acquiredRevenueOf(
  transactions: readonly Transaction[],
  acquisitions: ReadonlyMap<string, { channel: string; date: string }>,
  query: { from: string; to: string; periodDays: number },
): AcquiredRevenue[] {
  const toDay = dayNumberCache();
  const acquired = new Map<string, { channel: string; day: number }>();
  for (const [customer, a] of acquisitions) if (a.date >= query.from && a.date <= query.to) acquired.set(customer, { channel: a.channel, day: toDay(a.date)! });
  const rows = new Map<string, AcquiredRevenue & { people: Set<string> }>();
  const rowOf = (channel: string, period: number) => {
    const key = `${channel}\u0000${period}`;
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { channel, period, buyers: 0, revenue: 0, people: new Set() }));
    return row;
  };
  // Every acquired customer counts as a buyer in period 0, the period of the first sale.
  for (const [customer, { channel }] of acquired) rowOf(channel, 0).people.add(customer);
  for (const t of transactions) {
    const a = acquired.get(t.customer_id);
    if (!a) continue;
    const row = rowOf(a.channel, Math.floor((toDay(t.date)! - a.day) / query.periodDays));
    row.people.add(t.customer_id);
    row.revenue += t.amount;
  }
  return [...rows.values()]
    .map(({ people, ...row }) => ({ ...row, buyers: people.size }))
    .sort((a, b) => byCodeUnits(a.channel, b.channel) || a.period - b.period);
}

/** Plain code-unit order (as the engines order strings byte by byte for ASCII ids). */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
