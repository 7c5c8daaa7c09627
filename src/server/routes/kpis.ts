import type { FastifyInstance } from 'fastify';
import { attributionModels } from '../../attribution/types.js';
import { kpiDimensions } from '../../metrics/kpi-query.js';
import { kpiReport, type KpiRequest } from '../../reports/kpi.js';
import { requireAdmin } from '../auth.js';
import type { ServerContext } from '../context.js';

/** `GET /v1/kpis`: the same report as `roilens kpi`. */
export function registerKpiRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/v1/kpis', {
    schema: {
      summary: 'Every KPI by a dimension for a date range, with the previous period', tags: ['kpis'], security: [{ adminToken: [] }],
      querystring: {
        type: 'object',
        properties: {
          by: { type: 'string', enum: [...kpiDimensions, 'total'] },
          from: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
          to: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
          compare: { type: 'string', enum: ['previous', 'none'] },
          metrics: { type: 'string', description: 'comma-separated metric names (default: all)' },
          lookback: { type: 'integer', minimum: 1, maximum: 365, description: 'last-click lookback window in days (default 30)' },
          model: { type: 'string', enum: [...attributionModels], description: 'attribution model of conversions and revenue, with by=channel|campaign|ad (default last-non-direct)' },
        },
      },
    },
  }, async (req) => {
    requireAdmin(req, ctx.adminToken);
    await ctx.ingestor.drain();
    return kpiReport(ctx.store, ctx.workspaceId, req.query as KpiRequest);
  });
}
