/**
 * Lifetime value over the store's sales: the CLV fit and prediction (`roilens clv fit|predict --db`,
 * `GET /v1/customers/clv`) and LTV:CAC with payback by acquisition channel (`GET /v1/customers/ltv-cac`).
 * The models are fitted on the store's groups of identical customers (`Store.clvSummaries`),
 * LTV:CAC reads the store's acquired revenue (`Store.acquiredRevenue`).
 */
import {
  daysPerUnit,
  ltvCac,
  type ClvFitDocument,
  type ClvFitOptions,
  type ClvPredictDocument,
  type ClvSummary,
} from '../../customers/index.js';
import { AppError, invalid } from '../../shared/errors.js';
import { runHeavy } from '../heavy/run.js';
import type { AcquiredRevenue, ClvSummaryGroup, Store } from '../../store/store.js';
import { checkDay, workspaceOf } from './customers-common.js';
import { resolveRange } from '../common/date-range.js';

export interface ClvRequest {
  model?: string;
  time_unit?: string;
  calibration_end?: string;
  horizon?: string | number;
  discount_rate?: string | number;
  /** Most valuable customers listed (default: all). */
  limit?: string | number;
}

export interface ClvReport {
  fit: ClvFitDocument;
  horizon_days: number;
  /** Sum of the predicted CLV over every customer. */
  total_clv: number;
  customers: ClvPredictDocument['customers'];
}

function clvOptions(req: ClvRequest): ClvFitOptions {
  const model = req.model ?? 'bgnbd';
  if (model !== 'bgnbd' && model !== 'pareto') throw invalid('model', 'must be bgnbd or pareto');
  const timeUnit = req.time_unit ?? 'week';
  if (timeUnit !== 'day' && timeUnit !== 'week') throw invalid('time_unit', 'must be day or week');
  return { model, timeUnit, calibrationEnd: req.calibration_end === undefined ? undefined : checkDay(req.calibration_end, 'calibration_end') };
}

/** The store's groups of identical customers as weighted model summaries (`customer_id` = the group key). */
async function summariesOf(store: Store, workspaceId: string, options: ClvFitOptions) {
  const { calibration_end, groups } = await store.clvSummaries(workspaceId, { calibrationEnd: options.calibrationEnd });
  if (calibration_end === null) throw new AppError('invalid_input', 'no sales in the store yet: CLV needs transactions');
  const unit = daysPerUnit[options.timeUnit];
  const summaries = groups.map((g: ClvSummaryGroup): ClvSummary => ({
    customer_id: g.key,
    frequency: g.frequency,
    recency: g.recency_days / unit,
    T: g.age_days / unit,
    monetary_value: g.frequency > 0 ? g.repeat_value / g.frequency : 0,
    weight: g.customers,
  }));
  return { calibrationEnd: calibration_end, groups, summaries };
}

/** The `clv fit` document over every sale in the store. */
export async function clvFitFromStore(store: Store, workspaceId: string, req: ClvRequest): Promise<ClvFitDocument> {
  const options = clvOptions(req);
  const { summaries, calibrationEnd } = await summariesOf(store, workspaceId, options);
  return runHeavy('clvFitFromSummaries', summaries, { ...options, calibrationEnd });
}

/** The fit, and per customer P(alive), expected purchases and CLV over the horizon, most valuable first. */
export async function clvReport(store: Store, workspaceId: string, req: ClvRequest): Promise<ClvReport> {
  const options = clvOptions(req);
  const horizon = req.horizon === undefined ? 90 : Number(req.horizon);
  if (!(Number.isFinite(horizon) && horizon >= 1 && horizon <= 3650)) throw invalid('horizon', 'must be a number of days from 1 to 3650');
  const discountRate = req.discount_rate === undefined ? 0.01 : Number(req.discount_rate);
  if (!(Number.isFinite(discountRate) && discountRate >= 0 && discountRate <= 10)) throw invalid('discount_rate', 'must be a number from 0 to 10');
  const limit = req.limit === undefined ? undefined : Number(req.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) throw invalid('limit', 'must be a positive whole number');
  return clvReportFromSummaries(store, workspaceId, options, horizon, discountRate, limit);
}

/**
 * The CLV report from groups of identical customers: one prediction per group, the total
 * weighted by group size, and the ids of only the groups that reach the top `limit`
 * (with every group tied with the last one, so ties still break by customer id).
 */
async function clvReportFromSummaries(store: Store, workspaceId: string, options: ClvFitOptions, horizon: number, discountRate: number, limit: number | undefined): Promise<ClvReport> {
  const { summaries, calibrationEnd, groups } = await summariesOf(store, workspaceId, options);
  const { fit, predictions } = await runHeavy('clvPredictFromSummaries', summaries, { ...options, calibrationEnd, horizonDays: horizon, discountRate });
  const ranked = groups.map((g, i) => ({ key: g.key, customers: g.customers, ...predictions[i] })).sort((a, b) => b.clv - a.clv);
  const wanted = limit ?? Infinity;
  const listed: typeof ranked = [];
  let covered = 0;
  for (const g of ranked) {
    if (covered >= wanted && g.clv !== listed[listed.length - 1].clv) break;
    listed.push(g);
    covered += g.customers;
  }
  const byKey = new Map(listed.map((g) => [g.key, g]));
  const members = listed.length
    ? await store.clvSummaryMembers(workspaceId, {
        calibrationEnd,
        keys: listed.length === ranked.length ? undefined : listed.map((g) => g.key),
        limit: Math.min(wanted, covered),
      })
    : [];
  const customers = members
    .map(({ key, customer_id }) => {
      const g = byKey.get(key)!;
      return { customer_id, p_alive: g.p_alive, expected_purchases: g.expected_purchases, clv: g.clv };
    })
    .sort((a, b) => b.clv - a.clv || a.customer_id.localeCompare(b.customer_id));
  return {
    fit,
    horizon_days: horizon,
    total_clv: ranked.reduce((s, g) => s + g.clv * g.customers, 0),
    customers: limit === undefined ? customers : customers.slice(0, limit),
  };
}

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
