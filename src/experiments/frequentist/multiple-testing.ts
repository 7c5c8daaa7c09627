/**
 * Adjusted p-values for many comparisons (variants × metrics), matching R's
 * `p.adjust(p, "holm")` and `p.adjust(p, "BH")`. Input order is preserved.
 */

/**
 * Holm–Bonferroni step-down adjustment: controls the family-wise error rate.
 * adj(i) = max over j ≤ i (in ascending order) of min(1, (m − j + 1)·p(j)).
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(m);
  let running = 0;
  order.forEach(([p, i], rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    out[i] = running;
  });
  return out;
}

/**
 * Benjamini–Hochberg step-up adjustment: controls the false discovery rate.
 * adj(i) = min over j ≥ i (in ascending order) of min(1, m·p(j)/j).
 */
export function benjaminiHochbergAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(m);
  let running = 1;
  for (let rank = m - 1; rank >= 0; rank--) {
    const [p, i] = order[rank];
    running = Math.min(running, (m * p) / (rank + 1));
    out[i] = Math.min(1, running);
  }
  return out;
}
