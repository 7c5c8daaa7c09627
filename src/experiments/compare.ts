/**
 * One comparison of a treatment against the control, uniform across metric
 * kinds (binomial, mean, ratio): the frequentist test, its intervals, the
 * Bayesian summary and the sequential test.
 */
import { type BayesResult, bayesBinomial } from './bayes/bayes-binomial.js';
import { bayesNormal } from './bayes/bayes-normal.js';
import { tQuantile } from './stats/distributions.js';
import { type Moments, momentsFromConversions, varianceOfMean } from './stats/moments.js';
import { type BinomialCounts, twoProportionTest } from './frequentist/proportions.js';
import { compareRatios, ratioEstimate, type RatioSums } from './frequentist/ratio-metric.js';
import { fiellerLift } from './stats/relative-interval.js';
import { type SequentialResult, sequentialTest } from './frequentist/sequential.js';
import { welchTest } from './frequentist/welch.js';

/** Every statistic reported for one treatment against the control. */
export interface Comparison {
  absLift: number;
  absCiLow: number;
  absCiHigh: number;
  lift: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  pValue: number;
  bayes: BayesResult;
  sequential: SequentialResult;
}

/** Shared settings of one analysis. */
export interface CompareOptions {
  alpha: number;
  tuningUsers: number;
}

/** Conversion rates: pooled two-proportion z test, Koopman lift interval, Beta-Binomial. */
export function compareBinomial(t: BinomialCounts, c: BinomialCounts, o: CompareOptions): Comparison {
  const f = twoProportionTest(t, c, o.alpha);
  const mT = momentsFromConversions(t.users, t.conversions);
  const mC = momentsFromConversions(c.users, c.conversions);
  return {
    absLift: f.diff,
    absCiLow: f.ciLow,
    absCiHigh: f.ciHigh,
    lift: f.lift,
    ciLow: f.liftInterval.low,
    ciHigh: f.liftInterval.high,
    pValue: f.pValue,
    bayes: bayesBinomial(t, c, 1 - o.alpha),
    sequential: sequentialTest(f.diff, { n: t.users, variance: varianceOfMean(mT) }, { n: c.users, variance: varianceOfMean(mC) }, o.alpha, o.tuningUsers),
  };
}

/** Means: Welch's t test, Fieller lift interval at the Welch critical value, normal Bayesian model. */
export function compareMeans(t: Moments, c: Moments, o: CompareOptions): Comparison {
  const w = welchTest(t, c, o.alpha);
  const vT = varianceOfMean(t);
  const vC = varianceOfMean(c);
  const interval = fiellerLift(t.mean, vT, c.mean, vC, tQuantile(1 - o.alpha / 2, w.df));
  return {
    absLift: w.diff,
    absCiLow: w.ciLow,
    absCiHigh: w.ciHigh,
    lift: c.mean !== 0 ? t.mean / c.mean - 1 : null,
    ciLow: interval.low,
    ciHigh: interval.high,
    pValue: w.pValue,
    bayes: bayesNormal({ mean: t.mean, variance: vT }, { mean: c.mean, variance: vC }, 1 - o.alpha),
    sequential: sequentialTest(w.diff, { n: t.n, variance: vT }, { n: c.n, variance: vC }, o.alpha, o.tuningUsers),
  };
}

/** Ratio metrics: delta-method z test, Fieller lift interval, normal Bayesian model on the ratios. */
export function compareRatioMetric(t: RatioSums, c: RatioSums, o: CompareOptions): Comparison {
  const f = compareRatios(t, c, o.alpha);
  const eT = ratioEstimate(t);
  const eC = ratioEstimate(c);
  return {
    absLift: f.diff,
    absCiLow: f.ciLow,
    absCiHigh: f.ciHigh,
    lift: f.lift,
    ciLow: f.liftInterval.low,
    ciHigh: f.liftInterval.high,
    pValue: f.pValue,
    bayes: bayesNormal({ mean: eT.ratio, variance: eT.variance }, { mean: eC.ratio, variance: eC.variance }, 1 - o.alpha),
    sequential: sequentialTest(f.diff, { n: t.users, variance: eT.variance }, { n: c.users, variance: eC.variance }, o.alpha, o.tuningUsers),
  };
}
