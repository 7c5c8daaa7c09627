/**
 * Simple mode of the budget plan, for histories too short (or too noisy) for
 * the marketing-mix model: marginal-CPA rules per channel on the recent weeks
 * (`simpleRules`) applied to the current split at the plan's total
 * (`rulesSplit`), and a linear forecast at each channel's average cost per
 * credited outcome. The moves are read off the final rows, so the table and
 * the moves are one plan.
 */
import { budgetMessage, projectPlan, resolveBounds, simpleRules, type BoundSpec, type BudgetMessage, type RuleDecision } from '../../budget/index.js';
import { invalid } from '../../shared/errors.js';
import { largestRemainder } from '../../budget/plan/rounding.js';
import type { ChannelSeries, OutcomeKind } from './budget-dataset.js';
import type { AllocationRow, BudgetPlanReport } from './budget-types.js';

export interface SimplePlanInput {
  series: ChannelSeries;
  weeks: number;
  /** Budget over the horizon; default the recent run-rate × weeks. */
  total?: number;
  outcome: OutcomeKind;
  reason: BudgetMessage;
  /** Per channel: absolute min/max over the horizon or ±% of the current run-rate. */
  bounds?: Record<string, BoundSpec>;
}

/** Most recent periods the rules read: 8 weeks. */
const lookbackWeeks = 8;

/** Recent periods per channel: whole weeks ending on the last day when there are ≥ 3 of them, else days. */
export function recentPeriods(series: ChannelSeries): { perWeek: number; spend: number[][]; credited: number[][]; uncredited: number[] } {
  const n = series.dataset.dates.length;
  const fullWeeks = Math.floor(n / 7);
  const byWeek = fullWeeks >= 3;
  const periods = byWeek ? Math.min(lookbackWeeks, fullWeeks) : Math.min(n, lookbackWeeks * 7);
  const size = byWeek ? 7 : 1;
  const sumPeriods = (x: readonly number[]) =>
    Array.from({ length: periods }, (_, p) => {
      const end = n - (periods - 1 - p) * size;
      let s = 0;
      for (let t = end - size; t < end; t++) s += x[t];
      return s;
    });
  const spend = series.dataset.spend.map(sumPeriods);
  const credited = series.credited.map(sumPeriods);
  const outcome = sumPeriods(series.dataset.outcome);
  const uncredited = outcome.map((o, p) => o - credited.reduce((acc, row) => acc + row[p], 0));
  return { perWeek: byWeek ? 1 : 7, spend, credited, uncredited };
}

/**
 * The simple plan: rules with the blended cost per outcome of the paid
 * channels as the target, applied to the current split at the total
 * (`rulesSplit`), kept inside the bounds and rounded to cents (largest
 * remainder, so the rows sum to the planned amount exactly).
 */
