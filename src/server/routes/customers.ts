import type { FastifyInstance } from 'fastify';
import {
  clvReport,
  cohortsReport,
  customerProfileReport,
  funnelReport,
  ltvCacReport,
  rfmReport,
  type ClvRequest,
  type CohortsRequest,
  type FunnelRequest,
  type LtvCacRequest,
  type RfmRequest,
} from '../../reports/customers.js';
import { audienceCsv, compareSegment, countSegment, createSegment, getSegment, listSegments, pushSegment, segmentAudience } from '../../reports/segments.js';
import { requireAdmin } from '../auth.js';
import type { ServerContext } from '../context.js';

const day = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const admin = { security: [{ adminToken: [] }] };
const idParam = { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 256 } }, required: ['id'] } as const;

/** Customer analysis (RFM, cohorts, CRM funnel, CLV, LTV:CAC, profiles) and segments, all behind the admin token. */
export function registerCustomerRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const ws = ctx.workspaceId;
  const guard = async (req: Parameters<typeof requireAdmin>[0]) => {
    requireAdmin(req, ctx.adminToken);
    await ctx.ingestor.drain();
  };

  app.get('/v1/customers/rfm', {
    schema: { summary: 'RFM segments, the R×F grid and segment movement', tags: ['customers'], ...admin,
      querystring: { type: 'object', properties: { as_of: day, compare_days: { type: 'integer', minimum: 1, maximum: 3650 } } } },
  }, async (req) => {
    await guard(req);
    return rfmReport(ctx.store, ws, req.query as RfmRequest);
  });

  // Also at /v1/cohorts and /v1/clv, the paths issue 5 names.
  for (const url of ['/v1/customers/cohorts', '/v1/cohorts']) app.get(url, {
    schema: { summary: 'Retention and cumulative revenue per customer by acquisition month or week, or by acquisition channel', tags: ['customers'], ...admin,
      querystring: { type: 'object', properties: { period: { type: 'string', enum: ['month', 'week'] }, by: { type: 'string', enum: ['channel', 'campaign'] } } } },
  }, async (req) => {
    await guard(req);
    return cohortsReport(ctx.store, ws, req.query as CohortsRequest);
  });

  app.get('/v1/customers/funnel', {
    schema: { summary: 'CRM funnel (lead → MQL → SQL → opportunity → customer) with cost per MQL and SQL', tags: ['customers'], ...admin,
      querystring: { type: 'object', properties: { from: day, to: day, by: { type: 'string', enum: ['channel', 'campaign', 'total'] } } } },
  }, async (req) => {
    await guard(req);
    return funnelReport(ctx.store, ws, req.query as FunnelRequest);
  });

  for (const url of ['/v1/customers/clv', '/v1/clv']) app.get(url, {
    schema: { summary: 'BG/NBD (or Pareto/NBD) + Gamma-Gamma fit and per-customer CLV over a horizon', tags: ['customers'], ...admin,
      querystring: { type: 'object', properties: {
        horizon: { type: 'integer', minimum: 1, maximum: 3650 }, model: { type: 'string', enum: ['bgnbd', 'pareto'] },
        time_unit: { type: 'string', enum: ['day', 'week'] }, calibration_end: day,
        discount_rate: { type: 'number', minimum: 0, maximum: 10 }, limit: { type: 'integer', minimum: 1, maximum: 1_000_000 },
      } } },
  }, async (req) => {
    await guard(req);
    const q = req.query as ClvRequest;
    return clvReport(ctx.store, ws, { ...q, limit: q.limit ?? 1000 });
  });

  app.get('/v1/customers/ltv-cac', {
    schema: { summary: 'LTV:CAC and payback by acquisition channel', tags: ['customers'], ...admin,
      querystring: { type: 'object', properties: { from: day, to: day, period_days: { type: 'integer', minimum: 1, maximum: 365 } } } },
  }, async (req) => {
    await guard(req);
    return ltvCacReport(ctx.store, ws, req.query as LtvCacRequest);
  });

  app.get('/v1/customers/:id', {
    schema: { summary: 'A customer profile and journey', tags: ['customers'], ...admin, params: idParam },
  }, async (req) => {
    await guard(req);
    return customerProfileReport(ctx.store, ws, (req.params as { id: string }).id);
  });

  app.get('/v1/segments', { schema: { summary: 'Saved segments', tags: ['segments'], ...admin } }, async (req) => {
    await guard(req);
    return listSegments(ctx.store, ws);
  });

  app.post('/v1/segments', {
    schema: { summary: 'Create a segment from rules (traits, behaviour, orders, spend, acquisition channel)', tags: ['segments'], ...admin, body: { type: 'object' } },
  }, async (req, reply) => {
    await guard(req);
    return reply.code(201).send(await createSegment(ctx.store, ws, req.body));
  });

  app.get('/v1/segments/:id', { schema: { summary: 'One segment definition', tags: ['segments'], ...admin, params: idParam } }, async (req) => {
    await guard(req);
    return getSegment(ctx.store, ws, (req.params as { id: string }).id);
  });

  app.get('/v1/segments/:id/count', { schema: { summary: 'Live member count', tags: ['segments'], ...admin, params: idParam } }, async (req) => {
    await guard(req);
    return countSegment(ctx.store, ws, (req.params as { id: string }).id);
  });

  app.get('/v1/segments/:id/compare', { schema: { summary: "Orders, revenue, AOV and conversion rate of the segment beside everyone's", tags: ['segments'], ...admin, params: idParam } }, async (req) => {
    await guard(req);
    return compareSegment(ctx.store, ws, (req.params as { id: string }).id);
  });

  app.get('/v1/segments/:id/export', { schema: { summary: 'The audience as CSV (customer_id, email_hash, anonymous_ids)', tags: ['segments'], ...admin, params: idParam } }, async (req, reply) => {
    await guard(req);
    const { segment, members } = await segmentAudience(ctx.store, ws, (req.params as { id: string }).id);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="segment-${segment.id}.csv"`)
      .send(audienceCsv(members));
  });

  app.post('/v1/segments/:id/push', {
    schema: { summary: 'POST the audience to a webhook as JSON in chunks; reports failed chunks', tags: ['segments'], ...admin, params: idParam,
      body: { type: 'object', properties: { webhook: { type: 'string', minLength: 1 }, chunk_size: { type: 'integer', minimum: 1, maximum: 10_000 } }, required: ['webhook'] } },
  }, async (req) => {
    await guard(req);
    const body = req.body as { webhook: string; chunk_size?: number };
    return pushSegment(ctx.store, ws, (req.params as { id: string }).id, { webhook: body.webhook, chunkSize: body.chunk_size });
  });
}
