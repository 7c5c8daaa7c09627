/**
 * The experiment documents the dashboard reads and writes: aliases of the types generated from the
 * operations' output schemas (src/operations/analysis/experiments*.ts → api-types.generated.ts).
 */
import type { ExperimentDefinition, ExperimentPlanAnswer, ExperimentResultsAnswer } from '../../lib/api-types.generated';

export const PRIMARY_METRICS = ['conversion_rate', 'revenue_per_user'] as const;
export const REPORT_METRICS = ['conversion_rate', 'revenue_per_user', 'leads_per_user', 'conversions_per_user', 'average_order_value'] as const;
export type ReportMetric = (typeof REPORT_METRICS)[number];

/** A definition as `GET /v1/experiments/:id` answers it. */
export type ExperimentDef = ExperimentDefinition;

/** `GET /v1/experiments/:id/results`. */
export type ExperimentResultsDoc = ExperimentResultsAnswer;

type Row = ExperimentResultsDoc['variants'][number];
/** A variant of a tested metric (the control first, its comparison fields null). */
export type TestedRow = Extract<Row, { p_value: unknown }>;
/** A variant before the metric can be tested: counts only. */
export type DescriptiveRow = Exclude<Row, TestedRow>;

/** A secondary or guardrail metric: tested (analysis rows) or descriptive only. */
export type MetricReport = NonNullable<ExperimentResultsDoc['secondary'][ReportMetric]>;

/** A sample anomaly of the results: an i18n key (`experiments.flag.*`) with parameters, and the server's English text. */
export type SampleFlag = ExperimentResultsDoc['sample_flags'][number];

/** `GET /v1/experiments/plan`. */
export type PlanAnswer = ExperimentPlanAnswer;

export const isTested = (row: TestedRow | DescriptiveRow): row is TestedRow => 'p_value' in row;
