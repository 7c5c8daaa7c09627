import { describe, expect, it } from 'vitest';
import { responseCurve, steadyStateResponse } from './response-curve';

describe('steadyStateResponse', () => {
  it('is β/2 where the steady adstock x/(1−θ) equals K', () => {
    // θ = 0.5 doubles a constant spend: x = 50 → A = 100 = K → Hill = 0.5.
    expect(steadyStateResponse(50, { theta: 0.5, k: 100, s: 2, beta: 40 })).toBeCloseTo(20, 12);
  });

  it('matches hand-computed Hill values', () => {
    // θ = 0.2: x = 80 → A = 100; K = 50, S = 2 → 1 / (1 + 0.25) = 0.8 → β·0.8 = 8.
    expect(steadyStateResponse(80, { theta: 0.2, k: 50, s: 2, beta: 10 })).toBeCloseTo(8, 12);
    // S = 1, θ = 0: x = 300, K = 100 → 300/400 = 0.75.
    expect(steadyStateResponse(300, { theta: 0, k: 100, s: 1, beta: 4 })).toBeCloseTo(3, 12);
  });

  it('is 0 for no spend and never exceeds β', () => {
    const p = { theta: 0.3, k: 10, s: 1.5, beta: 7 };
    expect(steadyStateResponse(0, p)).toBe(0);
    expect(steadyStateResponse(1e12, p)).toBeLessThanOrEqual(7);
    expect(steadyStateResponse(1e12, p)).toBeGreaterThan(6.99);
  });
});

describe('responseCurve', () => {
  it('spaces points evenly from 0 to the maximum and rises monotonically', () => {
    const curve = responseCurve({ theta: 0.5, k: 100, s: 1, beta: 10 }, 100, 3);
    expect(curve.map(([x]) => x)).toEqual([0, 50, 100]);
    // x = 50 → A = 100 = K → 5; x = 100 → A = 200 → 200/300·10.
    expect(curve[1][1]).toBeCloseTo(5, 12);
    expect(curve[2][1]).toBeCloseTo(20 / 3, 12);
    const many = responseCurve({ theta: 0.4, k: 30, s: 2.5, beta: 3 }, 500, 50);
    for (let i = 1; i < many.length; i++) expect(many[i][1]).toBeGreaterThanOrEqual(many[i - 1][1]);
  });
});
