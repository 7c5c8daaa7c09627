/**
 * What crediting reads (issue 16): verified conversions, server-observed clicks on partner links and
 * the persons' other touches, as the store's `partnerFacts` pages hand them over.
 */

import { subIdKeys, type SubIdKey } from '../../tracking/partner-click.js';

export { adClickIdParams, subIdKeys, subIdMax, type SubIdKey } from '../../tracking/partner-click.js';

/** A verified conversion: an imported order or a verified sale event, a lead, or a server click on one of the slugs in the range. */
export interface PartnerConversionFact {
  kind: 'sale' | 'lead' | 'click';
  /** Order id (sale), lead id (lead) or click id (click). */
  id: string;
  /** ISO instant (UTC, milliseconds). */
  ts: string;
  /** The sale's decimal amount and ISO 4217 currency as recorded; null for leads and clicks. */
  amount: string | null;
  currency: string | null;
  /** Upper-case coupon code on the order, null when none. */
  coupon: string | null;
  product: string | null;
  category: string | null;
  /** The stitched person (user id, else anonymous id; an order's customer or its click's person). */
  person: string;
  /** The conversion event's own device id; null for an import without an event. */
  anonymous_id: string | null;
  /** The order's or lead's e-mail hash (or the event's `properties.email_hash`). */
  email_hash: string | null;
  /**
   * Whether the buyer's e-mail domain is a throw-away provider's, as ingest recorded it before hashing
   * (the trait `email_disposable`): an event carrying this conversion's e-mail hash says so, else the
   * person's latest trait at or before the conversion. Null when unknown, for clicks, and when the
   * facts were read without `emails`.
   */
  email_disposable: boolean | null;
}

/** A server-observed click on a partner link (`/c/:slug`, marked `rl_server_click`). */
export interface PartnerClickFact {
  click_id: string;
  slug: string;
  ts: string;
  person: string;
  anonymous_id: string;
  sub_ids: Partial<Record<SubIdKey, string>>;
  /** The client address truncated (IPv4 /24 as `a.b.c.0/24`, IPv6 /48 as `a:b:c::/48`); null when unknown. */
  ip_prefix: string | null;
  user_agent: string | null;
  /** The ad-platform click id parameter the request carried (`gclid`, …), null when none. */
  ad_click: string | null;
  /** Whether a page view of the same visitor (or carrying the click id) followed within 30 minutes. */
  landed: boolean;
}

/** Another non-direct touch of a person (page view or click), for attribution models. */
export interface PartnerTouchFact {
  person: string;
  ts: string;
  channel: string;
  kind: 'click' | 'view';
}

/** Sub-ids from a click's stored properties (text values only). */
export function subIdsOf(props: Record<string, unknown>): Partial<Record<SubIdKey, string>> {
  const out: Partial<Record<SubIdKey, string>> = {};
  for (const k of subIdKeys) if (typeof props[k] === 'string' && props[k] !== '') out[k] = props[k] as string;
  return out;
}
