/**
 * Budget allocation by projected gradient ascent on the response model:
 * each step moves along the gradient and projects back onto the feasible set
 * (bounds, total), so every iterate respects the constraints; Armijo
 * backtracking guarantees each accepted step improves the outcome. Several
 * starts (the given plan or else an even split, and a greedy fill on secant gains
 * that copes with S-shaped curves) guard against local optima.
 */
import { projectPlan, type ChannelBounds } from './projection.js';
import { evaluatePlan, planGradient, type ResponseModel, type WeeklyPlan } from '../model/response-model.js';

export interface AllocationProblem {
  model: ResponseModel;
  weeks: number;
  /** Total budget over the horizon. */
  total: number;
  /** Per channel, over the whole horizon. */
  bounds: ChannelBounds[];
  /** Spend exactly `total` (default true); otherwise spend up to it. */
  spendAll?: boolean;
  /** Let each channel's spend vary by week (default true); otherwise even weeks. */
  flighting?: boolean;
  /**
   * Value of a unit of money in outcome units: the objective is outcome − value·spend.
   * Only matters without `spendAll` (e.g. 1 for revenue means "stop where a euro returns less than a euro").
   */
  moneyValue?: number;
  /** Optional starting plan (channel × week). */
  start?: WeeklyPlan;
}

export interface AllocationResult {
  plan: WeeklyPlan;
  outcome: number;
  iterations: number;
}

/** Maximises predicted outcome subject to the problem's constraints. */
export function optimizeAllocation(problem: AllocationProblem): AllocationResult {
  const flighting = problem.flighting ?? true;
  const spendAll = problem.spendAll ?? true;
  const channels = problem.model.curves.length;
  const weeks = problem.weeks;
  const columns = flighting ? weeks : 1;
  const moneyValue = spendAll ? 0 : (problem.moneyValue ?? 0);

  // Variables are channel × week with flighting, channel totals without.
  const toPlan = (x: number[][]): WeeklyPlan => (flighting ? x : x.map((row) => new Array<number>(weeks).fill(row[0] / weeks)));
  const objective = (x: number[][]) => evaluatePlan(problem.model, toPlan(x)).total - moneyValue * sum(x);
  const gradient = (x: number[][]) => {
    const g = planGradient(problem.model, toPlan(x));
    return flighting ? g.map((row) => row.map((v) => v - moneyValue)) : g.map((row) => [row.reduce((a, b) => a + b, 0) / weeks - moneyValue]);
  };
  const project = (x: number[][]) => projectPlan(x, problem.bounds, problem.total, spendAll);

  const starts: number[][][] = [];
  if (problem.start) starts.push(project(flighting ? problem.start : problem.start.map((row) => [sum([row])])));
  else starts.push(project(Array.from({ length: channels }, () => new Array<number>(columns).fill(problem.total / (channels * columns)))));
  starts.push(greedyStart(problem, columns, (y) => objective(y.map((v) => new Array<number>(columns).fill(v / columns)))));

  let best: { x: number[][]; value: number; iterations: number } | undefined;
  for (const start of starts) {
    const result = ascend(start, objective, gradient, project, problem.total);
    if (!best || result.value > best.value) best = result;
  }
  const plan = toPlan(best!.x);
  return { plan, outcome: evaluatePlan(problem.model, plan).total, iterations: best!.iterations };
}

function ascend(
  start: number[][],
  objective: (x: number[][]) => number,
  gradient: (x: number[][]) => number[][],
  project: (x: number[][]) => number[][],
  total: number,
): { x: number[][]; value: number; iterations: number } {
  let x = start;
  let value = objective(x);
  const vars = x.length * x[0].length;
  let step = 0;
  let iterations = 0;
  let stalled = 0;
  for (; iterations < 3000 && stalled < 3; iterations++) {
    const g = gradient(x);
    const gmax = Math.max(1e-300, ...g.flat().map(Math.abs));
    if (step === 0) step = Math.max(total, 1) / (vars * gmax);
    let accepted = false;
    for (let tries = 0; tries < 60; tries++) {
      const candidate = project(x.map((row, c) => row.map((v, w) => v + step * g[c][w])));
      let ascent = 0;
      for (let c = 0; c < x.length; c++) for (let w = 0; w < x[c].length; w++) ascent += g[c][w] * (candidate[c][w] - x[c][w]);
      const candidateValue = objective(candidate);
      if (ascent <= 1e-15 * Math.abs(value)) break; // projected gradient is (numerically) zero: a KKT point
      if (candidateValue >= value + 1e-4 * ascent) {
        let moved = 0;
        for (let c = 0; c < x.length; c++) for (let w = 0; w < x[c].length; w++) moved = Math.max(moved, Math.abs(candidate[c][w] - x[c][w]));
        stalled = candidateValue - value <= 1e-9 * Math.abs(value) || moved <= 1e-8 * Math.max(total, 1) ? stalled + 1 : 0;
        x = candidate;
        value = candidateValue;
        step *= 2;
        accepted = true;
        break;
      }
      step /= 2;
    }
    if (!accepted) break;
  }
  return { x, value, iterations };
}

/**
 * Fills channel totals from their minimums in 100 increments, each to the
 * channel whose next increment gains most (a secant, so S-curves get a fair start).
 */
function greedyStart(problem: AllocationProblem, columns: number, valueOfTotals: (totals: number[]) => number): number[][] {
  const totals = problem.bounds.map((b) => b.min);
  let remaining = problem.total - sum([totals]);
  const chunk = remaining / 100;
  let current = valueOfTotals(totals);
  while (remaining > 1e-9 * problem.total && chunk > 0) {
    let bestChannel = -1;
    let bestValue = -Infinity;
    let bestAmount = 0;
    for (let c = 0; c < totals.length; c++) {
      const amount = Math.min(chunk, remaining, problem.bounds[c].max - totals[c]);
      if (amount <= 0) continue;
      totals[c] += amount;
      const v = valueOfTotals(totals);
      totals[c] -= amount;
      if (v > bestValue) {
        bestValue = v;
        bestChannel = c;
        bestAmount = amount;
      }
    }
    if (bestChannel < 0) break;
    if (!(problem.spendAll ?? true) && bestValue <= current) break;
    totals[bestChannel] += bestAmount;
    remaining -= bestAmount;
    current = bestValue;
  }
  const x = totals.map((t) => new Array<number>(columns).fill(t / columns));
  return projectPlan(x, problem.bounds, problem.total, problem.spendAll ?? true);
}

function sum(x: number[][]): number {
  let s = 0;
  for (const row of x) for (const v of row) s += v;
  return s;
}
