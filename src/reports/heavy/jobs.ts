/**
 * The CPU-heavy pure computations that the server runs off its event loop (issue 12 #7): CLV fits
 * and predictions, the marketing-mix fit and the budget plan, and the attribution engines
 * (Markov, Shapley and the rules over journeys or channel sets). Each takes and returns plain
 * data, so it can cross to a worker thread; the store is never touched here.
 *
 * A model that cannot be computed on the data (a special function without a convergent
 * method at the fitted parameters) is a 422 `not_computable` naming the model, never a 500.
 */
import { attributeJourneys, creditChannelSets } from '../../attribution/index.js';
import { fitMmm, planBudget } from '../../budget/index.js';
import { clvFitFromSummaries, clvFitReport, clvPredictFromSummaries, clvPredictReport, type ClvFitOptions } from '../../customers/index.js';
import { AppError } from '../../shared/errors.js';

const modelNames: Record<ClvFitOptions['model'], string> = { bgnbd: 'BG/NBD', pareto: 'Pareto/NBD' };

/** Runs a CLV computation, turning a numerical failure into a 422 that names the model. */
function clvJob<A extends unknown[], R>(compute: (...args: A) => R, optionsOf: (...args: A) => ClvFitOptions) {
  return (...args: A): R => {
    try {
      return compute(...args);
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'not_computable')) throw err;
      const { model } = optionsOf(...args);
      const message = `the ${modelNames[model] ?? model} model (model=${model}) cannot be fitted to these sales: ${err.message}`;
      throw new AppError('not_computable', message, [{ path: 'model', message }]);
    }
  };
}

/** Every job by name; the worker and the inline runner call the same functions. */
export const heavyJobs = {
  clvFitReport: clvJob(clvFitReport, (_t, o) => o),
  clvFitFromSummaries: clvJob(clvFitFromSummaries, (_s, o) => o),
  clvPredictReport: clvJob(clvPredictReport, (_t, o) => o),
  clvPredictFromSummaries: clvJob(clvPredictFromSummaries, (_s, o) => o),
  fitMmm,
  planBudget,
  attributeJourneys,
  creditChannelSets,
};

export type HeavyJobs = typeof heavyJobs;
export type HeavyJobName = keyof HeavyJobs;