export function simplePlan(input: SimplePlanInput): Omit<BudgetPlanReport, 'from' | 'to'> {
  const { series, weeks, outcome } = input;
  const channels = series.dataset.channels;
  const recent = recentPeriods(series);
  const periods = recent.spend[0]?.length ?? 0;
  const sum = (x: readonly number[]) => x.reduce((a, b) => a + b, 0);
  const spent = sum(recent.spend.map(sum));
  const credited = sum(recent.credited.map(sum));
  const notes: BudgetMessage[] = [];
  if (credited <= 0) notes.push(budgetMessage('budget.msg.warn_no_credit', { outcome }));
  const targetCpa = credited > 0 ? spent / credited : Number.POSITIVE_INFINITY;
  const decisions = simpleRules(
    channels.map((channel, c) => ({ channel, spend: recent.spend[c], conversions: recent.credited[c] })),
    { targetCpa },
  );

  // Horizon amounts: per-period figures × periods per week × weeks.
  const horizon = recent.perWeek * weeks;
  const currentSpend = decisions.map((d) => d.current_spend * horizon);
  const currentSum = sum(currentSpend);
  const total = input.total ?? Math.round(currentSum * 100) / 100;
  const share = (x: number[], s: number) => x.map((v) => (s > 0 ? v / s : 1 / x.length));
  const totalCents = Math.round(total * 100);
  const toCents = (shares: number[]) => largestRemainder(shares.map((f) => f * totalCents), totalCents, shares.map(() => 0), shares.map(() => totalCents));
  const bounds = resolveBounds(channels, currentSpend, total, input.bounds);
  const minSum = sum(bounds.map((b) => b.min));
  const maxSum = sum(bounds.map((b) => b.max));
  if (minSum > total + 1e-9) throw invalid('total', `${total} is below the sum of channel minimums (${round2(minSum)})`);
  if (maxSum < total - 1e-9) throw invalid('total', `${total} is above the sum of channel maximums (${round2(maxSum)})`);
  const currentCents = toCents(share(currentSpend, currentSum));
  // The rules applied to the current split at this total, then moved to the nearest split inside the bounds.
  const split = rulesSplit(currentCents.map((c) => c / 100), decisions);
  const planned = Math.max(minSum, total - split.unallocated);
  const plannedCents = Math.round(planned * 100);
  const bounded = projectPlan(split.plan.map((v) => [v]), bounds, planned, true).map((row) => row[0] * 100);
  const planCents = largestRemainder(bounded, plannedCents, bounds.map((b) => Math.ceil(b.min * 100 - 1e-6)), bounds.map((b) => Math.floor(b.max * 100 + 1e-6)));
  if (plannedCents < totalCents) notes.push(budgetMessage('budget.msg.warn_unallocated', { amount_money: (totalCents - plannedCents) / 100 }));

  // Linear forecast: each channel returns its average credited outcome per unit of spend; the rest (organic, direct) stays as it was.
  const rate = decisions.map((d) => (d.average_cpa ? 1 / d.average_cpa : 0));
  const baselinePerWeek = (sum(recent.uncredited) / Math.max(1, periods)) * recent.perWeek;
  const forecast = (cents: number[]) => baselinePerWeek * weeks + cents.reduce((acc, v, c) => acc + (v / 100) * rate[c], 0);
  const expected = forecast(planCents);
  const current = forecast(currentCents);
  if (expected < current - 1e-9) notes.push(budgetMessage('budget.msg.warn_rules_below_current'));
  const moves = planMoves(channels, currentCents, planCents, decisions, split.spread, { outcome, targetCpa, periods });

  const allocation: AllocationRow[] = channels.map((channel, c) => {
    const spend = planCents[c] / 100;
    const weekly = largestRemainder(new Array<number>(weeks).fill(planCents[c] / weeks), planCents[c], new Array<number>(weeks).fill(0), new Array<number>(weeks).fill(planCents[c])).map((v) => v / 100);
    return { channel, current: currentCents[c] / 100, spend, current_spend: round2(currentSpend[c]), change_pct: currentSpend[c] > 0 ? (100 * (spend - currentSpend[c])) / currentSpend[c] : 0, weekly };
  });
  const lastDate = series.dataset.dates[series.dataset.dates.length - 1];
  return {
    mode: 'simple',
    reason: input.reason.text,
    reason_message: input.reason,
    outcome,
    total,
    weeks,
    allocation,
    expected_outcome: expected,
    interval: null,
    current_outcome: current,
    current_interval: null,
    moves: moves.map((m) => m.text),
    move_messages: moves,
    move_details: [],
    decisions,
    weekly: Array.from({ length: weeks }, (_, w) => ({
      week: w + 1,
      start: addDays(lastDate, 1 + 7 * w),
      spend: plannedCents / 100 / weeks,
      outcome_current: current / weeks,
      outcome_recommended: expected / weeks,
      interval_recommended: null,
    })),
    warnings: notes.map((m) => m.text),
    warning_messages: notes,
  };
}

/** Which way a rule moves a channel: +1 more, −1 less, 0 the same. */
const ruleDirection: Record<RuleDecision['action'], number> = { scale_up: 1, hold: 0, trim: -1, cut: -1 };

/**
 * The rules' split at the total of `current` (the current split at the plan's
 * total): each channel at current × suggested / current run-rate; when the
 * scale-ups ask for more than the cuts free, every scale-up gets the same
 * share of its step; when the cuts free more, the rest goes to the scale-up
 * channels in proportion to their spend (or, with none, to the held ones,
 * flagged in `spread`); with neither it stays `unallocated`. No channel ends
 * against its rule's direction.
 * @example rulesSplit([350, 280], [{ action: 'scale_up', current_spend: 175, suggested_spend: 210 }, { action: 'cut', current_spend: 140, suggested_spend: 112 }]).plan // [406, 224]
 */
