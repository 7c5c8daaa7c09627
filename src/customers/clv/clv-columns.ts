/**
 * `clv fit` and `clv predict` over summary columns (large transaction files): the frequency model
 * is fitted on the distinct purchase histories with their counts, Gamma-Gamma on the columns, and
 * prediction works once per distinct history. Same numbers as the per-customer path.
 */
import { AppError } from '../../shared/errors.js';
import { dayString } from '../purchases/transactions.js';
import type { SummaryColumns } from '../purchases/purchase-log.js';
import { fitBgNbd } from './bg-nbd.js';
import { checkFinite, clvSchedule, type ClvOptions } from './clv.js';
import { fitDocument, type ClvFitDocument, type ClvFitOptions } from './clv-report.js';
import type { FittedFrequencyModel } from './frequency-model.js';
import { fitGammaGammaColumns, gammaGammaExpectedSpend, type GammaGammaParams } from './gamma-gamma.js';
import { fitParetoNbd } from './pareto-nbd.js';

/** Fits the frequency model and Gamma-Gamma (which may fail only without `requireSpend`); the `clv fit` document. */
export function clvFitFromColumns(columns: SummaryColumns, options: ClvFitOptions, requireSpend = false): ClvFitDocument {
  if (columns.frequency.length === 0) throw new AppError('invalid_input', 'no customer purchased on or before the calibration end');
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

/** Per customer (in column order): P(alive), expected purchases over the horizon and discounted CLV. */
export interface PredictionColumns {
  pAlive: Float64Array;
  expectedPurchases: Float64Array;
  clv: Float64Array;
}

/**
 * Per customer (in column order), P(alive), expected purchases and discounted CLV over the
 * horizon, into typed columns (no object per customer): each distinct history's outlook is worked
 * out once. The same numbers as `predictClv`; throws as it does when one is not finite.
 */
export function predictColumns(columns: SummaryColumns, fitted: FittedFrequencyModel, spend: GammaGammaParams, options: ClvOptions): PredictionColumns {
  const schedule = clvSchedule(fitted, options);
  // Each distinct history's P(alive), expected purchases and purchases per month, in flat columns.
  const { months } = schedule;
  const histories = columns.histories;
  const pAliveOf = new Float64Array(histories.length);
  const expectedOf = new Float64Array(histories.length);
  const perMonth = new Float64Array(histories.length * months);
  const known = new Uint8Array(histories.length);
  const { frequency, monetary, history } = columns;
  const n = frequency.length;
  const out: PredictionColumns = { pAlive: new Float64Array(n), expectedPurchases: new Float64Array(n), clv: new Float64Array(n) };
  const spendSummary = { frequency: 0, monetary_value: 0 };
  for (let i = 0; i < n; i++) {
    const h = history[i];
    if (!known[h]) {
      pAliveOf[h] = schedule.probabilityAlive(histories[h]);
      expectedOf[h] = schedule.fillMonths(histories[h], perMonth, h * months);
      known[h] = 1;
    }
    spendSummary.frequency = frequency[i];
    spendSummary.monetary_value = monetary[i];
    const expectedSpend = gammaGammaExpectedSpend(spend, spendSummary);
    const clv = schedule.clvAt(perMonth, h * months, expectedSpend);
    if (!(Number.isFinite(pAliveOf[h]) && Number.isFinite(expectedOf[h]) && Number.isFinite(expectedSpend) && Number.isFinite(clv))) {
      const outlook = { p_alive: pAliveOf[h], perMonth: perMonth.slice(h * months, (h + 1) * months), expected_purchases: expectedOf[h] };
      checkFinite({ customer_id: columns.customerId(i), ...schedule.value(outlook, expectedSpend) });
    }
    out.pAlive[i] = pAliveOf[h];
    out.expectedPurchases[i] = expectedOf[h];
    out.clv[i] = clv;
  }
  return out;
}
