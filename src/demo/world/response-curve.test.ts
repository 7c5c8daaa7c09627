import { describe, expect, it } from 'vitest';
import { adstock, hill, marginalResponse, response, steadyStateResponse } from './response-curve.js';

describe('adstock', () => {
  it('carries theta of yesterday into today (hand computed)', () => {
    expect(adstock([100, 0, 0], 0.5)).toEqual([100, 50, 25]);
    // 10, 20 + 0.2*10 = 22, 0 + 0.2*22 = 4.4
    const out = adstock([10, 20, 0], 0.2);
    expect(out[0]).toBe(10);
    expect(out[1]).toBeCloseTo(22, 12);
    expect(out[2]).toBeCloseTo(4.4, 12);
  });
  it('reaches the steady state x / (1 - theta) under constant spend', () => {
    const out = adstock(new Array(200).fill(30), 0.6);
    expect(out[199]).toBeCloseTo(75, 9);
  });
});

describe('hill', () => {
  it('is one half at k and matches hand values', () => {
    expect(hill(500, 500, 1.3)).toBeCloseTo(0.5, 12);
    expect(hill(2, 1, 2)).toBeCloseTo(0.8, 12); // 4 / (4 + 1)
    expect(hill(1, 3, 1)).toBeCloseTo(0.25, 12); // 1 / (1 + 3)
    expect(hill(0, 3, 1)).toBe(0);
  });
});

describe('response', () => {
  const params = { theta: 0.5, k: 100, s: 1, beta: 10 };
  it('is beta * hill(adstock)', () => {
    expect(response(params, 100)).toBeCloseTo(5, 12);
    // steady state of 50/day with theta 0.5 is adstock 100
    expect(steadyStateResponse(params, 50)).toBeCloseTo(5, 12);
  });
  it('has the analytic marginal for s = 1: beta*k/(1-theta) / (x/(1-theta) + k)^2', () => {
    const x = 50;
    const a = x / (1 - params.theta);
    const exact = (params.beta * params.k) / (1 - params.theta) / (a + params.k) ** 2;
    expect(marginalResponse(params, x)).toBeCloseTo(exact, 8);
  });
  it('falls with spend beyond the inflection point, also for s > 1', () => {
    const sShaped = { theta: 0.15, k: 500, s: 1.6, beta: 10 };
    // inflection of the Hill curve in adstock: k * ((s - 1) / (s + 1))^(1/s) = 500 * (0.6 / 2.6)^0.625 ≈ 200 → daily spend ≈ 170
    const m = [400, 800, 1600].map((x) => marginalResponse(sShaped, x));
    expect(m[0]).toBeGreaterThan(m[1]);
    expect(m[1]).toBeGreaterThan(m[2]);
    expect(marginalResponse(sShaped, 50)).toBeLessThan(marginalResponse(sShaped, 150));
  });
});
