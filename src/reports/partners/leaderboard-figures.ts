/**
 * The manager's leaderboard figures per partner (issue 16), computed from the programme's ledger,
 * its partners' link clicks and (when given) each partner's revenue under last click and under the
 * data-driven model. Pure: plain records in, rows out.
 *
 * - `clicks`: clicks on the partner's links in the range as `/c/:slug` recorded them (server-observed).
 * - `conversions`: the partner's credited sales in the range (distinct orders with a sale commission).
 * - `revenue`: those sales' credited revenue in the programme's currency (order amount × the partner's share), before refunds.
 * - `commissions`: what the partner earned in the range net of reversals and clawbacks (commissions, adjustments, reversals, clawbacks by `occurred_at`).
 * - `earnings_per_click`: commissions ÷ clicks (the affiliate EPC).
 * - `roas`: revenue ÷ commissions (commissions as the spend); `roas_after_commissions`:
 *   (revenue − commissions) ÷ commissions, what each unit of commission returns once it is paid.
 *   Null when commissions are 0 or less.
 * - `fraud_score`: the mean fraud score (0–100) of the partner's scored commissions in the range.
 * - `last_click_share` / `data_driven_share`: the partner's share of the revenue of the sales its
 *   programme's partners touched, under last click and under the data-driven model.
 */
import Big from 'big.js';
import type { LedgerEntry, Partner } from '../../records/partners.js';
import { minorDigits } from '../../money/currency.js';
import { localDate } from '../../metrics/time-zone.js';

export interface LeaderboardRow {
  partner_id: string;
  name: string;
  kind: Partner['kind'];
  status: Partner['status'];
  clicks: number;
  conversions: number;
  revenue: string;
  commissions: string;
  earnings_per_click: string | null;
  roas: number | null;
  roas_after_commissions: number | null;
  fraud_score: number | null;
  last_click_share: number | null;
  data_driven_share: number | null;
}

export interface LeaderboardInput {
  partners: readonly Partner[];
  currency: string;
  timeZone: string;
  from: string;
  to: string;
  /** The programme's ledger (entries outside the range are left out here). */
  entries: readonly LedgerEntry[];
  /** Clicks per link slug in the range. */
  clicksBySlug: ReadonlyMap<string, number>;
  /** Per partner, its share (0–1) of the touched sales' revenue under each model; absent: the shares are null. */
  shares?: ReadonlyMap<string, { last_click: number; data_driven: number }>;
}

const ratio = (x: Big, y: Big, places: number): number | null => (y.lte(0) ? null : Number(x.div(y).toFixed(places)));

/**
 * One row per partner, by commissions (highest first), then partner id.
 * @example
 *   // p1: 40 clicks, sales o1 (200.00, share 1) and o2 (100.00 × 0.5), commissions 20.00 + 5.00 − 2.00 = 23.00
 *   // → conversions 2, revenue 250.00, earnings_per_click 0.58 (23 ÷ 40 = 0.575), roas 10.8696, roas_after_commissions 9.8696
 */
export function leaderboardRows(input: LeaderboardInput): LeaderboardRow[] {
  const digits = minorDigits(input.currency);
  const inRange = (e: LedgerEntry) => {
    const d = localDate(Date.parse(e.occurred_at), input.timeZone);
    return d >= input.from && d <= input.to;
  };
  const acc = new Map<string, { orders: Map<string, Big>; commissions: Big; scores: number[] }>();
  for (const e of input.entries) {
    if (e.kind === 'payout' || !inRange(e)) continue;
    const a = acc.get(e.partner_id) ?? acc.set(e.partner_id, { orders: new Map(), commissions: new Big(0), scores: [] }).get(e.partner_id)!;
    a.commissions = a.commissions.plus(e.amount);
    if (e.kind !== 'commission') continue;
    if (e.fraud_score !== null) a.scores.push(e.fraud_score);
    if (e.order_id !== null && e.order_amount != null && !a.orders.has(e.order_id)) a.orders.set(e.order_id, new Big(e.order_amount).times(e.share ?? '1'));
  }
  const rows = input.partners.map((p): LeaderboardRow => {
    const a = acc.get(p.id);
    const clicks = p.links.reduce((n, slug) => n + (input.clicksBySlug.get(slug) ?? 0), 0);
    const revenue = [...(a?.orders.values() ?? [])].reduce((s, v) => s.plus(v), new Big(0));
    const commissions = a?.commissions ?? new Big(0);
    const share = input.shares?.get(p.id);
    return {
      partner_id: p.id, name: p.name, kind: p.kind, status: p.status,
      clicks,
      conversions: a?.orders.size ?? 0,
      revenue: revenue.toFixed(digits),
      commissions: commissions.toFixed(digits),
      earnings_per_click: clicks === 0 ? null : commissions.div(clicks).toFixed(digits),
      roas: ratio(revenue, commissions, 4),
      roas_after_commissions: ratio(revenue.minus(commissions), commissions, 4),
      fraud_score: a && a.scores.length ? Math.round(a.scores.reduce((s, x) => s + x, 0) / a.scores.length) : null,
      last_click_share: input.shares ? (share?.last_click ?? 0) : null,
      data_driven_share: input.shares ? (share?.data_driven ?? 0) : null,
    };
  });
  return rows.sort((x, y) => new Big(y.commissions).cmp(x.commissions) || x.partner_id.localeCompare(y.partner_id));
}

/** A string key that sorts as the decimal `amount` does (code-unit order, for cursor paging): amounts above −10^20. */
export function amountSortKey(amount: string): string {
  return new Big(amount).plus('1e20').toFixed(6).padStart(30, '0');
}
