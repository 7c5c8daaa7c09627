/**
 * Customer-level shapes the store answers: sales per person, stitched profiles, the CRM funnel,
 * and segment rules (a small rule language the adapters compile to their SQL with every user
 * value passed as a parameter).
 */

/** One sale of a person (stitched identity), amount in the workspace currency. */
export interface CustomerTransaction {
  customer_id: string;
  /** YYYY-MM-DD: the local day of the sale in the workspace's time zone. */
  date: string;
  amount: number;
  order_id: string;
}

/** A person: every anonymous id (device) stitched to them, where they came from, what they bought. */
export interface CustomerProfile {
  customer_id: string;
  anonymous_ids: string[];
  /** ISO timestamps; null when the person is known only from imported orders without events. */
  first_seen: string | null;
  last_seen: string | null;
  /** First non-direct visit or click ('direct' when every visit was direct; null without visits). */
  first_touch: { channel: string; campaign: string } | null;
  /** Credited channel (last non-direct click within the lookback) of the first sale and its local day; null for non-buyers. */
  acquisition: { channel: string; campaign: string; date: string } | null;
  orders: number;
  revenue: number;
  /** From the latest event that carries each. */
  country: string | null;
  city: string | null;
  device: string | null;
  language: string | null;
  email_hash: string | null;
  /** Properties of identify events merged in time order (later values win). */
  traits: Record<string, unknown>;
}

export const crmStages = ['lead', 'mql', 'sql', 'opportunity', 'customer'] as const;
export type CrmStage = (typeof crmStages)[number];

/** The funnel of the leads created in a range (one row in total, or one per channel or campaign). */
export interface CrmFunnelRow {
  /** Channel or campaign; null for the total row. */
  key: string | null;
  /** The campaign's channel when grouped by campaign. */
  channel?: string;
  stages: { stage: CrmStage; count: number; median_days: number | null }[];
}

/** Built-in traits read from the latest event carrying them. */
export const builtinTraits = ['country', 'city', 'device', 'language'] as const;

/** One condition of a segment. Values are compared exactly (country upper-case, device lower-case). */
export type SegmentCondition =
  | { kind: 'trait'; trait: string; values: string[] }
  | { kind: 'event'; name: string; min_count: number; days: number }
  | { kind: 'page'; path: string; days?: number }
  | { kind: 'orders'; min_count: number }
  | { kind: 'spent'; more_than: number }
  | { kind: 'acquisition_channel'; values: string[] };

export interface SegmentRules {
  /** `all`: every condition holds; `any`: at least one. */
  match: 'all' | 'any';
  conditions: SegmentCondition[];
}

/** A segment evaluated as of a day: "in the last D days" are the D local days ending on `asOf` (inclusive). */
export interface SegmentQuery {
  rules: SegmentRules;
  asOf: string;
}

/** Totals over a set of people: how many, how many bought, their orders and revenue. */
export interface PeopleStats {
  people: number;
  buyers: number;
  orders: number;
  revenue: number;
}
