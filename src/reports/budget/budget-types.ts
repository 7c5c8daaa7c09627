/** Shapes of the store-backed budget reports (API, CLI and dashboard read these). */
import type { BudgetMessage, BudgetMove, ChannelReport, Holiday, RuleDecision } from '../../budget/index.js';
import type { OutcomeKind } from './budget-dataset.js';
import type { CalendarKind, HolidaySet } from '../workspace/holidays.js';

export type PlanMode = 'model' | 'simple';

export interface AllocationRow {
  channel: string;
  /** The current split (recent run-rate shares) scaled to the plan's total. */
  current: number;
  /** Recommended spend over the whole horizon; the rows sum to the total exactly (cents). */
  spend: number;
  /** Spend at the recent run-rate over the horizon, not scaled (what ±% bounds refer to). */
  current_spend: number;
  /** Change of `spend` against `current_spend`, in percent. */
  change_pct: number;
  /** Recommended spend per week. */
  weekly: number[];
}

export interface WeekForecast {
  week: number;
  start: string;
  spend: number;
  outcome_current: number;
  outcome_recommended: number;
  interval_recommended: [number, number] | null;
}

export interface BudgetPlanReport {
  mode: PlanMode;
  /** Why simple mode was used (null for the model), in English; `reason_message` as an id with parameters. */
  reason: string | null;
  reason_message: BudgetMessage | null;
  from: string;
  to: string;
  outcome: OutcomeKind;
  total: number;
  weeks: number;
  allocation: AllocationRow[];
  /** Predicted outcome of the recommended plan over the horizon (baseline included). */
  expected_outcome: number;
  interval: [number, number] | null;
  /** Predicted outcome of the current split at the same total. */
  current_outcome: number;
  current_interval: [number, number] | null;
  /**
   * Plain-language moves (English), e.g. "move 12% of display to paid_search: +140 conversions, CPA −9%"
   * or, in simple mode, "lower display by 20% (…): average cost per new customer … is above the target …";
   * read off the allocation rows, so they never contradict them. `move_messages`: the same as ids with parameters.
   */
  moves: string[];
  move_messages: BudgetMessage[];
  move_details: BudgetMove[];
  /** Simple mode: the rule applied to each channel, with its reasoning. */
  decisions?: RuleDecision[];
  weekly: WeekForecast[];
  warnings: string[];
  warning_messages: BudgetMessage[];
}

export interface BudgetFitReport {
  from: string;
  to: string;
  outcome: OutcomeKind;
  frequency: 'daily' | 'weekly';
  periods: number;
  spend_total: string;
  channels: ChannelReport[];
  /** `holdout.skill`: 1 − SSE over the SSE of forecasting the holdout by the training mean. */
  fit: { r2: number; nrmse: number; mape: number; holdout: { r2: number; nrmse: number; mape: number; periods: number; skill: number }; in_sample: { r2: number; nrmse: number; mape: number } };
  ci_level: number;
  baseline: Record<string, number>;
  calendar: { calendar: CalendarKind; holiday_sets: HolidaySet[]; holidays: Holiday[] };
  /** Whether a plan may use this fit in auto mode; otherwise why not (the page draws no curves then). */
  usable: boolean;
  unusable_reason: BudgetMessage | null;
  warnings: string[];
  warning_messages: BudgetMessage[];
}
