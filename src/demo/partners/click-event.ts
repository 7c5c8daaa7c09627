/**
 * A partner click as the server records it at `/c/:slug` (`server/routes/tracking.ts`): a `click`
 * event with the click id `rl_…` as `click_id`, the destination URL with `rl_cid` and the link's
 * UTMs, and the properties `link`, `rl_cid`, `rl_server_click`, the sub-ids, the truncated address
 * (`ip_prefix`), the user agent and the ad-platform click id parameter (`ad_click`) when one came.
 */
import type { EventRecord, Utm } from '../../records/events.js';
import type { Rng } from '../world/prng.js';

/** What a partner click carries beyond the visitor's ids and the time. */
export interface PartnerClickShape {
  slug: string;
  /** The link's destination, without query. */
  destination: string;
  utm?: Utm;
  referrer?: string;
  sub1?: string;
  sub2?: string;
  ipPrefix: string;
  userAgent: string;
  /** `gclid` etc. when the request carried one. */
  adClick?: string;
}

const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A click id as `newId('rl_')` writes it (prefix and 20 random characters). */
export function newPartnerClickId(rng: Rng): string {
  return `rl_${rng.token(20, alphabet)}`;
}

/** The click event (its `id` is set when the world's events are numbered). */
export function partnerClickEvent(base: Pick<EventRecord, 'ts' | 'anonymous_id'> & Partial<Pick<EventRecord, 'id' | 'user_id' | 'session_id'>>, clickId: string, shape: PartnerClickShape): EventRecord {
  const url = new URL(shape.destination);
  url.searchParams.set('rl_cid', clickId);
  for (const [k, v] of Object.entries(shape.utm ?? {})) if (v) url.searchParams.set(`utm_${k}`, v);
  const properties: Record<string, unknown> = { link: shape.slug, rl_cid: clickId, rl_server_click: true };
  if (shape.sub1) properties.sub1 = shape.sub1;
  if (shape.sub2) properties.sub2 = shape.sub2;
  properties.ip_prefix = shape.ipPrefix;
  properties.user_agent = shape.userAgent;
  if (shape.adClick) properties.ad_click = shape.adClick;
  const ev: EventRecord = { id: base.id ?? '', type: 'click', ts: base.ts, anonymous_id: base.anonymous_id };
  if (base.user_id) ev.user_id = base.user_id;
  if (base.session_id) ev.session_id = base.session_id;
  ev.click_id = clickId;
  ev.url = url.toString();
  if (shape.referrer) ev.referrer = shape.referrer;
  if (shape.utm) ev.utm = shape.utm;
  ev.properties = properties;
  return ev;
}
