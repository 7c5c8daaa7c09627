/**
 * The static cast of the demo world: channels, their campaigns and ads, prices,
 * response curves and funnel rates. Money here is in EUR for a world of
 * 100,000 people over 90 days; the generator scales it to the requested size
 * and base currency.
 */
import type { PricingModel } from '../../records/events.js';
import type { DemoChannel } from '../../records/demo-truth.js';

export type CampaignRole = 'prospecting' | 'brand' | 'retargeting';

/** A budget step: from this fraction of the window on, the budget is multiplied by `mult` (0 = paused). */
export type BudgetStep = readonly [from: number, mult: number];

export interface CampaignDef {
  name: string;
  /** utm_source of the campaign's traffic. */
  source: string;
  role: CampaignRole;
  pricing: PricingModel;
  /** EUR per day at scale 1 (for flat fees: per post / send). */
  budget: number;
  /** Budget steps over the window; the first must start at 0. */
  steps: readonly BudgetStep[];
  ads: readonly string[];
  /** Influencer posts / email sends: the budget is only spent on these days. */
  postDays?: 'posts' | 'sends' | 'daily';
  /** Search keywords for utm_term. */
  terms?: readonly string[];
  /** Where clicks land. */
  landing: readonly string[];
}

export interface ChannelDef {
  id: DemoChannel;
  paid: boolean;
  campaigns: readonly CampaignDef[];
  /** Planned cost per visit (EUR) used to turn budgets into planned traffic. */
  cpc: number;
  /** Cost per thousand impressions (EUR) for CPM-priced rows. */
  cpm: number;
  /** Click-through rate used to derive impressions of CPC-priced rows. */
  ctr: number;
  /** Carry-over of traffic from yesterday's spend (influencer posts keep bringing visits). */
  trafficTheta: number;
  /** Organic channels: visits per day at scale 1. */
  baseVisits: number;
  /** Organic channels: share of visits that are a person's first. */
  newShare: number;
  /** Day-of-week multipliers, Monday first. */
  weekly: readonly number[];
  /** Response curve at scale 1 (k in EUR of adstock, beta in first purchases per day). */
  response?: { theta: number; k: number; s: number; beta: number };
  /** Multiplier of the average order value for purchases caused by or landing from this channel. */
  aovFactor: number;
  /** Probability that a session from this channel ends in a signup. */
  signupRate: number;
  /** Lead stage rates: P(mql | lead), P(sql | mql), P(opportunity | sql). */
  stages: readonly [number, number, number];
  /** Referrers of the channel's visits. */
  referrers: readonly string[];
  /** Landing paths of organic visits. */
  landing: readonly string[];
}

export const siteOrigin = 'https://shop.example.com';

export const products = [
  'wireless-earbuds',
  'smart-watch',
  'phone-case',
  'usb-c-charger',
  'bluetooth-speaker',
  'laptop-stand',
  'mechanical-keyboard',
  'fitness-band',
] as const;
export const categories = ['audio', 'wearables', 'accessories', 'computers'] as const;
export const blogPosts = ['how-to-choose-earbuds', 'smartwatch-buying-guide', 'best-gifts-2026', 'desk-setup-ideas'] as const;

const productPaths = products.map((p) => `/products/${p}`);
const categoryPaths = categories.map((c) => `/category/${c}`);
const blogPaths = blogPosts.map((b) => `/blog/${b}`);

const always: readonly BudgetStep[] = [[0, 1]];
const weekdays = [1.1, 1.1, 1.05, 1.05, 1, 0.85, 0.85] as const;
const weekends = [0.9, 0.9, 0.95, 1, 1.05, 1.15, 1.15] as const;
const flat = [1, 1, 1, 1, 1, 1, 1] as const;

