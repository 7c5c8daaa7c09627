/**
 * Two-level overrides: a parent partner earns `program.override_percent` of each sale of its
 * children (amount × the child's share), as a `commission` with reason `override` and key
 * `override:<order>:<child>`, held when the child's sale is held. The gate: the parent must have
 * a credited sale of its own (not wholly reversed) in the same local month.
 *
 * When the parent's own first sale of the month comes after some of its children's sales, those
 * earlier child sales of the month get their overrides then, dated at the parent's sale (the
 * gate opened for the whole month). A month that ends without a sale of the parent pays it no
 * override. Once made, an override stays even if the parent's own sale is later refunded; a
 * refund of the child's order reverses the override in proportion like any commission.
 * Only an approved parent earns overrides.
 */
import Big from 'big.js';
import type { CommissionBatch } from './batch.js';
import type { SaleRecord } from './ledger-index.js';
import { money } from './money.js';

function payOverride(batch: CommissionBatch, parent: string, child: SaleRecord, occurredAt: string): void {
  const key = `override:${child.order}:${child.partner}`;
  if (batch.index.keys.has(key)) return;
  const percent = new Big(batch.program.override_percent!);
  batch.emit({
    partner_id: parent, kind: 'commission', reason: 'override', amount: money(child.amount.times(child.share).times(percent).div(100), batch.program.currency),
    key, occurred_at: occurredAt, order_id: child.order, order_amount: child.amount.toFixed(), share: child.share.toFixed(), customer: child.customer,
    held: child.held, fraud_score: child.fraudScore, note: [`override on ${child.partner}`, child.note].filter((n) => n !== null).join('; '),
  });
}

function approvedParentOf(batch: CommissionBatch, partnerId: string): string | null {
  if (batch.program.override_percent === undefined) return null;
  const parentId = batch.partners.get(partnerId)?.parent_id ?? null;
  if (parentId === null || batch.partners.get(parentId)?.status !== 'approved') return null;
  return parentId;
}

/** The override on a child's new `sale` when its parent has sold in that month. */
export function payChildOverride(batch: CommissionBatch, sale: SaleRecord, occurredAt: string): void {
  const parent = approvedParentOf(batch, sale.partner);
  if (parent === null) return;
  if ((batch.index.unreversedCount.get(batch.index.monthKey(parent, sale.month)) ?? 0) === 0) return;
  payOverride(batch, parent, sale, occurredAt);
}

/** The partner's first sale of the month (`sale`) opens its gate: the month's earlier sales of its children get their overrides. */
export function payPendingOverrides(batch: CommissionBatch, sale: SaleRecord, occurredAt: string): void {
  if (batch.program.override_percent === undefined) return;
  if (batch.partners.get(sale.partner)?.status !== 'approved') return;
  for (const child of batch.children.get(sale.partner) ?? []) {
    for (const childSale of batch.index.salesByMonth.get(batch.index.monthKey(child, sale.month)) ?? []) {
      // Dated at the later of the two sales (a child sale stored before a late-arriving parent sale keeps its own date).
      if (!childSale.reversed) payOverride(batch, sale.partner, childSale, childSale.at > sale.at ? new Date(childSale.at).toISOString() : occurredAt);
    }
  }
}
