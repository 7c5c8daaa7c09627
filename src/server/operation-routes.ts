/**
 * The Fastify side of operations: one route per operation, its querystring (GET/DELETE, or beside a
 * file body) or body (others) and path parameters validated by the operation's zod input (failures:
 * the registry's 400 naming `querystring.x`, `body.x` or `params.x`), its response schema declared
 * from the zod output (so the OpenAPI document states it), the principal resolved before anything is
 * read (`auth.ts`: a secret key, the admin token, the operator key or a session; a write key on tracking operations).
 * Operations browsers call from other sites (`http.cors`) get their preflight (`OPTIONS`) here too.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AnyOperation, OperationContext, Principal } from '../operations/core/define.js';
import type { HttpExchange } from '../operations/core/http-exchange.js';
import { checkedIdempotencyKey, idempotent, maxIdempotencyKeyLength } from '../operations/core/idempotency.js';
import { Refused } from '../operations/core/refused.js';
import { invoke } from '../operations/core/invoke.js';
import { nulCharacterPath } from '../shared/nul-characters.js';
import { inputOf, inputPart, jsonSchemaOf, parseInput, pathParams } from '../operations/core/schema.js';
import { invalid } from '../shared/errors.js';
import { principalOf } from './auth.js';
import type { ServerContext } from './context.js';
import { Credentials } from './credentials.js';
import { hasSameOrigin } from './session/same-origin.js';
import { cookieOf } from './session/session-cookie.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who calls, set before validation on routes made from operations. */
    principal?: Principal;
  }
}

/** The request's browser-facing facts and its answer's headers, as operations see them (`core/http-exchange.ts`). */
function httpExchangeOf(req: FastifyRequest, reply: FastifyReply): HttpExchange {
  return {
    origin: `${req.protocol}://${req.host}`,
    secure: req.protocol === 'https',
    sameOrigin: hasSameOrigin(req),
    cookie: (name) => cookieOf(req.headers.cookie, name),
    header: (name, value) => void reply.header(name, value),
  };
}

/** The header an operation that moves money reads (documented in the OpenAPI document; checked in the handler). */
const idempotencyHeaders = {
  type: 'object',
  properties: {
    'idempotency-key': {
      type: 'string', minLength: 1, maxLength: maxIdempotencyKeyLength,
      description: 'the same key and body within 24 h answers the first answer again (header Idempotent-Replayed: true); another body: 409 idempotency_key_reused; while the first runs: 409 idempotency_in_progress',
    },
  },
};

/** Registers every operation as a Fastify route, and the CORS preflight of each path browsers call. */
export function registerOperationRoutes(app: FastifyInstance, ctx: ServerContext, operations: readonly AnyOperation[]): void {
  for (const op of operations) registerOperationRoute(app, ctx, op);
  registerPreflights(app, operations);
}

/** `OPTIONS path` for each path with `http.cors` operations: 204 allowing their methods and request headers. */
export function registerPreflights(app: FastifyInstance, operations: readonly AnyOperation[]): void {
  const byPath = new Map<string, AnyOperation[]>();
  for (const op of operations) if (op.http.cors) byPath.set(op.http.path, [...(byPath.get(op.http.path) ?? []), op]);
  for (const [path, ops] of byPath) {
    const methods = [...new Set(ops.map((op) => op.http.method))].join(', ');
    const headers = [...new Set(ops.flatMap((op) => op.http.cors!.headers.split(/,\s*/)))].join(', ');
    const schema = {
      summary: `CORS preflight: browsers on any site may call ${methods} ${path}`,
      tags: [...new Set(ops.flatMap((op) => op.tags))],
      response: {
        204: {
          description: 'allowed',
          type: 'null',
          headers: {
            'access-control-allow-origin': { type: 'string', enum: ['*'] },
            'access-control-allow-methods': { type: 'string', enum: [methods] },
            'access-control-allow-headers': { type: 'string', enum: [headers] },
          },
        },
      },
    };
    app.options(path, { schema }, async (_req, reply) =>
      reply.header('access-control-allow-origin', '*').header('access-control-allow-headers', headers).header('access-control-allow-methods', methods).code(204).send(),
    );
  }
}

/** A signal that aborts when the connection closes before the answer was written in full (the client left, maybe already). */
function clientGone(res: ServerResponse): AbortSignal {
  const gone = new AbortController();
  if (res.destroyed) gone.abort();
  else res.once('close', () => res.writableFinished || gone.abort());
  return gone.signal;
}

/** The 400s of an operation that refuses (`Refused`): the registry's error fields, and a refusal's answer fields beside them (all optional). */
function refusalSchema(op: AnyOperation): Record<string, unknown> {
  const fields = op.output instanceof z.ZodObject ? op.output.partial().shape : {};
  // Every other 400 (a bad field, a body that is not JSON) has the registry's shape: the same schema covers it.
  const issues = z.array(z.object({ path: z.string(), message: z.string() })).optional();
  return jsonSchemaOf(z.object({ error: z.string(), message: z.string(), issues, ...fields }), 'output');
}

