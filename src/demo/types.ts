import type { EventRecord, LeadRecord, OrderRecord, RateRecord, SpendRecord } from '../records/events.js';

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

/** Options of `generateDemoWorld`; every field has a default so the output is deterministic. */
export interface DemoOptions {
  /** PRNG seed (integer), default 42. */
  seed?: number;
  /** Length of the window in days, default 90. */
  days?: number;
  /** Number of simulated people (each has one or two anonymous ids), default 100,000. */
  visitors?: number;
  /** Last day of the window, YYYY-MM-DD; the library default is 2026-11-20, the CLI and server default to yesterday. */
  endDate?: string;
  /** Workspace base currency (EUR, USD, IRR or VND), default EUR. */
  currency?: string;
}

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
}

/** A complete simulated world: canonical records plus the truth behind them. */
export interface DemoWorld {
  events: EventRecord[];
  spend: SpendRecord[];
  orders: OrderRecord[];
  leads: LeadRecord[];
  truth: DemoTruth;
  rates: RateRecord[];
}
