/**
 * The snippet's side of `/v1/experiments` (the write key names the workspace; browsers call it from
 * any site): the running definitions, and server-side assignment with a server-signed token.
 * Definitions, results and planning (admin token) are in experiments.ts.
 */
import { z } from 'zod';
import { HASH_VERSIONS } from '../../experiments/assignment/assignment.js';
import { assignExperiment, getExperiment, parseAssignQuery, parseAssignRequest, publicDefinitions } from '../../reports/experiments/experiments.js';
import { assignmentToken, signedProperty, sourceProperty } from '../../reports/experiments/experiments-signing.js';
import { AppError } from '../../shared/errors.js';
import { defineOperation } from '../core/define.js';

const snippetOnly = 'the browser snippet calls it with the write key; `roilens experiment …` manages the definitions';
const hashVersion = z.union(HASH_VERSIONS.map((v) => z.literal(v)) as [z.ZodLiteral<1>, z.ZodLiteral<2>]);

const assignmentSchema = z.object({
  experiment: z.string(),
  variant: z.string(),
  index: z.number().int(),
  in_experiment: z.boolean().describe('false when the test is not running or the visitor is outside its targeting: they see the control, no exposure is logged'),
  hash_version: hashVersion.describe("the assignment hash the variant came from (the experiment's)"),
  url: z.string().nullable().describe("the variant's landing page, for link-rotation tests"),
  token: z.string().nullable().describe('the server-signed assignment token the snippet sends with its $exposure event; null outside the experiment'),
});

export const experimentDefinitionsOperation = defineOperation({
  name: 'experiments.definitions',
  summary: 'Running experiments as the browser snippet needs them: key, variants with weights, hash_version (write key)',
  tags: ['experiments'],
  scope: 'experiments:read', tracking: true,
  http: { method: 'GET', path: '/v1/experiments/definitions', cors: { headers: 'authorization' }, headers: { 'cache-control': 'max-age=60' } },
  input: z.object({}),
  output: z.object({ experiments: z.array(z.object({ key: z.string(), variants: z.array(z.object({ name: z.string(), weight: z.number() })), hash_version: hashVersion })) }),
  cli: { none: snippetOnly },
  handler: (ctx) => publicDefinitions(ctx.store, ctx.workspaceId),
});

export const experimentAssignOperation = defineOperation({
  name: 'experiments.assign',
  summary: 'Assign a visitor to a variant (deterministic, same hash as the snippet) and record the $exposure event',
  tags: ['experiments'],
  scope: 'events:write', tracking: true,
  http: { method: 'POST', path: '/v1/experiments/:id/assign', body: 'request', cors: { headers: 'authorization, content-type' } },
  input: z.object({
    id: z.string().describe('the experiment key'),
    request: z.looseObject({}).describe('{anonymous_id, user_id?, channel?, country?, device?}; channel/country/device are matched against the targeting.'),
  }),
  output: assignmentSchema,
  cli: { none: snippetOnly },
  handler: async (ctx, input) => {
    const ws = ctx.principal.workspace ?? (await ctx.store.getWorkspace(ctx.workspaceId));
    if (!ws) throw new AppError('not_found', 'no workspace');
    const request = parseAssignRequest(input.request);
    const def = await getExperiment(ctx.store, ws.id, input.id);
    const { exposure, ...assignment } = assignExperiment(def, request);
    let token: string | null = null;
    if (exposure) {
      // The server chose the variant itself: its exposure is signed (issue 12 #5), with the caller's source bucket.
      const signed = await assignmentToken(ctx.store, ws.id, { experiment: def.key, hash_version: assignment.hash_version, unit: request.anonymous_id, variant: assignment.variant, index: assignment.index, address: ctx.address ?? '' });
      token = signed.token;
      await ctx.ingest.accept!(ws, [{ ...exposure, properties: { ...exposure.properties, [signedProperty]: true, [sourceProperty]: signed.source } }]);
    }
    return { ...assignment, token };
  },
});

const visitorText = (description?: string) => (description ? z.string().optional().describe(description) : z.string().optional());

export const experimentAssignQueryOperation = defineOperation({
  name: 'experiments.assign_query',
  summary: 'The variant of a visitor with a server-signed assignment token (write key): the snippet sends the token with its $exposure event; results count only signed exposures',
  tags: ['experiments'],
  scope: 'events:write', tracking: true,
  http: { method: 'GET', path: '/v1/experiments/assign', cors: { headers: 'authorization' }, headers: { 'cache-control': 'no-store' } },
  // Loose: the visitor's fields are judged by parseAssignQuery (as the POST body's), naming each.
  input: z.looseObject({
    experiment: visitorText('the experiment key'),
    anonymous_id: visitorText('the unit the variant is hashed for'),
    variant: visitorText("optional: the variant (name or index) the page computed; no token when it is not the server's"),
    user_id: visitorText(),
    channel: visitorText(),
    country: visitorText(),
    device: visitorText(),
  }),
  output: assignmentSchema,
  cli: { none: snippetOnly },
  handler: async (ctx, input) => {
    const { experiment, variant, request } = parseAssignQuery(input);
    const def = await getExperiment(ctx.store, ctx.workspaceId, experiment);
    const { exposure, ...assignment } = assignExperiment(def, request);
    const agrees = variant === undefined || variant === assignment.variant || variant === String(assignment.index);
    const token = exposure && agrees
      ? (await assignmentToken(ctx.store, ctx.workspaceId, { experiment: def.key, hash_version: assignment.hash_version, unit: request.anonymous_id, variant: assignment.variant, index: assignment.index, address: ctx.address ?? '' })).token
      : null;
    return { ...assignment, token };
  },
});
