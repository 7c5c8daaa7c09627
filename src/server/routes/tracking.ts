import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseEvent } from '../../ingest/event-schema.js';
import type { EventRecord } from '../../records/events.js';
import { guardEvents } from '../../ingest/revenue-guard.js';
import { AppError } from '../../shared/errors.js';
import { requireAdmin, requireWriteKey } from '../auth.js';
import type { ServerContext, WriteKeyCache } from '../context.js';

const pixel = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const newId = (prefix: string) => `${prefix}${randomBytes(12).toString('base64url')}`;
/** What a visitor sees when a link leads nowhere and no fallback URL is set: nothing about the link or the business. */
const neutralPage = '<!doctype html><html><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>Link unavailable</title></head>'
  + '<body style="font-family:sans-serif;text-align:center;padding:4em">This link is not available.</body></html>';

function cookie(req: FastifyRequest, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/** Validates an event built from a query string; a bad one is a 400 naming the field. */
function checked(raw: Record<string, unknown>): EventRecord {
  const parsed = parseEvent(raw);
  if (!parsed.ok) throw new AppError('invalid_input', parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; '), parsed.errors);
  return parsed.event;
}

/** Tracking links (`/c/:slug`), the pixel and the snippet (postbacks: `routes/postback.ts`). */
export function registerTrackingRoutes(app: FastifyInstance, ctx: ServerContext, keys: WriteKeyCache): void {
  /** Where a visitor goes when a link cannot take them to its destination: a URL, else a neutral page. */
  const fallback = (reply: FastifyReply, url: string | null | undefined) => {
    reply.header('cache-control', 'no-store');
    if (url) return reply.redirect(url, 302);
    return reply.code(404).type('text/html; charset=utf-8').send(neutralPage);
  };

  app.get('/c/:slug', {
    schema: {
      summary: 'Follow a tracking link: records the click and redirects (302) with the click id and UTMs. An unknown slug redirects to ROILENS_LINK_FALLBACK_URL, a disabled or deleted link to its workspace\'s fallback_url (else that URL); without either, a neutral page (404)',
      tags: ['tracking'],
    },
  }, async (req, reply) => {
    const { slug } = req.params as { slug: string };
    const found = await ctx.store.resolveLink(slug);
    if (!found) return fallback(reply, ctx.linkFallbackUrl);
    const ws = await ctx.store.getWorkspace(found.workspace_id);
    if (!ws) throw new AppError('not_found', 'no workspace');
    if (found.deleted || found.link.disabled) return fallback(reply, ws.fallback_url ?? ctx.linkFallbackUrl);
    const link = found.link;
    const anonymousId = cookie(req, 'rl_aid') ?? newId('a_');
    const clickId = newId('rl_');
    const target = new URL(link.destination);
    target.searchParams.set('rl_cid', clickId);
    for (const [k, v] of Object.entries(link.utm)) if (v && !target.searchParams.has(`utm_${k}`)) target.searchParams.set(`utm_${k}`, v);
    const event = checked({
      id: newId('clk_'), type: 'click', ts: new Date().toISOString(), anonymous_id: anonymousId, click_id: clickId,
      url: target.toString(), ...(req.headers.referer ? { referrer: String(req.headers.referer).slice(0, 4096) } : {}),
      ...(Object.keys(link.utm).length ? { utm: link.utm } : {}),
      properties: { link: slug, rl_cid: clickId, ...(req.headers['user-agent'] ? { user_agent: String(req.headers['user-agent']).slice(0, 512) } : {}) },
    });
    await ctx.ingestor.accept(ws, [event]);
    reply.header('set-cookie', `rl_aid=${encodeURIComponent(anonymousId)}; Path=/; Max-Age=34560000; SameSite=Lax`);
    reply.header('cache-control', 'no-store');
    return reply.redirect(target.toString(), 302);
  });

  app.get('/p.gif', { schema: { summary: 'Tracking pixel: records an event (impression by default) from query parameters', tags: ['tracking'] } }, async (req, reply) => {
    const ws = await requireWriteKey(req, keys);
    const q = req.query as Record<string, string>;
    const utm = Object.fromEntries(['source', 'medium', 'campaign', 'content', 'term'].filter((k) => q[`utm_${k}`]).map((k) => [k, q[`utm_${k}`]]));
    const event = checked({
      id: q.id ?? newId('px_'), type: q.type ?? 'impression', ts: q.ts ?? new Date().toISOString(),
      anonymous_id: q.anonymous_id ?? cookie(req, 'rl_aid') ?? newId('a_'),
      ...(q.name ? { name: q.name } : {}), ...(q.url ? { url: q.url } : {}),
      ...(Object.keys(utm).length ? { utm } : {}), ...(q.click_id ? { click_id: q.click_id } : {}),
    });
    // Untrusted like every browser event: unverified, no reserved ids or properties (issue 12 #1, #4).
    const guarded = await guardEvents(ctx.store, ws, [event], { verified: false });
    if (guarded.rejected.length) {
      const issues = guarded.rejected[0].errors;
      throw new AppError('invalid_input', issues.map((e) => `${e.path}: ${e.message}`).join('; '), issues);
    }
    await ctx.ingestor.accept(ws, guarded.events);
    return reply.type('image/gif').header('cache-control', 'no-store').send(pixel);
  });

  let snippet: Buffer | undefined;
  app.get('/s.js', { schema: { summary: 'The browser snippet', tags: ['tracking'] } }, async (_req, reply) => {
    if (!snippet) {
      if (!existsSync(ctx.sdkFile)) throw new AppError('not_found', 'the snippet is not built: run npm run build');
      snippet = readFileSync(ctx.sdkFile);
    }
    return reply.type('application/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(snippet);
  });
}
