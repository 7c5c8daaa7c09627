import type { FastifyInstance } from 'fastify';
import { audienceCsv, compareSegment, countSegment, createSegment, getSegment, listSegments, pushSegment, segmentAudience } from '../../reports/segments.js';
import { requireAdmin } from '../auth.js';
import type { ServerContext } from '../context.js';

const admin = { security: [{ adminToken: [] }] };
const idParam = { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 256 } }, required: ['id'] } as const;

/** Segments, behind the admin token (customer analysis is made of operations: src/operations/customers.ts). */
export function registerCustomerRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const ws = ctx.workspaceId;
  const guard = async (req: Parameters<typeof requireAdmin>[0]) => {
    requireAdmin(req, ctx.adminToken);
    await ctx.ingestor.drain();
  };

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
