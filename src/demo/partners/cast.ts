/**
 * The demo world's partner programmes (issue 16 "Demo world"): 30 affiliates and 10 influencers in
 * two programmes, four of the affiliates fraudulent. Honest partners take over the affiliate and
 * influencer channels' existing clicks (by the campaign's utm_source); the fraudulent ones send
 * traffic of their own (`fraud-traffic.ts`).
 */
import type { CommissionRule } from '../../records/partners.js';

/** Where an honest partner's clicks come from: the affiliate or influencer campaign's utm_source, and its share of them. */
export interface HonestSource {
  source: string;
  weight: number;
  /** The partner's sub1 placements. */
  placements: readonly string[];
}

export interface CastPartner {
  id: string;
  name: string;
  kind: 'affiliate' | 'influencer';
  program: 'affiliates' | 'influencers';
  /** Honest traffic (none for the fraudulent partners and the coupon-only influencers). */
  from: HonestSource | null;
  coupon: string | null;
  /** Share of coupon orders among the coupon-only influencers' (their audiences' size). */
  couponWeight: number;
  fraud: FraudPattern | null;
}

/** The fraud patterns the demo world plants (the truth file names each partner's). */
export const fraudPatterns = {
  cookie_stuffing: 'drops its tracking click into visitors\' browsers (a hidden frame): clicks with no landing page view, hours before purchases it did not cause',
  click_injection: 'fires a click seconds before a purchase (an app watching the checkout): conversions under 15 s after the click',
  datacenter_bots: 'scripted clicks from cloud and hosting networks (Hetzner, OVH, DigitalOcean, AWS), mostly declared bots or headless browsers, in bursts, never landing, never buying',
  brand_bidding: 'bids on the shop\'s brand in paid search and routes the ad clicks through its tracking link: partner clicks carrying gclid, on brand searchers who would have bought anyway',
} as const;
export type FraudPattern = keyof typeof fraudPatterns;

const coupons = ['DEALHUNT', 'SAVEMORE', 'CODEZONE', 'PROMOPAL', 'VOUCHERLY', 'COUPONIST', 'BARGAINS', 'DISCOUNTIO', 'OFFERLAB', 'SALEWATCH'];
const blogs = ['GadgetGuru', 'TechTalk', 'GiftIdeasDaily', 'DeskSetups', 'AudioNerd', 'WristTech', 'HomeOfficeHQ', 'ReviewLab'];
const cashback = ['CashBackKing', 'RefundRoo', 'TopCashback', 'PointsPlus', 'ShopBack', 'RebateRush', 'CashPerks', 'EarnBack'];

/** Zipf-like shares: the first partner of a source is the largest (the coupon source's first crosses the tier). */
const zipf = (i: number) => 1 / (i + 1);

export const castPartners: readonly CastPartner[] = [
  ...coupons.map((name, i) => affiliate(`aff_coupon_${pad(i + 1)}`, name, { source: 'partner_coupons', weight: i === 0 ? 2.5 : zipf(i), placements: ['homepage', 'category', 'newsletter'] })),
  ...blogs.map((name, i) => affiliate(`aff_blog_${pad(i + 1)}`, name, { source: 'partner_blogger', weight: zipf(i), placements: ['review', 'gift-guide', 'sidebar'] })),
  ...cashback.map((name, i) => affiliate(`aff_cashback_${pad(i + 1)}`, name, { source: 'partner_cashback', weight: zipf(i), placements: ['app', 'web', 'extension'] })),
  fraudulent('aff_stuffer', 'BestDealsFinder', 'cookie_stuffing'),
  fraudulent('aff_injector', 'QuickShopApp', 'click_injection'),
  fraudulent('aff_bots', 'TrafficBoostMedia', 'datacenter_bots'),
  fraudulent('aff_brand', 'SearchSaversPro', 'brand_bidding'),
  influencer('inf_sara', 'Tech with Sara', '@techwithsara', 'SARA10', 0),
  influencer('inf_linh', 'Linh Reviews', '@linh.reviews', 'LINH10', 0),
  influencer('inf_minoo', 'Minoo Style', '@minoo.style', 'MINOO15', 0),
  influencer('inf_arash', 'Arash Unboxed', null, 'ARASH20', 3),
  influencer('inf_mai', 'Mai Daily', null, 'MAI10', 2.5),
  influencer('inf_leo', 'Leo Codes', null, 'LEO5', 2),
  influencer('inf_niloufar', 'Niloufar Fit', null, 'NILOU10', 1.5),
  influencer('inf_huy', 'Huy Gaming', null, 'HUY15', 1.2),
  influencer('inf_emma', 'Emma at Home', null, 'EMMA10', 1),
  influencer('inf_tom', 'Tom Travels', null, 'TOMTRAVEL', 0.8),
];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function affiliate(id: string, name: string, from: HonestSource): CastPartner {
  return { id, name, kind: 'affiliate', program: 'affiliates', from, coupon: null, couponWeight: 0, fraud: null };
}

function fraudulent(id: string, name: string, fraud: FraudPattern): CastPartner {
  return { id, name, kind: 'affiliate', program: 'affiliates', from: null, coupon: null, couponWeight: 0, fraud };
}

function influencer(id: string, name: string, source: string | null, coupon: string, couponWeight: number): CastPartner {
  const from = source ? { source, weight: 1, placements: ['story', 'reel', 'bio'] } : null;
  return { id, name, kind: 'influencer', program: 'influencers', from, coupon, couponWeight, fraud: null };
}

/** A partner's tracking link slugs: its main link and a deep link to a product. */
export function slugsOf(id: string): string[] {
  const base = id.replace(/_/g, '-');
  return [base, `${base}-deal`];
}

/** Sales an affiliate needs in a calendar month for the higher tier (the largest coupon site crosses it mid-month at the default size). */
export const tierMinSales = 20;

/** The two programmes; `currency` and money amounts are filled per world (`partner-records.ts`). */
export function castRules(money: (eur: number) => string): { affiliates: CommissionRule[]; influencers: CommissionRule[] } {
  return {
    affiliates: [
      { id: 'r1', event: 'sale', type: 'percent', amount: '8', tiers: [{ min_sales: tierMinSales, amount: '10' }] },
      { id: 'r2', event: 'lead', type: 'flat', amount: money(2) },
    ],
    influencers: [{ id: 'r1', event: 'sale', type: 'percent', amount: '12' }],
  };
}
