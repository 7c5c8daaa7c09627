/** Equal-width histograms for distributions such as predicted CLV. Pure. */

export interface Bin {
  /** Inclusive lower edge. */
  from: number;
  /** Upper edge (inclusive for the last bin only). */
  to: number;
  count: number;
}

/**
 * `bins` equal-width bins from the minimum to the maximum of the finite
 * values; every finite value lands in exactly one bin (the maximum in the last).
 * @example histogram([0, 1, 2, 3], 2) // [{from:0,to:1.5,count:2},{from:1.5,to:3,count:2}]
 */
export function histogram(values: readonly number[], bins = 20): Bin[] {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [];
  let min = Infinity;
  let max = -Infinity;
  for (const v of finite) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const n = min === max ? 1 : Math.max(1, Math.floor(bins));
  const width = min === max ? 1 : (max - min) / n;
  const out: Bin[] = Array.from({ length: n }, (_, i) => ({ from: min + i * width, to: i === n - 1 ? max : min + (i + 1) * width, count: 0 }));
  for (const v of finite) out[Math.min(n - 1, Math.floor((v - min) / width))].count += 1;
  return out;
}

/** The value below which a fraction `q` of the sorted values lie (linear interpolation, like numpy's default). */
export function quantile(values: readonly number[], q: number): number | null {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const position = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}
