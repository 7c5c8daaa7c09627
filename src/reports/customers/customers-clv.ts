/**
 * Customer lifetime value over the store's sales (`roilens clv fit|predict --db`, `GET /v1/customers/clv`
 * and its export `GET /v1/customers/clv/customers`). The models are fitted on the store's groups of
 * identical customers (`Store.clvSummaries`): one prediction per group, weighted by its size.
 *
 * The answer the dashboard draws is sized by the picture (issue 14): the fit, the total, the median,
 * P(alive) figures and histograms binned here. Per-customer rows come only from the paged export
 * (`clvCustomersPage`), which fetches the members of just the groups a page reaches.
 */
import {
  daysPerUnit,
  fractionHistogram,
  moneyHistogram,
  sortableNumber,
  weightedQuantile,
  type ClvFitDocument,
  type ClvFitOptions,
  type ClvPredictDocument,
  type ClvSummary,
  type FractionHistogram,
  type MoneyHistogram,
} from '../../customers/index.js';
import { minorDigits } from '../../money/currency.js';
import { AppError, invalid } from '../../shared/errors.js';
import { runHeavy } from '../heavy/run.js';
import { memoizedFit } from './clv-fit-memo.js';
import type { ClvSummaryGroup, Store } from '../../store/store.js';
import { checkDay, workspaceOf } from './customers-common.js';

export interface ClvRequest {
  model?: string;
  time_unit?: string;
  calibration_end?: string;
  horizon?: string | number;
  discount_rate?: string | number;
  /** Most valuable customers listed (default: all). */
  limit?: string | number;
}

/** One customer's prediction over the horizon. */
export type ClvCustomer = ClvPredictDocument['customers'][number];

export interface ClvReport {
  fit: ClvFitDocument;
  horizon_days: number;
  /** Sum of the predicted CLV over every customer. */
  total_clv: number;
  customers: ClvCustomer[];
}

/** The CLV answer sized by the picture: no per-customer rows. */
export interface ClvSummaryReport {
  fit: ClvFitDocument;
  horizon_days: number;
  /** The workspace currency of every amount. */
  currency: string;
  /** Customers predicted (every customer with a sale up to the calibration end). */
  customers: number;
  total_clv: number;
  /** The median predicted CLV of the customers (numpy's linear interpolation); null without customers. */
  median_clv: number | null;
  /** Mean P(alive) over the customers. */
  mean_p_alive: number | null;
  /** Share of the customers with P(alive) ≥ 0.5. */
  likely_alive: number | null;
  distribution: { clv: MoneyHistogram; p_alive: FractionHistogram };
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
  const jobOptions = { ...options, calibrationEnd };
  return memoizedFit('clvFitFromSummaries', [summaries, jobOptions], () => runHeavy('clvFitFromSummaries', summaries, jobOptions));
}

/** A predicted group of identical customers. */
interface PredictedGroup {
  key: string;
  customers: number;
  p_alive: number;
  expected_purchases: number;
  clv: number;
}

/** The fit and one prediction per group, most valuable first. */
async function predictedGroups(store: Store, workspaceId: string, req: ClvRequest) {
  const options = clvOptions(req);
  const horizon = req.horizon === undefined ? 90 : Number(req.horizon);
  if (!(Number.isFinite(horizon) && horizon >= 1 && horizon <= 3650)) throw invalid('horizon', 'must be a number of days from 1 to 3650');
  const discountRate = req.discount_rate === undefined ? 0.01 : Number(req.discount_rate);
  if (!(Number.isFinite(discountRate) && discountRate >= 0 && discountRate <= 10)) throw invalid('discount_rate', 'must be a number from 0 to 10');
  const { summaries, calibrationEnd, groups } = await summariesOf(store, workspaceId, options);
  const jobOptions = { ...options, calibrationEnd, horizonDays: horizon, discountRate };
  const { fit, predictions } = await memoizedFit('clvPredictFromSummaries', [summaries, jobOptions], () => runHeavy('clvPredictFromSummaries', summaries, jobOptions));
  const ranked: PredictedGroup[] = groups.map((g, i) => ({ key: g.key, customers: g.customers, ...predictions[i] })).sort((a, b) => b.clv - a.clv);
  return { fit, horizon, calibrationEnd, ranked };
}

/**
 * The fit, the total and the distribution of predicted CLV over the horizon, binned here:
 * money bins of 1, 2 or 5 × 10^k minor units with exact edges, P(alive) in tenths.
 */
export async function clvSummaryReport(store: Store, workspaceId: string, req: ClvRequest): Promise<ClvSummaryReport> {
  const [{ fit, horizon, ranked }, ws] = await Promise.all([predictedGroups(store, workspaceId, req), workspaceOf(store, workspaceId)]);
  const customers = ranked.reduce((s, g) => s + g.customers, 0);
  const clv = ranked.map((g) => ({ value: g.clv, weight: g.customers }));
  const alive = ranked.map((g) => ({ value: g.p_alive, weight: g.customers }));
  const share = (n: number) => (customers > 0 ? n / customers : null);
  return {
    fit,
    horizon_days: horizon,
    currency: ws.currency,
    customers,
    total_clv: ranked.reduce((s, g) => s + g.clv * g.customers, 0),
    median_clv: weightedQuantile(clv, 0.5),
    mean_p_alive: share(ranked.reduce((s, g) => s + g.p_alive * g.customers, 0)),
    likely_alive: share(ranked.filter((g) => g.p_alive >= 0.5).reduce((s, g) => s + g.customers, 0)),
    distribution: { clv: moneyHistogram(clv, minorDigits(ws.currency)), p_alive: fractionHistogram(alive) },
  };
}

