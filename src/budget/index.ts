/** Budget engines: marketing-mix model, optimiser, simple rules and funnel planner. */
export { geometricAdstock, hill, hillDerivative, channelEffect, type ChannelCurve } from './model/transforms.js';
export { solveBoundedQuadratic, nnls } from './fit/nnls.js';
export { fitMmm, baselineForecast, type FitOptions } from './fit/fit-mmm.js';
export { fitQuality } from './fit/metrics.js';
export { evaluatePlan, planGradient, type ResponseModel, type WeeklyPlan } from './model/response-model.js';
export { optimizeAllocation, type AllocationProblem, type AllocationResult } from './plan/optimize.js';
export { projectPlan, type ChannelBounds } from './plan/projection.js';
export { planBudget, responseModel, currentRunRate, resolveBounds, type BoundSpec, type BudgetPlan, type PlanOptions } from './plan/plan.js';
export { budgetForTarget, type BudgetTarget } from './plan/target.js';
export { describeMoves, type BudgetMove } from './plan/moves.js';
export { budgetMessage, budgetTemplates, type BudgetMessage, type BudgetMessageId, type BudgetParams } from './model/messages.js';
export { simpleRules, marginalCpa, type ChannelWeeks, type RuleDecision } from './simple-rules.js';
export { funnelForward, funnelGoalSeek, funnelAssumptionIssues, type FunnelAssumptions, type FunnelGoal, type FunnelResult } from './funnel.js';
export { datasetFromRecords } from './input.js';
export { syntheticWorld } from './synthetic.js';
export type * from './model/types.js';