export const channelDefs: readonly ChannelDef[] = [
  {
    id: 'paid_search',
    paid: true,
    cpc: 1.0,
    cpm: 0,
    ctr: 0.045,
    trafficTheta: 0,
    baseVisits: 0,
    newShare: 0,
    weekly: weekdays,
    response: { theta: 0.15, k: 500, s: 1.3, beta: 18 },
    aovFactor: 1.1,
    signupRate: 0.03,
    stages: [0.6, 0.5, 0.5],
    referrers: ['https://www.google.com/'],
    landing: productPaths,
    campaigns: [
      { name: 'brand_search', source: 'google', role: 'brand', pricing: 'cpc', budget: 90, steps: always, ads: ['brand_text_a', 'brand_text_b'], terms: ['exampleshop', 'example shop'], landing: ['/'] },
      // The last 15% of the window (the budget model's time holdout) holds a budget test: from 0.85 generic search and
      // prospecting_fb run at their peak budgets, from 0.92 prospecting search and social go dark (display prospecting and the
      // cashback portal pause too), leaving brand and bing search and the retargeting campaigns. Both levels occur before the
      // holdout (search peaks from 0.5 and goes dark at 0.66–0.72, prospecting_fb at 0.2–0.27), so the holdout asks for spend
      // the model was trained on, and the swing (15–20 first purchases a day at scale 1) stands well above the Poisson noise of
      // ~45 a day. The earlier test (search paused to below anything seen before, a swing of ~8) left the true curves under
      // holdout R² 0.3 on 17 of 42 worlds; this one on 1 (bench/budget-demo-holdout.bench.ts).
      { name: 'generic_search', source: 'google', role: 'prospecting', pricing: 'cpc', budget: 260, steps: [[0, 0.6], [0.3, 1], [0.5, 1.9], [0.66, 0], [0.72, 1.9], [0.75, 1.2], [0.85, 1.9], [0.92, 0]], ads: ['generic_text_a', 'generic_text_b', 'generic_rsa'], terms: ['wireless earbuds', 'smart watch deal', 'usb c charger'], landing: productPaths },
      { name: 'shopping_search', source: 'google', role: 'prospecting', pricing: 'cpc', budget: 130, steps: [[0, 0], [0.2, 1], [0.6, 1.5], [0.66, 0], [0.72, 1.5], [0.92, 0]], ads: ['shopping_feed'], terms: ['earbuds price', 'fitness band'], landing: productPaths },
      { name: 'bing_search', source: 'bing', role: 'prospecting', pricing: 'cpc', budget: 50, steps: [[0, 1], [0.65, 0.4]], ads: ['bing_text_a', 'bing_text_b'], terms: ['bluetooth speaker', 'laptop stand'], landing: productPaths },
    ],
  },
  {
    id: 'paid_social',
    paid: true,
    cpc: 1.15,
    cpm: 6,
    ctr: 0.011,
    trafficTheta: 0.1,
    baseVisits: 0,
    newShare: 0,
    weekly: weekends,
    response: { theta: 0.4, k: 900, s: 1.1, beta: 16 },
    aovFactor: 0.9,
    signupRate: 0.04,
    stages: [0.45, 0.4, 0.45],
    referrers: [],
    landing: [],
    campaigns: [
      { name: 'prospecting_fb', source: 'facebook', role: 'prospecting', pricing: 'cpm', budget: 200, steps: [[0, 1], [0.2, 0], [0.27, 1], [0.4, 1.6], [0.7, 0.8], [0.85, 2.4], [0.92, 0]], ads: ['carousel_autumn', 'video_unboxing', 'static_discount'], landing: ['/lp/autumn-sale', '/lp/new-arrivals'] },
      { name: 'retargeting_fb', source: 'facebook', role: 'retargeting', pricing: 'cpc', budget: 80, steps: always, ads: ['dpa_catalog', 'reminder_static'], landing: productPaths },
      { name: 'stories_instagram', source: 'instagram', role: 'prospecting', pricing: 'cpm', budget: 120, steps: [[0, 0], [0.3, 1], [0.8, 1.4], [0.92, 0]], ads: ['story_video', 'story_poll'], landing: ['/lp/new-arrivals'] },
      { name: 'launch_tiktok', source: 'tiktok', role: 'prospecting', pricing: 'cpm', budget: 220, steps: [[0, 0], [0.55, 1], [0.85, 0]], ads: ['ugc_video_a', 'ugc_video_b'], landing: ['/lp/black-friday-preview'] },
    ],
  },
  {
    id: 'display',
    paid: true,
    cpc: 1.9,
    cpm: 2.5,
    ctr: 0.0013,
    trafficTheta: 0.2,
    baseVisits: 0,
    newShare: 0,
    weekly: flat,
    response: { theta: 0.55, k: 700, s: 0.9, beta: 4.8 },
    aovFactor: 0.95,
    signupRate: 0.015,
    stages: [0.35, 0.35, 0.4],
    referrers: ['https://www.dailynews.example.com/', 'https://weather.example.org/', 'https://recipes.example.net/'],
    landing: [],
    campaigns: [
      { name: 'prospecting_gdn', source: 'gdn', role: 'prospecting', pricing: 'cpm', budget: 150, steps: [[0, 1], [0.25, 0], [0.35, 1.3], [0.6, 0], [0.7, 1.6], [0.92, 0]], ads: ['banner_300x250', 'banner_728x90', 'responsive_display'], landing: categoryPaths },
      { name: 'retargeting_criteo', source: 'criteo', role: 'retargeting', pricing: 'cpm', budget: 100, steps: always, ads: ['dynamic_products'], landing: productPaths },
    ],
  },
  {
    id: 'email',
    paid: true,
    cpc: 0,
    cpm: 0,
    ctr: 0.03,
    trafficTheta: 0,
    baseVisits: 0,
    newShare: 0,
    weekly: flat,
    response: { theta: 0.5, k: 60, s: 1.2, beta: 3.6 },
    aovFactor: 1.05,
    signupRate: 0,
    stages: [0.7, 0.55, 0.5],
    referrers: [],
    landing: [],
    campaigns: [
      { name: 'weekly_newsletter', source: 'newsletter', role: 'retargeting', pricing: 'flat', budget: 40, steps: always, postDays: 'sends', ads: ['newsletter_main', 'newsletter_variant_b'], landing: ['/lp/autumn-sale', '/lp/new-arrivals', '/'] },
      { name: 'winback_flow', source: 'newsletter', role: 'retargeting', pricing: 'flat', budget: 15, steps: [[0, 0], [0.4, 1]], postDays: 'daily', ads: ['winback_10off'], landing: ['/lp/autumn-sale'] },
    ],
  },
  {
    id: 'affiliates',
    paid: true,
    cpc: 1.3,
    cpm: 0,
    ctr: 0.02,
    trafficTheta: 0.1,
    baseVisits: 0,
    newShare: 0,
    weekly: flat,
    response: { theta: 0.2, k: 250, s: 1.0, beta: 7.2 },
    aovFactor: 0.85,
    signupRate: 0.03,
    stages: [0.4, 0.35, 0.4],
    referrers: ['https://coupons.example.org/', 'https://gadgetblog.example.net/', 'https://cashback.example.com/'],
    landing: [],
    campaigns: [
      { name: 'coupon_codes', source: 'partner_coupons', role: 'prospecting', pricing: 'cpa', budget: 110, steps: always, ads: ['coupon_10off', 'coupon_free_shipping'], landing: productPaths },
      { name: 'gift_guides', source: 'partner_blogger', role: 'prospecting', pricing: 'revshare', budget: 60, steps: [[0, 1], [0.5, 1.5]], ads: ['gift_guide_link'], landing: productPaths },
      { name: 'cashback_portal', source: 'partner_cashback', role: 'prospecting', pricing: 'cpa', budget: 70, steps: [[0, 0], [0.5, 1], [0.92, 0]], ads: ['cashback_5pct', 'cashback_banner'], landing: ['/'] },
    ],
  },
  {
    id: 'influencer',
    paid: true,
    cpc: 2.5,
    cpm: 0,
    ctr: 0.015,
    trafficTheta: 0.6,
    baseVisits: 0,
    newShare: 0,
    weekly: flat,
    response: { theta: 0.6, k: 1500, s: 1.6, beta: 16 },
    aovFactor: 1.0,
    signupRate: 0.05,
    stages: [0.4, 0.4, 0.4],
    referrers: ['https://www.instagram.com/', 'https://www.youtube.com/'],
    landing: [],
    campaigns: [
      { name: 'autumn_unboxing', source: '@techwithsara', role: 'prospecting', pricing: 'flat', budget: 1800, steps: always, postDays: 'posts', ads: ['unboxing_reel', 'unboxing_story'], landing: ['/products/wireless-earbuds'] },
      { name: 'review_series', source: '@linh.reviews', role: 'prospecting', pricing: 'flat', budget: 1200, steps: always, postDays: 'posts', ads: ['review_video'], landing: ['/products/smart-watch'] },
      { name: 'giveaway', source: '@minoo.style', role: 'prospecting', pricing: 'flat', budget: 900, steps: [[0, 0], [0.6, 1]], postDays: 'posts', ads: ['giveaway_post', 'giveaway_story'], landing: ['/lp/black-friday-preview'] },
    ],
  },
  organic('organic_search', 470, 0.7, weekdays, ['https://www.google.com/'], [...blogPaths, ...productPaths, '/'], 0.03, [0.55, 0.5, 0.5], 1.0),
  organic('organic_social', 130, 0.7, weekends, ['https://t.co/', 'https://www.instagram.com/'], [...blogPaths, '/lp/new-arrivals'], 0.03, [0.4, 0.35, 0.4], 0.9),
  organic('referral', 100, 0.7, flat, ['https://techblog.example.net/', 'https://gadget-reviews.example.org/', 'https://forum.example.com/'], [...productPaths, ...blogPaths], 0.035, [0.5, 0.45, 0.45], 1.0),
  organic('direct', 490, 0.3, flat, [], ['/', '/', '/category/audio'], 0.02, [0.5, 0.45, 0.45], 1.05),
];