/**
 * The fit, and per customer P(alive), expected purchases and CLV over the horizon, most valuable first
 * (ties by customer id), at most `limit` of them: the ids of only the groups that reach the top `limit`
 * are read (with every group tied with the last one, so ties still break by customer id).
 */
export async function clvReport(store: Store, workspaceId: string, req: ClvRequest): Promise<ClvReport> {
  const limit = req.limit === undefined ? undefined : Number(req.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) throw invalid('limit', 'must be a positive whole number');
  const { fit, horizon, calibrationEnd, ranked } = await predictedGroups(store, workspaceId, req);
  const wanted = limit ?? Infinity;
  const listed: PredictedGroup[] = [];
  let covered = 0;
  for (const g of ranked) {
    if (covered >= wanted && g.clv !== listed[listed.length - 1].clv) break;
    listed.push(g);
    covered += g.customers;
  }
  const customers = await membersOf(store, workspaceId, calibrationEnd, listed, listed.length === ranked.length ? undefined : Math.min(wanted, covered));
  return {
    fit,
    horizon_days: horizon,
    total_clv: ranked.reduce((s, g) => s + g.clv * g.customers, 0),
    customers: limit === undefined ? customers : customers.slice(0, limit),
  };
}

/** Most valuable first, then by customer id (code units, as the export's cursor compares them). */
const byValue = (a: ClvCustomer, b: ClvCustomer) => b.clv - a.clv || (a.customer_id < b.customer_id ? -1 : a.customer_id > b.customer_id ? 1 : 0);

/** The customers of `groups` with their group's prediction (`limit` ids per group; every member without it), most valuable first (ties by id). */
async function membersOf(store: Store, workspaceId: string, calibrationEnd: string, groups: readonly PredictedGroup[], limit?: number): Promise<ClvCustomer[]> {
  if (groups.length === 0) return [];
  const byKey = new Map(groups.map((g) => [g.key, g]));
  const members = await store.clvSummaryMembers(workspaceId, {
    calibrationEnd,
    keys: limit === undefined ? undefined : groups.map((g) => g.key),
    limit: limit ?? Math.max(...groups.map((g) => g.customers)),
  });
  return members
    .filter((m) => byKey.has(m.key))
    .map(({ key, customer_id }) => {
      const g = byKey.get(key)!;
      return { customer_id, p_alive: g.p_alive, expected_purchases: g.expected_purchases, clv: g.clv };
    })
    .sort((a, b) => b.clv - a.clv || a.customer_id.localeCompare(b.customer_id));
}

/** The sort key of the export's pages: the CLV as sortable text (descending), then the customer id. */
export const clvSortKey = (c: ClvCustomer): string => sortableNumber(c.clv);

/**
 * One page of the CLV export: the customers after the cursor's (CLV, id), `limit + 1` of them or fewer
 * at the end (the operation core trims and makes the next cursor). Only the members of the groups the
 * page reaches are read. With `ids`, only those customers (at most 100, any order of asking).
 */
export async function clvCustomersPage(
  store: Store,
  workspaceId: string,
  req: ClvRequest & { ids?: readonly string[] },
  page: { after: readonly string[] | null; limit: number },
): Promise<{ horizon_days: number; currency: string; customers: ClvCustomer[] }> {
  const [{ horizon, calibrationEnd, ranked }, ws] = await Promise.all([predictedGroups(store, workspaceId, req), workspaceOf(store, workspaceId)]);
  const base = { horizon_days: horizon, currency: ws.currency };
  if (req.ids) {
    // Whose group a customer is in is known only from the members: read them all, keep the ones asked for.
    const wanted = new Set(req.ids);
    return { ...base, customers: (await membersOf(store, workspaceId, calibrationEnd, ranked)).filter((c) => wanted.has(c.customer_id)) };
  }
  const [afterKey, afterId] = page.after ?? [];
  const after = (c: ClvCustomer) => afterKey === undefined || clvSortKey(c) < afterKey || (clvSortKey(c) === afterKey && c.customer_id > afterId);
  // Groups of the cursor's value and below, by level of equal value (members of one level interleave by id).
  const levels: PredictedGroup[][] = [];
  for (const g of ranked) {
    if (afterKey !== undefined && sortableNumber(g.clv) > afterKey) continue;
    const last = levels[levels.length - 1];
    if (last && last[0].clv === g.clv) last.push(g);
    else levels.push([g]);
  }
  const out: ClvCustomer[] = [];
  for (let i = 0; i < levels.length && out.length <= page.limit; ) {
    const batch: PredictedGroup[] = [];
    for (let reach = 0; i < levels.length && out.length + reach <= page.limit; i++) {
      batch.push(...levels[i]);
      reach += levels[i].reduce((s, g) => s + g.customers, 0);
    }
    out.push(...(await membersOf(store, workspaceId, calibrationEnd, batch, Math.max(...batch.map((g) => g.customers)))).filter(after).sort(byValue));
  }
  return { ...base, customers: out.slice(0, page.limit + 1) };
}
