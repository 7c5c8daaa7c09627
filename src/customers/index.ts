/**
 * Customers domain core: RFM summaries, BG/NBD, Pareto/NBD and Gamma-Gamma models, CLV,
 * model checks, RFM scoring, cohorts and LTV:CAC. Pure functions over plain data.
 */
export * from './transactions.js';
export * from './bg-nbd.js';
export * from './pareto-nbd.js';
export * from './gamma-gamma.js';
export * from './frequency-model.js';
export * from './clv.js';
export * from './model-checks.js';
export * from './rfm.js';
export * from './rfm-rank.js';
export * from './rfm-counts.js';
export * from './cohorts.js';
export * from './cohort-counts.js';
export * from './ltv-cac.js';
export * from './first-purchases.js';
export type { FitResult } from './fit-support.js';
export * from './clv-report.js';
