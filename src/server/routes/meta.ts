import type { FastifyInstance } from 'fastify';
import { describeMetrics } from '../../metrics/registry.js';
import { defaultChannelRules, classifyChannel, touchFacts, validateChannelRules, hostOf } from '../../tracking/channel-rules.js';
import { type ChannelRule } from '../../records/channel-rule.js';
import { AppError } from '../../shared/errors.js';
import { requireAdmin } from '../auth.js';
import type { ServerContext } from '../context.js';
import { answersWhileLoading } from '../readiness.js';
import { updateWorkspaceSettings, workspaceSettings, type WorkspaceChange } from '../../reports/workspace-settings.js';

/** Health, workspace settings, the metric registry and channel rules. */
export function registerMetaRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const admin = { security: [{ adminToken: [] }] };

  // While the demo world loads, report routes answer 503 rather than figures from half a world.
  app.addHook('onRequest', async (req) => {
    const loading = ctx.readiness?.loading;
    if (!loading || answersWhileLoading(req.method, req.url)) return;
    const { done, total } = loading.progress;
    throw new AppError('unavailable', loading.status === 'failed' ? `the demo world failed to load: ${loading.message}` : `loading the demo world (${done} of ${total} records stored); retry shortly`, [], 2);
  });

  app.get('/health', { schema: { summary: 'Readiness: 200 when ready, 503 {"status":"loading","progress":{"done","total"}} while the demo world loads', tags: ['meta'] } }, async (_req, reply) => {
    const loading = ctx.readiness?.loading;
    if (loading) return reply.code(503).send({ status: loading.status, progress: loading.progress, step: loading.step, ...(loading.message ? { message: loading.message } : {}) });
    return { status: 'ok', ...ctx.ingestor.health };
  });

  app.get('/v1/workspace', { schema: { summary: 'The workspace, its currency and the range of its data', tags: ['meta'], ...admin } }, async (req) => {
    requireAdmin(req, ctx.adminToken);
    return workspaceSettings(ctx.store, ctx.workspaceId);
  });

  app.patch('/v1/workspace', {
    schema: {
      summary: 'Change the name, base currency, time zone (IANA), margin, calendar (gregorian | jalali), irr_display (rial | toman: how the dashboard shows IRR amounts), fallback URL, max_order_amount (largest amount one order or conversion may carry, in the base currency; null removes it) revenue_sources (verified | all; null: verified once any verified source exists) or retention_days (raw events older than this many days are deleted; null keeps them)', tags: ['meta'], ...admin,
      body: {
        type: 'object', additionalProperties: false,
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 200 }, currency: { type: 'string' }, timezone: { type: 'string', maxLength: 64 }, margin: { type: 'string' }, fallback_url: { type: ['string', 'null'], maxLength: 4096 },
          max_order_amount: { type: ['string', 'null'], maxLength: 40 }, revenue_sources: { type: ['string', 'null'] }, retention_days: { type: ['integer', 'null'] },
          calendar: { type: 'string', maxLength: 16 }, irr_display: { type: 'string', maxLength: 16 },
        },
      },
    },
  }, async (req) => {
    requireAdmin(req, ctx.adminToken);
    return updateWorkspaceSettings(ctx.store, ctx.workspaceId, req.body as WorkspaceChange);
  });

  app.get('/v1/metrics', { schema: { summary: 'The KPI registry: every metric with its formula, unit and good direction', tags: ['kpis'] } }, async () => ({ metrics: describeMetrics() }));

  app.get('/v1/channels/rules', { schema: { summary: 'Channel grouping rules (first match wins)', tags: ['channels'], ...admin } }, async (req) => {
    requireAdmin(req, ctx.adminToken);
    const rules = await ctx.store.getChannelRules(ctx.workspaceId);
    return { rules: rules ?? defaultChannelRules, default: rules === undefined };
  });

  app.put('/v1/channels/rules', {
    schema: { summary: 'Replace the channel rules and re-derive the channel of stored events', tags: ['channels'], ...admin, body: { type: 'object', required: ['rules'], properties: { rules: { type: 'array' } } } },
  }, async (req) => {
    requireAdmin(req, ctx.adminToken);
    const rules = (req.body as { rules: unknown }).rules;
    const issues = validateChannelRules(rules);
    if (issues.length) throw new AppError('invalid_input', `${issues[0].path}: ${issues[0].message}`, issues);
    await ctx.ingestor.drain();
    const typed = rules as ChannelRule[];
    const changed = await ctx.store.setChannelRules(ctx.workspaceId, typed, (e) => classifyChannel(touchFacts(e), typed, hostOf(e.url)));
    ctx.ingestor.forgetRules(ctx.workspaceId);
    return { rules: typed, events_reclassified: changed };
  });
}
