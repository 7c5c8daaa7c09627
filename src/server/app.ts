import { existsSync } from 'node:fs';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { AppError, errorCodes, errorMeanings, invalid, type ErrorCode } from '../shared/errors.js';
import { entriesOf } from '../shared/unknown-values.js';
import { answerClientError, internalMessage, registryErrorOf } from './error-reply.js';
import type { TrustProxy } from '../config/config.js';
import type { ServerContext } from './context.js';
import { Credentials } from './credentials.js';
import { hasKnownCredential } from './auth.js';
import { BrowserSessions } from './session/browser-sessions.js';
import { registerSessionAuth } from './session/session-auth.js';
import { PersonSessions } from './session/person-sessions.js';
import { signInSettings } from '../config/people-config.js';
import { registerRateLimits } from './rate-limit.js';
import { registerMetaRoutes } from './routes/meta.js';
import { registerPrometheus } from './routes/prometheus.js';
import { linkFallback, registerTrackingRoutes } from './routes/tracking.js';
import { extraRouteModules } from './routes/index.js';
import { operations } from '../operations/index.js';
import { registerOperationRoutes } from './operation-routes.js';

/** Builds the HTTP app: API under /v1, tracking endpoints, OpenAPI at /docs, the dashboard at /. */
export async function buildApp(ctx: ServerContext, opts: { logger?: boolean; trustProxy?: TrustProxy; observeRoute?: (method: string, url: string) => void } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    // Bodies: 64 KB unless a route says more (events 1 MB, imports 64 MB; see onRoute below).
    bodyLimit: smallBodyLimit,
    // A client has this long to send its whole request (a slow body is cut off with 408).
    requestTimeout: requestTimeoutMs,
    // X-Forwarded-For and friends are believed only from proxies the operator names (ROILENS_TRUST_PROXY).
    trustProxy: opts.trustProxy ?? false,
    // Path parameters (user ids are up to 256 characters) reach the route's own schema, which names the
    // field; only a segment longer than this is refused by the router, and then in the registry's format.
    routerOptions: { maxParamLength: maxPathParamLength },
    frameworkErrors: (err, req, reply) => {
      // A tracking link a visitor follows never shows an error: a path the router cannot read is an unknown link.
      if (isTrackingLink(req.url)) return linkFallback(reply as FastifyReply, ctx.linkFallbackUrl);
      const message = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? `a path segment is longer than ${maxPathParamLength} characters` : 'the URL is not valid (bad percent-encoding)';
      return (reply as FastifyReply).code(400).send(new AppError('invalid_input', `(url): ${message}`, [{ path: '(url)', message }]).toJSON());
    },
    // JSON's 1e309 parses to Infinity, which Ajv would take for a number.
    ajv: { customOptions: { strictNumbers: true } },
    // Errors before there is a request (headers over 16 KB, a slow client, bytes that are not HTTP) in the registry's format too.
    clientErrorHandler: answerClientError,
  });
  const keys = ctx.credentials ?? new Credentials(ctx.store, { adminToken: ctx.adminToken, workspaceId: ctx.workspaceId, operatorKey: ctx.operatorKey });
  const sessions = ctx.sessions ?? new BrowserSessions();
  const people = ctx.people ?? new PersonSessions(ctx.store, { ...signInSettings(), now: sessions.now });
  ctx = { ...ctx, sessions, people, credentials: keys };

  // Beacons arrive as text/plain (no CORS preflight); they carry JSON.
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch (err) {
      done(new AppError('invalid_json', `the body is not valid JSON: ${(err as Error).message}`), undefined);
    }
  });
  // No parser-level limit: the route's (64 MB on imports, 64 KB elsewhere) applies.
  app.addContentTypeParser(['text/csv', 'application/x-ndjson', 'application/jsonl'], { parseAs: 'string' }, (_req, body, done) => done(null, body));

  // Events take 1 MB; routes that declare no limit keep the 64 KB default.
  app.addHook('onRoute', (route) => {
    if (route.bodyLimit === undefined && route.url === '/v1/events') route.bodyLimit = eventsBodyLimit;
    // Tests list every route (hidden ones too) to hold them to the operation layer (test/operations/coverage.test.ts).
    for (const method of [route.method].flat()) opts.observeRoute?.(method, route.url);
  });

  // Rate limits first (issue 12 #10): per address and key on tracking routes, per principal on the API.
  registerRateLimits(app);

  // The dashboard's session cookie is resolved first, so the checks below know who it signs in.
  registerSessionAuth(app, sessions, people);

  // The credential is checked before a body is read (issue 12 #6): a request that declares a body
  // and carries no known credential is refused with 401 at once, its body never buffered. Postbacks
  // (their secret may be in the 64 KB body), the sign-in exchange and applications to a partner programme
  // (a stranger's form) are the exceptions.
  app.addHook('onRequest', async (req) => {
    const declaresBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (!declaresBody) return;
    const path = req.url.split('?')[0];
    if (path === '/v1/postback' || publicBodies.has(path) || programApplications.test(path)) return;
    if (await hasKnownCredential(req, keys)) return;
    throw new AppError('unauthorized', 'missing or unknown credential: send Authorization: Bearer KEY (or ?key=KEY) with a body');
  });

  // Security headers on every answer (issue 12 #15): the dashboard runs only its own scripts, cannot be
  // framed, and sends no Referer (which would carry a token in the URL to every asset).
  app.addHook('onSend', async (_req, reply) => {
    reply.header('content-security-policy', contentSecurityPolicy);
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-content-type-options', 'nosniff');
  });

  app.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith('/v1/events') || req.url.startsWith('/v1/postback') || req.url.startsWith('/p.gif') || req.url.startsWith('/s.js')) {
      reply.header('access-control-allow-origin', '*');
      reply.header('access-control-allow-headers', 'authorization, content-type');
    }
  });

  // A parameter given twice (`click_id=a&click_id=b`) is ambiguous: 400 naming it, before any route reads it.
  // Tracking-link redirects read no query parameter: an ad network repeating one must not cost the visit.
  app.addHook('onRequest', async (req) => {
    if (isTrackingLink(req.url)) return;
    for (const [name, value] of entriesOf(req.query)) {
      if (Array.isArray(value)) throw new AppError('invalid_input', `${name}: given ${value.length} times; give it once`, [{ path: name, message: `given ${value.length} times; give it once` }]);
    }
  });

  // No identifier or query value holds a NUL character (`%00`): PostgreSQL cannot even compare text
  // with one, so it would reach the metadata store as a 500. 400 naming the parameter instead.
  // A tracking link takes a malformed slug as an unknown link (its route), never as an error.
  app.addHook('onRequest', async (req) => {
    if (isTrackingLink(req.url)) return;
    const values = [...entriesOf(req.params), ...entriesOf(req.query)];
    for (const [name, value] of values) {
      if (typeof value === 'string' && value.includes('\u0000')) throw invalid(name, 'must not contain a NUL character (%00)');
    }
  });

  // Ajv turns a query or path value such as "-1e309" into -Infinity and lets it past minimum and maximum:
  // a parameter the route declares numeric must be a finite number.
  app.addHook('preValidation', async (req) => {
    const schema = req.routeOptions.schema as { querystring?: NumericProps; params?: NumericProps } | undefined;
    for (const [values, props] of [[req.query, schema?.querystring?.properties], [req.params, schema?.params?.properties]] as const) {
      if (!props) continue;
      for (const [name, value] of entriesOf(values)) {
        const type = props[name]?.type;
        if ((type === 'integer' || type === 'number') && value !== undefined && !Number.isFinite(Number(value))) throw invalid(name, `must be a finite number, got "${String(value)}"`);
      }
    }
  });

  // Every error answer is a registry code with the registry's status (error-reply.ts); a bug answers
  // 500 `internal` with no detail, its stack going to the log.
  app.setErrorHandler((err, req, reply) => {
    const error = registryErrorOf(err, req.routeOptions.bodyLimit ?? smallBodyLimit);
    if (error.code === 'internal') {
      req.log.error(err);
      const e = err as Error | undefined;
      process.stderr.write(`roilens: internal error on ${req.method} ${req.url}: ${e?.stack ?? e?.message ?? String(err)}\n`);
      return reply.code(error.status).send({ error: error.code, message: internalMessage });
    }
    if (error.retryAfter !== undefined) reply.header('retry-after', String(error.retryAfter));
    return reply.code(error.status).send(error.toJSON());
  });

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'roilens API', version: '1.0.0', description: 'Tracking, cost, KPIs and analysis. Write key (`rl_pub_…`, tracking routes only): `Authorization: Bearer KEY` or `?key=KEY`; secret key (`rl_sk_…`, or the admin token: the owner\'s secret key of the default workspace): `Authorization: Bearer KEY`, acting in its workspace with its scopes (`<area>:read|write`, `admin`); the dashboard: the `roilens_session` cookie from `POST /v1/session` (its writes need a same-origin Origin). Errors: `{"error": code, "message", "issues": [{"path","message"}]}` with these codes: ' + errorCodeList() + '.' },
      components: { securitySchemes: { writeKey: { type: 'http', scheme: 'bearer' }, secretKey: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerPrometheus(app, ctx);
  registerMetaRoutes(app, ctx);
  registerTrackingRoutes(app, ctx, keys);
  registerOperationRoutes(app, ctx, operations);
  for (const register of extraRouteModules) register(app, ctx);

  if (existsSync(ctx.webDir)) {
    await app.register(fastifyStatic, { root: ctx.webDir, prefix: '/', wildcard: false, index: ['index.html'] });
    app.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/v1/') && (req.headers.accept ?? '').includes('text/html')) {
        return reply.sendFile('index.html');
      }
      return reply.code(404).send(noRoute(req.method, req.url).toJSON());
    });
  } else {
    app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.type('text/html').send('<p>The dashboard is not built: run <code>npm run build</code>.</p>'));
    app.setNotFoundHandler((req, reply) => reply.code(404).send(noRoute(req.method, req.url).toJSON()));
  }
  return app;
}