export function registerOperationRoute(app: FastifyInstance, ctx: ServerContext, op: AnyOperation): void {
  const part = inputPart(op);
  const params = pathParams(op.http.path);
  const file = op.http.file;
  const shape = (op.input as z.ZodObject).shape as Record<string, z.ZodType>;
  const paramSchema = params.length ? z.object(Object.fromEntries(params.map((p) => [p, shape[p]]))) : undefined;
  const apart = [...params, ...(file ? [file.key] : [])];
  const restSchema = op.http.body
    ? shape[op.http.body]
    : apart.length ? (op.input as z.ZodObject).omit(Object.fromEntries(apart.map((p) => [p, true])) as Record<string, true> & Record<number, never>) : op.input;
  const status = op.http.status ?? 200;
  const zodOf = (httpPart: string | undefined) => (httpPart === 'params' ? paramSchema : httpPart === part ? restSchema : undefined);
  const security = op.scope === 'public' ? {} : { security: (op.tracking ? ['writeKey', 'secretKey'] : ['secretKey']).map((scheme): Record<string, string[]> => ({ [scheme]: [] })) };
  const credentials = ctx.credentials ?? new Credentials(ctx.store, { adminToken: ctx.adminToken, workspaceId: ctx.workspaceId, operatorKey: ctx.operatorKey });

  app.route({
    method: op.http.method,
    url: op.http.path,
    ...(file ? { bodyLimit: file.limit } : {}),
    schema: {
      summary: op.summary,
      description: [op.http.description, file && `The body is the file (${file.media.join(', ')}), up to ${file.limit / 1024 / 1024} MB.`, `Scope: \`${op.scope}\`${op.tracking ? ' (or a write key)' : ''}.`].filter(Boolean).join(' '),
      tags: [...op.tags],
      ...security,
      ...(paramSchema ? { params: jsonSchemaOf(paramSchema, 'input') } : {}),
      ...(op.idempotent ? { headers: idempotencyHeaders } : {}),
      [part]: jsonSchemaOf(restSchema, 'input'),
      response: {
        [status]: op.http.text ? { content: { [op.http.text.media.split(';')[0]]: { schema: jsonSchemaOf(op.output, 'output') } } } : jsonSchemaOf(op.output, 'output'),
        ...(op.http.refuses ? { 400: refusalSchema(op) } : {}),
      },
    },
    // zod validates (and coerces) each part; its issues become the registry's 400 naming `querystring.x`, `body.x`.
    validatorCompiler: ({ httpPart }) => {
      const schema = zodOf(httpPart);
      if (!schema) return (data) => ({ value: data });
      return (data) => {
        try {
          // A body given whole (`http.body`) is its schema's to judge, even when missing.
          const value = op.http.body && httpPart === 'body' ? data : data ?? {};
          const nul = httpPart === 'body' && !op.tracking ? nulCharacterPath(value) : undefined;
          if (nul) throw invalid(['body', ...nul.map(String)].join('.'), 'must not contain a NUL character (\\u0000)');
          return { value: parseInput(schema, value, (path) => [httpPart, ...path.map(String)].join('.')) };
        } catch (error) {
          return { error: error as Error };
        }
      };
    },
    // Answers are written as JSON.stringify writes them: the declared schema documents and (in tests) checks, never reshapes.
    serializerCompiler: () => (data) => JSON.stringify(data),
    // The principal first: a stranger learns nothing about the input (401 before 400).
    onRequest: async (req) => {
      req.principal = await principalOf(req, op, ctx, credentials);
    },
    // Browsers may read every answer of a CORS operation, errors included.
    ...(op.http.cors ? { onSend: async (_req: FastifyRequest, reply: { header(name: string, value: string): unknown }) => void reply.header('access-control-allow-origin', '*') } : {}),
    handler: async (req, reply) => {
      const input = inputOf(op, part === 'querystring' ? req.query : req.body, req.params);
      // A file body is its text (a JSON body as JSON text), judged by its input key's schema.
      if (file) input[file.key] = parseInput(shape[file.key], typeof req.body === 'string' ? req.body : req.body ? JSON.stringify(req.body) : '', () => 'body');
      const opCtx: OperationContext = {
        store: ctx.store,
        workspaceId: req.principal!.workspaceId,
        principal: req.principal!,
        surface: 'http',
        ingest: {
          drain: () => ctx.ingestor.drain(),
          forgetRules: (ws) => ctx.ingestor.forgetRules(ws),
          forgetWriteKeys: () => credentials.forget(),
          accept: (ws, events) => ctx.ingestor.accept(ws, events),
          acceptNew: (ws, events) => ctx.ingestor.acceptNew(ws, events),
          pendingEvents: () => ctx.ingestor.health.pending_events,
        },
        address: req.ip,
        userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : undefined,
        http: httpExchangeOf(req, reply),
        sessions: ctx.sessions,
        people: ctx.people,
        // A read stops when its client goes away before the answer (issue 14); writes always finish.
        signal: op.http.method === 'GET' ? clientGone(reply.raw) : undefined,
        fresh: /\bno-cache\b/i.test(String(req.headers['cache-control'] ?? '')),
      };
      const header = req.headers['idempotency-key'];
      const key = op.idempotent && header !== undefined ? checkedIdempotencyKey(Array.isArray(header) ? header[0] : header, 'headers.idempotency-key') : undefined;
      const answer = await idempotent(op, opCtx, key, input, async () => {
        try {
          return { status, body: await invoke(op, opCtx, input, (k) => `${params.includes(k) ? 'params' : part}.${k}`) };
        } catch (err) {
          // A request refused as a whole is an answer too (kept for a replay like any other).
          if (err instanceof Refused) return { status: 400, body: err.toJSON() };
          throw err;
        }
      });
      if (answer.status < 400) for (const [name, value] of Object.entries(op.http.headers ?? {})) reply.header(name, value);
      // A text answer (a CSV export) goes out as it is, under its media type.
      if (answer.status < 400 && op.http.text) for (const [name, value] of Object.entries({ 'content-type': op.http.text.media, ...op.http.text.headersOf?.(input) })) reply.header(name, value);
      if (answer.replayed) reply.header('Idempotent-Replayed', 'true');
      return reply.code(answer.status).send(answer.body);
    },
  });
}
