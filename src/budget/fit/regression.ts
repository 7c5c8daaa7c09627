/**
 * The linear part of the marketing-mix model: with hyper-parameters fixed the
 * outcome is linear in [baseline coefficients, channel betas], fitted by ridge
 * least squares with non-negative betas (and optional calibration rows).
 */
import { levelColumns } from './design.js';
import { geometricAdstock, hill } from '../model/transforms.js';
import { solveBoundedQuadratic, type BoundedQuadraticProblem } from './nnls.js';

/** θ, K, S of one channel (K in adstocked spend units). */
export interface Hyper {
  theta: number;
  k: number;
  s: number;
}

/** A calibration penalty weight² · (a · β_channel − target)². */
export interface CalibrationRow {
  /** Index among the model's channel columns. */
  channel: number;
  /** Sum of the channel's Hill column over the measured window, per window period. */
  window: { from: number; to: number };
  target: number;
  weight: number;
}

/** Fixed inputs of every coefficient fit. */
export interface RegressionSetup {
  /** Baseline rows (n × p); the first `levelColumns` are the trend line's levels (≥ 0, not penalised). */
  base: number[][];
  y: number[];
  /** Fit on rows [0, rows). */
  rows: number;
  /** Ridge strength on standardised columns: adds ridge · rows · var(column) to each diagonal. */
  ridge: number;
  calibration: CalibrationRow[];
  /** Shrinks channel ROIs toward one common ROI fitted with them; absent: no shrinkage. */
  roiPrior?: RoiPrior;
  /**
   * Weight w of the trend prior w · (level_end − level_start)²: the prior
   * level_end − level_start ~ N(0, σ² / w) on the baseline's change over the
   * history; absent or 0: a free trend line.
   */
  trendWeight?: number;
}

/**
 * A Gaussian prior tying channel ROIs to a common ROI r (itself fitted, ≥ 0):
 * penalty weight · Σ_c (ROI_c − r)², with ROI_c = β_c · Σ_t column_c(t) / Σ_t spend_c(t)
 * over the fitted rows. With weight = σ² / τ² it is the prior ROI_c ~ N(r, τ²)
 * in the units of the squared residuals. It keeps the split among channels
 * whose spend moves together (which the outcome alone cannot tell apart) near
 * their spend shares, while the data still set the total media effect: the
 * same idea as Robyn's decomposition distance (DECOMP.RSSD).
 */
export interface RoiPrior {
  weight: number;
  /** Spend series of the modelled channels (same order as the columns). */
  spend: readonly (readonly number[])[];
}

/** Hill(adstock(spend)) per channel and period. */
export function hillColumns(spend: readonly (readonly number[])[], hypers: readonly Hyper[]): number[][] {
  return spend.map((x, c) => geometricAdstock(x, hypers[c].theta).map((a) => hill(a, hypers[c].k, hypers[c].s)));
}

export interface CoefficientFit {
  /** Baseline coefficients followed by channel betas. */
  coef: number[];
  /** The common ROI of the prior (0 without one). */
  commonRoi: number;
  /** Penalised objective: SSE + ridge + calibration penalties. */
  objective: number;
  problem: BoundedQuadraticProblem;
}

/**
 * Moves the mean of every prior (ridge, trend, calibration, ROI prior) by a
 * draw from that prior: the prior-perturbation half of randomize-then-optimize
 * posterior sampling (see posterior-draws.ts). `normal` gives standard normal
 * draws; σ is the residual standard deviation the prior weights are scaled by.
 */
export interface PriorDraw {
  sigma: number;
  normal: () => number;
}

