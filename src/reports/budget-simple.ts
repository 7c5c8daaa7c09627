/**
 * Simple mode of the budget plan, for histories too short (or too noisy) for
 * the marketing-mix model: marginal-CPA rules per channel on the recent weeks
 * (`simpleRules`), the suggested spends scaled to the budget, and a linear
 * forecast at each channel's average cost per credited outcome.
 */
import { projectPlan, resolveBounds, simpleRules, type BoundSpec, type RuleDecision } from '../budget/index.js';
import { invalid } from '../shared/errors.js';
import { largestRemainder } from '../budget/rounding.js';
import type { ChannelSeries, OutcomeKind } from './budget-dataset.js';
import type { AllocationRow, BudgetPlanReport } from './budget-types.js';

export interface SimplePlanInput {
  series: ChannelSeries;
  weeks: number;
  /** Budget over the horizon; default the recent run-rate × weeks. */
  total?: number;
  outcome: OutcomeKind;
  reason: string;
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
 * channels as the target, suggested spends scaled to the total and rounded
 * to cents (largest remainder, so the rows sum to the total exactly).
 */
export function simplePlan(input: SimplePlanInput): Omit<BudgetPlanReport, 'from' | 'to'> {
  const { series, weeks, outcome } = input;
  const channels = series.dataset.channels;
  const recent = recentPeriods(series);
  const periods = recent.spend[0]?.length ?? 0;
  const sum = (x: readonly number[]) => x.reduce((a, b) => a + b, 0);
  const spent = sum(recent.spend.map(sum));
  const credited = sum(recent.credited.map(sum));
  const warnings: string[] = [];
  if (credited <= 0) warnings.push(`no ${outcome} were credited to a paid channel in the recent periods: the rules cannot rank the channels`);
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
  const suggested = decisions.map((d) => d.suggested_spend * horizon);
  const suggestedSum = sum(suggested);
  const share = (x: number[], s: number) => x.map((v) => (s > 0 ? v / s : 1 / x.length));
  const totalCents = Math.round(total * 100);
  const toCents = (shares: number[]) => largestRemainder(shares.map((f) => f * totalCents), totalCents, shares.map(() => 0), shares.map(() => totalCents));
  const bounds = resolveBounds(channels, currentSpend, total, input.bounds);
  const minSum = sum(bounds.map((b) => b.min));
  const maxSum = sum(bounds.map((b) => b.max));
  if (minSum > total + 1e-9) throw invalid('total', `${total} is below the sum of channel minimums (${round2(minSum)})`);
  if (maxSum < total - 1e-9) throw invalid('total', `${total} is above the sum of channel maximums (${round2(maxSum)})`);
  // The rules' split at this total, moved to the nearest split inside the bounds.
  const bounded = projectPlan(share(suggested, suggestedSum).map((f) => [f * total]), bounds, total, true).map((row) => row[0] * 100);
  const planCents = largestRemainder(bounded, totalCents, bounds.map((b) => Math.ceil(b.min * 100 - 1e-6)), bounds.map((b) => Math.floor(b.max * 100 + 1e-6)));
  const currentCents = toCents(share(currentSpend, currentSum));

  // Linear forecast: each channel returns its average credited outcome per unit of spend; the rest (organic, direct) stays as it was.
  const rate = decisions.map((d) => (d.average_cpa ? 1 / d.average_cpa : 0));
  const baselinePerWeek = (sum(recent.uncredited) / Math.max(1, periods)) * recent.perWeek;
  const forecast = (cents: number[]) => baselinePerWeek * weeks + cents.reduce((acc, v, c) => acc + (v / 100) * rate[c], 0);
  const expected = forecast(planCents);
  const current = forecast(currentCents);
  if (expected < current - 1e-9) warnings.push('the rules split predicts less than the current split at this total: prefer the current split');

  const allocation: AllocationRow[] = channels.map((channel, c) => {
    const spend = planCents[c] / 100;
    const weekly = largestRemainder(new Array<number>(weeks).fill(planCents[c] / weeks), planCents[c], new Array<number>(weeks).fill(0), new Array<number>(weeks).fill(planCents[c])).map((v) => v / 100);
    return { channel, current: currentCents[c] / 100, spend, current_spend: round2(currentSpend[c]), change_pct: currentSpend[c] > 0 ? (100 * (spend - currentSpend[c])) / currentSpend[c] : 0, weekly };
  });
  const lastDate = series.dataset.dates[series.dataset.dates.length - 1];
  return {
    mode: 'simple',
    reason: input.reason,
    outcome,
    total,
    weeks,
    allocation,
    expected_outcome: expected,
    interval: null,
    current_outcome: current,
    current_interval: null,
    moves: decisions.map((d) => moveText(d, outcome)),
    move_details: [],
    decisions,
    weekly: Array.from({ length: weeks }, (_, w) => ({
      week: w + 1,
      start: addDays(lastDate, 1 + 7 * w),
      spend: total / weeks,
      outcome_current: current / weeks,
      outcome_recommended: expected / weeks,
      interval_recommended: null,
    })),
    warnings,
  };
}

function moveText(d: RuleDecision, outcome: OutcomeKind): string {
  const verb = { scale_up: 'scale up', hold: 'hold', trim: 'trim', cut: 'cut' }[d.action];
  const reason = outcome === 'revenue' ? d.reason.replace(/CPA/g, 'cost per unit of revenue') : d.reason;
  return `${verb} ${d.channel}: ${reason}`;
}

function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
