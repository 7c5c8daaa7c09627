import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseEvent } from '../../ingest/event-schema.js';
import { postbackSourceOwner, postbackAuthentic, postbackIpAllowed, postbackWindowDays } from '../../ingest/postback-sources.js';
import { guardEvents, postbackIdPrefix } from '../../ingest/revenue-guard.js';
import { AppError, invalid } from '../../shared/errors.js';
import { entriesOf } from '../../shared/unknown-values.js';
import type { ServerContext } from '../context.js';
import { errorAnswerSchema } from '../error-reply.js';
import { checkedIdempotencyKey } from '../../operations/core/idempotency.js';

const dayMs = 24 * 3600 * 1000;

declare module 'fastify' {
  interface FastifyRequest {
    /** A postback's body as it came (its signature covers these bytes); set by the postback plugin's parser only. */
    rawBody?: string;
  }
}

/**
 * Without an order id, a postback's `Idempotency-Key` names its event (design.md: writes that move money
 * take one): a retry with the same key is the same event, a duplicate, never a second sale. Hashed, so a
 * 255-character key fits an event id.
 */
function retryKeyId(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const key = checkedIdempotencyKey(Array.isArray(header) ? header[0] : header, 'headers.idempotency-key');
  return `key-${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}

/** The postback's fields: the query string and, for POST, a JSON or form body (first value of a repeated field). */
function fieldsOf(req: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (k: string, v: unknown) => {
    if (out[k] !== undefined || v === undefined || v === null) return;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    else if (Array.isArray(v) && v.length) add(k, v[0]);
  };
  for (const [k, v] of entriesOf(req.query)) add(k, v);
  for (const [k, v] of entriesOf(req.body)) add(k, v);
  return out;
}

/**
 * Postback sources and the server-to-server postback (issue 12 #1, design.md "Postback sources").
 * Registered in its own plugin so the postback can read its raw body for the signature.
 */
export function registerPostbackRoutes(app: FastifyInstance, ctx: ServerContext): void {

  void app.register(async (inst) => {
    // The signature covers the raw body: keep it, then parse it as JSON or a form.
    inst.removeContentTypeParser(['application/json', 'text/plain']);
    inst.addContentTypeParser(['application/json', 'text/plain', 'application/x-www-form-urlencoded'], { parseAs: 'string', bodyLimit: 64 * 1024 }, (req, body, done) => {
      const text = body as string;
      req.rawBody = text;
      if (!text.trim()) return done(null, {});
      const type = String(req.headers['content-type'] ?? '');
      if (type.includes('x-www-form-urlencoded')) return done(null, Object.fromEntries(new URLSearchParams(text)));
      try {
        done(null, JSON.parse(text));
      } catch (err) {
        done(new AppError('invalid_json', `the body is not valid JSON: ${(err as Error).message}`), undefined);
      }
    });

    const postback = async (req: FastifyRequest) => {
      const p = fieldsOf(req);
      const signature = typeof req.headers['x-roilens-signature'] === 'string' ? req.headers['x-roilens-signature'] : undefined;
      if (!p.source) {
        throw new AppError('unauthorized', 'a postback needs its source: send source=ID with secret=S or an X-Roilens-Signature header (a write key alone is not accepted)');
      }
      // The source's workspace is where the event goes (each workspace has its own sources).
      const owned = await postbackSourceOwner(ctx.store, p.source);
      const source = owned?.source;
      const raw = req.method === 'GET' ? (req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '') : (req.rawBody ?? '');
      if (!owned || !source || !postbackAuthentic(source, { secret: p.secret, signature, raw })) throw new AppError('unauthorized', 'unknown postback source or wrong secret or signature');
      if (!postbackIpAllowed(source, req.ip)) throw new AppError('unauthorized', 'this address may not send postbacks for the source');
      const ws = await ctx.store.getWorkspace(owned.workspaceId);
      if (!ws) throw new AppError('unauthorized', 'unknown postback source or wrong secret or signature');
      if (ws.archived_at) throw new AppError('forbidden', `workspace ${ws.id} is archived: it accepts no postbacks (its data stays readable)`);

      const clickId = p.click_id ?? p.rl_cid ?? p.clickid;
      if (!clickId) throw invalid('click_id', 'is required');
      if (clickId.length > 256) throw invalid('click_id', 'must be at most 256 characters');
      const tsMs = p.ts !== undefined ? Date.parse(p.ts) : Date.now();
      if (!Number.isFinite(tsMs)) throw invalid('ts', 'is not a valid date-time');
      // A click still in the spool is known: drain it into the store first.
      await ctx.ingestor.drain();
      const click = await ctx.store.findClick(ws.id, clickId);
      if (!click) throw new AppError('unknown_click', `click_id: no click ${clickId} was recorded in this workspace`, [{ path: 'click_id', message: 'unknown click' }]);
      const clickMs = Date.parse(click.ts);
      if (tsMs - clickMs > postbackWindowDays * dayMs) {
        throw new AppError('click_expired', `click_id: the click is older than the source's ${postbackWindowDays}-day window`, [{ path: 'click_id', message: 'click expired' }]);
      }
      if (tsMs < clickMs) throw invalid('ts', 'is before the click it converts');

      const amount = p.amount ?? p.revenue ?? p.payout;
      if (p.order_id !== undefined && p.order_id.length > 200) throw invalid('order_id', 'must be at most 200 characters');
      const parsed = parseEvent({
        // Scoped to the source (issue 12 #4): a resent postback for the same order is the same event; nobody else can take its id.
        id: `${postbackIdPrefix}${source.id}:${p.order_id ?? retryKeyId(req.headers['idempotency-key']) ?? randomBytes(12).toString('base64url')}`,
        type: p.type === 'lead' ? 'lead' : 'conversion',
        ts: new Date(tsMs).toISOString(),
        anonymous_id: click.anonymous_id,
        ...(click.user_id ? { user_id: click.user_id } : {}),
        click_id: clickId,
        ...(p.order_id ? { order_id: p.order_id } : {}),
        ...(amount !== undefined ? { revenue: { amount, currency: (p.currency ?? ws.currency).toUpperCase() } } : {}),
        ...(p.name ? { name: p.name } : {}),
        properties: { source: 'postback', postback_source: source.id, click_found: true },
      });
      if (!parsed.ok) throw new AppError('invalid_input', parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; '), parsed.errors);
      const guarded = await guardEvents(ctx.store, ws, [parsed.event], { verified: true });
      if (guarded.rejected.length) {
        const issues = guarded.rejected[0].errors.map((e) => ({ path: e.path === 'revenue.amount' ? 'amount' : e.path, message: e.message }));
        throw new AppError('invalid_input', issues.map((e) => `${e.path}: ${e.message}`).join('; '), issues);
      }
      const event = guarded.events[0];
      // A resent postback is a duplicate, stored or still waiting in the spool: neither accepted nor rejected.
      const taken = await ctx.ingestor.acceptNew(ws, [event]);
      return { accepted: taken.accepted, duplicates: taken.duplicates, rejected: [], event_id: event.id, click_found: true };
    };
    const postbackSchema = {
      summary: `Server-to-server conversion of a recorded click (click_id, order_id, amount, currency, ts) from a postback source: source=ID with secret=S, or the header X-Roilens-Signature: sha256=<hex HMAC-SHA256 of the raw query (GET) or body (POST), keyed with the hex SHA-256 of the secret>. 401 without a valid source proof, 422 unknown_click or click_expired (older than ${postbackWindowDays} days); its revenue is verified. The same order_id again (or, without one, the same Idempotency-Key header) is a duplicate, never a second sale`,
      tags: ['tracking'],
      response: {
        200: {
          type: 'object',
          description: 'Stored (accepted 1), or the same postback again (duplicates 1): never both',
          properties: {
            accepted: { type: 'integer' }, duplicates: { type: 'integer' }, rejected: { type: 'array', items: { type: 'object', additionalProperties: true } },
            event_id: { type: 'string' }, click_found: { type: 'boolean' },
          },
        },
        400: errorAnswerSchema('invalid_input naming the field (click_id, ts, amount, currency, order_id), or invalid_json'),
        401: errorAnswerSchema('unauthorized: no source, an unknown one, a wrong secret or signature, or an address the source does not allow'),
        403: errorAnswerSchema('forbidden: the source\'s workspace is archived'),
        422: errorAnswerSchema('unknown_click (no such click in the workspace) or click_expired (older than the window)'),
      },
    };
    inst.get('/v1/postback', { schema: postbackSchema }, postback);
    inst.post('/v1/postback', { schema: postbackSchema }, postback);
  });
}
