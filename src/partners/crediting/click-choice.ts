import type { CreditingMode } from '../../records/partners.js';
import type { PartnerClickFact } from './facts.js';

export const DAY_MS = 86_400_000;

/** Epoch milliseconds of an ISO instant. */
export const millis = (iso: string): number => Date.parse(iso);

/**
 * The clicks of `person` in the window before a conversion at `ts`: from `ts` − `windowDays`
 * days up to and including `ts` (both edges count).
 */
export function clicksInWindow(clicks: readonly PartnerClickFact[], ts: string, windowDays: number): PartnerClickFact[] {
  const end = millis(ts);
  const start = end - windowDays * DAY_MS;
  return clicks.filter((c) => {
    const at = millis(c.ts);
    return at >= start && at <= end;
  });
}

/**
 * The click a sale is credited to: the earliest (`first_click`) or latest (`last_click`) by
 * (time, click id), so equal times resolve the same way on every run.
 *
 * @example
 *   chooseClick([{ click_id: 'a', ts: '2026-03-01T00:00:00.000Z' }, { click_id: 'b', ts: '2026-03-02T00:00:00.000Z' }], 'first_click') // → a
 */
export function chooseClick<T extends Pick<PartnerClickFact, 'ts' | 'click_id'>>(clicks: readonly T[], mode: CreditingMode): T | undefined {
  let best: T | undefined;
  for (const c of clicks) {
    if (!best) {
      best = c;
      continue;
    }
    const order = millis(c.ts) - millis(best.ts) || (c.click_id < best.click_id ? -1 : c.click_id > best.click_id ? 1 : 0);
    if (mode === 'first_click' ? order < 0 : order > 0) best = c;
  }
  return best;
}
