/**
 * The `clv fit` and `clv predict` documents, built from transactions. Shared by the CLI and the
 * HTTP API so the two cannot drift: summarise → fit → (predict) → format.
 */
import { AppError } from '../../shared/errors.js';
import { fitBgNbd, type BgNbdParams, type Rft } from './bg-nbd.js';
import { predictClv, type CustomerClv } from './clv.js';
import type { FitResult } from '../maths/fit-support.js';
import type { FittedFrequencyModel, FrequencyModelName } from './frequency-model.js';
import { fitGammaGamma, type GammaGammaParams } from './gamma-gamma.js';
import { fitParetoNbd, type ParetoNbdParams } from './pareto-nbd.js';
import { summarizeTransactions, type TimeUnit, type Transaction } from '../purchases/transactions.js';

export interface ClvFitOptions {
  model: FrequencyModelName;
  timeUnit: TimeUnit;
  calibrationEnd?: string;
}

export interface ClvFitDocument {
  model: FrequencyModelName;
  params: BgNbdParams | ParetoNbdParams;
  stderr: Record<string, number | null>;
  loglik: number;
  /** Null when fewer than 3 customers have repeat purchases with positive value. */
  gamma_gamma: GammaGammaParams | null;
  time_unit: TimeUnit;
  calibration_end: string;
  customers: number;
  converged: boolean;
}

export interface ClvPredictDocument {
  customers: { customer_id: string; p_alive: number; expected_purchases: number; clv: number }[];
}

interface Fitted {
  frequency: FitResult<BgNbdParams> | FitResult<ParetoNbdParams>;
  fitted: FittedFrequencyModel;
  spend: FitResult<GammaGammaParams> | null;
  calibrationEnd: string;
}

/** What the fits and predictions need of a customer (or of `weight` identical customers). */
export type ClvSummary = Rft & { customer_id: string; monetary_value: number };

function fitAll(transactions: readonly Transaction[], options: ClvFitOptions, requireSpend: boolean) {
  if (transactions.length === 0) throw new AppError('invalid_input', 'no transactions');
  const summaries = summarizeTransactions(transactions, options);
  const calibrationEnd = options.calibrationEnd ?? transactions.reduce((max, t) => (t.date > max ? t.date : max), '');
  return { summaries, ...fitSummaries(summaries, options, calibrationEnd, requireSpend) };
}

function fitSummaries(summaries: readonly ClvSummary[], options: ClvFitOptions, calibrationEnd: string, requireSpend: boolean): Fitted {
  if (summaries.length === 0) throw new AppError('invalid_input', 'no customer purchased on or before the calibration end');
  let result: Fitted;
  if (options.model === 'pareto') {
    const fit = fitParetoNbd(summaries);
    result = { frequency: fit, fitted: { model: 'pareto', params: fit.params }, spend: null, calibrationEnd };
  } else {
    const fit = fitBgNbd(summaries);
    result = { frequency: fit, fitted: { model: 'bgnbd', params: fit.params }, spend: null, calibrationEnd };
  }
  try {
    result.spend = fitGammaGamma(summaries);
  } catch (err) {
    if (requireSpend || !(err instanceof AppError)) throw err;
  }
  return result;
}

/** Fits the frequency model and Gamma-Gamma and returns the `clv fit` document. */
export function clvFitReport(transactions: readonly Transaction[], options: ClvFitOptions): ClvFitDocument {
  return fitDocument(fitAll(transactions, options, false), options);
}

/**
 * The `clv fit` document from customer summaries (rows may stand for several identical
 * customers through `weight`), as a store that summarises sales in SQL returns them.
 */
export function clvFitFromSummaries(summaries: readonly ClvSummary[], options: ClvFitOptions & { calibrationEnd: string }): ClvFitDocument {
  return fitDocument(fitSummaries(summaries, options, options.calibrationEnd, false), options);
}

/** The fit and, per summary row (in order), P(alive), expected purchases and CLV of one of its customers. */
export function clvPredictFromSummaries(
  summaries: readonly ClvSummary[],
  options: ClvFitOptions & { calibrationEnd: string; horizonDays: number; discountRate?: number },
): { fit: ClvFitDocument; predictions: CustomerClv[] } {
  const fitted = fitSummaries(summaries, options, options.calibrationEnd, true);
  return { fit: fitDocument(fitted, options), predictions: predictClv(summaries, fitted.fitted, fitted.spend!.params, options) };
}

/** The `clv fit` document of fitted models. */
export function fitDocument({ frequency, spend, calibrationEnd }: Pick<Fitted, 'frequency' | 'spend' | 'calibrationEnd'>, options: ClvFitOptions): ClvFitDocument {
  return {
    model: options.model,
    params: frequency.params,
    stderr: frequency.stderr,
    loglik: frequency.loglik,
    gamma_gamma: spend ? spend.params : null,
    time_unit: options.timeUnit,
    calibration_end: calibrationEnd,
    customers: frequency.customers,
    converged: frequency.converged,
  };
}

/** Fits the models and returns per-customer P(alive), expected purchases and CLV over the horizon. */
export function clvPredictReport(
  transactions: readonly Transaction[],
  options: ClvFitOptions & { horizonDays: number; discountRate?: number },
): ClvPredictDocument {
  const { summaries, fitted, spend } = fitAll(transactions, options, true);
  const predictions = predictClv(summaries, fitted, spend!.params, options);
  return {
    customers: predictions.map(({ customer_id, p_alive, expected_purchases, clv }) => ({ customer_id, p_alive, expected_purchases, clv })),
  };
}
