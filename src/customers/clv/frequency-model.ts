/**
 * One face for the two purchase-frequency models, so prediction, CLV and model checks do not
 * branch on the model name.
 */
import {
  bgNbdConditionalExpectedPurchases,
  bgNbdExpectedPurchases,
  bgNbdProbabilityAlive,
  type BgNbdParams,
  type Rft,
} from './bg-nbd.js';
import {
  paretoNbdConditionalExpectedPurchases,
  paretoNbdExpectedPurchases,
  paretoNbdProbabilityAlive,
  type ParetoNbdParams,
} from './pareto-nbd.js';

export type FrequencyModelName = 'bgnbd' | 'pareto';

/** A fitted purchase-frequency model, tagged by name. */
export type FittedFrequencyModel = { model: 'bgnbd'; params: BgNbdParams } | { model: 'pareto'; params: ParetoNbdParams };

/** What prediction needs from a frequency model. */
export interface FrequencyModel {
  probabilityAlive(c: Rft): number;
  /** Expected purchases in the next t time units given the customer's history. */
  conditionalExpectedPurchases(t: number, c: Rft): number;
  /** Expected purchases in (0, t] of a newly acquired customer. */
  expectedPurchases(t: number): number;
}

/** The prediction functions of a fitted model. */
export function frequencyModel(fitted: FittedFrequencyModel): FrequencyModel {
  if (fitted.model === 'bgnbd') {
    const p = fitted.params;
    return {
      probabilityAlive: (c) => bgNbdProbabilityAlive(p, c),
      conditionalExpectedPurchases: (t, c) => bgNbdConditionalExpectedPurchases(p, t, c),
      expectedPurchases: (t) => bgNbdExpectedPurchases(p, t),
    };
  }
  const p = fitted.params;
  return {
    probabilityAlive: (c) => paretoNbdProbabilityAlive(p, c),
    conditionalExpectedPurchases: (t, c) => paretoNbdConditionalExpectedPurchases(p, t, c),
    expectedPurchases: (t) => paretoNbdExpectedPurchases(p, t),
  };
}
