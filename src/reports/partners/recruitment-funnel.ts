/**
 * The recruitment funnel (issue 16): of the partners who applied (were created) in the range,
 * how many were approved and how many made a first sale, with the median days of each step.
 * A partner's first sale is its earliest sale commission (an entry with an order amount), at any
 * time after it applied; `rate` is the step's count ÷ the previous step's.
 */
import { localDate } from '../../metrics/time-zone.js';
import type { LedgerEntry, Partner } from '../../records/partners.js';

export interface FunnelStep {
  step: 'applied' | 'approved' | 'first_sale';
  count: number;
  /** count ÷ the previous step's count (null for the first step or a previous count of 0). */
  rate: number | null;
  /** Median days from the previous step (null for the first step or no partner). */
  median_days: number | null;
}

/** The median of sorted-or-not numbers (the mean of the middle two for an even count), 2 places; null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const m = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return Number(m.toFixed(2));
}

const dayMs = 86_400_000;

/**
 * @example
 *   // p1 applied 1 Mar, approved 3 Mar, first sale 10 Mar; p2 applied 2 Mar, approved 2 Mar 12:00; p3 applied 5 Mar
 *   // → applied 3; approved 2 (rate 0.6667, median (2 + 0.5) ÷ 2 = 1.25 days); first_sale 1 (rate 0.5, median 7 days)
 */
export function recruitmentFunnel(partners: readonly Partner[], entries: readonly LedgerEntry[], range: { from: string; to: string; timeZone: string }): FunnelStep[] {
  const firstSale = new Map<string, number>();
  for (const e of entries) {
    if (e.kind !== 'commission' || e.order_amount == null) continue;
    const at = Date.parse(e.occurred_at);
    const known = firstSale.get(e.partner_id);
    if (known === undefined || at < known) firstSale.set(e.partner_id, at);
  }
  const applied = partners.filter((p) => {
    const d = localDate(Date.parse(p.created_at), range.timeZone);
    return d >= range.from && d <= range.to;
  });
  const approved = applied.filter((p) => p.approved_at !== null);
  const selling = approved.filter((p) => firstSale.has(p.id));
  const rate = (n: number, of: number) => (of === 0 ? null : Number((n / of).toFixed(4)));
  return [
    { step: 'applied', count: applied.length, rate: null, median_days: null },
    { step: 'approved', count: approved.length, rate: rate(approved.length, applied.length), median_days: median(approved.map((p) => (Date.parse(p.approved_at!) - Date.parse(p.created_at)) / dayMs)) },
    { step: 'first_sale', count: selling.length, rate: rate(selling.length, approved.length), median_days: median(selling.map((p) => Math.max(0, firstSale.get(p.id)! - Date.parse(p.approved_at!)) / dayMs)) },
  ];
}
