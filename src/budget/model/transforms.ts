/**
 * The media transforms of the marketing-mix model: geometric adstock (carry-over)
 * followed by Hill saturation, each channel's effect being β · Hill(adstock(spend)).
 */

/** Hyper-parameters and coefficient of one channel's response curve. */
export interface ChannelCurve {
  /** Geometric decay per period, 0 ≤ θ < 1. */
  theta: number;
  /** Half-saturation point, in adstocked spend units (Hill = 0.5 there). */
  k: number;
  /** Hill shape: < 1 concave from the start, > 1 S-shaped. */
  s: number;
  /** Effect at full saturation, in outcome units. */
  beta: number;
}

/**
 * Geometric adstock A_t = x_t + θ · A_{t−1}, with A_{−1} = `carryIn`
 * (the adstocked spend of the period before the series).
 * @example geometricAdstock([100, 0, 0], 0.5) // [100, 50, 25]
 */
export function geometricAdstock(spend: readonly number[], theta: number, carryIn = 0): number[] {
  const out = new Array<number>(spend.length);
  let previous = carryIn;
  for (let t = 0; t < spend.length; t++) {
    previous = spend[t] + theta * previous;
    out[t] = previous;
  }
  return out;
}

/**
 * Hill saturation x^S / (x^S + K^S), in [0, 1); 0 for x ≤ 0.
 * @example hill(50, 50, 2) // 0.5
 */
export function hill(x: number, k: number, s: number): number {
  if (x <= 0) return 0;
  return 1 / (1 + Math.pow(k / x, s));
}

/**
 * d/dx of the Hill curve, S·h·(1−h)/x. At x = 0 it is 0 for S > 1, 1/K for S = 1,
 * and unbounded for S < 1 (a large finite slope is returned so optimisers stay finite).
 */
export function hillDerivative(x: number, k: number, s: number): number {
  if (x <= 0) {
    if (s > 1) return 0;
    if (s === 1) return 1 / k;
    x = k * 1e-9;
  }
  const h = hill(x, k, s);
  return (s * h * (1 - h)) / x;
}

/** Per-period effect β · Hill(adstock(spend)) of one channel. */
export function channelEffect(spend: readonly number[], curve: ChannelCurve, carryIn = 0): number[] {
  return geometricAdstock(spend, curve.theta, carryIn).map((a) => curve.beta * hill(a, curve.k, curve.s));
}
