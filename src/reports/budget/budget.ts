/**
 * Store-backed budget reports, shared by `roilens budget … --db` and
 * `/v1/budget/*`: normalize → fetch (channel-day series, calendar) → compute
 * (fit the marketing-mix model, plan, or simple rules) → format.
 */
import {
  budgetMessage,
  currentRunRate,
  funnelAssumptionIssues,
  funnelForward,
  funnelGoalSeek,
  type BoundSpec,
  type BudgetMessage,
  type FunnelGoal,
  type FunnelResult,
  type Holiday,
  type LiftMeasurement,
  type MmmFit,
} from '../../budget/index.js';
import { AppError, invalid } from '../../shared/errors.js';
import { runHeavy } from '../heavy/run.js';
import type { Store } from '../../store/store.js';
import { channelSeries, type ChannelSeries, type OutcomeKind } from './budget-dataset.js';
import { funnelBasis, funnelKeys, paidTotals, plainAssumptions, withOverrides, type FunnelKey, type FunnelPath, type PrefilledAssumption } from './budget-funnel.js';
import { simplePlan } from './budget-simple.js';
import type { BudgetFitReport, BudgetPlanReport } from './budget-types.js';
import { resolveRange } from '../common/date-range.js';
import { holidaysBetween, type WorkspaceCalendar } from '../workspace/holidays.js';
import { workspaceCalendar } from '../workspace/workspace-display.js';

export type { BudgetFitReport, BudgetPlanReport } from './budget-types.js';

export interface BudgetRangeRequest {
  /** First and last day of the history (default: all data). */
  from?: string;
  to?: string;
  /** `new_customers` (default: first purchases), `conversions` (all sales) or `revenue`. */
  outcome?: string;
  /** Dated events added to the calendar's holidays. */
  holidays?: Holiday[];
  /** Lift measurements (experiments, geo holdouts) pulling the fit toward them. */
  calibration?: LiftMeasurement[];
}

export interface BudgetPlanRequest extends BudgetRangeRequest {
  /** Budget over the horizon; default the current weekly run-rate × weeks. */
  total?: number | string;
  weeks?: number | string;
  bounds?: Record<string, BoundSpec>;
  /** `auto` (default): the model unless the history is short or the fit is unreliable; `model` or `simple` force one. */
  mode?: string;
  spend_all?: boolean;
  flighting?: boolean;
}

/** A place to keep fits between requests (fits take seconds); keys name range, outcome and data version. */
export interface FitMemo {
  get(key: string): MmmFit | undefined;
  set(key: string, fit: MmmFit): void;
}

/**
 * What the model explains when the request names nothing: first purchases.
 * Paid media acquires customers; repeat sales follow the customer base, which
 * grows with months of spend and would be credited to the channels.
 */
export const defaultOutcome: OutcomeKind = 'new_customers';

/** Below 8 weeks of daily history the plan uses simple rules. */
export const minModelDays = 56;
/**
 * A fit that forecasts its holdout worse than the training history's mean
 * (forecast skill < 0) is not used for a plan in auto mode. The holdout R²
 * is not the gate: its benchmark is the holdout's own mean, known only
 * afterwards, and on daily counts of a few sales a day Poisson noise alone
 * puts it below 0 (the demo world's true curves score −0.10 on seed 2 and
 * −0.18 on seed 5 at 180 days and 30,000 visitors).
 */
export const minForecastSkill = 0;
/** Last-click lookback of the channel-day credit, in days. */
const lookbackDays = 30;

interface Normalized {
  from: string;
  to: string;
  outcome: OutcomeKind;
  holidays: Holiday[];
  calibration: LiftMeasurement[];
}

interface Fetched {
  series: ChannelSeries;
  holidays: Holiday[];
  calendar: WorkspaceCalendar;
  notes: BudgetMessage[];
  /** Data version for the memo: stored events and spend of the range. */
  version: string;
}

async function normalize(store: Store, workspaceId: string, req: BudgetRangeRequest): Promise<Normalized> {
  const outcome = req.outcome ?? defaultOutcome;
  if (outcome !== 'conversions' && outcome !== 'revenue' && outcome !== 'new_customers') throw invalid('outcome', `must be conversions or revenue (or new_customers), got "${outcome}"`);
  let { from, to } = req;
  if (!from || !to) {
    const range = await store.dataRange(workspaceId);
    if (!range.from || !range.to) throw invalid('from', 'the workspace has no data yet: import spend and events first');
    from ||= range.from;
    to ||= range.to;
  }
  const resolved = await resolveRange(store, workspaceId, from, to);
  return { ...resolved, outcome, holidays: req.holidays ?? [], calibration: req.calibration ?? [] };
}

