/** Plain data shapes shared by the budget engines. */
import type { BudgetMessage } from './messages.js';
import type { ChannelCurve } from './transforms.js';

export type Frequency = 'daily' | 'weekly';

/** Spend and outcome per period, ascending by date, one row per period without gaps. */
export interface MmmDataset {
  /** ISO dates (YYYY-MM-DD), ascending; for weekly data the first day of each week. */
  dates: string[];
  channels: string[];
  /** spend[channel][period] in money units, ≥ 0. */
  spend: number[][];
  /** Outcome per period (conversions or revenue). */
  outcome: number[];
}

/** A dated holiday; holidays sharing a name share one dummy column. */
export interface Holiday {
  date: string;
  name?: string;
}

/**
 * An experiment or geo-holdout measurement of one channel's lift, used as a
 * penalty pulling the fit toward it. Give `roi` (incremental outcome per unit
 * spend in the window) or `incremental` (incremental outcome in the window).
 */
export interface LiftMeasurement {
  channel: string;
  /** First and last date of the measured window (inclusive); whole history when absent. */
  from?: string;
  to?: string;
  roi?: number;
  incremental?: number;
  /** Standard error of the measured value (same unit as `roi` or `incremental`). */
  standardError: number;
}

export interface FitQuality {
  r2: number;
  nrmse: number;
  /** Mean absolute percentage error over periods with a non-zero outcome, as a fraction. */
  mape: number;
}

export interface ChannelReport {
  channel: string;
  theta: number;
  k: number;
  s: number;
  beta: number;
  spend: number;
  contribution: number;
  roi: number;
  /** Extra outcome per extra unit of spend at the historical spend level. */
  mroi: number;
  /** Bootstrap interval for ROI at `ciLevel`. */
  roi_ci: [number, number];
  /** False when spend is zero or constant, so the effect cannot be estimated (β fixed at 0). */
  identifiable: boolean;
}

/** Everything the optimiser and forecasts need from a fitted model. */
export interface MmmFit {
  frequency: Frequency;
  /** Periods per week: 7 for daily data, 1 for weekly. */
  periodsPerWeek: number;
  channels: string[];
  curves: ChannelCurve[];
  /** Adstocked spend at the last observed period, per channel (carried into the future). */
  carryIn: number[];
  baseline: BaselineSpec;
  baselineCoef: number[];
  /** Bootstrap draws: baseline coefficients followed by channel betas. */
  coefDraws: number[][];
  channelReports: ChannelReport[];
  /** `holdout.skill`: 1 − SSE / SSE of forecasting the holdout by the training mean (> 0: better than history). */
  fit: FitQuality & { holdout: FitQuality & { periods: number; skill: number }; in_sample: FitQuality };
  ciLevel: number;
  /** Last date of the history. */
  lastDate: string;
  /** Spend of the last periods (for the "current plan"): spend[channel][period]. */
  recentSpend: number[][];
  /** English texts of `notes`. */
  warnings: string[];
  /** Warnings as message ids with parameters (the dashboard words them). */
  notes: BudgetMessage[];
}

/** How baseline columns are built (trend-line levels, seasonality, holidays). */
export interface BaselineSpec {
  frequency: Frequency;
  /** Day number (days since 1970-01-01) of the first period. */
  startDay: number;
  /** Trend scale in days (the span of the history). */
  trendSpan: number;
  weeklyHarmonics: number;
  annualHarmonics: number;
  /** Holiday day numbers per dummy column. */
  holidayColumns: { name: string; days: number[] }[];
  columnNames: string[];
}
