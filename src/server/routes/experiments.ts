import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  assignExperiment,
  createExperiment,
  deleteExperiment,
  experimentResultsById,
  getExperiment,
  listExperiments,
  parseAssignRequest,
  parseAssignQuery,
  publicDefinitions,
  updateExperiment,
} from '../../reports/experiments.js';
import { assignmentToken, signedProperty, sourceProperty } from '../../reports/experiments-signing.js';
import { AppError } from '../../shared/errors.js';
import type { Workspace } from '../../records/workspace.js';
import { credentialOf, requireAdmin } from '../auth.js';
import type { ServerContext } from '../context.js';

const tags = ['experiments'];
const admin = [{ adminToken: [] }];
const idParam = { type: 'object', required: ['id'], properties: { id: { type: 'string', description: 'the experiment key' } } } as const;

const definitionDoc = {
  type: 'object',
  description:
    'An experiment definition: key (slug, = id), name, hypothesis?, status (draft|running|stopped, default draft), variants [{name, weight}] (first = control; ' +
    'weights are relative planned traffic shares, default 1), metric (conversion_rate|revenue_per_user, default conversion_rate), ' +
    'secondary_metrics? and guardrail_metrics? (conversion_rate, revenue_per_user, leads_per_user, conversions_per_user, average_order_value), ' +
    'targeting? {channel?, country?, device?} (string or list), start?, stop? (ISO 8601), destinations? [{variant, url}] for link-rotation tests, ' +
    'mde? (relative minimum detectable effect for planning, default 0.1), planned_users? (users per variant the test is planned for), ' +
    'winner? (a variant name, declared when stopping), hash_version? (assignment hash: 2 = MurmurHash3 for new experiments, 1 = FNV-1a for ' +
    'experiments created before versions; fixed at creation). Validated as a whole; errors name the field path (variants.1.weight).',
  additionalProperties: true,
} as const;

/**
 * Experiment CRUD and results (admin token), server-side assignment (write key)
 * and sample-size planning, under /v1/experiments.
 */
export function registerExperimentRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const onRequest = async (req: FastifyRequest) => requireAdmin(req, ctx.adminToken);
  const id = (req: FastifyRequest) => (req.params as { id: string }).id;

  app.get('/v1/experiments', { onRequest, schema: { summary: 'List experiments', tags, security: admin } }, async () => listExperiments(ctx.store, ctx.workspaceId));

  app.post('/v1/experiments', { onRequest, schema: { summary: 'Create an experiment', tags, security: admin, body: definitionDoc } }, async (req, reply) => {
    return reply.code(201).send(await createExperiment(ctx.store, ctx.workspaceId, req.body));
  });

  app.get('/v1/experiments/:id', { onRequest, schema: { summary: 'One experiment definition', tags, security: admin, params: idParam } }, async (req) => getExperiment(ctx.store, ctx.workspaceId, id(req)));

  app.patch('/v1/experiments/:id', {
    onRequest,
    schema: {
      summary: 'Update an experiment: {"status":"running"} starts it (stamps start), {"status":"stopped"} stops it; null removes an optional field',
      tags, security: admin, params: idParam, body: { ...definitionDoc, description: 'Any fields of the definition except key/id.' },
    },
  }, async (req) => updateExperiment(ctx.store, ctx.workspaceId, id(req), req.body));

  app.delete('/v1/experiments/:id', { onRequest, schema: { summary: 'Delete an experiment definition (exposure events stay)', tags, security: admin, params: idParam } }, async (req) =>
    deleteExperiment(ctx.store, ctx.workspaceId, id(req)),
  );

  app.get('/v1/experiments/:id/results', {
    onRequest,
    schema: {
      summary: 'Results: per variant lift, intervals, p-values, chance to win, risk; SRM check; secondary and guardrail metrics; days to go; a verdict',
      tags, security: admin, params: idParam,
    },
  }, async (req) => {
    await ctx.ingestor.drain();
    return experimentResultsById(ctx.store, ctx.workspaceId, id(req));
  });

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
