import type { FastifyInstance } from 'fastify';
import { importData, importKinds } from '../../ingest/importer.js';
import { AppError } from '../../shared/errors.js';
import { spendReplaceModes, type SpendReplaceMode } from '../../store/spend-ranges.js';
import { requireAdmin } from '../auth.js';
import type { ServerContext, WriteKeyCache } from '../context.js';

/**
 * `POST /v1/import/:kind`: the same import as `roilens import KIND FILE` (body = the file).
 * Spend answers `{"inserted","replaced","removed","by_channel","warnings","errors",…}`;
 * `?dry_run=1` parses and counts without writing (the dashboard's preview).
 */
export function registerImportRoutes(app: FastifyInstance, ctx: ServerContext, keys: WriteKeyCache): void {
  app.post('/v1/import/:kind', {
    bodyLimit: 64 * 1024 * 1024,
    schema: {
      summary: 'Import spend, orders, leads, rates (CSV) or events (JSON lines)', tags: ['import'], security: [{ adminToken: [] }],
      params: { type: 'object', properties: { kind: { type: 'string', enum: [...importKinds] } } },
      querystring: {
        type: 'object',
        properties: {
          channel: { type: 'string', description: 'channel for every spend row (for ad-platform exports)' },
          source: { type: 'string', description: 'source of every spend row (default: the layout\'s platform, a source column, else generic)' },
          replace: { type: 'string', enum: [...spendReplaceModes], description: 'keys (default): stored rows with a key in the file; range: the source\'s rows from the file\'s first to last date' },
          dry_run: { type: 'string', enum: ['1', '0', 'true', 'false'], description: 'parse and count without writing' },
        },
      },
    },
  }, async (req, reply) => {
    requireAdmin(req, ctx.adminToken);
    const { kind } = req.params as { kind: string };
    const q = req.query as { channel?: string; source?: string; replace?: SpendReplaceMode; dry_run?: string };
    const text = typeof req.body === 'string' ? req.body : req.body ? JSON.stringify(req.body) : '';
    if (!text.trim()) throw new AppError('invalid_input', 'body: the file is empty', [{ path: 'body', message: 'empty' }]);
    const workspace = await ctx.store.getWorkspace(ctx.workspaceId);
    if (!workspace) throw new AppError('not_found', 'no workspace');
    const dryRun = q.dry_run === '1' || q.dry_run === 'true';
    const outcome = await importData(kind, text, {
      store: ctx.store, workspace, acceptEvents: (events) => ctx.ingestor.accept(workspace, events),
    }, { channel: q.channel, source: q.source, replace: q.replace, dryRun });
    if (outcome.valid === 0 && outcome.errors.length > 0) return reply.code(400).send({ error: 'invalid_input', message: `nothing imported; ${outcome.errors[0].path}: ${outcome.errors[0].message}`, ...outcome });
    if (!dryRun) keys.forget();
    return outcome;
  });
}
