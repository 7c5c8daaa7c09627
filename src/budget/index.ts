/** Budget engines: marketing-mix model, optimiser, simple rules and funnel planner. */
export { geometricAdstock, hill, hillDerivative, channelEffect, type ChannelCurve } from './transforms.js';
export { solveBoundedQuadratic, nnls } from './nnls.js';
export { fitMmm, baselineForecast, type FitOptions } from './fit-mmm.js';
export { fitQuality } from './metrics.js';
export { evaluatePlan, planGradient, type ResponseModel, type WeeklyPlan } from './response-model.js';
export { optimizeAllocation, type AllocationProblem, type AllocationResult } from './optimize.js';
export { projectPlan, type ChannelBounds } from './projection.js';
export { planBudget, responseModel, currentRunRate, resolveBounds, type BoundSpec, type BudgetPlan, type PlanOptions } from './plan.js';
export { budgetForTarget, type BudgetTarget } from './target.js';
export { describeMoves, type BudgetMove } from './moves.js';
export { budgetMessage, budgetTemplates, type BudgetMessage, type BudgetMessageId, type BudgetParams } from './messages.js';
export { simpleRules, marginalCpa, type ChannelWeeks, type RuleDecision } from './simple-rules.js';
export { funnelForward, funnelGoalSeek, funnelAssumptionIssues, type FunnelAssumptions, type FunnelGoal, type FunnelResult } from './funnel.js';
export { datasetFromRecords } from './input.js';
export { syntheticWorld } from './synthetic.js';
export type * from './types.js';
