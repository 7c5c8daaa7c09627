/**
 * Response curves of the marketing-mix model, drawn in the browser from the
 * parameters `/v1/budget/fit` reports per channel. Pure.
 *
 * The model's per-period effect is β · Hill(adstock(spend)) with geometric
 * adstock A_t = x_t + θ·A_{t−1}, so a constant spend x per period settles at
 * A = x / (1 − θ), and Hill(A) = 1 / (1 + (K / A)^S).
 */

export interface CurveParams {
  theta: number;
  k: number;
  s: number;
  beta: number;
}

/** Steady-state outcome per period of a constant spend `x` per period. */
export function steadyStateResponse(x: number, p: CurveParams): number {
  if (!(x > 0) || !(p.theta < 1)) return 0;
  const adstock = x / (1 - p.theta);
  return p.beta / (1 + Math.pow(p.k / adstock, p.s));
}

/**
 * `points` evenly spaced spends from 0 to `maxSpend` with their steady-state
 * response, as [spend, outcome] pairs for a line chart.
 * @example responseCurve({ theta: 0.5, k: 100, s: 1, beta: 10 }, 100, 3) // [[0,0],[50,5],[100,20/3]]
 */
export function responseCurve(p: CurveParams, maxSpend: number, points = 41): Array<[number, number]> {
  const n = Math.max(2, Math.floor(points));
  const top = maxSpend > 0 && Number.isFinite(maxSpend) ? maxSpend : 0;
  return Array.from({ length: n }, (_, i) => {
    const x = (top * i) / (n - 1);
    return [x, steadyStateResponse(x, p)];
  });
}