/**
 * The dashboard's scripts, styles, images and API calls come from its own origin; ECharts draws on a
 * canvas and sets inline styles (tooltips), hence style-src 'unsafe-inline' (styles only, never scripts);
 * images may be data: URLs (the favicon, chart exports). No framing, no plugins, no <base> rewriting.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Public routes whose body is the credential or asks for one: sign-in, accepting an invitation, asking for a password reset, confirming new payout details. */
const publicBodies = new Set(['/v1/session', '/v1/invitations/accept', '/v1/password-reset', '/v1/payout-details/confirm']);
/** A partner programme's public application form (`programs.apply`), limited per address in its handler. */
const programApplications = /^\/v1\/programs\/[^/]+\/applications$/;

/** Body limits (issue 12 #6): 64 KB by default, 1 MB for event batches, 64 MB for imports (their own route option). */
const smallBodyLimit = 64 * 1024;
const eventsBodyLimit = 1024 * 1024;
/** The time a client has to send its whole request, body included. */
const requestTimeoutMs = 120_000;

/** The longest path segment the router accepts (longer ones answer 400 invalid_input naming `(url)`). */
const maxPathParamLength = 2048;

/** The declared properties of a route's querystring or params schema (their types). */
type NumericProps = { properties?: Record<string, { type?: string }> };

/** Whether a request is for a tracking link (`/c/<slug>`), which visitors follow: no error answers there. */
function isTrackingLink(url: string): boolean {
  return url.startsWith('/c/');
}

/** The 404 for a path or method no route serves. */
function noRoute(method: string, url: string): AppError {
  return new AppError('not_found', `no route ${method} ${url.split('?')[0]}`);
}

/** The registry's codes with their statuses and meanings, for the OpenAPI document: `invalid_input (400: …); …`. */
function errorCodeList(): string {
  return Object.entries(errorCodes).map(([code, status]) => `${code} (${status}: ${errorMeanings[code as ErrorCode]})`).join('; ');
}
