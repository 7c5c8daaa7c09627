/**
 * Plain-language moves from the current plan to the recommended one: money
 * taken from channels that shrink is matched to channels that grow (largest
 * first), and each move is priced by re-running the model step by step.
 */
import { budgetMessage, type BudgetMessage } from '../model/messages.js';
import { evaluatePlan, type ResponseModel, type WeeklyPlan } from '../model/response-model.js';

export interface BudgetMove {
  from: string;
  to: string;
  amount: number;
  /** Share of the donor's current spend moved, in percent. */
  share_pct: number;
  delta_outcome: number;
  /** Change in blended CPA (spend / outcome) or ROAS, in percent. */
  efficiency_change_pct: number;
  text: string;
  /** The move as a message id with parameters (the dashboard words it). */
  message: BudgetMessage;
}

/** What the model explains: counts (conversions, first purchases) or money. */
export type OutcomeKind = 'conversions' | 'new_customers' | 'revenue';

/**
 * Describes how to go from `current` to `recommended` (both channel × week,
 * equal totals assumed for the CPA arithmetic), e.g.
 * "move 12% of display to paid_search: +140 conversions, CPA −9%".
 */
export function describeMoves(model: ResponseModel, current: WeeklyPlan, recommended: WeeklyPlan, kind: OutcomeKind = 'conversions'): BudgetMove[] {
  const currentTotals = current.map(totalOf);
  const shape = weeklyShape(current);
  const totals = [...currentTotals];
  const planOf = () => totals.map((t, c) => shape[c].map((f) => f * t));
  let before = evaluatePlan(model, planOf()).total;
  const moves: BudgetMove[] = [];
  for (const pair of matchMoves(currentTotals, recommended.map(totalOf))) {
    totals[pair.from] -= pair.amount;
    totals[pair.to] += pair.amount;
    const after = evaluatePlan(model, planOf()).total;
    moves.push(describe(model.channels[pair.from], model.channels[pair.to], pair.amount, currentTotals[pair.from], before, after, kind));
    before = after;
  }
  const final = evaluatePlan(model, recommended).total;
  if (Math.abs(final - before) > 1e-6 * Math.abs(final) && recommended[0].length > 1) {
    const delta = final - before;
    const message = budgetMessage('budget.msg.move_retime', { delta, outcome: kind });
    moves.push({
      from: 'schedule',
      to: 'schedule',
      amount: 0,
      share_pct: 0,
      delta_outcome: delta,
      efficiency_change_pct: pct(kind === 'revenue' ? final / before - 1 : before / final - 1),
      text: message.text,
      message,
    });
  }
  return moves;
}

/** One transfer between channels: `amount` of `from`'s money goes to `to`. */
export interface MovePair {
  from: number;
  to: number;
  amount: number;
}

/**
 * The transfers from current to recommended channel totals: money taken from
 * channels that shrink is matched to channels that grow, largest first.
 */
export function matchMoves(currentTotals: readonly number[], recommendedTotals: readonly number[]): MovePair[] {
  const diff = recommendedTotals.map((t, c) => t - currentTotals[c]);
  const threshold = 1e-3 * Math.max(1, currentTotals.reduce((a, b) => a + b, 0));
  const donors = diff.map((d, c) => ({ c, left: -d })).filter((d) => d.left > threshold).sort((a, b) => b.left - a.left);
  const receivers = diff.map((d, c) => ({ c, left: d })).filter((d) => d.left > threshold).sort((a, b) => b.left - a.left);
  const pairs: MovePair[] = [];
  for (const donor of donors) {
    for (const receiver of receivers) {
      const amount = Math.min(donor.left, receiver.left);
      if (amount <= threshold) continue;
      donor.left -= amount;
      receiver.left -= amount;
      pairs.push({ from: donor.c, to: receiver.c, amount });
      if (donor.left <= threshold) break;
    }
  }
  return pairs;
}

/** Each channel's spread over the weeks (an even spread for a channel without spend). */
export function weeklyShape(plan: WeeklyPlan): number[][] {
  return plan.map((row) => {
    const t = totalOf(row);
    return row.map((v) => (t > 0 ? v / t : 1 / row.length));
  });
}

const totalOf = (row: readonly number[]) => row.reduce((a, b) => a + b, 0);

function describe(from: string, to: string, amount: number, donorTotal: number, before: number, after: number, kind: OutcomeKind): BudgetMove {
  const delta = after - before;
  const share = donorTotal > 0 ? (100 * amount) / donorTotal : 0;
  // Same total spend before and after, so CPA moves as before/after and ROAS as after/before.
  const efficiency = kind === 'revenue' ? pct(after / before - 1) : pct(before / after - 1);
  const message = budgetMessage('budget.msg.move_shift', { share_pct: Math.round(share), from, to, delta, outcome: kind, efficiency: kind === 'revenue' ? 'roas' : 'cpa', delta_pct: round1(efficiency) });
  return { from, to, amount, share_pct: share, delta_outcome: delta, efficiency_change_pct: efficiency, text: message.text, message };
}

function pct(x: number): number {
  return 100 * x;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
