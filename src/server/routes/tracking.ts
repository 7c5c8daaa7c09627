import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseEvent } from '../../ingest/event-schema.js';
import type { EventRecord } from '../../records/events.js';
import { guardEvents } from '../../ingest/revenue-guard.js';
import { AppError } from '../../shared/errors.js';
import { slugPattern } from '../../reports/links/links.js';
import { serverClickProperties, subIdKeys, subIdMax } from '../../tracking/partner-click.js';
import { requireWriteKey } from '../auth.js';
import type { ServerContext } from '../context.js';
import type { Credentials } from '../credentials.js';

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

/**
 * Where a visitor goes when a link cannot take them to its destination (an unknown, malformed,
 * disabled or deleted link): `url` (302), else the neutral page (404 HTML). Never an error: a
 * visitor who followed an ad sees nothing about the link or the business.
 */
export function linkFallback(reply: FastifyReply, url: string | null | undefined): FastifyReply {
  reply.header('cache-control', 'no-store');
  if (url) return reply.redirect(url, 302);
  return reply.code(404).type('text/html; charset=utf-8').send(neutralPage);
}

/** The query parameters the pixel reads (all optional text; `parseEvent` judges them as an event's fields). */
const utmKeys = ['source', 'medium', 'campaign', 'content', 'term'] as const;
const pixelFields = ['id', 'type', 'ts', 'anonymous_id', 'name', 'url', 'click_id', ...utmKeys.map((k) => `utm_${k}` as const)] as const;
type PixelQuery = Partial<Record<(typeof pixelFields)[number], string>>;

/** Answers that are not JSON, for the OpenAPI document: a redirect, the neutral page, a GIF, a script. */
const redirectAnswer = (description: string) => ({ description, type: 'null', headers: { location: { type: 'string', description: 'where the visitor goes' } } });
const neutralPageAnswer = { description: 'the neutral "This link is not available" page (no fallback URL set)', content: { 'text/html': { schema: { type: 'string' } } } };

/**
 * Tracking links (`/c/:slug`), the pixel and the snippet (postbacks: `routes/postback.ts`). They are
 * protocol endpoints, not operations: they answer a redirect, an HTML page, a GIF or a script to a
 * browser, never JSON (README "Architecture").
 */
export function registerTrackingRoutes(app: FastifyInstance, ctx: ServerContext, keys: Credentials): void {
  app.get<{ Params: { slug: string }; Querystring: Record<string, string | string[] | undefined> }>('/c/:slug', {
    schema: {
      summary: 'Follow a tracking link: records the click and redirects (302) with the click id and UTMs. An unknown or malformed slug redirects to ROILENS_LINK_FALLBACK_URL, a disabled or deleted link to its workspace\'s fallback_url (else that URL); without either, a neutral page (404). Never an error answer: visitors follow these links',
      tags: ['tracking'],
      params: { type: 'object', properties: { slug: { type: 'string', description: 'letters, digits, "_" and "-" (1 to 64); anything else is an unknown link' } }, required: ['slug'] },
      querystring: {
        type: 'object',
        properties: Object.fromEntries(subIdKeys.map((k) => [k, { type: 'string', description: `a partner's sub-id, kept on the click (at most ${subIdMax} characters are kept)` }])),
      },
      response: {
        302: redirectAnswer('to the destination with rl_cid and the link\'s UTMs appended (sets the rl_aid cookie), or to a fallback URL'),
        404: neutralPageAnswer,
      },
    },
  }, async (req, reply) => {
    const { slug } = req.params;
    // No link has a slug outside the pattern (links.ts refuses them): such a path is an unknown link,
    // answered without asking the store (a NUL would not even reach PostgreSQL).
    const found = slugPattern.test(slug) ? await ctx.store.resolveLink(slug) : undefined;
    if (!found) return linkFallback(reply, ctx.linkFallbackUrl);
    const ws = await ctx.store.getWorkspace(found.workspace_id);
    if (!ws) throw new AppError('not_found', 'no workspace');
    if (found.deleted || found.link.disabled) return linkFallback(reply, ws.fallback_url ?? ctx.linkFallbackUrl);
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
      // Marked as the server's (sub-ids, truncated address, ad click id): partner commissions count only these clicks.
      properties: { link: slug, rl_cid: clickId, ...serverClickProperties(req.query, req.ip, req.headers['user-agent'] ? String(req.headers['user-agent']) : undefined) },
    });
    await ctx.ingestor.accept(ws, [event]);
    reply.header('set-cookie', `rl_aid=${encodeURIComponent(anonymousId)}; Path=/; Max-Age=34560000; SameSite=Lax`);
    reply.header('cache-control', 'no-store');
    return reply.redirect(target.toString(), 302);
  });

  // A path under /c/ with more segments (`/c/a/b`) is no link either: the same answer, left out of the document.
  app.get('/c/*', { schema: { hide: true } }, async (_req, reply) => linkFallback(reply, ctx.linkFallbackUrl));

  app.get<{ Querystring: PixelQuery }>('/p.gif', {
    schema: {
      summary: 'Tracking pixel: records an event (impression by default) from query parameters; the write key as ?key=KEY (or Authorization: Bearer KEY)',
      tags: ['tracking'],
      security: [{ writeKey: [] }],
      querystring: { type: 'object', properties: Object.fromEntries(pixelFields.map((name) => [name, { type: 'string' }])) },
      response: { 200: { description: 'a 1×1 transparent GIF', content: { 'image/gif': { schema: { type: 'string', format: 'binary' } } } } },
    },
  }, async (req, reply) => {
    const ws = await requireWriteKey(req, keys);
    req.principal = { kind: 'write-key', workspaceId: ws.id, scopes: ['events:write'], workspace: ws };
    const q = req.query;
    const utm = Object.fromEntries(utmKeys.flatMap((k) => {
      const value = q[`utm_${k}` as const];
      return value ? [[k, value]] : [];
    }));
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
  app.get('/s.js', {
    schema: {
      summary: 'The browser snippet',
      tags: ['tracking'],
      response: { 200: { description: 'the snippet (cached for an hour)', content: { 'application/javascript': { schema: { type: 'string' } } } } },
    },
  }, async (_req, reply) => {
    if (!snippet) {
      if (!existsSync(ctx.sdkFile)) throw new AppError('not_found', 'the snippet is not built: run npm run build');
      snippet = readFileSync(ctx.sdkFile);
    }
    return reply.type('application/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(snippet);
  });
}
