import type { FastifyInstance } from 'fastify';
import { AppError } from '../../shared/errors.js';
import type { ServerContext } from '../context.js';
import { answersWhileLoading } from '../readiness.js';

/** Health and the demo-loading gate (the metric registry, workspace settings and channel rules: src/operations). */
export function registerMetaRoutes(app: FastifyInstance, ctx: ServerContext): void {
  // While the demo world loads, report routes answer 503 rather than figures from half a world.
  app.addHook('onRequest', async (req) => {
    const loading = ctx.readiness?.loading;
    if (!loading || answersWhileLoading(req.method, req.url)) return;
    const { done, total } = loading.progress;
    const doing = loading.step === 'summaries' ? 'building the summaries of the demo world' : `loading the demo world (${done} of ${total} records stored)`;
    throw new AppError('unavailable', loading.status === 'failed' ? `the demo world failed to load: ${loading.message}` : `${doing}; retry shortly`, [], 2);
  });

  app.get('/health', {
    schema: {
      summary: 'Readiness: 200 when ready, 503 {"status":"loading","progress":{"done","total"}} while the demo world loads',
      tags: ['meta'],
      response: {
        200: {
          type: 'object',
          properties: {
            status: { type: 'string', enum: ['ok'] }, pending_events: { type: 'integer', description: 'events accepted, not stored yet' }, last_error: { type: 'string', description: 'the last ingestion error, if any' },
            duplicate_batches: { type: 'integer', description: 'scale-out ingest node: re-sent batches JetStream already held (acknowledged, not stored again)' },
          },
          required: ['status', 'pending_events'],
        },
        503: {
          type: 'object',
          description: 'the demo world is loading (or failed to load)',
          properties: {
            status: { type: 'string', enum: ['loading', 'failed'] },
            progress: { type: 'object', properties: { done: { type: 'integer' }, total: { type: 'integer' } }, required: ['done', 'total'] },
            step: { type: 'string', description: 'generating, events, rates, spend, orders, leads, truth; then summaries (every record stored, the rollups, partner ledger and CLV fit being built)' },
            message: { type: 'string' },
          },
          required: ['status', 'progress'],
        },
      },
    },
  }, async (_req, reply) => {
    const loading = ctx.readiness?.loading;
    if (loading) return reply.code(503).send({ status: loading.status, progress: loading.progress, step: loading.step, ...(loading.message ? { message: loading.message } : {}) });
    return { status: 'ok', ...ctx.ingestor.health };
  });
}
