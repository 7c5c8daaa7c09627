import type { FastifyInstance, FastifyRequest } from 'fastify';
import { attributionModels } from '../../attribution/types.js';
import { attributionCompare, attributionDimensions, attributionPaths, attributionReport, type AttributionSettings } from '../../reports/attribution.js';
import { requireAdmin } from '../auth.js';
import type { ServerContext } from '../context.js';

const tags = ['attribution'];
const security = [{ adminToken: [] }];
const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;

/** Querystring fields every attribution route takes: the range and the lookback windows. */
const windowFields = {
  from: { ...date, description: 'first day (default 29 days before `to`)' },
  to: { ...date, description: 'last day (default the last day with data)' },
  lookback_click_days: { type: 'integer', minimum: 1, maximum: 365, description: 'click (and visit) lookback window in days, default 30' },
  lookback_view_days: { type: 'number', minimum: 0, maximum: 365, description: 'impression (view-through) window in days, default 1' },
  view_weight: { type: 'number', minimum: 0, description: 'weight of an impression relative to a click, default 1; 0 leaves impressions out' },
  repeats: { type: 'string', enum: ['keep', 'collapse'], description: 'consecutive touches of one channel (Markov always collapses)' },
} as const;

const modelFields = {
  half_life_days: { type: 'number', exclusiveMinimum: 0, description: 'time decay half-life in days, default a quarter of the click window' },
  position_weights: { type: 'string', description: 'position based: first,middle,last shares, default 40,20,40' },
  order: { type: 'integer', minimum: 1, maximum: 4, description: 'Markov order, default 1' },
  direct: { type: 'string', description: 'the channel last-non-direct skips, default direct' },
} as const;

interface SettingsQuery {
  from?: string;
  to?: string;
  lookback_click_days?: number;
  lookback_view_days?: number;
  view_weight?: number;
  repeats?: string;
  half_life_days?: number;
  position_weights?: string;
  order?: number;
  direct?: string;
}

/** The querystring's settings in the reports' names. */
function settingsOf(q: SettingsQuery): AttributionSettings & { from?: string; to?: string } {
  return {
    from: q.from,
    to: q.to,
    lookbackClickDays: q.lookback_click_days,
    lookbackViewDays: q.lookback_view_days,
    viewWeight: q.view_weight,
    repeats: q.repeats,
    halfLifeDays: q.half_life_days,
    positionWeights: q.position_weights,
    order: q.order,
    directChannel: q.direct,
  };
}

/**
 * Attribution on the store (admin token): one model's credits by channel,
 * campaign or ad beside their spend; every model side by side with the demo
 * truth; the conversion path reports. The same functions answer
 * `roilens attribution`.
 */
export function registerAttributionRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const onRequest = async (req: FastifyRequest) => requireAdmin(req, ctx.adminToken);

  app.get('/v1/attribution', {
    onRequest,
    schema: {
      summary: 'Conversions and revenue credited by one attribution model, per channel, campaign or ad, with spend, CPA, ROAS and ROI', tags, security,
      querystring: {
        type: 'object',
        required: ['model'],
        properties: {
          model: { type: 'string', enum: [...attributionModels] },
          by: { type: 'string', enum: [...attributionDimensions], description: 'default channel' },
          ...windowFields,
          ...modelFields,
        },
      },
    },
  }, async (req) => {
    await ctx.ingestor.drain();
    const q = req.query as SettingsQuery & { model: string; by?: string };
    return attributionReport(ctx.store, ctx.workspaceId, { ...settingsOf(q), model: q.model, by: q.by });
  });

  app.get('/v1/attribution/compare', {
    onRequest,
    schema: {
      summary: 'Every model side by side per channel, with the largest differences worded and the demo truth when the range covers it', tags, security,
      querystring: {
        type: 'object',
        properties: {
          models: { type: 'string', description: `comma-separated models (default ${attributionModels.filter((m) => m !== 'custom').join(',')})` },
          ...windowFields,
          ...modelFields,
        },
      },
    },
  }, async (req) => {
    await ctx.ingestor.drain();
    const q = req.query as SettingsQuery & { models?: string };
    return attributionCompare(ctx.store, ctx.workspaceId, { ...settingsOf(q), models: q.models });
  });

  app.get('/v1/attribution/paths', {
    onRequest,
    schema: {
      summary: 'Top conversion paths, path lengths, days to conversion, assisted conversions and the journey flow (Sankey)', tags, security,
      querystring: {
        type: 'object',
        properties: {
          limit: { type: 'integer', minimum: 1, maximum: 1000, description: 'top paths to list, default 20' },
          ...windowFields,
        },
      },
    },
  }, async (req) => {
    await ctx.ingestor.drain();
    const q = req.query as SettingsQuery & { limit?: number };
    return attributionPaths(ctx.store, ctx.workspaceId, { ...settingsOf(q), limit: q.limit });
  });
}