async function fetchSeries(store: Store, workspaceId: string, q: Normalized): Promise<Fetched> {
  const ws = await store.getWorkspace(workspaceId);
  if (!ws) throw new AppError('not_found', `workspace ${workspaceId} does not exist`);
  const [rows, events, calendar, firsts] = await Promise.all([
    store.channelDaily(workspaceId, { from: q.from, to: q.to, lookbackDays }),
    store.countEvents(workspaceId),
    workspaceCalendar(store, ws),
    q.outcome === 'new_customers' ? newCustomersByDay(store, workspaceId, q.to) : undefined,
  ]);
  const series = channelSeries(rows, q, firsts);
  const { holidays, notes } = holidaysBetween(q.from, q.to, { ...calendar, extra: [...calendar.extra, ...q.holidays] });
  return { series, holidays, calendar, notes: notes.map((note) => budgetMessage('budget.msg.note_tet_unknown', { year: note.year })), version: `${events}:${series.spendTotal}` };
}

/** First purchases per day, counted by the store's aggregates. */
function newCustomersByDay(store: Store, workspaceId: string, to: string): Promise<Map<string, number>> {
  return store.firstPurchasesByDay(workspaceId, { to });
}

async function fitSeries(q: Normalized, data: Fetched, memo?: FitMemo): Promise<MmmFit> {
  if (data.series.dataset.channels.length === 0) throw invalid('from', `no spend between ${q.from} and ${q.to}: import cost data first`);
  const key = JSON.stringify([q.from, q.to, q.outcome, data.version, data.holidays, q.calibration]);
  const cached = memo?.get(key);
  if (cached) return cached;
  const fit = await runHeavy('fitMmm', data.series.dataset, { holidays: data.holidays, calibration: q.calibration });
  memo?.set(key, fit);
  return fit;
}

/**
 * Fits the marketing-mix model on the store's daily spend and outcome
 * (`GET /v1/budget/fit`, `roilens budget fit --db`): per channel θ, K, S, β,
 * contribution, ROI with its interval and marginal ROI; fit quality on a time holdout.
 */
export async function budgetFit(store: Store, workspaceId: string, req: BudgetRangeRequest, memo?: FitMemo): Promise<BudgetFitReport> {
  const q = await normalize(store, workspaceId, req);
  const data = await fetchSeries(store, workspaceId, q);
  const fit = await fitSeries(q, data, memo);
  const unusable = unreliableFit(fit, data.series.dataset.outcome);
  const warnings = [...data.notes, ...fit.notes];
  return {
    from: q.from,
    to: q.to,
    outcome: q.outcome,
    frequency: fit.frequency,
    periods: data.series.dataset.dates.length,
    spend_total: data.series.spendTotal,
    channels: fit.channelReports,
    fit: fit.fit,
    ci_level: fit.ciLevel,
    baseline: Object.fromEntries(fit.baseline.columnNames.map((name, j) => [name, fit.baselineCoef[j]])),
    calendar: { calendar: data.calendar.calendar, holiday_sets: data.calendar.holiday_sets, holidays: data.holidays },
    usable: unusable === null,
    unusable_reason: unusable,
    warnings: warnings.map((m) => m.text),
    warning_messages: warnings,
  };
}

/**
 * Plans the next `weeks` weeks (`GET|POST /v1/budget/plan`, `roilens budget
 * optimize --db`): the model's optimised allocation with an interval and moves,
 * or, when the history is under 8 weeks or the fit is unreliable, simple
 * marginal-CPA rules with their reasoning. `current` is the current split at
 * the same total, so "same money, better split" reads row by row.
 */
