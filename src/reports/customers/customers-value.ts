/**
 * LTV:CAC with payback by acquisition channel (`GET /v1/customers/ltv-cac`), from the store's acquired
 * revenue (`Store.acquiredRevenue`). The CLV fit and prediction are in `customers-clv.ts`.
 */
import { ltvCac } from '../../customers/index.js';
import { invalid } from '../../shared/errors.js';
import type { AcquiredRevenue, Store } from '../../store/store.js';
import { workspaceOf } from './customers-common.js';
import { resolveRange } from '../common/date-range.js';

export interface LtvCacRequest {
  from?: string;
  to?: string;
  /** Length of one payback period in days (default 30). */
  period_days?: string | number;
}

export interface LtvCacChannel {
  channel: string;
  /** New customers whose first sale in the range is credited to the channel. */
  customers: number;
  spend: number;
  /** spend / customers; null when the channel acquired nobody. */
  cac: number | null;
  /** Margin-weighted revenue per acquired customer from acquisition to the last day with data. */
  ltv: number | null;
  ltv_cac: number | null;
  payback_periods: number | null;
  payback_days: number | null;
}

export interface LtvCacReport {
  from: string;
  to: string;
  period_days: number;
  channels: LtvCacChannel[];
}

/**
 * LTV:CAC and payback per acquisition channel. CAC = the channel's spend in the range / the new
 * customers it acquired in the range; LTV = their revenue × margin per customer since acquisition,
 * bucketed into periods of `period_days` for the payback.
 */
export async function ltvCacReport(store: Store, workspaceId: string, req: LtvCacRequest): Promise<LtvCacReport> {
  const periodDays = req.period_days === undefined ? 30 : Number(req.period_days);
  if (!(Number.isInteger(periodDays) && periodDays >= 1 && periodDays <= 365)) throw invalid('period_days', 'must be a whole number of days from 1 to 365');
  const { from, to } = await resolveRange(store, workspaceId, req.from, req.to);
  const ws = await workspaceOf(store, workspaceId);
  const [groups, facts] = await Promise.all([
    store.acquiredRevenue(workspaceId, { from, to, periodDays }).then(acquiredFromCounts),
    store.kpiFacts(workspaceId, { by: 'channel', from, to, lookbackDays: 30 }),
  ]);
  const spendOf = new Map(facts.rows.map((r) => [r.key, Number(r.measures.spend)]));
  const channels = [...new Set([...groups.keys(), ...[...spendOf].filter(([, s]) => s > 0).map(([c]) => c)])].sort();
  const margin = Number(ws.margin);
  const rows = channels.map((channel): LtvCacChannel => {
    const spend = spendOf.get(channel) ?? 0;
    const g = groups.get(channel);
    if (!g) return { channel, customers: 0, spend, cac: null, ltv: null, ltv_cac: null, payback_periods: null, payback_days: null };
    const [row] = ltvCac([{ group: channel, customers: g.customers, acquisition_cost: spend, revenue_by_period: g.revenue }], { margin });
    return {
      channel,
      customers: g.customers,
      spend,
      cac: row.cac,
      ltv: row.ltv,
      ltv_cac: row.ltv_cac,
      payback_periods: row.payback_periods,
      payback_days: row.payback_periods === null ? null : row.payback_periods * periodDays,
    };
  });
  return { from, to, period_days: periodDays, channels: rows };
}

type AcquiredGroups = Map<string, { customers: number; revenue: number[] }>;

/** Acquired customers and their revenue per period since acquisition, by channel, from the store's counts. */
function acquiredFromCounts(rows: readonly AcquiredRevenue[]): AcquiredGroups {
  const groups: AcquiredGroups = new Map();
  for (const row of rows) {
    const g = groups.get(row.channel) ?? { customers: 0, revenue: [] };
    groups.set(row.channel, g);
    if (row.period === 0) g.customers = row.buyers;
    while (g.revenue.length <= row.period) g.revenue.push(0);
    g.revenue[row.period] += row.revenue;
  }
  return groups;
}
