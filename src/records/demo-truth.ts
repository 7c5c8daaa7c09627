/**
 * What the simulated world truly caused (the demo's ground truth), kept with the data it
 * generated as the setting `demoTruthSetting` so reports can show it beside the models.
 */

/** The setting that holds a loaded demo world's `DemoTruth` (JSON). */
export const demoTruthSetting = 'demo_truth';

/** The ten channel ids of the demo world, as the ingest channel grouping names them. */
export const demoChannels = [
  'paid_search',
  'paid_social',
  'display',
  'email',
  'affiliates',
  'influencer',
  'organic_search',
  'organic_social',
  'referral',
  'direct',
] as const;
export type DemoChannel = (typeof demoChannels)[number];

/** Response-curve parameters of one channel: incremental_t = beta * a_t^s / (a_t^s + k^s), a_t = spend_t + theta * a_{t-1}. */
export interface ResponseParams {
  /** Geometric adstock decay (share of yesterday's adstock carried into today). */
  theta: number;
  /** Half-saturation adstock, in the base currency. */
  k: number;
  /** Hill shape (slope). */
  s: number;
  /** Maximum incremental first purchases per day at saturation. */
  beta: number;
}

/** What one channel truly caused over the window. */
export interface ChannelTruth {
  channel: DemoChannel;
  /** Total cost booked for the channel, decimal string in the base currency. */
  spend: string;
  /** First purchases caused by this channel's incremental effect (realised draws). */
  incremental_conversions: number;
  /** Revenue of those purchases, decimal string in the base currency. */
  incremental_revenue: string;
  /** Sum over days of the expected incremental purchases beta * hill(adstock). */
  expected_incremental_conversions: number;
  /** Response curve; null for channels without spend (their demand is baseline). */
  response: ResponseParams | null;
}

/** One day of the causal model (numbers, base currency). */
export interface DailyTruth {
  date: string;
  /** Cost per channel with spend. */
  spend: Record<string, number>;
  /** Adstocked spend per channel with a response curve. */
  adstock: Record<string, number>;
  /** Expected incremental first purchases per channel. */
  expected: Record<string, number>;
  /** Realised incremental first purchases per channel. */
  incremental: Record<string, number>;
  /** First purchases caused by the baseline (no channel). */
  baseline: number;
  /** Repeat purchases by existing customers. */
  repeat: number;
  /** All purchases of the day (incremental + baseline + repeat). */
  conversions: number;
  /** Revenue of all purchases of the day, base currency. */
  revenue: number;
}

/** Why an order happened: a channel's incremental effect, the baseline demand, or a repeat purchase. */
export type OrderCause = DemoChannel | 'baseline' | 'repeat';

/** The ground truth the simulator used, so later engines (attribution, MMM, budget) can be checked against it. */
export interface DemoTruth {
  seed: number;
  days: number;
  visitors: number;
  start_date: string;
  end_date: string;
  currency: string;
  description: string;
  model: { adstock: string; response: string; baseline: string };
  channels: ChannelTruth[];
  baseline: { conversions: number; revenue: string; expected_conversions: number };
  repeat: { conversions: number; revenue: string };
  totals: {
    conversions: number;
    revenue: string;
    orders: number;
    leads: number;
    events: number;
    people: number;
    anonymous_ids: number;
    sessions: number;
  };
  daily: DailyTruth[];
  /** The cause of every order, by order id. */
  causes: Record<string, OrderCause>;
  /** The partner programmes' truth: fraudulent partners and their patterns (absent in worlds made before issue 16). */
  partners?: PartnerTruth;
}

/** A fraudulent partner the demo world planted, and how. */
export interface FraudulentPartnerTruth {
  partner_id: string;
  pattern: 'cookie_stuffing' | 'click_injection' | 'datacenter_bots' | 'brand_bidding';
  description: string;
  clicks: number;
}

/** The demo world's partner programmes (issue 16): who is fraudulent, and what crediting should find. */
export interface PartnerTruth {
  programs: string[];
  affiliates: number;
  influencers: number;
  /** Server-shaped partner clicks in the events. */
  clicks: number;
  fraudulent: FraudulentPartnerTruth[];
  /** Purchases whose conversion event carries a coupon code. */
  coupon_orders: number;
  refunds: number;
  /**
   * Sales per partner as the world credits them: the coupon's holder, else the device's last partner
   * click within 30 days (crediting through stitched persons may credit a few more).
   */
  credited_sales: Record<string, number>;
  /** When an affiliate's credited sales in a calendar month (UTC) reached the tier's `min_sales`. */
  tier_crossings: { partner_id: string; month: string; at: string; min_sales: number }[];
}
