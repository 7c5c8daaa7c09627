/**
 * The forward budget plan from a fitted model: current run-rate → bounds →
 * optimised allocation per channel and week → cents → outcome with a bootstrap
 * interval, weekly forecast (current vs recommended) and plain-language moves.
 */
import { AppError, invalid } from '../../shared/errors.js';
import { dayNumber } from '../fit/design.js';
import { baselineForecast } from '../fit/fit-mmm.js';
import { budgetMessage, type BudgetMessage } from '../model/messages.js';
import { describeMoves, type BudgetMove, type OutcomeKind } from './moves.js';
import { supportedPlan } from './evidence.js';
import { optimizeAllocation } from './optimize.js';
import type { ChannelBounds } from './projection.js';
import { quantile } from '../model/random.js';
import { evaluatePlan, type ResponseModel, type WeeklyPlan } from '../model/response-model.js';
import { roundPlanToCents } from './rounding.js';
import type { MmmFit } from '../model/types.js';

/** Absolute bounds over the horizon, or percentages relative to the current run-rate. */
export type BoundSpec = { min?: number; max?: number } | { min_pct?: number; max_pct?: number };

export interface PlanOptions {
  total: number;
  weeks?: number;
  bounds?: Record<string, BoundSpec>;
  spendAll?: boolean;
  flighting?: boolean;
  outcomeKind?: OutcomeKind;
}

export interface BudgetPlan {
  /** `current_spend`: the recent run-rate over the horizon (what ±% bounds refer to); `current_split_spend`: that split scaled to the total. */
  allocation: { channel: string; spend: number; current_spend: number; current_split_spend: number; change_pct: number; weekly: number[] }[];
  expected_outcome: number;
  interval: [number, number];
  ci_level: number;
  media_outcome: number;
  current: { spend: number; expected_outcome: number; interval: [number, number] };
  weekly: { week: number; start: string; spend: number; outcome_current: number; outcome_recommended: number; interval_recommended: [number, number] }[];
  moves: BudgetMove[];
  warnings: string[];
  notes: BudgetMessage[];
}

/** The forward response model of a fit over the next `weeks` weeks (optionally for one bootstrap draw). */
export function responseModel(fit: MmmFit, weeks: number, coef?: readonly number[]): ResponseModel {
  const first = (dayNumber(fit.lastDate) ?? 0) + (fit.frequency === 'daily' ? 1 : 7);
  const step = fit.frequency === 'daily' ? 1 : 7;
  const days = Array.from({ length: weeks * fit.periodsPerWeek }, (_, t) => first + t * step);
  const p = fit.baselineCoef.length;
  return {
    channels: fit.channels,
    curves: fit.curves.map((curve, c) => ({ ...curve, beta: coef ? coef[p + c] : curve.beta })),
    carryIn: fit.carryIn,
    periodsPerWeek: fit.periodsPerWeek,
    baseline: baselineForecast(fit, days, coef ? coef.slice(0, p) : fit.baselineCoef),
  };
}

/** Current spend per channel over `weeks` weeks at the run-rate of the last max(4, weeks) weeks (≤ 26). */
export function currentRunRate(fit: MmmFit, weeks: number): number[] {
  const lookback = Math.min(fit.recentSpend[0].length, Math.min(26, Math.max(4, weeks)) * fit.periodsPerWeek);
  return fit.recentSpend.map((x) => {
    const recent = x.slice(x.length - lookback);
    return (recent.reduce((a, b) => a + b, 0) / recent.length) * fit.periodsPerWeek * weeks;
  });
}

/** Resolves bound specs to absolute horizon bounds; unknown channels and inverted bounds are input errors. */
export function resolveBounds(channels: string[], current: number[], total: number, specs: Record<string, BoundSpec> = {}): ChannelBounds[] {
  for (const name of Object.keys(specs)) if (!channels.includes(name)) throw invalid(`bounds.${name}`, `unknown channel (known: ${channels.join(', ')})`);
  return channels.map((name, c) => {
    const spec = specs[name] ?? {};
    let min = 0;
    let max = total;
    if ('min_pct' in spec || 'max_pct' in spec) {
      const s = spec as { min_pct?: number; max_pct?: number };
      if (s.min_pct !== undefined) min = Math.max(0, current[c] * (1 + s.min_pct / 100));
      if (s.max_pct !== undefined) max = Math.max(0, current[c] * (1 + s.max_pct / 100));
    }
    const a = spec as { min?: number; max?: number };
    if (a.min !== undefined) min = a.min;
    if (a.max !== undefined) max = a.max;
    else if (!('max_pct' in spec)) max = Math.max(max, min);
    if (!(min >= 0) || !(max >= min)) throw invalid(`bounds.${name}`, `needs 0 ≤ min ≤ max, got min ${min}, max ${max}`);
    return { min, max };
  });
}

