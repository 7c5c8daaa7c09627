/**
 * Independent readers of a generated world, used by the tests: they re-derive
 * channels from the raw event fields (UTM, referrer) and stitch devices through
 * `identify`, without using the simulator's internals.
 */
import type { EventRecord } from '../records/events.js';

const site = 'https://shop.example.com';

const channelOfMedium: Record<string, string> = {
  cpc: 'paid_search',
  paid_social: 'paid_social',
  display: 'display',
  email: 'email',
  affiliate: 'affiliates',
  influencer: 'influencer',
};

/** The channel a landing hit or impression belongs to, from its UTM medium or referrer alone. */
export function channelOfHit(ev: EventRecord): string {
  const medium = ev.utm?.medium;
  if (medium) return channelOfMedium[medium] ?? 'unknown';
  const ref = ev.referrer;
  if (!ref) return 'direct';
  if (ref.startsWith('https://www.google.com/')) return 'organic_search';
  if (ref.startsWith('https://t.co/') || ref.startsWith('https://www.instagram.com/')) return 'organic_social';
  return 'referral';
}

/** True for the first page view of a visit (its referrer is not one of the shop's own pages). */
export function isLanding(ev: EventRecord): boolean {
  return ev.type === 'page_view' && !(ev.referrer ?? '').startsWith(site);
}

/** anonymous_id → user_id, from identify events. */
export function identities(events: readonly EventRecord[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const ev of events) if (ev.type === 'custom' && ev.name === 'identify' && ev.user_id) map.set(ev.anonymous_id, ev.user_id);
  return map;
}

export interface Touch {
  channel: string;
  ts: string;
  kind: 'visit' | 'impression';
}

/** Touches (landings and impressions) per stitched person (user id when known, else anonymous id), in time order. */
export function touchesByPerson(events: readonly EventRecord[], ids: Map<string, string>): Map<string, Touch[]> {
  const out = new Map<string, Touch[]>();
  for (const ev of events) {
    const kind = ev.type === 'impression' ? 'impression' : isLanding(ev) ? 'visit' : undefined;
    if (!kind) continue;
    const key = ids.get(ev.anonymous_id) ?? ev.anonymous_id;
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    list.push({ channel: channelOfHit(ev), ts: ev.ts, kind });
  }
  return out;
}
