/** The experiment documents the dashboard reads and writes (src/reports/experiments/ on the server). */

export const PRIMARY_METRICS = ['conversion_rate', 'revenue_per_user'] as const;
export const REPORT_METRICS = ['conversion_rate', 'revenue_per_user', 'leads_per_user', 'conversions_per_user', 'average_order_value'] as const;
export type ReportMetric = (typeof REPORT_METRICS)[number];
export type ExperimentStatus = 'draft' | 'running' | 'stopped';

export interface ExperimentVariantDef {
  name: string;
  weight: number;
}

/** A definition as `GET /v1/experiments/:id` answers it. */
export interface ExperimentDef {
  id: string;
  key: string;
  name: string;
  hypothesis?: string;
  status: ExperimentStatus;
  variants: ExperimentVariantDef[];
  metric: (typeof PRIMARY_METRICS)[number];
  secondary_metrics?: ReportMetric[];
  guardrail_metrics?: ReportMetric[];
  mde?: number;
  planned_users?: number;
  winner?: string;
  hash_version?: number;
  start?: string;
  stop?: string;
  created_at: string;
}

/** A row of `GET /v1/experiments`. */
export interface ExperimentSummaryRow {
  id: string;
  key: string;
  name: string;
  status: ExperimentStatus;
  variants: Array<string | ExperimentVariantDef>;
  primary_metric?: string;
  winner?: string | null;
  planned_users?: number | null;
  hash_version?: number;
}

export interface TestedRow {
  name: string;
  users: number;
  rate?: number;
  mean?: number;
  value?: number | null;
  lift: number | null;
  ci_low: number | null;
  ci_high: number | null;
  p_value: number | null;
  chance_to_win: number | null;
  risk: number | null;
  sequential_p_value?: number | null;
}

export interface DescriptiveRow {
  name: string;
  users: number;
  value: number | null;
  lift: number | null;
}

export type MetricReport = { tested: true; variants: TestedRow[] } | { tested: false; note?: string; variants: DescriptiveRow[] };

export interface VariantStats {
  variant: string;
  users: number;
  converters: number;
  conversions: number;
  revenue_sum: number;
  leads: number;
}

/** A sample anomaly of the results: an i18n key (`experiments.flag.*`) with parameters, and the server's English text. */
export interface SampleFlag {
  id: string;
  params: Record<string, string | number>;
  text: string;
}

/** `GET /v1/experiments/:id/results`. */
export interface ExperimentResultsDoc {
  experiment?: ExperimentDef;
  metric?: string;
  analysis?: { alpha: number } | null;
  srm_p_value: number | null;
  srm_warning: string | boolean | null;
  variants: Array<TestedRow | DescriptiveRow>;
  secondary?: Partial<Record<ReportMetric, MetricReport>>;
  guardrails?: Partial<Record<ReportMetric, { report: MetricReport; breached: string[] }>>;
  stats?: VariantStats[];
  assignment_check?: { checked: number; mismatched: number; hash_version: number } | null;
  assignment_warning?: string | null;
  /** exposed people without a server-signed assignment, left out of the counts (issue 12 #5) */
  unsigned_users?: number | null;
  sample_flags?: SampleFlag[];
  stopping_rule?: string | null;
  days_running?: number;
  planned_users_per_variant?: number | null;
  progress?: number | null;
  more_days_needed?: number | null;
}

/** `GET /v1/experiments/plan`. */
export interface PlanAnswer {
  users_per_variant: number;
  total_users: number;
  days?: number | null;
}

export const isTested = (row: TestedRow | DescriptiveRow): row is TestedRow => 'p_value' in row;