/** Builds the Gram form of the penalised problem for outcome `y` (defaults to setup.y), with each prior's mean drawn when `draw` is given. */
export function buildProblem(setup: RegressionSetup, columns: readonly (readonly number[])[], y: readonly number[] = setup.y, draw?: PriorDraw): { problem: BoundedQuadraticProblem; constant: number } {
  const { base, rows, ridge } = setup;
  const p = base[0].length;
  const m = columns.length;
  const prior = setup.roiPrior;
  const dim = p + m + (prior ? 1 : 0);
  const q = Array.from({ length: dim }, () => new Array<number>(dim).fill(0));
  const c = new Array<number>(dim).fill(0);
  const sums = new Array<number>(dim).fill(0);
  const row = new Array<number>(dim);
  let constant = 0;
  for (let t = 0; t < rows; t++) {
    const b = base[t];
    for (let j = 0; j < p; j++) row[j] = b[j];
    for (let j = 0; j < m; j++) row[p + j] = columns[j][t];
    const yt = y[t];
    constant += yt * yt;
    for (let i = 0; i < p + m; i++) {
      const ri = row[i];
      if (ri === 0) continue;
      sums[i] += ri;
      c[i] += ri * yt;
      const qi = q[i];
      for (let j = i; j < p + m; j++) qi[j] += ri * row[j];
    }
  }
  for (let i = 0; i < p + m; i++) for (let j = 0; j < i; j++) q[i][j] = q[j][i];
  for (let i = levelColumns; i < p + m; i++) {
    const variance = Math.max(0, q[i][i] / rows - (sums[i] / rows) ** 2);
    const weight = ridge * rows * variance;
    q[i][i] += weight + 1e-12 * (q[i][i] + 1);
    // λ(β − δ)², δ ~ N(0, σ² / λ): adds λδ to the linear term.
    if (draw && weight > 0) c[i] += draw.sigma * Math.sqrt(weight) * draw.normal();
  }
  const trend = setup.trendWeight ?? 0;
  if (trend > 0) {
    q[0][0] += trend;
    q[1][1] += trend;
    q[0][1] -= trend;
    q[1][0] -= trend;
    if (draw) {
      const shift = draw.sigma * Math.sqrt(trend) * draw.normal();
      c[0] -= shift;
      c[1] += shift;
    }
  }
  for (const cal of setup.calibration) {
    const col = columns[cal.channel];
    let a = 0;
    for (let t = cal.window.from; t <= cal.window.to; t++) a += col[t];
    const w2 = cal.weight * cal.weight;
    const j = p + cal.channel;
    // A drawn measurement: the target moved by its standard error σ / weight.
    const target = draw ? cal.target + (draw.sigma / cal.weight) * draw.normal() : cal.target;
    q[j][j] += w2 * a * a;
    c[j] += w2 * a * target;
    constant += w2 * target * target;
  }
  if (prior) addRoiPrior(q, c, prior, columns, p, rows, draw);
  const nonNegative = Array.from({ length: dim }, (_, j) => j < levelColumns || j >= p);
  return { problem: { q, c, nonNegative }, constant };
}

/**
 * Adds weight · Σ_c (g_c·β_c − r − ε_c)², g_c = Σ column / Σ spend, to the Gram matrix and linear term (r is the
 * last variable); ε_c = 0, or a draw from the prior N(0, σ² / weight).
 */
function addRoiPrior(q: number[][], lin: number[], prior: RoiPrior, columns: readonly (readonly number[])[], p: number, rows: number, draw?: PriorDraw): void {
  const r = p + columns.length;
  columns.forEach((col, c) => {
    let a = 0;
    let spend = 0;
    for (let t = 0; t < rows; t++) {
      a += col[t];
      spend += prior.spend[c][t];
    }
    const g = spend > 0 ? a / spend : 0;
    const j = p + c;
    q[j][j] += prior.weight * g * g;
    q[j][r] -= prior.weight * g;
    q[r][j] -= prior.weight * g;
    q[r][r] += prior.weight;
    if (draw) {
      const shift = draw.sigma * Math.sqrt(prior.weight) * draw.normal();
      lin[j] += g * shift;
      lin[r] -= shift;
    }
  });
  q[r][r] += 1e-12 * (q[r][r] + 1);
}

/** Fits coefficients for fixed channel columns (with the priors' means drawn when `draw` is given). */
export function fitCoefficients(setup: RegressionSetup, columns: readonly (readonly number[])[], y?: readonly number[], draw?: PriorDraw): CoefficientFit {
  const { problem, constant } = buildProblem(setup, columns, y, draw);
  const solution = solveBoundedQuadratic(problem);
  let quad = 0;
  for (let i = 0; i < solution.length; i++) {
    quad -= 2 * problem.c[i] * solution[i];
    for (let j = 0; j < solution.length; j++) quad += solution[i] * problem.q[i][j] * solution[j];
  }
  const size = setup.base[0].length + columns.length;
  return { coef: solution.slice(0, size), commonRoi: solution[size] ?? 0, objective: constant + quad, problem };
}

/** Model prediction per period from baseline rows, channel columns and coefficients. */
export function predict(base: readonly (readonly number[])[], columns: readonly (readonly number[])[], coef: readonly number[]): number[] {
  const p = base[0].length;
  return base.map((b, t) => {
    let v = 0;
    for (let j = 0; j < p; j++) v += b[j] * coef[j];
    for (let j = 0; j < columns.length; j++) v += columns[j][t] * coef[p + j];
    return v;
  });
}
