/**
 * Partner programmes (issue 16) as stored: programmes with their commission rules, partners
 * (affiliates, influencers, publishers) with their links and coupons, and the append-only ledger
 * of what is owed to them. Money is a decimal string in the programme's currency (ISO 4217);
 * ledger amounts are signed (a reversal, a clawback and a payout are negative).
 * The precise rules are design.md's "Partners" terms.
 */

export const partnerKinds = ['affiliate', 'influencer', 'publisher'] as const;
export type PartnerKind = (typeof partnerKinds)[number];

/** applied → approved → suspended → banned (a suspended partner may be approved again). */
export const partnerStatuses = ['applied', 'approved', 'suspended', 'banned'] as const;
export type PartnerStatus = (typeof partnerStatuses)[number];

/** A tier: from the partner's `min_sales`-th credited, unreversed sale in the calendar month on, `amount` replaces the rule's. */
export interface CommissionTier {
  min_sales: number;
  amount: string;
}

/** What a commission is paid on. */
export const commissionEvents = ['sale', 'lead', 'click'] as const;
export type CommissionEvent = (typeof commissionEvents)[number];

/** One commission rule of a programme. */
export interface CommissionRule {
  /** Stable within the programme (`r1`, `r2`, …): one commission per order and rule. */
  id: string;
  event: CommissionEvent;
  /** `percent` of the sale's amount ("10" = 10%), or a `flat` amount in the programme's currency. */
  type: 'percent' | 'flat';
  amount: string;
  /** Ascending `min_sales`; the highest reached applies (design.md). */
  tiers?: CommissionTier[];
  /** Crossing a tier re-rates the month's earlier sales with `adjustment` entries. */
  retroactive?: boolean;
  /** Only sales of this product id or category (an order's `product` / `category`). */
  product?: string;
  /** Recurring: the customer's sales for this many months after the first credited one (absent: the credited sale only; 0: for life). */
  months?: number;
  /** At most this much commission from this rule per partner per local day or calendar month. */
  cap?: { per: 'day' | 'month'; amount: string };
}

/** How a programme credits a sale to a partner: a coupon on the order first, then the first or last partner click in the window, or the partner's share under an attribution model. */
export type CreditingMode = 'last_click' | 'first_click';

export interface Program {
  id: string;
  workspace_id: string;
  name: string;
  /** ISO 4217: every commission and payout of the programme is in it. */
  currency: string;
  /** Days a sale may follow the partner click it is credited to. */
  window_days: number;
  /** Days a commission stays pending before it is approved. */
  hold_days: number;
  crediting: CreditingMode;
  /** When set, the programme pays partners their share of each sale under this attribution model (`markov`, `shapley`, `linear`, …) instead of by click. */
  model?: string;
  rules: CommissionRule[];
  /**
   * How many rule ids the programme has handed out (`r1` … `rN`): a new rule gets `r(N+1)`, so an id
   * is never given to a second rule, not after its rule was removed (the ledger keys a commission by
   * order and rule). Absent on programmes stored before it was kept: counted from their rules and ledger.
   */
  rule_ids_issued?: number;
  /** A two-level override: this percent of a child partner's sale, paid to its parent when the parent made a sale of its own that month. */
  override_percent?: string;
  /** No payout below this amount (carried over). */
  min_payout: string;
  payout_schedule: 'weekly' | 'monthly' | 'manual';
  /** A commission whose conversion's fraud score is at least this (0–100) is held for review. */
  fraud_threshold: number;
  /** Whether the public application page accepts applications. */
  accepts_applications: boolean;
  created_at: string;
}

/** Where a partner is paid; stored encrypted at rest. Changed only after the partner confirms through their known e-mail. */
export interface PayoutDetails {
  method: 'paypal' | 'bank' | 'other';
  paypal_email?: string;
  /** IBAN, or an Iranian Sheba (IR + 24 digits). */
  iban?: string;
  account_name?: string;
  bic?: string;
  note?: string;
}

