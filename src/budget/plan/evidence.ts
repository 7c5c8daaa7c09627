/**
 * Keeps a plan's transfers between channels to those the fit's posterior
 * draws support. The optimiser follows the point estimate, so two channels
 * whose returns the data cannot tell apart would trade money on noise: on the
 * default demo world the fit put paid_social's ROI 5% above paid_search's
 * although the truth has it 23% below, and no regression on that history can
 * tell (README "Budget"). A transfer stays when it gains in at least the
 * interval level's upper share of the draws (95% of them at the default 90%:
 * the lower end of its gain interval is above zero); otherwise its money stays
 * where it is, as far as the bounds allow.
 */
import { evaluatePlan, type ResponseModel, type WeeklyPlan } from '../model/response-model.js';
import { matchMoves, weeklyShape } from './moves.js';
import type { ChannelBounds } from './projection.js';

export interface UnsupportedMove {
  from: string;
  to: string;
  /** Money the optimiser wanted to move, over the horizon. */
  amount: number;
  /** Share of the draws in which the transfer gains, 0–1. */
  support: number;
}

export interface SupportedPlan {
  plan: WeeklyPlan;
  unsupported: UnsupportedMove[];
}

/**
 * The recommended plan without the transfers the draws do not support.
 * Transfers are the ones `describeMoves` words, priced in each draw from the
 * plan so far (kept transfers accumulate); with no draws every transfer stays.
 */
export function supportedPlan(draws: readonly ResponseModel[], current: WeeklyPlan, recommended: WeeklyPlan, bounds: readonly ChannelBounds[], level: number): SupportedPlan {
  if (draws.length === 0) return { plan: recommended, unsupported: [] };
  const totalOf = (row: readonly number[]) => row.reduce((a, b) => a + b, 0);
  const currentTotals = current.map(totalOf);
  const recommendedTotals = recommended.map(totalOf);
  const shape = weeklyShape(current);
  const totals = [...currentTotals];
  const planOf = (t: number[]) => t.map((v, c) => shape[c].map((f) => f * v));
  let before = draws.map((model) => evaluatePlan(model, planOf(totals)).total);
  const required = (1 + level) / 2;
  const kept = recommended.map((row) => [...row]);
  const unsupported: UnsupportedMove[] = [];
  for (const pair of matchMoves(currentTotals, recommendedTotals)) {
    const trial = [...totals];
    trial[pair.from] -= pair.amount;
    trial[pair.to] += pair.amount;
    const after = draws.map((model) => evaluatePlan(model, planOf(trial)).total);
    const support = after.filter((v, d) => v > before[d]).length / draws.length;
    if (support >= required) {
      totals.splice(0, totals.length, ...trial);
      before = after;
      continue;
    }
    // Give the money back as far as the bounds allow: the donor up to its maximum, the receiver down to its minimum.
    const back = Math.max(0, Math.min(pair.amount, bounds[pair.from].max - totalOf(kept[pair.from]), totalOf(kept[pair.to]) - bounds[pair.to].min));
    if (back <= 0) continue;
    shift(kept, pair.to, pair.from, back, shape);
    unsupported.push({ from: draws[0].channels[pair.from], to: draws[0].channels[pair.to], amount: back, support });
  }
  return { plan: kept, unsupported };
}

/** Moves `amount` from channel `from` to `to`, each keeping its weekly spread (`fallback` for a row without spend). */
function shift(plan: number[][], from: number, to: number, amount: number, fallback: number[][]): void {
  const weights = (c: number) => {
    const total = plan[c].reduce((a, b) => a + b, 0);
    return total > 0 ? plan[c].map((v) => v / total) : fallback[c];
  };
  const out = weights(from);
  const into = weights(to);
  plan[from] = plan[from].map((v, w) => Math.max(0, v - amount * out[w]));
  plan[to] = plan[to].map((v, w) => v + amount * into[w]);
}
