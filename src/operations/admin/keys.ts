/**
 * `POST/GET /v1/keys`, `DELETE /v1/keys/:id` ↔ `roilens keys create|list|revoke` (issue 15): a workspace's
 * write keys (`rl_pub_…`: events only, optionally from listed origins) and secret keys (`rl_sk_…`: the
 * scopes given). The key is answered once and stored as its SHA-256 with a visible prefix; lists show the
 * prefix and the last use. Several write keys are valid at once, so a site rotates by adding the new one
 * before revoking the old.
 */
import { z } from 'zod';
import type { ApiKey } from '../../records/api-keys.js';
import { AppError } from '../../shared/errors.js';
import { defineOperation, keyScopes, type KeyScope } from '../core/define.js';
import { keyHash, newKey } from './key-material.js';

const scopeSchema = z.enum(keyScopes as [KeyScope, ...KeyScope[]]);
const origin = z.string().max(300).regex(/^https?:\/\/[^/\s]+$/, 'an origin: scheme and host, e.g. https://shop.example');

const keyShape = {
  id: z.string(),
  kind: z.enum(['write', 'secret']),
  prefix: z.string().describe('the first characters of the key'),
  scopes: z.array(z.string()),
  allowed_origins: z.array(z.string()),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
};

const listFlag = (v: unknown) => (v === undefined ? undefined : String(v).split(',').map((s) => s.trim()).filter(Boolean));

export const keyCreateOperation = defineOperation({
  name: 'keys.create',
  summary: 'Create a key of the workspace: a write key (events only; allowed_origins optional) or a secret key with scopes (`<area>:read|write`, `admin`); the key is in this answer only',
  tags: ['admin'],
  scope: 'admin',
  http: { method: 'POST', path: '/v1/keys', status: 201 },
  input: z.object({
    kind: z.enum(['write', 'secret']).default('secret').describe('write | secret (default secret)'),
    scopes: z.array(scopeSchema).max(keyScopes.length).optional().describe('a secret key\'s scopes (default: admin)'),
    allowed_origins: z.array(origin).max(50).optional().describe('a write key\'s origins (default: any)'),
  }),
  output: z.object({ id: z.string(), key: z.string().describe('shown only now'), kind: z.enum(['write', 'secret']), scopes: z.array(z.string()), allowed_origins: z.array(z.string()) }),
  cli: {
    command: 'keys create',
    description: 'create a write or secret key; prints it once',
    formats: ['table', 'json'],
    flags: {
      kind: { value: '<kind>', description: 'write|secret (default secret)' },
      scopes: { value: '<list>', description: 'comma-separated scopes of a secret key: kpis:read, imports:write, admin …' },
      allowed_origins: { value: '<list>', description: 'comma-separated origins a write key accepts events from (default: any)' },
    },
    input: (opts) => ({ kind: opts.kind, scopes: listFlag(opts.scopes), allowed_origins: listFlag(opts.allowedOrigins) }),
  },
  audit: { target: (_input, answer) => ({ kind: 'key', id: answer.id }), after: (_input, { key: _shownOnce, ...made }) => made },
  handler: async (ctx, input) => {
    if (input.kind === 'write' && input.scopes?.some((s) => s !== 'events:write')) throw new AppError('invalid_input', `${ctx.surface === 'cli' ? '--scopes' : 'body.scopes'}: a write key only sends events (events:write)`, [{ path: ctx.surface === 'cli' ? '--scopes' : 'body.scopes', message: 'a write key only sends events' }]);
    if (input.kind === 'secret' && input.allowed_origins?.length) throw new AppError('invalid_input', `${ctx.surface === 'cli' ? '--allowed-origins' : 'body.allowed_origins'}: only write keys have allowed origins`, [{ path: ctx.surface === 'cli' ? '--allowed-origins' : 'body.allowed_origins', message: 'only write keys have allowed origins' }]);
    const scopes: string[] = input.kind === 'write' ? ['events:write'] : [...new Set(input.scopes?.length ? input.scopes : ['admin'])];
    const made = newKey(input.kind);
    const record: ApiKey = {
      id: made.id, workspace_id: ctx.workspaceId, kind: input.kind, prefix: made.prefix, scopes,
      allowed_origins: input.kind === 'write' ? [...new Set(input.allowed_origins ?? [])] : [], created_at: new Date().toISOString(), last_used_at: null, revoked_at: null,
    };
    await ctx.store.createApiKey(record, keyHash(made.key));
    return { id: record.id, key: made.key, kind: record.kind, scopes: record.scopes, allowed_origins: record.allowed_origins };
  },
});

export const keyListOperation = defineOperation({
  name: 'keys.list',
  summary: 'The workspace\'s keys (prefixes, never the keys), with their scopes, origins, last use and revocation',
  tags: ['admin'],
  scope: 'admin',
  http: { method: 'GET', path: '/v1/keys' },
  input: z.object({}),
  output: z.object({ keys: z.array(z.object(keyShape)) }),
  cli: { command: 'keys list', description: 'list the workspace\'s keys' },
  handler: async (ctx) => ({ keys: (await ctx.store.listApiKeys(ctx.workspaceId)).map(({ workspace_id: _ws, ...key }) => key) }),
});

export const keyRevokeOperation = defineOperation({
  name: 'keys.revoke',
  summary: 'Revoke a key of the workspace: refused from now on (401), still listed',
  tags: ['admin'],
  scope: 'admin',
  http: { method: 'DELETE', path: '/v1/keys/:id' },
  input: z.object({ id: z.string().min(1).max(100).describe('the key\'s id (keys list)') }),
  output: z.object({ id: z.string(), revoked: z.literal(true) }),
  cli: { command: 'keys revoke', description: 'revoke a key', args: ['id'] },
  audit: {
    target: (input) => ({ kind: 'key', id: input.id }),
    state: async (ctx, input) => {
      const key = (await ctx.store.listApiKeys(ctx.workspaceId)).find((k) => k.id === input.id);
      return key ? { kind: key.kind, prefix: key.prefix, scopes: key.scopes, revoked_at: key.revoked_at } : null;
    },
  },
  handler: async (ctx, input) => {
    if (!(await ctx.store.revokeApiKey(ctx.workspaceId, input.id, new Date().toISOString()))) throw new AppError('not_found', `no key ${input.id} in this workspace`);
    ctx.ingest.forgetWriteKeys();
    return { id: input.id, revoked: true as const };
  },
});
