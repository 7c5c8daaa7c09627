/**
 * Euclidean projection onto the budget's feasible set
 *   { x ≥ 0, min_c ≤ Σ_w x[c][w] ≤ max_c, Σ x = total (or ≤ total) }.
 * KKT: x[c][w] = max(0, z[c][w] − λ − μ_c). For a given λ each channel's sum is
 * its unconstrained sum clamped to [min_c, max_c], which is non-increasing in λ,
 * so λ is found by bisection and each clamped channel is then projected exactly
 * onto {x ≥ 0, Σx = sum} (sort-based simplex projection).
 */

export interface ChannelBounds {
  min: number;
  max: number;
}

/** Projects z (channel × week) onto the feasible set; `equality` forces Σ x = total. */
export function projectPlan(z: readonly (readonly number[])[], bounds: readonly ChannelBounds[], total: number, equality: boolean): number[][] {
  const freeSum = (row: readonly number[], lambda: number) => row.reduce((acc, v) => acc + Math.max(0, v - lambda), 0);
  const channelSum = (c: number, lambda: number) => Math.min(bounds[c].max, Math.max(bounds[c].min, freeSum(z[c], lambda)));
  const totalAt = (lambda: number) => z.reduce((acc, _, c) => acc + channelSum(c, lambda), 0);

  let lambda = 0;
  if (equality || totalAt(0) > total) {
    // Bracket λ: large λ drives every channel to its minimum, small λ to its maximum.
    let lo = -1;
    let hi = 1;
    const scale = Math.max(1, total, ...z.flat().map(Math.abs));
    lo = -scale;
    hi = scale;
    while (totalAt(lo) < total && lo > -1e30) lo *= 2;
    while (totalAt(hi) > total && hi < 1e30) hi *= 2;
    for (let i = 0; i < 200 && hi - lo > 1e-13 * scale; i++) {
      const mid = (lo + hi) / 2;
      if (totalAt(mid) > total) lo = mid;
      else hi = mid;
    }
    lambda = (lo + hi) / 2;
  }
  return z.map((row, c) => projectSimplex(row.map((v) => v - lambda), channelSum(c, lambda)));
}

/**
 * Projection of v onto { x ≥ 0, Σ x = target } (Held, Wolfe & Crowder; sort-based).
 * @example projectSimplex([3, 1], 2) // [2, 0]
 */
export function projectSimplex(v: readonly number[], target: number): number[] {
  if (v.length === 0) return [];
  const sorted = [...v].sort((a, b) => b - a);
  let cumulative = 0;
  let shift = 0;
  for (let i = 0; i < sorted.length; i++) {
    cumulative += sorted[i];
    const candidate = (cumulative - target) / (i + 1);
    if (i === sorted.length - 1 || sorted[i + 1] <= candidate) {
      shift = candidate;
      break;
    }
  }
  return v.map((x) => Math.max(0, x - shift));
}
