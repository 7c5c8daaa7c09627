/**
 * What the experiment page says about the traffic split (sample ratio
 * mismatch). The server flags a mismatch below p = 0.001; the page must never
 * call such a split "matching", nor one whose p only rounds to 0.001.
 */
import { formatPValue, INTL_TAG, type Locale } from '../../lib/format/format';

/** The SRM threshold of the server (src/experiments/frequentist/srm.ts). */
export const SRM_THRESHOLD = 0.001;
/** Below this (but not below the threshold) the split is shown as worth checking, not as matching. */
export const SRM_CAUTION = 0.01;

/** `mismatch`: do not trust; `check`: unusual, not yet a mismatch; `ok`: matches the plan; `unknown`: no test yet. */
export type SrmState = 'mismatch' | 'check' | 'ok' | 'unknown';

/**
 * The page's verdict on the split from the SRM p-value and the server's
 * warning (a string, or `true` from older servers).
 * @example srmState(0.0009, null) // 'mismatch'; srmState(0.0011, null) // 'check'
 */
export function srmState(p: number | null | undefined, warning: unknown): SrmState {
  if (warning) return 'mismatch';
  if (p === null || p === undefined || !Number.isFinite(p)) return 'unknown';
  if (p < SRM_THRESHOLD) return 'mismatch';
  if (p < SRM_CAUTION) return 'check';
  return 'ok';
}

/**
 * The SRM p-value as text that never rounds onto the threshold: two
 * significant digits below 0.01 (0.0011, not 0.001), three decimals above.
 */
export function formatSrmP(p: number, locale: Locale): string {
  if (p > 0 && p < SRM_CAUTION) return new Intl.NumberFormat(INTL_TAG[locale], { maximumSignificantDigits: 2 }).format(p);
  return formatPValue(p, locale);
}
