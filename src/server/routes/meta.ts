import type { FastifyInstance } from 'fastify';
import { describeMetrics } from '../../metrics/registry.js';
import { canonicalTimeZone } from '../../metrics/time-zone.js';
import { isCurrency } from '../../money/currency.js';
import { AppError, invalid } from '../../shared/errors.js';
import { defaultChannelRules, classifyChannel, touchFacts, validateChannelRules, hostOf, type ChannelRule } from '../../ingest/channel-rules.js';
import { requireAdmin } from '../auth.js';
import type { ServerContext } from '../context.js';
import { answersWhileLoading } from '../readiness.js';
import { httpUrl } from '../../reports/links.js';
import { parseAmount } from '../../money/currency.js';
import { getRetentionDays, parseRetentionDays, setRetentionDays } from '../../privacy/retention.js';
import { getMaxOrderAmount, getRevenueSources, revenueSourceModes, setMaxOrderAmount, setRevenueSources, type RevenueSources } from '../../ingest/revenue-guard.js';
import { parseDisplayChange, saveDisplayChange, workspaceDisplay } from '../../reports/workspace-display.js';

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
    const ws = await ctx.store.getWorkspace(ctx.workspaceId);
    if (!ws) throw new AppError('not_found', 'no workspace');
    const range = await ctx.store.dataRange(ws.id);
    return {
      id: ws.id, name: ws.name, currency: ws.currency, timezone: ws.timezone, margin: ws.margin, write_key: ws.write_key, fallback_url: ws.fallback_url ?? null,
      max_order_amount: await getMaxOrderAmount(ctx.store, ws.id), revenue_sources: await getRevenueSources(ctx.store, ws.id), retention_days: await getRetentionDays(ctx.store, ws.id), data_from: range.from, data_to: range.to,
      ...(await workspaceDisplay(ctx.store, ws)),
    };
  });

  app.patch('/v1/workspace', {
    schema: {
      summary: 'Change the name, base currency, time zone (IANA), margin, calendar (gregorian | jalali), irr_display (rial | toman: how the dashboard shows IRR amounts), fallback URL, max_order_amount (largest amount one order or conversion may carry, in the base currency; null removes it) or revenue_sources (verified | all; null: verified once any verified source exists)', tags: ['meta'], ...admin,
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
    const body = req.body as { name?: string; currency?: string; timezone?: string; margin?: string; fallback_url?: string | null; max_order_amount?: string | null; revenue_sources?: string | null; retention_days?: number | null; calendar?: string; irr_display?: string };
    const display = parseDisplayChange(body);
    delete body.calendar;
    delete body.irr_display;
    // Issue 12 #1: kept as settings of the workspace, checked before anything changes.
    const { max_order_amount: maxOrder, revenue_sources: sources } = body;
    delete body.max_order_amount;
    delete body.revenue_sources;
    // Issue 12 #14: a setting of the workspace, applied by the retention job.
    const retention = body.retention_days === undefined ? undefined : parseRetentionDays(body.retention_days, 'body.retention_days');
    delete body.retention_days;
    let maxAmount: string | null | undefined;
    if (maxOrder !== undefined) {
      const parsed = maxOrder === null ? null : parseAmount(maxOrder);
      if (parsed && ('error' in parsed || Number(parsed.amount) <= 0)) throw invalid('body.max_order_amount', 'must be a positive decimal amount in the workspace currency, e.g. "5000.00", or null');
      maxAmount = parsed ? (parsed as { amount: string }).amount : null;
    }
    if (sources !== undefined && sources !== null && !revenueSourceModes.includes(sources as RevenueSources)) throw invalid('body.revenue_sources', 'must be "verified" or "all" (or null for the default)');
    if (body.currency !== undefined && !isCurrency(body.currency)) throw invalid('body.currency', 'must be an ISO 4217 currency code');
    if (body.margin !== undefined && !(/^(0(\.\d+)?|1(\.0+)?)$/.test(body.margin))) throw invalid('body.margin', 'must be a decimal from 0 to 1');
    // Day, week and month boundaries of every report are local midnights of this zone.
    if (body.timezone !== undefined) {
      const zone = canonicalTimeZone(body.timezone);
      if (!zone) throw invalid('body.timezone', 'must be an IANA time zone name, e.g. Asia/Tehran, Asia/Ho_Chi_Minh or UTC');
      body.timezone = zone;
    }
    // Where disabled and deleted tracking links send visitors; null or "" removes it.
    if (body.fallback_url !== undefined) body.fallback_url = body.fallback_url ? httpUrl(body.fallback_url, 'body.fallback_url') : null;
    if (Object.keys(body).length) await ctx.store.updateWorkspace(ctx.workspaceId, body);
    if (maxAmount !== undefined) await setMaxOrderAmount(ctx.store, ctx.workspaceId, maxAmount);
    if (sources !== undefined) await setRevenueSources(ctx.store, ctx.workspaceId, sources as RevenueSources | null);
    if (retention !== undefined) await setRetentionDays(ctx.store, ctx.workspaceId, retention);
    if (Object.keys(display).length) {
      const ws = await ctx.store.getWorkspace(ctx.workspaceId);
      if (ws) await saveDisplayChange(ctx.store, ws, display);
    }
    return { updated: true };
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
