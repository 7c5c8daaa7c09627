import type { FastifyInstance, FastifyRequest } from 'fastify';
import { assignExperiment, getExperiment, parseAssignRequest, parseAssignQuery, publicDefinitions } from '../../reports/experiments/experiments.js';
import { assignmentToken, signedProperty, sourceProperty } from '../../reports/experiments/experiments-signing.js';
import { AppError } from '../../shared/errors.js';
import type { Workspace } from '../../records/workspace.js';
import { credentialOf } from '../auth.js';
import type { ServerContext } from '../context.js';

const tags = ['experiments'];
const idParam = { type: 'object', required: ['id'], properties: { id: { type: 'string', description: 'the experiment key' } } } as const;

/**
 * The snippet's side of /v1/experiments (write key, CORS): definitions and server-side assignment.
 * Definitions, results and planning (admin token) are operations (src/operations/experiments.ts).
 */
export function registerExperimentRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const id = (req: FastifyRequest) => (req.params as { id: string }).id;

  app.options('/v1/experiments/definitions', async (_req, reply) =>
    reply.header('access-control-allow-origin', '*').header('access-control-allow-headers', 'authorization').header('access-control-allow-methods', 'GET').code(204).send(),
  );
  app.get('/v1/experiments/definitions', {
    schema: {
      summary: 'Running experiments as the browser snippet needs them: key, variants with weights, hash_version (write key)',
      tags, security: [{ writeKey: [] }],
    },
  }, async (req, reply) => {
    const ws = await workspaceOfWriteKey(req, ctx);
    reply.header('access-control-allow-origin', '*').header('cache-control', 'max-age=60');
    return publicDefinitions(ctx.store, ws.id);
  });

  app.options('/v1/experiments/:id/assign', async (_req, reply) =>
    reply.header('access-control-allow-origin', '*').header('access-control-allow-headers', 'authorization, content-type').header('access-control-allow-methods', 'POST').code(204).send(),
  );
  app.post('/v1/experiments/:id/assign', {
    schema: {
      summary: 'Assign a visitor to a variant (deterministic, same hash as the snippet) and record the $exposure event',
      tags, security: [{ writeKey: [] }], params: idParam,
      body: {
        type: 'object',
        description: '{anonymous_id, user_id?, channel?, country?, device?}; channel/country/device are matched against the targeting.',
        additionalProperties: true,
      },
    },
  }, async (req, reply) => {
    const ws = await workspaceOfWriteKey(req, ctx);
    const body: unknown = req.body;
    const request = parseAssignRequest(body);
    const def = await getExperiment(ctx.store, ws.id, id(req));
    const { exposure, ...assignment } = assignExperiment(def, request);
    let token: string | null = null;
    if (exposure) {
      // The server chose the variant itself: its exposure is signed (issue 12 #5), with the caller's source bucket.
      const signed = await assignmentToken(ctx.store, ws.id, { experiment: def.key, hash_version: assignment.hash_version, unit: request.anonymous_id, variant: assignment.variant, index: assignment.index, address: req.ip });
      token = signed.token;
      await ctx.ingestor.accept(ws, [{ ...exposure, properties: { ...exposure.properties, [signedProperty]: true, [sourceProperty]: signed.source } }]);
    }
    reply.header('access-control-allow-origin', '*');
    return { ...assignment, token };
  });

  app.get('/v1/experiments/assign', {
    schema: {
      summary: 'The variant of a visitor with a server-signed assignment token (write key): the snippet sends the token with its $exposure event; results count only signed exposures',
      tags, security: [{ writeKey: [] }],
      querystring: {
        type: 'object',
        properties: {
          experiment: { type: 'string', description: 'the experiment key' },
          anonymous_id: { type: 'string', description: 'the unit the variant is hashed for' },
          variant: { type: 'string', description: 'optional: the variant (name or index) the page computed; no token when it is not the server\'s' },
          channel: { type: 'string' }, country: { type: 'string' }, device: { type: 'string' },
        },
      },
    },
  }, async (req, reply) => {
    const ws = await workspaceOfWriteKey(req, ctx);
    const { experiment, variant, request } = parseAssignQuery(req.query);
    const def = await getExperiment(ctx.store, ws.id, experiment);
    const { exposure, ...assignment } = assignExperiment(def, request);
    const agrees = variant === undefined || variant === assignment.variant || variant === String(assignment.index);
    const token = exposure && agrees
      ? (await assignmentToken(ctx.store, ws.id, { experiment: def.key, hash_version: assignment.hash_version, unit: request.anonymous_id, variant: assignment.variant, index: assignment.index, address: req.ip })).token
      : null;
    reply.header('access-control-allow-origin', '*').header('cache-control', 'no-store');
    return { ...assignment, token };
  });
}

/**
 * The workspace of the request's write key, looked up on every call (not
 * cached) so a changed key or workspace setting takes effect at once.
 */
async function workspaceOfWriteKey(req: FastifyRequest, ctx: ServerContext): Promise<Workspace> {
  const key = credentialOf(req);
  if (!key) throw new AppError('unauthorized', 'missing write key: send Authorization: Bearer KEY or ?key=KEY');
  const ws = await ctx.store.findWorkspaceByWriteKey(key);
  if (!ws) throw new AppError('unauthorized', 'unknown write key');
  return ws;
}
