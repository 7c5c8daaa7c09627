/** Shapes of the roilens API answers the dashboard reads (money in workspace currency, rates as fractions). */
import type { BudgetPlanAnswer, ChannelRulesAnswer, LinksAnswer, MetricsAnswer } from './api-types.generated';

// Answers of operations (src/operations) are generated from their output schemas, not copied by hand.
export type { BudgetFitAnswer, BudgetFunnelAnswer, BudgetPlanAnswer, BudgetWhatIfAnswer, ChannelRulesAnswer, KpisAnswer, LinksAnswer, Workspace } from './api-types.generated';
/** A budget message: an i18n key (`budget.msg.*`) with parameters, and the server's English text. */
export type BudgetMessage = BudgetPlanAnswer['warning_messages'][number];
export type ChannelRule = ChannelRulesAnswer['rules'][number];


export type { MetricsAnswer, OnboardingAnswer } from './api-types.generated';
/** One metric of the KPI registry (`GET /v1/metrics`). */
export type MetricDef = MetricsAnswer['metrics'][number];

/**
 * One row of `/v1/kpis`: the dimension value(s) plus metric values (null when undefined).
 * Campaign rows say their `channel`; ad rows their `channel` and `campaign`.
 */
export type KpiRow = Record<string, string | number | null> & { channel?: string; campaign?: string };

export interface ModelCredit {
  conversions: number | null;
  revenue: number | null;
  cpa: number | null;
  roas: number | null;
}

export interface AttributionCompareAnswer {
  models: string[];
  rows: Array<{
    channel: string;
    spend: number | null;
    truth: { conversions: number; revenue: number } | null;
    models: Record<string, ModelCredit>;
  }>;
  highlights: string[];
  /** The highlights as message ids with parameters (same order); absent from older servers. */
  highlight_items?: HighlightItem[];
}

export type HighlightItem =
  | { id: 'closest_to_truth'; model: string; share_error: number }
  | { id: 'model_change'; channel: string; model: string; baseline: string; change: number };

export interface AttributionPathsAnswer {
  top_paths: Array<{ path: string[]; journeys: number; conversions: number; value: number }>;
  path_lengths: Array<{ length: number; conversions: number }>;
  days_to_conversion: Array<{ days: number; conversions: number }>;
  assisted: Array<{ channel: string; assisted: number; last_touch: number; ratio: number | null }>;
  sankey: { nodes: Array<{ name: string }>; links: Array<{ source: string; target: string; value: number }> };
}

export interface Experiment {
  id: string;
  key: string;
  name: string;
  status: string;
  variants: Array<string | { name: string; weight?: number }>;
  primary_metric: string;
}

export interface ExperimentsAnswer {
  experiments: Experiment[];
}

export interface VariantResult {
  name: string;
  users: number;
  rate?: number | null;
  mean?: number | null;
  lift: number | null;
  ci_low: number | null;
  ci_high: number | null;
  p_value: number | null;
  chance_to_win: number | null;
  risk: number | null;
}

export interface ExperimentResults {
  metric?: string;
  srm_p_value: number | null;
  srm_warning: boolean;
  variants: VariantResult[];
}

export interface RfmAnswer {
  segments: Array<{ segment: string; customers: number; revenue: number }>;
  grid: Array<{ r: number; f: number; customers: number; revenue: number }>;
  /** The 20 most valuable customers: by revenue, then orders, then the more recent last order (absent from old servers). */
  top_customers?: Array<{ customer_id: string; recency_days: number; frequency: number; monetary: number; r: number; f: number; m: number; score: string; segment: string }>;
}

export interface CohortsAnswer {
  cohorts: Array<{ cohort: string; size: number; retention: number[]; revenue_per_customer: number[] }>;
}

export interface ClvAnswer {
  horizon_days: number;
  total_clv: number;
  fit: { model: string; customers?: number; converged?: boolean };
  customers: Array<{ customer_id: string; p_alive: number; expected_purchases: number; clv: number }>;
}

export interface CustomerProfile {
  customer_id: string;
  anonymous_ids: string[];
  first_seen: string | null;
  last_seen: string | null;
  first_touch: { channel: string; campaign: string } | null;
  acquisition: { channel: string; campaign: string; date: string } | null;
  orders: number;
  revenue: number;
  country: string | null;
  city: string | null;
  device: string | null;
  language: string | null;
  email_hash: string | null;
  traits: Record<string, unknown>;
}

export interface CustomerAnswer {
  profile: CustomerProfile;
  events?: Array<{ id: string; type: string; ts: string; channel?: string | null; device?: string | null; anonymous_id?: string | null; landing_page?: string | null; revenue?: number | null }>;
}

export type { FunnelAnswer, LtvCacAnswer, SegmentCountAnswer, SegmentDefinition } from './api-types.generated';

export const FUNNEL_ASSUMPTIONS = ['cpm', 'ctr', 'visit_rate', 'cvr', 'close_rate', 'sales_rate', 'aov'] as const;
export type FunnelAssumption = (typeof FUNNEL_ASSUMPTIONS)[number];

export interface TrackingLink {
  slug: string;
  destination: string;
  channel?: string;
  utm: { source?: string; medium?: string; campaign?: string; content?: string; term?: string };
  /** A disabled link records no click and sends visitors to the workspace's fallback_url. */
  disabled: boolean;
  created_at: string;
  updated_at?: string;
}

/** A link with its figures over the answer's range (GET /v1/links). */
export type TrackingLinkStats = LinksAnswer['links'][number];
