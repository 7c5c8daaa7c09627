/**
 * Retroactive tiers: when a sale lifts the partner's month to a higher tier of a rule marked
 * `retroactive`, each earlier sale of that month (not wholly reversed) that the rule paid gets an
 * `adjustment` (reason `tier`) bringing it to the new tier's rate on its full amount × share,
 * dated at the crossing sale and limited by the rule's cap like a commission.
 */
import type { CommissionBatch } from './batch.js';
import { earningOf, saleTexts, type SaleRecord } from './ledger-index.js';
import { minus, times } from './exact-decimal.js';
import { joinNotes } from './money.js';
import { tierFor, tierRate, type CompiledRule } from './program-rules.js';

/** Re-rates the month of `crossing` (the sale just paid, the month's `salesInMonth`-th, rated at `tier`). */
export function rerateMonth(batch: CommissionBatch, rule: CompiledRule, crossing: SaleRecord, tier: number, salesInMonth: number, crossingAt: string): void {
  const { index } = batch;
  const month = index.month(crossing.partner, crossing.month);
  const reached = month.tierReached?.get(rule.rule.id) ?? tierFor(rule, salesInMonth - 1);
  if (tier <= reached) return;
  (month.tierReached ??= new Map()).set(rule.rule.id, tier);
  const rate = tierRate(rule, tier);
  const at = Date.parse(crossingAt);
  for (const sale of month.sales) {
    const earning = earningOf(sale, rule.rule.id);
    if (sale === crossing || sale.reversed || earning === undefined) continue;
    const key = `tier:${sale.order}:${rule.rule.id}:${tier}`;
    if (index.keys.has(key)) continue;
    const due = batch.money(times(rule.rule.type === 'percent' ? sale.base : sale.share, rate));
    const difference = minus({ units: due.units, scale: batch.digits }, earning.earned);
    if (difference.units === 0) continue;
    const { units, amount, note } = difference.units > 0 ? batch.capped(rule, sale.partner, at, difference) : batch.money(difference);
    if (units === 0) continue;
    batch.emit({
      partner_id: sale.partner, kind: 'adjustment', reason: 'tier', amount, key, occurred_at: crossingAt, ref: earning.commissionId,
      order_id: sale.order, rule_id: rule.rule.id, order_amount: saleTexts(sale).amount, share: saleTexts(sale).share, customer: sale.customer,
      held: sale.held, fraud_score: sale.fraudScore, note: joinNotes(joinNotes(`tier ${tier} reached on ${crossing.order}`, sale.note), note),
    }, at, units, sale);
  }
}
