/**
 * `clv fit` and `clv predict` over summary columns (large transaction files): the frequency model
 * is fitted on the distinct purchase histories with their counts, Gamma-Gamma on the columns, and
 * prediction works once per distinct history. Same numbers as the per-customer path.
 */
import { AppError } from '../../shared/errors.js';
import { dayString } from '../purchases/transactions.js';
import type { SummaryColumns } from '../purchases/purchase-log.js';
import { fitBgNbd } from './bg-nbd.js';
import { checkFinite, clvSchedule, type ClvOptions, type CustomerClv, type HistoryOutlook } from './clv.js';
import { fitDocument, type ClvFitDocument, type ClvFitOptions } from './clv-report.js';
import type { FittedFrequencyModel } from './frequency-model.js';
import { fitGammaGammaColumns, gammaGammaExpectedSpend, type GammaGammaParams } from './gamma-gamma.js';
import { fitParetoNbd } from './pareto-nbd.js';

/** Fits the frequency model and Gamma-Gamma (which may fail only without `requireSpend`); the `clv fit` document. */
export function clvFitFromColumns(columns: SummaryColumns, options: ClvFitOptions, requireSpend = false): ClvFitDocument {
  if (columns.customerIds.length === 0) throw new AppError('invalid_input', 'no customer purchased on or before the calibration end');
  const frequency = options.model === 'pareto' ? fitParetoNbd(columns.histories) : fitBgNbd(columns.histories);
  let spend = null;
  try {
    spend = fitGammaGammaColumns(columns.frequency, columns.monetary);
  } catch (err) {
    if (requireSpend || !(err instanceof AppError)) throw err;
  }
  return fitDocument({ frequency, spend, calibrationEnd: options.calibrationEnd ?? dayString(columns.calibrationEnd) }, options);
}

/** The fitted models a prediction needs, as a `clv fit` document carries them. */
export function fittedModels(doc: Pick<ClvFitDocument, 'model' | 'params' | 'gamma_gamma'>): { fitted: FittedFrequencyModel; spend: GammaGammaParams } {
  if (!doc.gamma_gamma) throw new AppError('invalid_input', 'the fitted model has no Gamma-Gamma spend model (fewer than 3 customers with repeat purchases): no CLV can be predicted');
  const fitted = (doc.model === 'pareto' ? { model: 'pareto', params: doc.params } : { model: 'bgnbd', params: doc.params }) as FittedFrequencyModel;
  return { fitted, spend: doc.gamma_gamma };
}

/**
 * Per customer (in column order), P(alive), expected purchases and discounted CLV over the
 * horizon, handed to `emit` one at a time (no array of a million objects).
 */
export function predictFromColumns(
  columns: SummaryColumns,
  fitted: FittedFrequencyModel,
  spend: GammaGammaParams,
  options: ClvOptions,
  emit: (row: CustomerClv) => void,
): void {
  const schedule = clvSchedule(fitted, options);
  const outlooks: (HistoryOutlook | undefined)[] = new Array(columns.histories.length);
  const { customerIds, frequency, monetary, history } = columns;
  for (let i = 0; i < customerIds.length; i++) {
    const h = history[i];
    const outlook = (outlooks[h] ??= schedule.history(columns.histories[h]));
    const expectedSpend = gammaGammaExpectedSpend(spend, { frequency: frequency[i], monetary_value: monetary[i] });
    const row: CustomerClv = { customer_id: customerIds[i], ...schedule.value(outlook, expectedSpend) };
    checkFinite(row);
    emit(row);
  }
}
