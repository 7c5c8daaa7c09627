/**
 * Non-negative least squares in Gram form (Lawson–Hanson active set), with
 * some variables left free: minimise ½·bᵀQb − cᵀb subject to b_j ≥ 0 for the
 * constrained j. Q = XᵀX (+ ridge) must be positive definite on every subset,
 * which a ridge term guarantees.
 */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';

export interface BoundedQuadraticProblem {
  /** Symmetric positive-definite Gram matrix, row-major. */
  q: readonly (readonly number[])[];
  /** Linear term (Xᵀy). */
  c: readonly number[];
  /** Per variable: true when it must be ≥ 0. */
  nonNegative: readonly boolean[];
}

/** Solves the sub-system Q_PP · b_P = c_P for the index set P. */
function solveSubset(q: BoundedQuadraticProblem['q'], c: readonly number[], set: readonly number[]): number[] {
  if (set.length === 0) return [];
  const sub = new Matrix(set.map((i) => set.map((j) => q[i][j])));
  const rhs = Matrix.columnVector(set.map((i) => c[i]));
  const chol = new CholeskyDecomposition(sub);
  if (!chol.isPositiveDefinite()) {
    // Fall back to a tiny diagonal load; happens only with perfectly collinear columns and no ridge.
    const scale = Math.max(1e-12, ...set.map((i) => Math.abs(q[i][i])));
    for (let d = 0; d < set.length; d++) sub.set(d, d, sub.get(d, d) + scale * 1e-10);
    return new CholeskyDecomposition(sub).solve(rhs).getColumn(0);
  }
  return chol.solve(rhs).getColumn(0);
}

/**
 * Lawson–Hanson active-set solution of the bounded quadratic problem. Terminates
 * when no constrained variable at zero has a positive negative-gradient (KKT).
 * @returns the minimiser b.
 */
export function solveBoundedQuadratic(problem: BoundedQuadraticProblem, tolerance = 1e-10): number[] {
  const { q, c, nonNegative } = problem;
  const n = c.length;
  const b = new Array<number>(n).fill(0);
  const passive = new Array<boolean>(n).fill(false);
  for (let j = 0; j < n; j++) if (!nonNegative[j]) passive[j] = true;
  const scale = Math.max(1, ...c.map(Math.abs));

  const solvePassive = (): number[] => {
    const set = indices(passive);
    const sol = solveSubset(q, c, set);
    const s = new Array<number>(n).fill(0);
    set.forEach((j, i) => (s[j] = sol[i]));
    return s;
  };

  // Free variables first, constrained ones held at zero (a feasible start).
  let s = solvePassive();
  for (let j = 0; j < n; j++) if (!nonNegative[j]) b[j] = s[j];

  for (let outer = 0; outer < 10 * n + 10; outer++) {
    const w = c.map((cj, j) => cj - q[j].reduce((acc, qjk, k) => acc + qjk * b[k], 0));
    let best = -1;
    for (let j = 0; j < n; j++) {
      if (!passive[j] && w[j] > tolerance * scale && (best < 0 || w[j] > w[best])) best = j;
    }
    if (best < 0) break;
    passive[best] = true;
    for (let inner = 0; inner < 10 * n + 10; inner++) {
      s = solvePassive();
      const blocking = indices(passive).filter((j) => nonNegative[j] && s[j] <= 0);
      if (blocking.length === 0) {
        for (let j = 0; j < n; j++) b[j] = s[j];
        break;
      }
      let alpha = 1;
      for (const j of blocking) alpha = Math.min(alpha, b[j] / (b[j] - s[j]));
      for (let j = 0; j < n; j++) b[j] += alpha * (s[j] - b[j]);
      for (let j = 0; j < n; j++) {
        if (nonNegative[j] && passive[j] && b[j] <= 1e-14 * scale) {
          passive[j] = false;
          b[j] = 0;
        }
      }
    }
  }
  return b;
}

/**
 * Plain NNLS: min ‖A·x − y‖² with x ≥ 0, A given as rows.
 * @example nnls([[1, 0], [0, 1]], [2, -1]) // [2, 0]
 */
export function nnls(a: readonly (readonly number[])[], y: readonly number[]): number[] {
  const p = a[0]?.length ?? 0;
  const q = Array.from({ length: p }, (_, i) => Array.from({ length: p }, (_, j) => a.reduce((acc, row) => acc + row[i] * row[j], 0)));
  const c = Array.from({ length: p }, (_, i) => a.reduce((acc, row, r) => acc + row[i] * y[r], 0));
  return solveBoundedQuadratic({ q, c, nonNegative: new Array<boolean>(p).fill(true) });
}

/** Value of ½·bᵀQb − cᵀb. */
export function quadraticObjective(problem: BoundedQuadraticProblem, b: readonly number[]): number {
  let value = 0;
  for (let i = 0; i < b.length; i++) {
    value -= problem.c[i] * b[i];
    for (let j = 0; j < b.length; j++) value += 0.5 * b[i] * problem.q[i][j] * b[j];
  }
  return value;
}

function indices(flags: readonly boolean[]): number[] {
  const out: number[] = [];
  flags.forEach((f, i) => f && out.push(i));
  return out;
}
