/**
 * What fraud scoring reads and answers (issue 16 "Fraud"). Plain inputs: crediting builds them
 * from server-observed `/c/:slug` click events, the facts and the credited conversions; nothing
 * here touches the store.
 */
import type { FraudSignal } from './signals.js';

/** One server-observed partner click (a `/c/:slug` click event). */
export interface FraudClick {
  /** The click id (`rl_cid`). */
  id: string;
  partner_id: string;
  /** Epoch milliseconds of the click. */
  ms: number;
  /**
   * The truncated address as stored: an IPv4 /24 (`203.0.113.0`) or an IPv6 /48 (`2001:db8:1::`),
   * with or without its `/24` / `/48` suffix; null when unknown.
   */
  ip_prefix: string | null;
  /** The `User-Agent` header; null when the request had none. */
  user_agent: string | null;
  /** The visitor's anonymous id (the `rl_aid` cookie): the device for burst detection. */
  anonymous_id: string;
  /** An ad-platform click id (gclid, gbraid, wbraid, msclkid, fbclid, ttclid, …) came with the partner click. */
  ad_click_id: boolean;
  /** A page view of the same visitor followed within 30 minutes (false: cookie stuffing suspected). */
  landed: boolean;
}

/** One conversion credited to a partner, as scored. */
export interface FraudConversion {
  /** Order id (sale) or lead id (lead). */
  id: string;
  partner_id: string;
  event: 'sale' | 'lead';
  /** Epoch milliseconds of the conversion. */
  ms: number;
  /** The credited click (null for a coupon conversion): its id, to carry its click signals over. */
  click_id: string | null;
  /** Epoch milliseconds of the credited click; null without one. */
  click_ms: number | null;
  /**
   * Whether the buyer's e-mail domain is a throw-away provider's (the maintained `disposable-email-domains`
   * list, `shared/disposable-domains.ts`; ingest records it as the trait `email_disposable` before
   * hashing); null when unknown.
   */
  email_disposable: boolean | null;
  /** The buyer's identities (user id, anonymous ids, e-mail hash): one of the partner's own is a self-referral. */
  buyer_identities: readonly string[];
}

/** A partner as scored: its own identities (`Partner.identities`). */
export interface FraudPartner {
  id: string;
  identities: readonly string[];
}

/** A score 0–100 and the signals behind it (strongest first). */
export interface FraudVerdict {
  score: number;
  reasons: FraudSignal[];
}

export interface ConversionVerdict extends FraudVerdict {
  /** The conversion's id. */
  id: string;
  partner_id: string;
}

/** What one partner's traffic looked like, with the partner's score and reasons. */
export interface PartnerVerdict extends FraudVerdict {
  partner_id: string;
  clicks: number;
  conversions: number;
  /** Click-credited conversions per click (null without clicks). */
  conversion_rate: number | null;
  /** Shares behind the partner's signals, each over its own denominator (clicks or click-credited conversions). */
  shares: Record<PartnerShare, number>;
}

export type PartnerShare =
  | 'bot_user_agent'
  | 'hosting_network'
  | 'no_landing_view'
  | 'ad_click_id'
  | 'burst'
  | 'fast_conversion'
  | 'late_conversion'
  | 'disposable_email';
