/**
 * The Fastify side of operations: one route per operation, its querystring (GET/DELETE) or body
 * (others) and path parameters validated by the operation's zod input (failures: the registry's 400
 * naming `querystring.x`, `body.x` or `params.x`), its response schema declared from the zod output
 * (so the OpenAPI document states it), the principal resolved before anything is read.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AnyOperation, OperationContext, Principal } from '../operations/core/define.js';
import { invoke } from '../operations/core/invoke.js';
import { inputOf, inputPart, jsonSchemaOf, parseInput, pathParams } from '../operations/core/schema.js';
import { requireAdmin } from './auth.js';
import type { ServerContext } from './context.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who calls, set before validation on routes made from operations. */
    principal?: Principal;
  }
}

/** The principal of a request for an operation of `scope` (401/403 from the registry otherwise). */
export function principalOf(req: FastifyRequest, op: AnyOperation, ctx: ServerContext): Principal {
  if (op.scope === 'public') return { kind: 'anonymous', via: 'none', workspaceId: ctx.workspaceId, scopes: ['public'] };
  requireAdmin(req, ctx.adminToken);
  const bearer = req.headers.authorization?.startsWith('Bearer ');
  return { kind: 'admin', via: bearer ? 'token' : 'session', workspaceId: ctx.workspaceId, scopes: ['admin', 'write', 'public'] };
}

/** Registers every operation as a Fastify route. */
export function registerOperationRoutes(app: FastifyInstance, ctx: ServerContext, operations: readonly AnyOperation[]): void {
  for (const op of operations) registerOperationRoute(app, ctx, op);
}

export function registerOperationRoute(app: FastifyInstance, ctx: ServerContext, op: AnyOperation): void {
  const part = inputPart(op);
  const params = pathParams(op.http.path);
  const shape = (op.input as z.ZodObject).shape as Record<string, z.ZodType>;
  const paramSchema = params.length ? z.object(Object.fromEntries(params.map((p) => [p, shape[p]]))) : undefined;
  const restSchema = op.http.body
    ? shape[op.http.body]
    : params.length ? (op.input as z.ZodObject).omit(Object.fromEntries(params.map((p) => [p, true])) as Record<string, true> & Record<number, never>) : op.input;
  const status = op.http.status ?? 200;
  const zodOf = (httpPart: string | undefined) => (httpPart === 'params' ? paramSchema : httpPart === part ? restSchema : undefined);

  app.route({
    method: op.http.method,
    url: op.http.path,
    schema: {
      summary: op.summary,
      ...(op.http.description ? { description: op.http.description } : {}),
      tags: [...op.tags],
      ...(op.scope === 'public' ? {} : { security: [{ adminToken: [] }] }),
      ...(paramSchema ? { params: jsonSchemaOf(paramSchema, 'input') } : {}),
      [part]: jsonSchemaOf(restSchema, 'input'),
      response: { [status]: jsonSchemaOf(op.output, 'output') },
    },
    // zod validates (and coerces) each part; its issues become the registry's 400 naming `querystring.x`, `body.x`.
    validatorCompiler: ({ httpPart }) => {
      const schema = zodOf(httpPart);
      if (!schema) return (data) => ({ value: data });
      return (data) => {
        try {
          // A body given whole (`http.body`) is its schema's to judge, even when missing.
          const value = op.http.body && httpPart === 'body' ? data : data ?? {};
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
      req.principal = principalOf(req, op, ctx);
    },
    handler: async (req, reply) => {
      const input = inputOf(op, part === 'querystring' ? req.query : req.body, req.params as object | undefined);
      const opCtx: OperationContext = {
        store: ctx.store,
        workspaceId: req.principal!.workspaceId,
        principal: req.principal!,
        surface: 'http',
        ingest: { drain: () => ctx.ingestor.drain(), forgetRules: (ws) => ctx.ingestor.forgetRules(ws) },
      };
      const answer = await invoke(op, opCtx, input, (key) => `${params.includes(key) ? 'params' : part}.${key}`);
      return reply.code(status).send(answer);
    },
  });
}
