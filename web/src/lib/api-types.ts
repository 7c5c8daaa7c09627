/** Shapes of the roilens API answers the dashboard reads (money in workspace currency, rates as fractions). */
import type { Good } from './change';
import type { Unit } from './format';

export interface Workspace {
  id: string;
  name: string;
  currency: string;
  timezone: string;
  data_from: string;
  data_to: string;
}

export interface MetricDef {
  name: string;
  label: string;
  unit: Unit;
  good: Good;
  description: string;
}

export interface MetricsAnswer {
  metrics: MetricDef[];
}

/** One row of `/v1/kpis`: the dimension value(s) plus metric values (null when undefined). */
export type KpiRow = Record<string, string | number | null>;

export interface KpisAnswer {
  by: string;
  from: string;
  to: string;
  currency: string;
  /** The attribution model that credited conversions (last-non-direct until issue 3). */
  attribution?: string;
  rows: KpiRow[];
  totals: KpiRow;
  previous?: { from: string; to: string; totals: KpiRow };
}

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
}

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
}

export interface CohortsAnswer {
  cohorts: Array<{ cohort: string; size: number; retention: number[]; revenue_per_customer: number[] }>;
}

export interface FunnelAnswer {
  stages: Array<{ stage: string; count: number; rate_from_previous: number | null; median_days: number | null }>;
}

export interface BudgetPlanAnswer {
  allocation: Array<{ channel: string; current: number; spend: number }>;
  expected_outcome: number;
  moves: string[];
}
