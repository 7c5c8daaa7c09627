/** `POST/GET /v1/postback-sources` ↔ `roilens postback-sources create|list` (issue 12 #1): the operator's side of postbacks. */
import { z } from 'zod';
import { createPostbackSource, listPostbackSources } from '../../ingest/postback-sources.js';
import { defineOperation } from '../core/define.js';

export const postbackSourceCreateOperation = defineOperation({
  name: 'postback_sources.create',
  summary: 'Create a postback source: its id and secret (shown once, stored hashed); ip_allow optionally limits the addresses that may send (addresses or CIDR ranges). 409 conflict for a taken name',
  tags: ['tracking'],
  scope: 'settings:write',
  http: { method: 'POST', path: '/v1/postback-sources', status: 201 },
  input: z.object({
    name: z.string().min(1).max(200).describe('a name, unique in the workspace'),
    ip_allow: z.array(z.string().max(64)).max(100).optional().describe('addresses or CIDR ranges that may send (default: any)'),
  }),
  output: z.object({ id: z.string(), name: z.string(), secret: z.string().describe('shown only now'), ip_allow: z.array(z.string()) }),
  cli: {
    command: 'postback-sources create',
    description: 'create a source; prints its id and secret (shown once, stored hashed)',
    formats: ['table', 'json'],
    flags: { name: { value: '<name>', required: true }, ip_allow: { value: '<list>', description: 'comma-separated addresses or CIDR ranges that may send (default: any)' } },
    input: (opts) => ({ name: String(opts.name), ...(opts.ipAllow ? { ip_allow: String(opts.ipAllow).split(',').map((s) => s.trim()).filter(Boolean) } : {}) }),
    print: (created, format, _input, { printResult }) => {
      if (format === 'json') printResult(created, 'json');
      else process.stdout.write(`source ${created.id} (${created.name})\nsecret ${created.secret}\nThe secret is shown only now: postbacks send source=${created.id}&secret=… or sign with it.\n`);
    },
  },
  handler: async (ctx, input) => {
    const { id, name, secret, ip_allow } = await createPostbackSource(ctx.store, ctx.workspaceId, input);
    // The order the answer always had (id, name, secret, ip_allow).
    return { id, name, secret, ip_allow };
  },
});

export const postbackSourceListOperation = defineOperation({
  name: 'postback_sources.list',
  summary: 'Postback sources (without their secrets)',
  tags: ['tracking'],
  scope: 'settings:read',
  http: { method: 'GET', path: '/v1/postback-sources' },
  input: z.object({}),
  output: z.object({ sources: z.array(z.object({ id: z.string(), name: z.string(), ip_allow: z.array(z.string()), created_at: z.string() })) }),
  list: { items: 'sources', order: [{ by: (s) => s.id }] },
  cli: {
    command: 'postback-sources list',
    description: 'list the sources (without secrets)',
    formats: ['table', 'json'],
    print: (answer, format, _input, { printResult }) => {
      if (format === 'json') printResult(answer, 'json');
      else for (const s of answer.sources) process.stdout.write(`${s.id}\t${s.name}\t${s.ip_allow.join(',') || 'any address'}\n`);
    },
  },
  handler: async (ctx) => ({ sources: (await listPostbackSources(ctx.store, ctx.workspaceId)).map(({ id, name, ip_allow, created_at }) => ({ id, name, ip_allow, created_at })) }),
});
