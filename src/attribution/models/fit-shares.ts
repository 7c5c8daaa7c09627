/**
 * Splits each conversion's unit of credit among its channels so that the
 * channel totals match the totals of a path-level model (Markov), by
 * iterative proportional fitting (RAS): start from shares proportional to
 * `prior` (the removal effects), then alternately scale channel columns to
 * their targets and each conversion's row back to 1. The row step comes last,
 * so every conversion's shares sum to 1 whatever happens; the channel totals
 * reach the targets whenever such shares exist (the KL-closest ones to the
 * prior). `gap` is the largest remaining |channel total − target|.
 *
 * `counts` (default 1 each) says how many conversions share a row: rows with
 * the same channels get the same shares, so conversions grouped by channel
 * set give the same fit as one row per conversion.
 */
export function fitShares(
  rows: readonly number[][],
  channelCount: number,
  prior: ArrayLike<number>,
  target: ArrayLike<number>,
  maxIterations = 2000,
  tolerance = 1e-12,
  counts?: ArrayLike<number>,
): { shares: number[][]; gap: number } {
  const shares = rows.map((members) => {
    const w = members.map((c) => prior[c]);
    return normaliseRow(w);
  });
  const totalTarget = Array.from(target).reduce((s, t) => s + t, 0);
  let gap = Infinity;
  for (let it = 0; it < maxIterations; it++) {
    const col = new Float64Array(channelCount);
    addColumns(col, rows, shares, counts);
    gap = 0;
    for (let c = 0; c < channelCount; c++) gap = Math.max(gap, Math.abs(col[c] - target[c]));
    if (gap <= tolerance * Math.max(1, totalTarget)) break;
    rows.forEach((members, j) => {
      const row = shares[j];
      members.forEach((c, k) => (row[k] = col[c] > 0 ? (row[k] * target[c]) / col[c] : 0));
      shares[j] = normaliseRow(row);
    });
  }
  const col = new Float64Array(channelCount);
  addColumns(col, rows, shares, counts);
  gap = 0;
  for (let c = 0; c < channelCount; c++) gap = Math.max(gap, Math.abs(col[c] - target[c]));
  return { shares, gap };
}

/** Scales to sum 1; an all-zero row becomes equal shares. */
function normaliseRow(w: number[]): number[] {
  const sum = w.reduce((s, x) => s + x, 0);
  if (!(sum > 0)) return w.map(() => 1 / w.length);
  return w.map((x) => x / sum);
}

/** Adds each row's shares (times its count) to the channel columns. */
function addColumns(col: Float64Array, rows: readonly number[][], shares: readonly number[][], counts: ArrayLike<number> | undefined): void {
  rows.forEach((members, j) => {
    const n = counts ? counts[j] : 1;
    members.forEach((c, k) => (col[c] += n * shares[j][k]));
  });
}
