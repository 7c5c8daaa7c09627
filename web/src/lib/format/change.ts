/** Period-over-period change of a metric and whether it is good news. Pure. */

export type Good = 'up' | 'down';
export type Tone = 'good' | 'bad' | 'neutral';

/**
 * Relative change from `previous` to `current` (0.1 = +10%); null when the
 * previous value is zero or either is missing, since no ratio exists then.
 */
export function relativeChange(
  current: number | null | undefined,
  previous: number | null | undefined,
): number | null {
  if (current === null || current === undefined || previous === null || previous === undefined) return null;
  if (!Number.isFinite(current) || !Number.isFinite(previous) || previous === 0) return null;
  return (current - previous) / Math.abs(previous);
}

/**
 * Whether a change is good news for a metric whose `good` direction is
 * given: revenue up is good, CPA up is bad; no change or no data is neutral.
 */
export function changeTone(change: number | null, good: Good | undefined): Tone {
  if (change === null || change === 0 || !good) return 'neutral';
  return (change > 0) === (good === 'up') ? 'good' : 'bad';
}
