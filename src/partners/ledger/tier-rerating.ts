/**
 * Retroactive tiers: when a sale lifts the partner's month to a higher tier of a rule marked
 * `retroactive`, each earlier sale of that month (not wholly reversed) that the rule paid gets an
 * `adjustment` (reason `tier`) bringing it to the new tier's rate on its full amount × share,
 * dated at the crossing sale and limited by the rule's cap like a commission.
 */
import type { CommissionBatch } from './batch.js';
import { earnedOf, earningOf, saleTexts, type SaleRecord } from './ledger-index.js';
import { joinNotes, roundMoney, written } from './money.js';
import { rateFor, type CompiledRule } from './program-rules.js';

/** Re-rates the month of `crossing` (the sale just paid, the month's `salesInMonth`-th, rated at `tier`). */
export function rerateMonth(batch: CommissionBatch, rule: CompiledRule, crossing: SaleRecord, tier: number, salesInMonth: number, crossingAt: string): void {
  if (tier === 0) return;
  const { index, program } = batch;
  const month = crossing.monthOf;
  const reached = month.tierReached?.get(rule.rule.id) ?? rateFor(rule, salesInMonth - 1).tier;
  if (tier <= reached) return;
  (month.tierReached ??= new Map()).set(rule.rule.id, tier);
  const rate = rule.tiers[tier - 1].rate;
  const at = Date.parse(crossingAt);
  const reachedNote = `tier ${tier} reached on ${crossing.order}`;
  for (const sale of month.sales) {
    const earning = earningOf(sale, rule.rule.id);
    if (sale === crossing || sale.reversed || earning === undefined) continue;
    const key = `tier:${sale.order}:${rule.rule.id}:${tier}`;
    if (index.keys.has(key)) continue;
    const base = rule.rule.type === 'percent' ? sale.base : sale.share;
    const difference = roundMoney(base.times(rate), program.currency).minus(earnedOf(earning));
    if (difference.eq(0)) continue;
    const { amount, value, note } = difference.gt(0) ? batch.capped(rule, sale.partner, at, difference) : { amount: written(difference, program.currency), value: difference, note: null };
    if (value.eq(0)) continue;
    batch.emit({
      partner_id: sale.partner, kind: 'adjustment', reason: 'tier', amount, key, occurred_at: crossingAt, ref: earning.commissionId,
      order_id: sale.order, rule_id: rule.rule.id, order_amount: saleTexts(sale).amount, share: saleTexts(sale).share, customer: sale.customer,
      held: sale.held, fraud_score: sale.fraudScore, note: joinNotes(joinNotes(reachedNote, sale.note), note),
    }, sale, at, value);
  }
}