/** Optimises the next `weeks` weeks for a total budget and explains the result. */
export function planBudget(fit: MmmFit, options: PlanOptions): BudgetPlan {
  const weeks = options.weeks ?? 1;
  const total = options.total;
  const spendAll = options.spendAll ?? true;
  const kind = options.outcomeKind ?? 'conversions';
  if (!(total >= 0) || !Number.isFinite(total)) throw invalid('total', 'must be a non-negative number');
  if (!Number.isInteger(weeks) || weeks < 1) throw invalid('weeks', 'must be a positive whole number');
  const current = currentRunRate(fit, weeks);
  const bounds = resolveBounds(fit.channels, current, total, options.bounds);
  const minSum = bounds.reduce((a, b) => a + b.min, 0);
  const maxSum = bounds.reduce((a, b) => a + b.max, 0);
  if (minSum > total + 1e-9) throw new AppError('invalid_input', `total: ${total} is below the sum of channel minimums (${round2(minSum)})`, [{ path: 'total', message: 'below the sum of minimums' }]);
  if (spendAll && maxSum < total - 1e-9) throw new AppError('invalid_input', `total: ${total} is above the sum of channel maximums (${round2(maxSum)})`, [{ path: 'total', message: 'above the sum of maximums' }]);

  const model = responseModel(fit, weeks);
  const currentSum = current.reduce((a, b) => a + b, 0);
  const currentPlan: WeeklyPlan = current.map((x) => new Array<number>(weeks).fill((currentSum > 0 ? (x / currentSum) * total : total / current.length) / weeks));
  const result = optimizeAllocation({ model, weeks, total, bounds, spendAll, flighting: options.flighting, start: currentPlan });
  const drawModels = fit.coefDraws.map((coef) => responseModel(fit, weeks, coef));
  const supported = supportedPlan(drawModels, currentPlan, result.plan, bounds, fit.ciLevel);
  const cents = roundPlanToCents(supported.plan, bounds, total, spendAll);
  const plan = cents.map((row) => row.map((v) => v / 100));
  const outcome = evaluatePlan(model, plan);
  const currentOutcome = evaluatePlan(model, currentPlan);

  const lo = (1 - fit.ciLevel) / 2;
  const drawOutcomes = drawModels.map((m) => evaluatePlan(m, plan));
  const drawCurrent = drawModels.map((m) => evaluatePlan(m, currentPlan).total);
  const interval = (values: number[]): [number, number] => (values.length ? [quantile(values, lo), quantile(values, 1 - lo)] : [Number.NaN, Number.NaN]);

  const firstDay = (dayNumber(fit.lastDate) ?? 0) + (fit.frequency === 'daily' ? 1 : 7);
  const notes = [...fit.notes];
  for (const move of supported.unsupported) {
    const params = { amount_money: round2(move.amount), from: move.from, to: move.to, support_pct: Math.round(100 * move.support), required_pct: Math.round(50 * (1 + fit.ciLevel)) };
    notes.push(budgetMessage('budget.msg.warn_move_unsupported', params));
  }
  if (outcome.total < currentOutcome.total - 1e-6 * Math.abs(currentOutcome.total)) notes.push(budgetMessage('budget.msg.warn_plan_below_current'));
  return {
    allocation: fit.channels.map((channel, c) => {
      const spend = cents[c].reduce((a, b) => a + b, 0) / 100;
      const split = currentPlan[c].reduce((a, b) => a + b, 0);
      const cur = current[c];
      return { channel, spend, current_spend: round2(cur), current_split_spend: round2(split), change_pct: cur > 0 ? (100 * (spend - cur)) / cur : 0, weekly: plan[c] };
    }),
    expected_outcome: outcome.total,
    interval: interval(drawOutcomes.map((o) => o.total)),
    ci_level: fit.ciLevel,
    media_outcome: outcome.media,
    current: { spend: total, expected_outcome: currentOutcome.total, interval: interval(drawCurrent) },
    weekly: outcome.byWeek.map((value, w) => ({
      week: w + 1,
      start: new Date((firstDay + w * 7) * 86_400_000).toISOString().slice(0, 10),
      spend: plan.reduce((acc, row) => acc + row[w], 0),
      outcome_current: currentOutcome.byWeek[w],
      outcome_recommended: value,
      interval_recommended: interval(drawOutcomes.map((o) => o.byWeek[w])),
    })),
    moves: describeMoves(model, currentPlan, plan, kind),
    warnings: notes.map((m) => m.text),
    notes,
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
