import type { FastifyInstance } from 'fastify';
import { parseBatch } from '../../ingest/event-schema.js';
import { guardEvents } from '../../ingest/revenue-guard.js';
import { guardExposureBatch } from '../../reports/experiments-signing.js';
import { AppError } from '../../shared/errors.js';
import { parseEventDeletion } from '../../store/event-deletion.js';
import { credentialOf, requireAdmin, requireWriteKey } from '../auth.js';
import type { ServerContext, WriteKeyCache } from '../context.js';

const issueList = { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } } as const;
const rejectedList = { type: 'array', items: { type: 'object', properties: { index: { type: 'integer' }, errors: issueList } } } as const;

const eventDoc = {
  type: 'object',
  description: 'A batch of up to 1,000 events (1 MB). Each event: id, type (impression|click|page_view|lead|conversion|custom), ts (ISO 8601), anonymous_id, and optionally user_id, session_id, name, url, referrer, utm {source, medium, campaign, content, term}, click_id, order_id, revenue {amount: decimal string, currency: ISO 4217}, properties {…}. Invalid events are rejected one by one; the valid ones are stored.',
  properties: { events: { type: 'array', items: { type: 'object', additionalProperties: true } } },
} as const;

/** `POST /v1/events` (write key) and `GET /v1/events` (admin). */
export function registerEventRoutes(app: FastifyInstance, ctx: ServerContext, keys: WriteKeyCache): void {
  app.post('/v1/events', {
    schema: {
      summary: 'Send a batch of events', tags: ['tracking'], security: [{ writeKey: [] }],
      response: {
        200: {
          type: 'object',
          description: 'Valid events stored durably; invalid ones listed by index with the field path and reason; duplicates (ids repeated in the batch) are neither.',
          properties: { accepted: { type: 'integer' }, duplicates: { type: 'integer' }, rejected: rejectedList },
        },
        400: {
          type: 'object',
          description: 'Nothing in the batch was valid (or the body is not a batch).',
          properties: { error: { type: 'string' }, message: { type: 'string' }, accepted: { type: 'integer' }, rejected: rejectedList, issues: issueList },
        },
      },
    },
  }, async (req, reply) => {
    // The admin token is the server key (issue 12 #1): its events' revenue is verified; a write key's is not.
    const serverKey = req.headers.authorization?.startsWith('Bearer ') && credentialOf(req) === ctx.adminToken;
    if (serverKey) requireAdmin(req, ctx.adminToken);
    const ws = serverKey ? await ctx.store.getWorkspace(ctx.workspaceId) : await requireWriteKey(req, keys);
    if (!ws) throw new AppError('not_found', 'no workspace');
    const body: unknown = req.body;
    const parsed = parseBatch(body);
    if ('error' in parsed) throw new AppError('invalid_input', `${parsed.error.path}: ${parsed.error.message}`, [parsed.error]);
    // Experiment exposures count only with a server-signed assignment token (issue 12 #5); the server key's are signed.
    Object.assign(parsed, await guardExposureBatch(ctx.store, ws, parsed, { trusted: Boolean(serverKey) }));
    const guarded = await guardEvents(ctx.store, ws, parsed.events, { verified: Boolean(serverKey), indexOf: (i) => parsed.indices[i] });
    parsed.events = guarded.events;
    parsed.rejected = [...parsed.rejected, ...guarded.rejected].sort((a, b) => a.index - b.index);
    if (parsed.events.length === 0 && parsed.rejected.length) {
      const first = parsed.rejected[0];
      return reply.code(400).send({
        error: 'invalid_input',
        message: `no valid event; events.${first.index}.${first.errors[0].path}: ${first.errors[0].message}`,
        accepted: 0,
        rejected: parsed.rejected,
      });
    }
    // An id the workspace already stored is a duplicate, never accepted (issue 12 #4; events still in the spool are deduplicated when stored).
    const stored = new Set(parsed.events.length ? await ctx.store.existingEventIds(ws.id, parsed.events.map((e) => e.id)) : []);
    const fresh = parsed.events.filter((e) => !stored.has(e.id));
    if (fresh.length) await ctx.ingestor.accept(ws, fresh);
    return { accepted: fresh.length, duplicates: parsed.duplicates + parsed.events.length - fresh.length, rejected: parsed.rejected };
  });
  app.addSchema({ $id: 'EventBatch', ...eventDoc });

  app.get('/v1/events', {
    schema: {
      summary: 'List stored events of a visitor or user', tags: ['tracking'], security: [{ adminToken: [] }],
      querystring: {
        type: 'object',
        properties: { anonymous_id: { type: 'string', minLength: 1 }, user_id: { type: 'string', minLength: 1 }, limit: { type: 'integer', minimum: 1, maximum: 10000 } },
      },
    },
  }, async (req) => {
    requireAdmin(req, ctx.adminToken);
    const q = req.query as { anonymous_id?: string; user_id?: string; limit?: number };
    await ctx.ingestor.drain();
    return { events: await ctx.store.listEvents(ctx.workspaceId, q) };
  });

  app.delete('/v1/events', {
    schema: {
      summary: 'Delete stored events (admin): every event matching all the conditions given, at least one; every report then leaves them out',
      tags: ['tracking'], security: [{ adminToken: [] }],
      querystring: {
        type: 'object',
        properties: {
          id: { type: 'string', description: 'event ids, comma-separated (at most 1,000)' },
          person: { type: 'string', description: 'a user id or anonymous id: its events and those of every device the user was seen on' },
          from: { type: 'string', description: 'ISO 8601 instant or date (UTC), inclusive' },
          to: { type: 'string', description: 'ISO 8601 instant or date (UTC), exclusive' },
          source: { type: 'string', description: 'the events\' utm source' },
        },
      },
      response: { 200: { type: 'object', properties: { deleted: { type: 'integer' } } } },
    },
  }, async (req) => {
    requireAdmin(req, ctx.adminToken);
    const q = req.query as { id?: string; person?: string; from?: string; to?: string; source?: string };
    const filter = parseEventDeletion({ ids: q.id, person: q.person, from: q.from, to: q.to, source: q.source });
    // Events still queued are stored first, so they are deleted too.
    await ctx.ingestor.drain();
    return { deleted: await ctx.store.deleteEvents(ctx.workspaceId, filter) };
  });
}