export async function budgetPlan(store: Store, workspaceId: string, req: BudgetPlanRequest, memo?: FitMemo): Promise<BudgetPlanReport> {
  const q = await normalize(store, workspaceId, req);
  const weeks = numberField(req.weeks, 'weeks', { min: 1, max: 104, integer: true }) ?? 4;
  const total = numberField(req.total, 'total', { min: 0 });
  const mode = req.mode ?? 'auto';
  if (mode !== 'auto' && mode !== 'model' && mode !== 'simple') throw invalid('mode', `must be auto, model or simple, got "${mode}"`);
  const data = await fetchSeries(store, workspaceId, q);
  if (data.series.dataset.channels.length === 0) throw invalid('from', `no spend between ${q.from} and ${q.to}: import cost data first`);
  const simple = (reason: BudgetMessage, notes: BudgetMessage[] = []): BudgetPlanReport => {
    const plan = simplePlan({ series: data.series, weeks, total, outcome: q.outcome, reason, bounds: req.bounds });
    const all = [...data.notes, ...notes, ...plan.warning_messages];
    return { from: q.from, to: q.to, ...plan, warnings: all.map((m) => m.text), warning_messages: all };
  };

  const days = data.series.dataset.dates.length;
  if (mode === 'simple') return simple(budgetMessage('budget.msg.reason_asked'));
  if (mode === 'auto' && days < minModelDays) return simple(budgetMessage('budget.msg.reason_short_history', { days, min_days: minModelDays }));
  let fit: MmmFit;
  try {
    fit = await fitSeries(q, data, memo);
  } catch (err) {
    if (mode === 'auto' && err instanceof AppError && err.code === 'invalid_input' && err.issues[0]?.path === 'data') return simple(budgetMessage('budget.msg.reason_cannot_fit', { detail: err.issues[0].message }));
    throw err;
  }
  if (mode === 'auto') {
    const unreliable = unreliableFit(fit, data.series.dataset.outcome);
    if (unreliable) return simple(unreliable, fit.notes);
  }

  const plannedTotal = total ?? round2(currentRunRate(fit, weeks).reduce((a, b) => a + b, 0));
  const bounds = req.bounds ?? defaultBounds(fit, weeks, plannedTotal);
  const plan = await runHeavy('planBudget', fit, { total: plannedTotal, weeks, bounds, spendAll: req.spend_all, flighting: req.flighting, outcomeKind: q.outcome });
  const notes = [...data.notes, ...plan.notes, ...(req.bounds ? [] : [budgetMessage('budget.msg.warn_default_bounds')])];
  return {
    mode: 'model',
    reason: null,
    reason_message: null,
    from: q.from,
    to: q.to,
    outcome: q.outcome,
    total: plannedTotal,
    weeks,
    allocation: plan.allocation.map((a) => ({ channel: a.channel, current: a.current_split_spend, spend: a.spend, current_spend: a.current_spend, change_pct: a.change_pct, weekly: a.weekly })),
    expected_outcome: plan.expected_outcome,
    interval: plan.interval,
    current_outcome: plan.current.expected_outcome,
    current_interval: plan.current.interval,
    moves: plan.moves.map((m) => m.text),
    move_messages: plan.moves.map((m) => m.message),
    move_details: plan.moves,
    weekly: plan.weekly,
    warnings: notes.map((m) => m.text),
    warning_messages: notes,
  };
}

/**
 * Default guard rails, as in Robyn's allocator: each channel between 0.5× and
 * 2× its current share of the planned total. Always feasible (the shares sum
 * to the total).
 */
function defaultBounds(fit: MmmFit, weeks: number, total: number): Record<string, BoundSpec> {
  const current = currentRunRate(fit, weeks);
  const sum = current.reduce((a, b) => a + b, 0);
  return Object.fromEntries(
    fit.channels.map((channel, c) => {
      const share = sum > 0 ? (current[c] / sum) * total : total / fit.channels.length;
      return [channel, { min: round2(share * 0.5), max: round2(share * 2) }];
    }),
  );
}

/** Why a fit should not drive a plan in auto mode (nor draw response curves), or null when it may. */
export function unreliableFit(fit: MmmFit, outcome: readonly number[]): BudgetMessage | null {
  if (!fit.channelReports.some((c) => c.identifiable)) return budgetMessage('budget.msg.reason_not_identified');
  const { skill, r2, periods } = fit.fit.holdout;
  if (!(skill >= minForecastSkill)) return budgetMessage('budget.msg.reason_holdout', { periods, skill: round2(skill), r2: round2(r2) });
  const observed = outcome.reduce((a, b) => a + b, 0);
  const media = fit.channelReports.reduce((a, c) => a + c.contribution, 0);
  if (media > observed) return budgetMessage('budget.msg.reason_negative_baseline', { media: Math.round(media), observed: Math.round(observed) });
  return null;
}

export interface BudgetFunnelRequest {
  from?: string;
  to?: string;
  budget?: number | string;
  target_sales?: number | string;
  target_revenue?: number | string;
  target_leads?: number | string;
  /** Overrides of the prefilled assumptions. */
  cpm?: number | string;
  ctr?: number | string;
  visit_rate?: number | string;
  cvr?: number | string;
  close_rate?: number | string;
  sales_rate?: number | string;
  aov?: number | string;
  /** `leads` (visits → leads → sales) or `visits` (visits → sales); default: what the window's data show. */
  path?: string;
}

