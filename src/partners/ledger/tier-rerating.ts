/**
 * Retroactive tiers: when a sale lifts the partner's month to a higher tier of a rule marked
 * `retroactive`, each earlier sale of that month (not wholly reversed) that the rule paid gets an
 * `adjustment` (reason `tier`) bringing it to the new tier's rate on its full amount × share,
 * dated at the crossing sale and limited by the rule's cap like a commission.
 */
import Big from 'big.js';
import type { CommissionBatch } from './batch.js';
import type { SaleRecord } from './ledger-index.js';
import { money } from './money.js';
import { rateFor, type CompiledRule } from './program-rules.js';

/** Re-rates the month of `crossing` (the sale just paid, the month's `salesInMonth`-th, rated at `tier`). */
export function rerateMonth(batch: CommissionBatch, rule: CompiledRule, crossing: SaleRecord, tier: number, salesInMonth: number, crossingAt: string): void {
  const { index, program } = batch;
  const monthKey = index.monthKey(crossing.partner, crossing.month);
  const reachedKey = `${monthKey}\u0000${rule.rule.id}`;
  const reached = index.tierReached.get(reachedKey) ?? rateFor(rule, salesInMonth - 1).tier;
  if (tier <= reached) return;
  index.tierReached.set(reachedKey, tier);
  const rate = rule.tiers[tier - 1].rate;
  const at = Date.parse(crossingAt);
  for (const sale of index.salesByMonth.get(monthKey) ?? []) {
    const earned = sale.byRule.get(rule.rule.id)?.earned;
    if (sale === crossing || sale.reversed || earned === undefined) continue;
    const key = `tier:${sale.order}:${rule.rule.id}:${tier}`;
    if (index.keys.has(key)) continue;
    const base = rule.rule.type === 'percent' ? sale.amount.times(sale.share) : sale.share;
    const difference = new Big(money(base.times(rate), program.currency)).minus(earned);
    if (difference.eq(0)) continue;
    const { amount, note } = difference.gt(0) ? batch.capped(rule, sale.partner, at, difference) : { amount: money(difference, program.currency), note: null };
    if (new Big(amount).eq(0)) continue;
    batch.emit({
      partner_id: sale.partner, kind: 'adjustment', reason: 'tier', amount, key, occurred_at: crossingAt, ref: sale.byRule.get(rule.rule.id)?.commissionId ?? null,
      order_id: sale.order, rule_id: rule.rule.id, order_amount: sale.amount.toFixed(), share: sale.share.toFixed(), customer: sale.customer,
      held: sale.held, fraud_score: sale.fraudScore, note: [`tier ${tier} reached on ${crossing.order}`, sale.note, note].filter((n) => n !== null).join('; '),
    });
  }
}
