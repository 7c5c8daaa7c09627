/**
 * Experiment statistics: the public surface for the CLI, the HTTP API and
 * the dashboard. Everything here is pure (plain data in, plain data out).
 */
export { analyzeExperiment, analyzeExperimentJson, type ExperimentResult, type VariantResult, type CupedVariantResult, type UnadjustedFigures } from './analyze.js';
export { parseExperimentInput, type ExperimentInput, type VariantInput } from './input-schema.js';
export { planSampleSize, sampleSizeProportions, sampleSizeMeans, daysNeeded, type PlanInput, type PlanResult } from './planning.js';
export { assignVariant, assignmentUnit, assignmentHash, fnv1a32, parseHashVersion, HASH_VERSIONS, CURRENT_HASH_VERSION, type HashVersion } from './assignment/assignment.js';
export { murmur3_32 } from './assignment/murmur3.js';
export { holmAdjust, benjaminiHochbergAdjust } from './frequentist/multiple-testing.js';
export { sampleRatioMismatch, SRM_THRESHOLD, type SrmResult } from './frequentist/srm.js';
export { twoProportionTest, type BinomialCounts } from './frequentist/proportions.js';
export { welchTest } from './frequentist/welch.js';
export { compareRatios, ratioEstimate, type RatioSums } from './frequentist/ratio-metric.js';
export { cupedAdjust, type CupedSums } from './frequentist/cuped.js';
export { bayesBinomial, type BayesResult } from './bayes/bayes-binomial.js';
export { bayesNormal } from './bayes/bayes-normal.js';
export { msprt, sequentialTest, stoppingRule } from './frequentist/sequential.js';
export { momentsFromSums, type Moments } from './stats/moments.js';
export { signAssignment, verifyAssignment, sourceBucket, MAX_TOKEN_LENGTH, type AssignmentClaims } from './assignment/assignment-token.js';
