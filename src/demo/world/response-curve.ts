/**
 * The causal response model of the demo world: geometric adstock followed by a
 * Hill saturation curve. These are the same functional forms the budget
 * engine fits, so its estimates can be compared with the truth.
 */
import type { ResponseParams } from '../../records/demo-truth.js';

/** Geometric adstock: a_t = x_t + theta * a_{t-1}, a_{-1} = 0. adstock([100, 0, 0], 0.5) = [100, 50, 25]. */
export function adstock(series: readonly number[], theta: number): number[] {
  const out: number[] = new Array(series.length);
  let carry = 0;
  for (let t = 0; t < series.length; t += 1) {
    carry = series[t] + theta * carry;
    out[t] = carry;
  }
  return out;
}

/** Hill saturation x^s / (x^s + k^s) in [0, 1); hill(k, k, s) = 0.5. */
export function hill(x: number, k: number, s: number): number {
  if (x <= 0) return 0;
  const xs = x ** s;
  return xs / (xs + k ** s);
}

/** Expected incremental outcome per day at an adstock level: beta * hill(a, k, s). */
export function response(params: ResponseParams, adstocked: number): number {
  return params.beta * hill(adstocked, params.k, params.s);
}

/**
 * Expected incremental outcome per day when `dailySpend` is spent every day for
 * long enough to reach the adstock steady state dailySpend / (1 - theta).
 */
export function steadyStateResponse(params: ResponseParams, dailySpend: number): number {
  return response(params, dailySpend / (1 - params.theta));
}

/** Marginal outcome of one more unit of steady daily spend (central difference). */
export function marginalResponse(params: ResponseParams, dailySpend: number): number {
  const h = Math.max(1e-6, dailySpend * 1e-4);
  return (steadyStateResponse(params, dailySpend + h) - steadyStateResponse(params, Math.max(0, dailySpend - h))) / (dailySpend + h - Math.max(0, dailySpend - h));
}