export function rulesSplit(current: readonly number[], decisions: readonly Pick<RuleDecision, 'action' | 'current_spend' | 'suggested_spend'>[]): { plan: number[]; spread: boolean[]; unallocated: number } {
  const desired = current.map((c, i) => (decisions[i].current_spend > 0 ? (c * decisions[i].suggested_spend) / decisions[i].current_spend : c));
  const freed = desired.reduce((acc, d, i) => acc + Math.max(0, current[i] - d), 0);
  const asked = desired.reduce((acc, d, i) => acc + Math.max(0, d - current[i]), 0);
  const spread = current.map(() => false);
  if (asked >= freed) {
    const f = asked > 0 ? freed / asked : 0;
    return { plan: desired.map((d, i) => (d > current[i] ? current[i] + f * (d - current[i]) : d)), spread, unallocated: 0 };
  }
  const left = freed - asked;
  const pick = (action: RuleDecision['action']) => current.map((c, i) => (decisions[i].action === action && c > 0 ? c : 0));
  let weights = pick('scale_up');
  if (weights.every((w) => w === 0)) {
    weights = pick('hold');
    weights.forEach((w, i) => (spread[i] = w > 0));
  }
  const weightSum = weights.reduce((a, b) => a + b, 0);
  if (weightSum === 0) return { plan: desired, spread, unallocated: left };
  return { plan: desired.map((d, i) => d + (left * weights[i]) / weightSum), spread, unallocated: 0 };
}

/**
 * The moves, read off the final rows against the current split at the same
 * total: raise, lower or keep each channel, with the rule behind it (or the
 * bounds, when they turned the channel against its rule).
 */
function planMoves(
  channels: readonly string[],
  currentCents: readonly number[],
  planCents: readonly number[],
  decisions: readonly RuleDecision[],
  spread: readonly boolean[],
  ctx: { outcome: OutcomeKind; targetCpa: number; periods: number },
): BudgetMessage[] {
  const rows = channels.map((channel, c) => {
    const diff = planCents[c] - currentCents[c];
    const direction = Math.abs(diff) <= Math.max(1, 0.005 * currentCents[c]) ? 0 : Math.sign(diff);
    const rule = ruleDirection[decisions[c].action];
    const because = spread[c] && direction > 0 ? budgetMessage('budget.msg.rule_spread') : direction !== rule && direction !== 0 ? budgetMessage('budget.msg.rule_bounds') : ruleMessage(decisions[c], ctx);
    const money = { from_money: currentCents[c] / 100, to_money: planCents[c] / 100 };
    const change = currentCents[c] > 0 ? Math.round((100 * Math.abs(diff)) / currentCents[c]) : 100;
    const message =
      direction > 0
        ? budgetMessage('budget.msg.move_up', { channel, change_pct: change, ...money }, because)
        : direction < 0
          ? budgetMessage('budget.msg.move_down', { channel, change_pct: change, ...money }, because)
          : budgetMessage('budget.msg.move_keep', { channel, to_money: planCents[c] / 100 }, because);
    return { message, direction, size: Math.abs(diff) };
  });
  // Raises first, then cuts, then the channels kept; larger amounts first.
  return rows.sort((a, b) => (a.direction === b.direction ? b.size - a.size : rank(a.direction) - rank(b.direction))).map((r) => r.message);
}

function rank(direction: number): number {
  return direction > 0 ? 0 : direction < 0 ? 1 : 2;
}

/** The rule behind a channel's move, with its numbers. */
function ruleMessage(d: RuleDecision, ctx: { outcome: OutcomeKind; targetCpa: number; periods: number }): BudgetMessage {
  const unit = ctx.outcome;
  const target = round2(ctx.targetCpa);
  if (d.current_spend <= 0) return budgetMessage('budget.msg.rule_no_spend');
  if (d.average_cpa === null) return budgetMessage('budget.msg.rule_no_outcome', { spend_money: round2(d.current_spend * ctx.periods), outcome: ctx.outcome });
  const average = round2(d.average_cpa);
  if (d.action === 'cut') return budgetMessage('budget.msg.rule_above_target', { unit, average_money: average, target_money: target });
  if (d.action === 'trim') return budgetMessage('budget.msg.rule_last_euros', { unit, average_money: average, target_money: target, marginal_money: round2(d.marginal_cpa ?? d.average_cpa) });
  if (d.action === 'hold') return budgetMessage('budget.msg.rule_no_headroom', { target_money: target });
  return d.marginal_cpa !== null
    ? budgetMessage('budget.msg.rule_under_target', { unit, marginal_money: round2(d.marginal_cpa), target_money: target })
    : budgetMessage('budget.msg.rule_under_target_average', { unit, average_money: average, target_money: target });
}

function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
