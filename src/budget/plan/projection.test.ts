import { describe, expect, it } from 'vitest';
import { projectPlan, projectSimplex } from './projection.js';
import { seededRng } from '../model/random.js';

const sum = (x: number[]) => x.reduce((a, b) => a + b, 0);

describe('simplex projection', () => {
  it('matches hand-computed projections', () => {
    expect(projectSimplex([3, 1], 2)).toEqual([2, 0]);
    expect(projectSimplex([1, 1], 1)).toEqual([0.5, 0.5]);
    // [0.5, 0.2, −1] onto Σ = 1: shift −0.15 on the two positive → [0.65, 0.35, 0]
    const p = projectSimplex([0.5, 0.2, -1], 1);
    expect(p[0]).toBeCloseTo(0.65, 12);
    expect(p[1]).toBeCloseTo(0.35, 12);
    expect(p[2]).toBe(0);
  });
});

describe('plan projection', () => {
  it('lands in the feasible set and is closer to z than random feasible points', () => {
    const rand = seededRng(5);
    for (let trial = 0; trial < 50; trial++) {
      const z = Array.from({ length: 3 }, () => Array.from({ length: 4 }, () => 200 * rand() - 50));
      const bounds = [{ min: 50, max: 200 }, { min: 0, max: 120 }, { min: 30, max: 400 }];
      const total = 300;
      const x = projectPlan(z, bounds, total, true);
      expect(sum(x.map(sum))).toBeCloseTo(total, 6);
      x.forEach((row, c) => {
        expect(sum(row)).toBeGreaterThanOrEqual(bounds[c].min - 1e-6);
        expect(sum(row)).toBeLessThanOrEqual(bounds[c].max + 1e-6);
        row.forEach((v) => expect(v).toBeGreaterThanOrEqual(0));
      });
      const dist = (y: number[][]) => y.reduce((acc, row, c) => acc + row.reduce((a, v, w) => a + (v - z[c][w]) ** 2, 0), 0);
      for (let k = 0; k < 30; k++) {
        // A random feasible point: channel totals within bounds summing to 300, split randomly across weeks.
        const totals = [50 + 100 * rand(), 120 * rand()];
        totals.push(total - totals[0] - totals[1]);
        const y = totals.map((t) => {
          const w = Array.from({ length: 4 }, () => rand());
          return w.map((v) => (v / sum(w)) * t);
        });
        expect(dist(x)).toBeLessThanOrEqual(dist(y) + 1e-6);
      }
    }
  });

  it('leaves a point inside the inequality set unchanged', () => {
    const z = [[10, 20], [5, 5]];
    expect(projectPlan(z, [{ min: 0, max: 100 }, { min: 0, max: 100 }], 100, false)).toEqual(z);
  });
});
