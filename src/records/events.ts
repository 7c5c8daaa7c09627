/**
 * The canonical records roilens stores. Ingest parses untrusted input into these;
 * the store persists them; engines read plain data derived from them.
 * Money is always a decimal string plus an ISO 4217 code, never a float.
 */

export const eventTypes = ['impression', 'click', 'page_view', 'lead', 'conversion', 'custom'] as const;
export type EventType = (typeof eventTypes)[number];

export interface Money {
  /** Decimal string, e.g. "12.50" or "1250000" (IRR has no minor unit). */
  amount: string;
  /** ISO 4217 code, e.g. "EUR". */
  currency: string;
}

export interface Utm {
  source?: string;
  medium?: string;
  campaign?: string;
  content?: string;
  term?: string;
}

/** An event as accepted by `POST /v1/events` (after validation). */
export interface EventRecord {
  id: string;
  type: EventType;
  /** ISO 8601 timestamp (UTC). */
  ts: string;
  anonymous_id: string;
  user_id?: string;
  session_id?: string;
  name?: string;
  url?: string;
  referrer?: string;
  utm?: Utm;
  click_id?: string;
  order_id?: string;
  revenue?: Money;
  properties?: Record<string, unknown>;
}

export const pricingModels = ['cpc', 'cpm', 'cpa', 'cpl', 'flat', 'revshare', 'ppcall'] as const;
export type PricingModel = (typeof pricingModels)[number];

/** One day of cost for one channel / campaign / ad. */
export interface SpendRecord {
  /** YYYY-MM-DD. */
  date: string;
  channel: string;
  campaign: string;
  ad: string;
  /**
   * Where the cost comes from: the export's platform (`google_ads`, `meta_ads`),
   * a `source` column or the `--source` flag; absent = `generic`. Rows stored
   * before sources existed are `legacy`. Part of the replacement key.
   */
  source?: string;
  /** The ad account the file names (Google "Customer ID", Meta "Account ID"); absent = "". Part of the replacement key. */
  account?: string;
  cost: Money;
  impressions: number;
  clicks: number;
  pricing_model: PricingModel;
}

/** An order (sale) from the shop or CRM. */
export interface OrderRecord {
  order_id: string;
  /** The customer's user id, as sent by `identify`. */
  customer_id: string;
  ts: string;
  amount: Money;
  email_hash?: string;
  click_id?: string;
  /** The coupon code used (upper-case): credits the partner holding it (issue 16). */
  coupon?: string;
  /** The product id and category, for commission rules limited to one. */
  product?: string;
  category?: string;
}

/** A refund of (part of) an order, as the refunds CSV gives it (issue 16): a retry with the same `refund_id` changes nothing. */
export interface RefundRecord {
  refund_id: string;
  order_id: string;
  /** Decimal string in `currency`. */
  amount: string;
  currency: string;
  /** ISO instant, or null: when imported. */
  at: string | null;
}

/** A lead with its CRM stage timestamps (ISO strings; absent = not reached). */
export interface LeadRecord {
  lead_id: string;
  user_id?: string;
  email_hash?: string;
  click_id?: string;
  created_at: string;
  mql_at?: string;
  sql_at?: string;
  opportunity_at?: string;
  customer_at?: string;
}

/** An exchange rate: 1 unit of `currency` = `rate` units of the workspace base currency, from `date` on. */
export interface RateRecord {
  date: string;
  currency: string;
  rate: string;
}

/** An event as stored: the accepted record plus what ingest derived from it. */
export interface StoredEvent extends EventRecord {
  channel: string;
  landing_page?: string;
  country?: string;
  device?: string;
}
