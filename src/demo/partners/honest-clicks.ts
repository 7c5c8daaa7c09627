/**
 * Honest partners' clicks: every click of the affiliate and influencer campaigns becomes a click on
 * one of the campaign's partners' links (drawn by the partners' weights), recorded as the server
 * records `/c/:slug`. No click is added: the campaigns' booked clicks are held to the tracked ones
 * (`generate.test.ts`).
 */
import type { EventRecord } from '../../records/events.js';
import { siteOrigin } from '../world/catalog.js';
import { Rng, WeightedTable } from '../world/prng.js';
import { castPartners, slugsOf, type CastPartner } from './cast.js';
import { newPartnerClickId, partnerClickEvent } from './click-event.js';
import { ipPrefixOf, userAgentOf } from './visitor-network.js';

/** A partner click of the world, for crediting the world's own truth. */
export interface WorldClick {
  partner: number;
  anonymousId: string;
  ms: number;
}


/**
 * Rewrites the campaign clicks of `events` in place (same id, time, visitor and session) as partner
 * clicks.
 */
export function relabelHonestClicks(rng: Rng, events: EventRecord[]): WorldClick[] {
  const bySource = new Map<string, { partners: number[]; table: WeightedTable }>();
  castPartners.forEach((p, i) => {
    if (!p.from) return;
    const entry = bySource.get(p.from.source) ?? { partners: [], table: new WeightedTable([1]) };
    entry.partners.push(i);
    bySource.set(p.from.source, entry);
  });
  for (const entry of bySource.values()) entry.table = new WeightedTable(entry.partners.map((i) => castPartners[i].from!.weight));

  const clicks: WorldClick[] = [];
  for (let i = 0; i < events.length; i += 1) {
    const ev = events[i];
    if (ev.type !== 'click' || !ev.utm?.source) continue;
    const entry = bySource.get(ev.utm.source);
    if (!entry) continue;
    const partner = entry.partners[entry.table.draw(rng)];
    const cast = castPartners[partner];
    const props = ev.properties ?? {};
    const shape = shapeOf(rng, cast, ev, props);
    events[i] = partnerClickEvent(ev, newPartnerClickId(rng), shape);
    clicks.push({ partner, anonymousId: ev.anonymous_id, ms: Date.parse(ev.ts) });
  }
  return clicks;
}

function shapeOf(rng: Rng, cast: CastPartner, ev: EventRecord, props: Record<string, unknown>) {
  const slugs = slugsOf(cast.id);
  const deep = rng.chance(0.3);
  const landing = typeof props.landing_page === 'string' ? props.landing_page : '/';
  return {
    slug: deep ? slugs[1] : slugs[0],
    destination: `${siteOrigin}${landing}`,
    utm: ev.utm,
    referrer: ev.referrer,
    sub1: rng.pick(cast.from!.placements),
    sub2: cast.kind === 'affiliate' && rng.chance(0.5) ? `u${rng.int(100_000)}` : undefined,
    ipPrefix: ipPrefixOf(ev.anonymous_id, props.country),
    userAgent: userAgentOf(ev.anonymous_id, props.device),
  };
}