export interface Partner {
  id: string;
  workspace_id: string;
  program_id: string;
  name: string;
  /** Lower-case. */
  email: string;
  kind: PartnerKind;
  status: PartnerStatus;
  /** The parent partner, for two-level overrides. */
  parent_id: string | null;
  group: string | null;
  /** The portal's and statements' language. */
  language: 'en' | 'fa' | 'vi';
  country: string | null;
  /** Tracking link slugs that credit this partner. */
  links: string[];
  /** Coupon codes (upper-case; unique per workspace) that credit this partner without a click. */
  coupons: string[];
  /** The partner's own identities (user ids, anonymous ids, e-mail hashes): a sale by them is a self-referral, never credited. */
  identities: string[];
  /** A flat influencer fee: once, or each week or month from `from`. */
  retainer: { amount: string; cadence: 'once' | 'weekly' | 'monthly'; from: string } | null;
  /** The partner's platform's postback URL template with macros ({click_id}, {sub1}…{sub5}, {payout}, {order_id}, {status}). */
  postback_url: string | null;
  tax: { id?: string; country?: string; form?: string } | null;
  created_at: string;
  approved_at: string | null;
}

export const ledgerKinds = ['commission', 'reversal', 'clawback', 'payout', 'adjustment'] as const;
export type LedgerKind = (typeof ledgerKinds)[number];

/** Why a commission was rejected or reversed, or why an adjustment was made. */
export const ledgerReasons = ['fraud', 'refund', 'duplicate', 'test', 'other', 'tier', 'override', 'bonus', 'retainer', 'review'] as const;
export type LedgerReason = (typeof ledgerReasons)[number];

/** Derived, never stored: from the hold period and later entries that reference the entry. */
export const ledgerStatuses = ['pending', 'approved', 'paid', 'reversed', 'held'] as const;
export type LedgerStatus = (typeof ledgerStatuses)[number];

/**
 * One ledger row. Rows are never updated or deleted: a correction is a new row that references the
 * one it corrects (`ref`). `key` is unique per workspace: appending a row whose key is taken changes
 * nothing (one commission per order and rule, one reversal per refund id and commission).
 */
export interface LedgerEntry {
  id: string;
  workspace_id: string;
  program_id: string;
  partner_id: string;
  kind: LedgerKind;
  /** Signed decimal string in `currency`. */
  amount: string;
  currency: string;
  /** The idempotency key: `commission:<order>:<rule>`, `reversal:<refund id>:<entry id>`, `payout:<run>:<partner>`, … */
  key: string;
  /** The entry this one corrects or settles (a reversal's commission, a payout's run), if any. */
  ref: string | null;
  order_id: string | null;
  rule_id: string | null;
  refund_id: string | null;
  payout_run_id: string | null;
  reason: LedgerReason | null;
  /** Fraud score 0–100 of the conversion, when one was computed. */
  fraud_score: number | null;
  /** Held for review at creation (score at or over the programme's threshold). */
  held: boolean;
  /** When the credited event happened (ISO instant): the hold period runs from it. */
  occurred_at: string;
  created_at: string;
  /** Free text: the signals behind a fraud score, a manager's note. */
  note: string | null;
  /**
   * What a sale's commission was computed on (added by the ledger core, issue 16; absent on other
   * entries): the sale's amount in the programme's currency before the partner's share, the share
   * ("1" by coupon or click), and the customer. Refunds reverse in proportion to `order_amount`,
   * a retroactive tier re-rates on `order_amount` × `share`, and recurring rules find the customer's
   * first credited sale by `customer`; a store keeps them as they are given.
   */
  order_amount?: string | null;
  share?: string | null;
  customer?: string | null;
  /** On a refund's reversals and clawbacks: the refunded amount in the programme's currency (what is left of the order is the order amount less its refunds). */
  refund_amount?: string | null;
}

/** A payout run: what was paid to whom for approved entries up to `through` (a local date). */
export interface PayoutRun {
  id: string;
  workspace_id: string;
  program_id: string;
  /** YYYY-MM-DD, inclusive. */
  through: string;
  created_at: string;
  /** Set when the batch is marked paid with the payment's reference. */
  paid_reference: string | null;
  paid_at: string | null;
}
