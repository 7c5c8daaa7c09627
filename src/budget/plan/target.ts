/**
 * Smallest or largest budget for a goal, by bisection on the total with the
 * optimiser inside: the least spend whose best plan reaches N conversions, or
 * the most spend whose best plan still meets a CPA ceiling / ROAS floor
 * (blended: spend over total predicted outcome).
 */
import { optimizeAllocation, type AllocationProblem } from './optimize.js';
import type { WeeklyPlan } from '../model/response-model.js';

export type BudgetTarget = { kind: 'outcome'; value: number } | { kind: 'cpa'; value: number } | { kind: 'roas'; value: number };

export interface TargetResult {
  reachable: boolean;
  total: number;
  outcome: number;
  plan: WeeklyPlan;
}

/**
 * Searches totals between Σ min and Σ max of the bounds (to 0.01% of the range).
 * `outcome` targets need outcome ≥ value; CPA targets total/outcome ≤ value; ROAS
 * targets outcome/total ≥ value (outcome then being revenue).
 */
export function budgetForTarget(problem: Omit<AllocationProblem, 'total' | 'spendAll'>, target: BudgetTarget): TargetResult {
  const lo0 = problem.bounds.reduce((a, b) => a + b.min, 0);
  const hi0 = problem.bounds.reduce((a, b) => a + b.max, 0);
  const solve = (total: number) => optimizeAllocation({ ...problem, total, spendAll: true });
  const meets = (total: number, outcome: number) =>
    target.kind === 'outcome' ? outcome >= target.value : target.kind === 'cpa' ? total <= target.value * outcome : outcome >= target.value * total;

  const low = solve(lo0);
  const high = solve(hi0);
  if (target.kind === 'outcome') {
    if (meets(lo0, low.outcome)) return { reachable: true, total: lo0, outcome: low.outcome, plan: low.plan };
    if (!meets(hi0, high.outcome)) return { reachable: false, total: hi0, outcome: high.outcome, plan: high.plan };
  } else {
    if (meets(hi0, high.outcome)) return { reachable: true, total: hi0, outcome: high.outcome, plan: high.plan };
    if (!meets(lo0, low.outcome)) return { reachable: false, total: lo0, outcome: low.outcome, plan: low.plan };
  }
  // Invariant: for outcome targets `a` fails and `b` meets; for efficiency targets `a` meets and `b` fails.
  let a = lo0;
  let b = hi0;
  let best = target.kind === 'outcome' ? high : low;
  let bestTotal = target.kind === 'outcome' ? hi0 : lo0;
  while (b - a > 1e-4 * (hi0 - lo0) + 0.005) {
    const mid = (a + b) / 2;
    const result = solve(mid);
    const ok = meets(mid, result.outcome);
    if (target.kind === 'outcome' ? ok : !ok) {
      b = mid;
      if (ok) [best, bestTotal] = [result, mid];
    } else {
      a = mid;
      if (ok) [best, bestTotal] = [result, mid];
    }
  }
  return { reachable: true, total: bestTotal, outcome: best.outcome, plan: best.plan };
}
