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
import { saleTexts, type SaleRecord } from './ledger-index.js';
import { joinNotes, roundMoney, written } from './money.js';

/** Decimal places of `x`. */
const places = (x: Big) => Math.max(0, x.c.length - x.e - 1);

/**
 * `percent` % of `base` as it has always been computed: × percent ÷ 100, where big.js's division
 * keeps 20 places. With at most 18 places in the product the division is exact, so it is the
 * product moved two places (cheaper than a division); otherwise the division as before.
 */
function overrideOf(percent: Big, base: Big): Big {
  const product = base.times(percent);
  return places(product) <= 18 ? product.times(hundredth) : product.div(100);
}

const hundredth = new Big('0.01');

function payOverride(batch: CommissionBatch, parent: string, child: SaleRecord, occurredAt: string): void {
  const key = `override:${child.order}:${child.partner}`;
  if (batch.index.keys.has(key)) return;
  const value = roundMoney(overrideOf(batch.overridePercent!, child.base), batch.program.currency);
  batch.emit({
    partner_id: parent, kind: 'commission', reason: 'override', amount: written(value, batch.program.currency), key, occurred_at: occurredAt, ref: null,
    order_id: child.order, rule_id: null, order_amount: saleTexts(child).amount, share: saleTexts(child).share, customer: child.customer,
    held: child.held, fraud_score: child.fraudScore, note: joinNotes(`override on ${child.partner}`, child.note),
  }, null, 0, value);
}

/** The override on a child's new `sale` when its parent has sold in that month. */
export function payChildOverride(batch: CommissionBatch, sale: SaleRecord, occurredAt: string): void {
  const parent = batch.approvedParent.get(sale.partner);
  if (parent === undefined) return;
  if ((batch.index.monthIfAny(parent, sale.month)?.unreversed ?? 0) === 0) return;
  payOverride(batch, parent, sale, occurredAt);
}

/** The partner's first sale of the month (`sale`) opens its gate: the month's earlier sales of its children get their overrides. */
export function payPendingOverrides(batch: CommissionBatch, sale: SaleRecord, occurredAt: string): void {
  if (batch.overridePercent === null) return;
  if (batch.partners.get(sale.partner)?.status !== 'approved') return;
  for (const child of batch.children.get(sale.partner) ?? []) {
    for (const childSale of batch.index.monthIfAny(child, sale.month)?.sales ?? []) {
      // Dated at the later of the two sales (a child sale stored before a late-arriving parent sale keeps its own date).
      if (!childSale.reversed) payOverride(batch, sale.partner, childSale, childSale.at > sale.at ? new Date(childSale.at).toISOString() : occurredAt);
    }
  }
}
