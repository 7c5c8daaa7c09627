import { describe, expect, it } from 'vitest';
import { Matrix, solve } from 'ml-matrix';
import { nnls, quadraticObjective, solveBoundedQuadratic, type BoundedQuadraticProblem } from './nnls.js';
import { normalDraw, seededRng } from '../model/random.js';

/** Brute force: try every set of constrained variables pinned at zero, keep the best feasible solution. */
function bruteForce(problem: BoundedQuadraticProblem): number[] {
  const n = problem.c.length;
  const constrained = problem.nonNegative.map((f, i) => (f ? i : -1)).filter((i) => i >= 0);
  let best: number[] | undefined;
  for (let mask = 0; mask < 1 << constrained.length; mask++) {
    const zero = new Set(constrained.filter((_, k) => mask & (1 << k)));
    const free = Array.from({ length: n }, (_, i) => i).filter((i) => !zero.has(i));
    const b = new Array<number>(n).fill(0);
    if (free.length > 0) {
      const q = new Matrix(free.map((i) => free.map((j) => problem.q[i][j])));
      const sol = solve(q, Matrix.columnVector(free.map((i) => problem.c[i]))).getColumn(0);
      free.forEach((i, k) => (b[i] = sol[k]));
    }
    if (constrained.some((i) => b[i] < -1e-12)) continue;
    if (!best || quadraticObjective(problem, b) < quadraticObjective(problem, best)) best = b;
  }
  return best!;
}

describe('bounded least squares (Lawson–Hanson)', () => {
  it('solves the textbook case: identity design, one negative target', () => {
    expect(nnls([[1, 0], [0, 1]], [2, -1])).toEqual([2, 0]);
  });

  it('matches brute force over active sets on 200 random tiny problems (some variables free)', () => {
    const rand = seededRng(11);
    for (let trial = 0; trial < 200; trial++) {
      const n = 2 + (trial % 4);
      const rows = n + 3;
      const a = Array.from({ length: rows }, () => Array.from({ length: n }, () => normalDraw(rand)));
      const y = Array.from({ length: rows }, () => normalDraw(rand));
      const q = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => a.reduce((s, r) => s + r[i] * r[j], 0)));
      const c = Array.from({ length: n }, (_, i) => a.reduce((s, r, k) => s + r[i] * y[k], 0));
      const problem = { q, c, nonNegative: Array.from({ length: n }, (_, i) => i > 0 || trial % 2 === 0) };
      const expected = bruteForce(problem);
      const got = solveBoundedQuadratic(problem);
      got.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 8));
    }
  });
});
