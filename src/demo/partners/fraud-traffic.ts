/**
 * The fraudulent partners' traffic (`cast.ts` `fraudPatterns`), sized on the honest partner clicks
 * so that a small world has the same mix:
 *
 * - cookie stuffing: clicks dropped into visitors' browsers 2–20 h before one of their page views
 *   (a third of them before a purchase), never followed by a page view within 30 minutes;
 * - click injection: a click 2–12 s before 2% of purchases, on the buyer's own device;
 * - datacenter bots: bursts of 4–14 clicks seconds apart from one hosting /24, cookie-less (a new
 *   anonymous id per click), mostly declared bots or headless browsers, no page view, no purchase;
 * - brand bidding: a partner click carrying `gclid` a second before a quarter of the brand-search
 *   ad clicks, on the same visitor, who then lands and may buy.
 */
import type { EventRecord } from '../../records/events.js';
import { siteOrigin } from '../world/catalog.js';
import type { Rng } from '../world/prng.js';
import { castPartners, slugsOf, type FraudPattern } from './cast.js';
import { newPartnerClickId, partnerClickEvent, type PartnerClickShape } from './click-event.js';
import type { WorldClick } from './honest-clicks.js';
import { blockPrefix, botAgents, hostingBlocks, ipPrefixOf, userAgentOf } from './visitor-network.js';

const hourMs = 3_600_000;

export interface FraudTraffic {
  clicks: WorldClick[];
  added: { ms: number; event: EventRecord }[];
  /** Clicks made per fraudulent partner id. */
  counts: Record<string, number>;
  /** The bots' cookie-less visitors (a new anonymous id per click). */
  newAnonymousIds: number;
}

/** Indexes of `events` by type, with their times (the fraud traffic hangs on existing visits). */
export interface EventIndex {
  pageViews: number[];
  purchases: number[];
  brandClicks: number[];
  msOf: (index: number) => number;
}

export function fraudTraffic(rng: Rng, events: readonly EventRecord[], index: EventIndex, honestClicks: number, format: (ms: number) => string, window: { startMs: number; endMs: number }): FraudTraffic {
  const out: FraudTraffic = { clicks: [], added: [], counts: {}, newAnonymousIds: 0 };
  const partnerOf = (pattern: FraudPattern) => castPartners.findIndex((p) => p.fraud === pattern);
  const add = (pattern: FraudPattern, ms: number, base: EventRecord | { anonymous_id: string }, shape: Omit<PartnerClickShape, 'slug'>) => {
    if (ms < window.startMs || ms > window.endMs) return;
    const partner = partnerOf(pattern);
    const id = castPartners[partner].id;
    // Their links carry UTMs of their own (the affiliate channel, no campaign with spend).
    const utm = { source: 'partner_network', medium: 'affiliate', campaign: 'partner_links', content: id };
    const ev = partnerClickEvent({ ts: format(ms), anonymous_id: base.anonymous_id }, newPartnerClickId(rng), { ...shape, utm, slug: slugsOf(id)[0] });
    out.added.push({ ms, event: ev });
    out.clicks.push({ partner, anonymousId: base.anonymous_id, ms });
    out.counts[id] = (out.counts[id] ?? 0) + 1;
  };
  const visitorShape = (ev: EventRecord, referrer: string): Omit<PartnerClickShape, 'slug'> => ({
    destination: `${siteOrigin}/`,
    referrer,
    ipPrefix: ipPrefixOf(ev.anonymous_id, ev.properties?.country),
    userAgent: userAgentOf(ev.anonymous_id, ev.properties?.device),
  });

  // Cookie stuffing: 6% of the honest volume.
  const stuffed = Math.round(honestClicks * 0.06);
  for (let n = 0; n < stuffed; n += 1) {
    const pool = n % 3 === 0 && index.purchases.length ? index.purchases : index.pageViews;
    if (!pool.length) break;
    const at = pool[rng.int(pool.length)];
    const ms = index.msOf(at) - 2 * hourMs - rng.int(18 * hourMs);
    add('cookie_stuffing', ms, events[at], visitorShape(events[at], 'https://bestdealsfinder.example.net/'));
  }

  // Click injection: 2% of purchases, 2–12 s before.
  for (const at of index.purchases) {
    if (!rng.chance(0.02)) continue;
    const ms = index.msOf(at) - 2_000 - rng.int(10_000);
    add('click_injection', ms, events[at], { ...visitorShape(events[at], ''), referrer: undefined, destination: `${siteOrigin}/checkout` });
  }

  // Datacenter bots: 8% of the honest volume, in bursts.
  const botClicks = Math.round(honestClicks * 0.08);
  for (let made = 0, burst = 0; made < botClicks; burst += 1) {
    const size = 4 + rng.int(11);
    const prefix = blockPrefix(hostingBlocks, rng.int(1 << 20));
    let ms = window.startMs + rng.int(window.endMs - window.startMs);
    for (let k = 0; k < size && made < botClicks; k += 1, made += 1) {
      ms += 1_000 + rng.int(7_000);
      const agent = rng.chance(0.7) ? botAgents[rng.int(botAgents.length - 1)] : botAgents[botAgents.length - 1];
      out.newAnonymousIds += ms >= window.startMs && ms <= window.endMs ? 1 : 0;
      add('datacenter_bots', ms, { anonymous_id: `anon_bot_${burst}_${k}` }, { destination: `${siteOrigin}/`, ipPrefix: prefix, userAgent: agent, sub1: `src${rng.int(50)}` });
    }
  }

  // Brand bidding: a quarter of the brand-search ad clicks pass through the partner's link first.
  for (const at of index.brandClicks) {
    if (!rng.chance(0.25)) continue;
    const ev = events[at];
    const ms = index.msOf(at) - 300 - rng.int(1_200);
    add('brand_bidding', ms, ev, { ...visitorShape(ev, 'https://www.google.com/'), destination: `${siteOrigin}/`, adClick: 'gclid' });
  }
  return out;
}
