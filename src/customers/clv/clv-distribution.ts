/**
 * The predicted-CLV picture sized by the picture, not by the people (issue 14, "payloads sized by the
 * picture"): a histogram of money with stated, exact edges, a histogram of P(alive), and the summary
 * figures (median CLV, mean P(alive), share likely alive) over groups of identical customers, each
 * group weighing its number of customers. Pure: plain numbers in and out.
 */

/** A value shared by `weight` customers (a group of identical CLV summaries). */
export interface Weighted {
  value: number;
  weight: number;
}

/**
 * Money bins: `edges` are decimal strings in the currency's minor units (n + 1 edges for n bins), a
 * customer counts in bin i when edges[i] ≤ CLV < edges[i + 1], the last bin also holding its upper edge.
 */
export interface MoneyHistogram {
  edges: string[];
  counts: number[];
}

/** Bins of a fraction: edges 0, 0.1, …, 1; bin i holds edges[i] ≤ p < edges[i + 1], the last one also 1. */
export interface FractionHistogram {
  edges: number[];
  counts: number[];
}

/** The smallest 1, 2 or 5 × 10^k (k ≥ 0) at least `raw`: a width a reader can add up. */
export function niceWidth(raw: number): number {
  if (!(raw > 1)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const step of [1, 2, 5, 10]) if (step * power >= raw) return step * power;
  return 10 * power;
}

/** An integer number of minor units as a decimal string with `digits` decimals (12345, 2 → "123.45"). */
export function minorToDecimal(minor: number, digits: number): string {
  const sign = minor < 0 ? '-' : '';
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${text}` : `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/**
 * About `bins` equal bins of money whose width is 1, 2 or 5 × 10^k minor units, from the first edge at
 * or below the smallest value to the first at or above the largest; counts are numbers of customers.
 *
 * @example moneyHistogram([{ value: 3.2, weight: 2 }, { value: 97, weight: 1 }], 2, 10)
 *   // { edges: ['0.00', '10.00', …, '100.00'], counts: [2, 0, 0, 0, 0, 0, 0, 0, 0, 1] }
 */
export function moneyHistogram(values: readonly Weighted[], digits: number, bins = 24): MoneyHistogram {
  const finite = values.filter((v) => Number.isFinite(v.value) && v.weight > 0);
  if (finite.length === 0) return { edges: [], counts: [] };
  const scale = 10 ** digits;
  let min = Infinity;
  let max = -Infinity;
  for (const { value } of finite) {
    min = Math.min(min, value * scale);
    max = Math.max(max, value * scale);
  }
  const width = niceWidth((max - min) / bins);
  const low = Math.floor(min / width) * width;
  const n = Math.max(1, Math.ceil((max - low) / width));
  const counts = new Array<number>(n).fill(0);
  for (const { value, weight } of finite) counts[Math.min(n - 1, Math.max(0, Math.floor((value * scale - low) / width)))] += weight;
  return { edges: Array.from({ length: n + 1 }, (_, i) => minorToDecimal(low + i * width, digits)), counts };
}

/** Ten bins of a fraction from 0 to 1 (values outside are clamped to the end bins). */
export function fractionHistogram(values: readonly Weighted[], bins = 10): FractionHistogram {
  const counts = new Array<number>(bins).fill(0);
  for (const { value, weight } of values) if (Number.isFinite(value) && weight > 0) counts[Math.min(bins - 1, Math.max(0, Math.floor(value * bins)))] += weight;
  return { edges: Array.from({ length: bins + 1 }, (_, i) => i / bins), counts };
}

/**
 * The q-quantile of the customers' values, each group repeated `weight` times, with numpy's default
 * linear interpolation (the same number as over one value per customer); null without customers.
 *
 * @example weightedQuantile([{ value: 1, weight: 3 }, { value: 5, weight: 1 }], 0.5) // 1
 */
export function weightedQuantile(values: readonly Weighted[], q: number): number | null {
  const sorted = values.filter((v) => Number.isFinite(v.value) && v.weight > 0).sort((a, b) => a.value - b.value);
  const n = sorted.reduce((s, v) => s + v.weight, 0);
  if (n === 0) return null;
  const position = (n - 1) * Math.min(1, Math.max(0, q));
  const at = (index: number) => {
    let seen = 0;
    for (const v of sorted) {
      seen += v.weight;
      if (index < seen) return v.value;
    }
    return sorted[sorted.length - 1].value;
  };
  const lower = Math.floor(position);
  const below = at(lower);
  return below + (at(Math.ceil(position)) - below) * (position - lower);
}

/**
 * A sortable text of a number: the order of the texts (by code units) is the order of the numbers,
 * so a cursor can page customers most valuable first (`paging.ts` compares keys as strings).
 *
 * @example [sortableNumber(-1), sortableNumber(0), sortableNumber(2.5)] // ascending as texts too
 */
export function sortableNumber(value: number): string {
  const bytes = new DataView(new ArrayBuffer(8));
  bytes.setFloat64(0, value === 0 ? 0 : value);
  const high = bytes.getUint32(0);
  const low = bytes.getUint32(4);
  // Positive numbers: the sign bit set; negative ones: every bit flipped (larger magnitude sorts first).
  const [h, l] = high >>> 31 ? [~high >>> 0, ~low >>> 0] : [(high | 0x80000000) >>> 0, low];
  return h.toString(16).padStart(8, '0') + l.toString(16).padStart(8, '0');
}
