/**
 * Customers domain core: RFM summaries, BG/NBD, Pareto/NBD and Gamma-Gamma models, CLV,
 * model checks, RFM scoring, cohorts and LTV:CAC. Pure functions over plain data.
 */
export * from './purchases/transactions.js';
export * from './clv/bg-nbd.js';
export * from './clv/pareto-nbd.js';
export * from './clv/gamma-gamma.js';
export * from './clv/frequency-model.js';
export * from './clv/clv.js';
export * from './clv/model-checks.js';
export * from './rfm/rfm.js';
export * from './rfm/rfm-rank.js';
export * from './rfm/rfm-counts.js';
export * from './cohorts/cohorts.js';
export * from './cohorts/cohort-counts.js';
export * from './ltv-cac.js';
export * from './purchases/first-purchases.js';
export type { FitResult } from './maths/fit-support.js';
export * from './clv/clv-report.js';
export * from './clv/clv-distribution.js';
export * from './purchases/purchase-log.js';
export * from './clv/clv-columns.js';