function organic(
  id: DemoChannel,
  baseVisits: number,
  newShare: number,
  weekly: readonly number[],
  referrers: readonly string[],
  landing: readonly string[],
  signupRate: number,
  stages: readonly [number, number, number],
  aovFactor: number,
): ChannelDef {
  return { id, paid: false, campaigns: [], cpc: 0, cpm: 0, ctr: 0, trafficTheta: 0, baseVisits, newShare, weekly, aovFactor, signupRate, stages, referrers, landing };
}

/** Share of a campaign's visits that are a person's first visit, by role. */
export const newShareByRole: Record<CampaignRole, number> = { prospecting: 0.8, brand: 0.35, retargeting: 0 };

/** Countries with weights and the language their visitors mostly use. */
export const countries = [
  { code: 'IR', weight: 0.28, language: 'fa', local: 'IRR' },
  { code: 'VN', weight: 0.24, language: 'vi', local: 'VND' },
  { code: 'DE', weight: 0.14, language: 'en', local: 'EUR' },
  { code: 'US', weight: 0.16, language: 'en', local: 'USD' },
  { code: 'FR', weight: 0.1, language: 'en', local: 'EUR' },
  { code: 'GB', weight: 0.08, language: 'en', local: 'EUR' },
] as const;

export const devices = ['mobile', 'desktop', 'tablet'] as const;
export const deviceWeights = [0.6, 0.32, 0.08] as const;

/** Visits per hour of day (UTC), hours 0–21; sessions start at 01:00 at the earliest and end before midnight. */
export const hourWeights = [0, 0.3, 0.3, 0.4, 0.6, 0.9, 1.2, 1.5, 1.7, 1.8, 1.8, 1.7, 1.7, 1.8, 1.9, 2.0, 2.1, 2.3, 2.4, 2.3, 1.9, 1.2] as const;

/** Baseline first purchases per day at scale 1 (demand the business would have without any marketing). */
export const baselinePerDay = 16;
/** Day-of-week multipliers of the baseline, Monday first. */
export const baselineWeekly = [1, 1, 1, 1.05, 1.05, 1.1, 0.9] as const;
/** Average first-order value in EUR, and its log-normal sigma. */
export const averageOrderValue = 85;
export const orderValueSigma = 0.45;
/** Average repeat-order value in EUR. */
export const repeatOrderValue = 70;
/** Probability a customer buys again in the window, and the mean gap in days. */
export const repeatRate = 0.32;
export const repeatGapDays = 18;
