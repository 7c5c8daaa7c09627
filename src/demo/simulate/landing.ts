/** How a visit arrives: UTM tags, click ids, referrers and landing URLs of each channel. */
import type { Utm } from '../../records/events.js';
import { blogPosts, channelDefs, siteOrigin } from '../world/catalog.js';
import type { Rng } from '../world/prng.js';
import type { SpendPlan } from './spend-plan.js';

/** utm_medium of each paid channel, as the ingest channel rules expect. */
export const mediumOf: Record<string, string> = {
  paid_search: 'cpc',
  paid_social: 'paid_social',
  display: 'display',
  email: 'email',
  affiliates: 'affiliate',
  influencer: 'influencer',
};

/** The click-id URL parameter each ad network appends. */
export const clickIdParamOf: Record<string, string> = {
  google: 'gclid',
  bing: 'msclkid',
  facebook: 'fbclid',
  instagram: 'fbclid',
  tiktok: 'ttclid',
};

const referrerOfSource: Record<string, string> = {
  google: 'https://www.google.com/',
  bing: 'https://www.bing.com/',
  facebook: 'https://m.facebook.com/',
  instagram: 'https://l.instagram.com/',
  tiktok: 'https://www.tiktok.com/',
  partner_coupons: 'https://coupons.example.org/',
  partner_blogger: 'https://gadgetblog.example.net/gift-guide-2026',
  partner_cashback: 'https://cashback.example.com/shops/example-shop',
};

const alnum = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const hex = '0123456789abcdef';
const urlSafe = `${alnum}_-`;

/**
 * Joins parts into one flat string. V8 keeps `a + b` as a rope (a cons string)
 * once it is 13+ characters long; a million of them cost memory and GC time.
 */
export function flat(parts: readonly (string | number)[]): string {
  return parts.join('');
}

/** A fresh click id in the style of the network's own (gclid, msclkid, fbclid, ttclid). */
export function newClickId(rng: Rng, param: string): string {
  switch (param) {
    case 'gclid':
      return flat(['Cj0KCQ', rng.token(34, urlSafe)]);
    case 'msclkid':
      return rng.token(32, hex);
    case 'fbclid':
      return flat(['IwAR', rng.token(36, urlSafe)]);
    default:
      return flat(['E.C.P.', rng.token(30, alnum)]);
  }
}

/** A 64-hex-digit stand-in for the SHA-256 of a lowercased email address. */
export function newEmailHash(rng: Rng): string {
  return rng.token(64, hex);
}

/** One UTM object per ad, shared by all its events (search ads carry their keyword as utm_term). */
export function buildAdUtms(plan: SpendPlan): Utm[] {
  return plan.ads.map((ad) => {
    const campaign = plan.campaigns[ad.campaign];
    const utm: Utm = {
      source: campaign.def.source,
      medium: mediumOf[channelDefs[campaign.channel].id],
      campaign: campaign.def.name,
      content: ad.name,
    };
    const terms = campaign.def.terms;
    if (terms) utm.term = terms[(ad.index - campaign.firstAd) % terms.length];
    return Object.freeze(utm);
  });
}

/** The landing URL with UTM tags and, when the network has one, the click id. */
export function taggedUrl(path: string, utm: Utm, clickParam: string | undefined, clickId: string | undefined): string {
  const parts = [siteOrigin, path, '?utm_source=', encodeURIComponent(utm.source!), '&utm_medium=', utm.medium!, '&utm_campaign=', utm.campaign!, '&utm_content=', utm.content!];
  if (utm.term) parts.push('&utm_term=', encodeURIComponent(utm.term));
  if (clickParam && clickId) parts.push('&', clickParam, '=', clickId);
  return flat(parts);
}

/** The referrer of a visit: the network / partner / search engine / social site / blog it came from, or none. */
export function referrerOf(rng: Rng, channel: number, source: string | undefined): string | undefined {
  const def = channelDefs[channel];
  if (def.id === 'email' || def.id === 'direct') return undefined;
  if (source && referrerOfSource[source]) return referrerOfSource[source];
  if (def.referrers.length === 0) return undefined;
  const site = rng.pick(def.referrers);
  return def.id === 'referral' ? `${site}${rng.pick(blogPosts)}-review` : site;
}
