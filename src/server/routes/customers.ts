import type { FastifyInstance } from 'fastify';
import { audienceCsv, pushSegment, segmentAudience } from '../../reports/customers/segments.js';
import { requireAdmin } from '../auth.js';
import type { ServerContext } from '../context.js';

const admin = { security: [{ adminToken: [] }] };
const idParam = { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 256 } }, required: ['id'] } as const;

/** The segment export (CSV) and push (outbound), behind the admin token; the other segment routes and customer analysis are operations (src/operations/segments.ts, customers.ts). */
export function registerCustomerRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const ws = ctx.workspaceId;
  const guard = async (req: Parameters<typeof requireAdmin>[0]) => {
    requireAdmin(req, ctx.adminToken);
    await ctx.ingestor.drain();
  };

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
