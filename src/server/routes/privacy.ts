import type { FastifyInstance } from 'fastify';
import { erasePerson, parsePersonId } from '../../privacy/erasure.js';
import { applyRetention, startRetentionJob } from '../../privacy/retention.js';
import { requireAdmin } from '../auth.js';
import type { ServerContext } from '../context.js';

const counts = { type: 'object', properties: { events: { type: 'integer' }, traits: { type: 'integer' }, orders: { type: 'integer' }, leads: { type: 'integer' } } };

/**
 * Personal data (issue 12 #14): erasing a person and applying the workspace's retention period.
 * The retention job runs while the server is up (hourly, and once a second after start).
 */
export function registerPrivacyRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const admin = { tags: ['privacy'], security: [{ adminToken: [] }] };

  app.delete('/v1/people/:id', {
    schema: {
      summary: 'Erase a person (admin): every event (identify traits included), order and lead of every device and user id linked to the id (a user id, anonymous id or e-mail address), what the spool or queue held for them, then the storage is compacted. Answers counts only',
      ...admin,
      params: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
      response: {
        200: {
          type: 'object',
          properties: { removed: counts, anonymous_ids: { type: 'integer' }, user_ids: { type: 'integer' }, compacted: { type: 'boolean' } },
        },
      },
    },
  }, async (req) => {
    requireAdmin(req, ctx.adminToken);
    const id = parsePersonId((req.params as { id?: unknown }).id);
    return erasePerson(ctx.store, ctx.ingestor, ctx.workspaceId, id);
  });

  app.post('/v1/retention/apply', {
    schema: {
      summary: "Delete the workspace's events older than its retention_days now (the server also does it hourly); null retention keeps everything",
      ...admin,
      response: {
        200: {
          type: 'object',
          properties: { retention_days: { type: ['integer', 'null'] }, cutoff: { type: ['string', 'null'] }, deleted: { type: 'integer' }, compacted: { type: 'boolean' } },
        },
      },
    },
  }, async (req) => {
    requireAdmin(req, ctx.adminToken);
    return applyRetention(ctx.store, ctx.ingestor, ctx.workspaceId);
  });

  let stop: (() => void) | undefined;
  app.addHook('onReady', async () => {
    stop = startRetentionJob(() => applyRetention(ctx.store, ctx.ingestor, ctx.workspaceId), { log: (m) => app.log.warn(m) });
  });
  app.addHook('onClose', async () => stop?.());
}
