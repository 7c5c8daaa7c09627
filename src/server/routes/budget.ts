import type { FastifyInstance } from 'fastify';
import type { MmmFit } from '../../budget/index.js';
import { budgetFit, budgetPlan, type BudgetPlanRequest, type BudgetRangeRequest, type FitMemo } from '../../reports/budget.js';
import { requireAdmin } from '../auth.js';
import type { ServerContext } from '../context.js';

/** Fits kept for a few minutes; the key holds range, outcome and data version, so new data misses the cache. */
class TtlMemo implements FitMemo {
  private readonly entries = new Map<string, { fit: MmmFit; expires: number }>();
  constructor(private readonly ttlMs: number, private readonly maxEntries: number) {}

  get(key: string): MmmFit | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.expires < Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return hit.fit;
  }

  set(key: string, fit: MmmFit): void {
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { fit, expires: Date.now() + this.ttlMs });
  }
}

const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const outcome = { type: 'string', enum: ['new_customers', 'conversions', 'revenue'], description: 'what the model explains: new_customers (first purchases, the default), conversions (all sales) or revenue' } as const;
const rangeProperties = {
  from: { ...date, description: 'first day of the history (default: the first day with data)' },
  to: { ...date, description: 'last day of the history (default: the last day with data)' },
  outcome,
};
const planProperties = {
  ...rangeProperties,
  total: { type: 'number', minimum: 0, description: 'budget over the horizon (default: the current weekly spend × weeks)' },
  weeks: { type: 'integer', minimum: 1, maximum: 104, description: 'weeks the total covers (default 4)' },
  mode: { type: 'string', enum: ['auto', 'model', 'simple'], description: 'auto: the model unless the history is under 8 weeks or the fit is unreliable' },
};
const bound = {
  type: 'object',
  additionalProperties: false,
  properties: { min: { type: 'number', minimum: 0 }, max: { type: 'number', minimum: 0 }, min_pct: { type: 'number', minimum: -100 }, max_pct: { type: 'number', minimum: -100 } },
} as const;

/** `/v1/budget/*`: the store-backed fit and plan (admin token; the funnel planner: src/operations/budget.ts). */
export function registerBudgetRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const memo = new TtlMemo(5 * 60_000, 16);
  const admin = { tags: ['budget'], security: [{ adminToken: [] }] };

  app.get('/v1/budget/fit', {
    schema: { summary: 'Marketing-mix model: response curve, ROI (with interval) and marginal ROI per channel, fit quality', ...admin, querystring: { type: 'object', additionalProperties: false, properties: rangeProperties } },
  }, async (req) => {
    requireAdmin(req, ctx.adminToken);
    await ctx.ingestor.drain();
    return budgetFit(ctx.store, ctx.workspaceId, req.query as BudgetRangeRequest, memo);
  });

  app.get('/v1/budget/plan', {
    schema: { summary: 'Best split of a total over the next weeks, against the current split, with moves', ...admin, querystring: { type: 'object', additionalProperties: false, properties: planProperties } },
  }, async (req) => {
    requireAdmin(req, ctx.adminToken);
    await ctx.ingestor.drain();
    return budgetPlan(ctx.store, ctx.workspaceId, req.query as BudgetPlanRequest, memo);
  });

  app.post('/v1/budget/plan', {
    schema: {
      summary: 'The budget plan with per-channel bounds (absolute min/max over the horizon or ±% of the current run-rate)',
      ...admin,
      body: {
        type: 'object',
        additionalProperties: false,
        properties: {
          ...planProperties,
          bounds: { type: 'object', additionalProperties: bound, description: '{"<channel>": {"min": n, "max": n} | {"min_pct": -20, "max_pct": 50}}' },
          spend_all: { type: 'boolean', description: 'spend the whole total (default true)' },
          flighting: { type: 'boolean', description: 'let weekly spend vary (default true)' },
        },
      },
    },
  }, async (req) => {
    requireAdmin(req, ctx.adminToken);
    await ctx.ingestor.drain();
    return budgetPlan(ctx.store, ctx.workspaceId, (req.body ?? {}) as BudgetPlanRequest, memo);
  });

}
