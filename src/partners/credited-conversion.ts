/**
 * What crediting hands the ledger (issue 16): a verified conversion credited to one partner of one
 * programme, and a refund of an order. Crediting (`partners/crediting/`) finds them in the facts;
 * the ledger core (`partners/ledger/`) turns them into entries.
 */

export interface CreditedConversion {
  program_id: string;
  partner_id: string;
  event: 'sale' | 'lead' | 'click';
  /** The order id (sale), lead id (lead) or click id (click): one commission per id and rule. */
  id: string;
  /** ISO instant of the conversion. */
  occurred_at: string;
  /** The sale's amount converted into the programme's currency through the rates table (decimal string); null for leads and clicks. */
  amount: string | null;
  /** The order's product id and category, for rules limited to one. */
  product: string | null;
  category: string | null;
  /** The customer (stitched person) for recurring rules; null when unknown. */
  customer: string | null;
  /** How the partner earned it: a coupon on the order, its click in the window, or its share under the programme's model. */
  via: 'coupon' | 'click' | 'model';
  /** The partner's share of the conversion: "1" by coupon or click, the model's fraction (0–1) by model. */
  share: string;
  /** The credited partner click, with its sub-ids (for outgoing postbacks). */
  click_id: string | null;
  sub_ids: Partial<Record<'sub1' | 'sub2' | 'sub3' | 'sub4' | 'sub5', string>>;
  /** Fraud score 0–100 and its reasons, when scored. */
  fraud_score: number | null;
  fraud_reasons: string[];
}

/** A refund of (part of) an order: reverses commissions in proportion (design.md "Partners"). */
export interface OrderRefund {
  /** A retry with the same id changes nothing. */
  refund_id: string;
  order_id: string;
  /** Decimal string in `currency`. */
  amount: string;
  currency: string;
  /** ISO instant. */
  at: string;
  reason: 'refund' | 'other';
}
