import { describe, expect, it } from 'vitest';
import { minimize, numericHessian } from './optimize.js';

describe('minimize', () => {
  it('finds the Rosenbrock minimum at (1, 1)', () => {
    const rosenbrock = ([x, y]: number[]) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;
    const result = minimize(rosenbrock, [[-1.2, 1]]);
    expect(result.x[0]).toBeCloseTo(1, 4);
    expect(result.x[1]).toBeCloseTo(1, 4);
    expect(result.converged).toBe(true);
  });

  it('treats non-finite values as walls', () => {
    const f = ([x]: number[]) => (x <= 0 ? NaN : x - Math.log(x)); // minimum at x = 1
    expect(minimize(f, [[3]]).x[0]).toBeCloseTo(1, 5);
  });
});

describe('numericHessian', () => {
  it('recovers the matrix of a quadratic form', () => {
    // f = ½ xᵀAx with A = [[4, 1], [1, 3]]
    const f = ([x, y]: number[]) => 0.5 * (4 * x * x + 2 * x * y + 3 * y * y);
    const H = numericHessian(f, [0.7, -0.3]);
    expect(H[0][0]).toBeCloseTo(4, 5);
    expect(H[0][1]).toBeCloseTo(1, 5);
    expect(H[1][0]).toBeCloseTo(1, 5);
    expect(H[1][1]).toBeCloseTo(3, 5);
  });
});