/** The funnel's numbers (budget, impressions, …, revenue, CPA, ROAS) with where the assumptions came from. */
export interface BudgetFunnelReport extends FunnelResult {
  from: string;
  to: string;
  mode: 'goal_seek' | 'forward';
  /** How sales are planned: through leads, or from visits with leads beside; `path_basis` says why (English), `path_message` as an id. */
  path: FunnelPath;
  path_basis: string;
  path_message: BudgetMessage;
  assumptions: Record<FunnelKey, PrefilledAssumption>;
  paid_channels: string[];
  stages: { stage: string; value: number }[];
}

/**
 * The funnel planner with assumptions prefilled from the paid channels' KPIs
 * and CRM funnel over the last 30 days of data (or `from`–`to`), one window
 * and one source for every rate (`funnelBasis`); any assumption can be
 * overridden. With a target (sales, revenue or leads) it seeks the budget;
 * with `budget` it runs it forward; with neither it runs the window's own
 * paid spend forward (a check that the assumptions reproduce it).
 */
export async function budgetFunnel(store: Store, workspaceId: string, req: BudgetFunnelRequest): Promise<BudgetFunnelReport> {
  const range = await resolveRange(store, workspaceId, req.from, req.to);
  const goals: FunnelGoal[] = [];
  const sales = numberField(req.target_sales, 'target_sales', { min: 0 });
  const revenue = numberField(req.target_revenue, 'target_revenue', { min: 0 });
  const leads = numberField(req.target_leads, 'target_leads', { min: 0 });
  const budget = numberField(req.budget, 'budget', { min: 0 });
  if (sales !== undefined) goals.push({ customers: sales });
  if (revenue !== undefined) goals.push({ revenue });
  if (leads !== undefined) goals.push({ leads });
  if (goals.length + (budget === undefined ? 0 : 1) > 1) throw invalid('target_sales', 'give at most one of budget, target_sales, target_revenue, target_leads');
  const overrides: Partial<Record<FunnelKey, number>> = {};
  for (const key of funnelKeys) {
    const v = numberField(req[key], key, { min: 0 });
    if (v !== undefined) overrides[key] = v;
  }

  if (req.path !== undefined && req.path !== '' && req.path !== 'leads' && req.path !== 'visits') throw invalid('path', `must be leads or visits, got "${req.path}"`);
  const [facts, crm] = await Promise.all([
    store.kpiFacts(workspaceId, { by: 'channel', from: range.from, to: range.to, lookbackDays }),
    store.crmFunnel(workspaceId, { from: range.from, to: range.to, by: 'channel', lookbackDays }),
  ]);
  const basis = funnelBasis(facts, crm, range, (req.path || undefined) as FunnelPath | undefined);
  const assumptions = withOverrides(basis.assumptions, overrides);
  const plain = plainAssumptions(assumptions, basis.path);
  const issues = funnelAssumptionIssues(plain).map((i) => ({
    path: i.path,
    message: assumptions[i.path as FunnelKey]?.source === 'missing' ? `${assumptions[i.path as FunnelKey].basis}; give ${i.path}` : i.message,
  }));
  if (issues.length > 0) throw new AppError('invalid_input', `${issues[0].path}: ${issues[0].message}`, issues);
  const paid = paidTotals(facts);
  const result = goals.length > 0 ? funnelGoalSeek(goals[0], plain) : funnelForward(budget ?? paid.spend, plain);
  const stages = (['budget', 'impressions', 'clicks', 'visits', 'leads', 'customers', 'revenue'] as const).map((stage) => ({ stage, value: result[stage] }));
  return { ...range, mode: goals.length > 0 ? 'goal_seek' : 'forward', path: basis.path, path_basis: basis.path_message.text, path_message: basis.path_message, assumptions, paid_channels: paid.channels, stages, ...result };
}

/** A number from a query string, body or flag value; undefined when absent. */
function numberField(value: number | string | undefined, path: string, rule: { min?: number; max?: number; integer?: boolean }): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) throw invalid(path, `must be a number, got "${value}"`);
  if (rule.integer && !Number.isInteger(n)) throw invalid(path, `must be a whole number, got ${n}`);
  if (rule.min !== undefined && n < rule.min) throw invalid(path, `must be at least ${rule.min}, got ${n}`);
  if (rule.max !== undefined && n > rule.max) throw invalid(path, `must be at most ${rule.max}, got ${n}`);
  return n;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
