import type { FastifyInstance } from 'fastify';
import { importData, importKinds } from '../../ingest/importer.js';
import { AppError } from '../../shared/errors.js';
import { requireAdmin } from '../auth.js';
import type { ServerContext, WriteKeyCache } from '../context.js';

/** `POST /v1/import/:kind`: the same import as `roilens import KIND FILE` (body = the file). */
export function registerImportRoutes(app: FastifyInstance, ctx: ServerContext, keys: WriteKeyCache): void {
  app.post('/v1/import/:kind', {
    bodyLimit: 64 * 1024 * 1024,
    schema: {
      summary: 'Import spend, orders, leads, rates (CSV) or events (JSON lines)', tags: ['import'], security: [{ adminToken: [] }],
      params: { type: 'object', properties: { kind: { type: 'string', enum: [...importKinds] } } },
      querystring: { type: 'object', properties: { channel: { type: 'string', description: 'channel for every spend row (for ad-platform exports)' } } },
    },
  }, async (req, reply) => {
    requireAdmin(req, ctx.adminToken);
    const { kind } = req.params as { kind: string };
    const text = typeof req.body === 'string' ? req.body : req.body ? JSON.stringify(req.body) : '';
    if (!text.trim()) throw new AppError('invalid_input', 'body: the file is empty', [{ path: 'body', message: 'empty' }]);
    const workspace = await ctx.store.getWorkspace(ctx.workspaceId);
    if (!workspace) throw new AppError('not_found', 'no workspace');
    const outcome = await importData(kind, text, {
      store: ctx.store, workspace, acceptEvents: (events) => ctx.ingestor.accept(workspace, events),
    }, { channel: (req.query as { channel?: string }).channel });
    if (outcome.stored === 0 && outcome.errors.length > 0) return reply.code(400).send({ error: 'invalid_input', message: `nothing imported; ${outcome.errors[0].path}: ${outcome.errors[0].message}`, ...outcome });
    keys.forget();
    return outcome;
  });
}
