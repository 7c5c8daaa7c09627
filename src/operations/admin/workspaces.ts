/**
 * `POST/GET /v1/workspaces`, `PATCH /v1/workspaces/:id`, `POST /v1/workspaces/:id/archive` ↔
 * `roilens workspaces create|list|rename|archive` (issue 15): many workspaces per installation, each
 * with its own currency, time zone, write key and data. Creating one is the installation operator's (the
 * CLI); the list is what the caller can see (`visibleWorkspaces`); a key or session renames and archives
 * only the workspace it acts in (another one is 404, as if absent). Names are unique (409 `conflict`).
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { canonicalTimeZone } from '../../metrics/time-zone.js';
import { isCurrency } from '../../money/currency.js';
import type { Workspace } from '../../records/workspace.js';
import { AppError, invalid } from '../../shared/errors.js';
import { defineOperation, type OperationContext } from '../core/define.js';
import { assertWorkspaceNameFree } from '../../reports/workspace/workspace-name.js';
import { newWriteKey } from './key-material.js';
import { visibleWorkspaces } from './visible-workspaces.js';

const created = z.object({ id: z.string(), name: z.string(), currency: z.string(), timezone: z.string(), write_key: z.string().describe('the workspace\'s own write key (`rl_pub_…`): the snippet and servers send events with it') });

export const workspaceCreateOperation = defineOperation({
  name: 'workspaces.create',
  summary: 'Create a workspace (the installation operator only): its id, currency, time zone and write key',
  tags: ['admin'],
  scope: 'admin',
  operatorOnly: true,
  http: { method: 'POST', path: '/v1/workspaces', status: 201 },
  input: z.object({
    name: z.string().min(1).max(200).describe('the workspace name'),
    currency: z.string().default('EUR').describe('ISO 4217 base currency (default EUR)'),
    timezone: z.string().max(64).default('UTC').describe('IANA time zone where report days begin (default UTC)'),
  }),
  output: created,
  cli: {
    command: 'workspaces create',
    description: 'create a workspace; prints its id and write key',
    formats: ['table', 'json'],
    flags: { name: { value: '<name>', required: true }, currency: { value: '<code>' }, timezone: { value: '<zone>' } },
  },
  // Recorded in the new workspace's own log (its first entry), without its write key.
  audit: { target: (_input, answer) => ({ kind: 'workspace', id: answer.id }), workspace: (_input, answer) => answer.id, after: (_input, { write_key: _key, ...ws }) => ws },
  handler: async (ctx, input) => {
    const currency = input.currency.toUpperCase();
    if (!isCurrency(currency)) throw invalid(field(ctx, 'currency'), 'must be an ISO 4217 currency code');
    const timezone = canonicalTimeZone(input.timezone);
    if (!timezone) throw invalid(field(ctx, 'timezone'), 'must be an IANA time zone name, e.g. Asia/Tehran, Asia/Ho_Chi_Minh or UTC');
    const name = checkedName(ctx, input.name);
    await assertWorkspaceNameFree(ctx.store, name);
    const ws = await ctx.store.ensureWorkspace({ id: `ws_${randomBytes(6).toString('hex')}`, name, currency, timezone, margin: '1', write_key: newWriteKey() });
    return { id: ws.id, name: ws.name, currency: ws.currency, timezone: ws.timezone, write_key: ws.write_key };
  },
});

const listed = z.object({ id: z.string(), name: z.string(), currency: z.string(), timezone: z.string(), archived_at: z.string().nullable() });

export const workspaceListOperation = defineOperation({
  name: 'workspaces.list',
  summary: 'The workspaces the caller can see: every one for the operator and the dashboard\'s session, its own for a key',
  tags: ['admin'],
  scope: 'settings:read',
  http: { method: 'GET', path: '/v1/workspaces' },
  input: z.object({}),
  output: z.object({ workspaces: z.array(listed) }),
  webType: 'WorkspacesAnswer',
  cli: { command: 'workspaces list', description: 'list the workspaces of the installation' },
  handler: async (ctx) => {
    const all = await visibleWorkspaces(ctx.principal, ctx.store);
    return { workspaces: all.map((ws) => ({ id: ws.id, name: ws.name, currency: ws.currency, timezone: ws.timezone, archived_at: ws.archived_at ?? null })) };
  },
});

export const workspaceRenameOperation = defineOperation({
  name: 'workspaces.rename',
  summary: 'Rename a workspace (owner or admin); a name another workspace has is 409 conflict',
  tags: ['admin'],
  scope: 'admin',
  http: { method: 'PATCH', path: '/v1/workspaces/:id' },
  input: z.object({
    id: z.string().min(1).max(200).describe('the workspace id'),
    name: z.string().max(200).describe('the new name (1–200 characters, unique in the installation)'),
  }),
  output: z.object({ id: z.string(), name: z.string() }),
  cli: {
    command: 'workspaces rename',
    description: 'rename a workspace',
    formats: ['table', 'json'],
    args: ['id'],
    flags: { name: { value: '<name>', required: true } },
  },
  handler: async (ctx, input) => {
    const ws = await ownWorkspace(ctx, input.id);
    const name = checkedName(ctx, input.name);
    await assertWorkspaceNameFree(ctx.store, name, ws.id);
    await ctx.store.updateWorkspace(ws.id, { name });
    return { id: ws.id, name };
  },
});

export const workspaceArchiveOperation = defineOperation({
  name: 'workspaces.archive',
  summary: 'Archive a workspace (its write keys refuse events from then on; its data stays readable), or with restore: true bring it back',
  tags: ['admin'],
  scope: 'admin',
  ownerOnly: true,
  http: { method: 'POST', path: '/v1/workspaces/:id/archive' },
  input: z.object({
    id: z.string().min(1).max(200).describe('the workspace id'),
    restore: z.boolean().optional().describe('unarchive instead'),
  }),
  output: z.object({ id: z.string(), archived_at: z.string().nullable() }),
  cli: {
    command: 'workspaces archive',
    description: 'archive a workspace (--restore brings it back)',
    args: ['id'],
    flags: { restore: { boolean: true } },
  },
  audit: {
    target: (input) => ({ kind: 'workspace', id: input.id }),
    workspace: (input) => input.id,
    state: async (ctx, input) => ({ archived_at: (await ctx.store.getWorkspace(input.id))?.archived_at ?? null }),
  },
  handler: async (ctx, input) => {
    const ws = await ownWorkspace(ctx, input.id);
    const archived_at = input.restore ? null : (ws.archived_at ?? new Date().toISOString());
    await ctx.store.updateWorkspace(ws.id, { archived_at });
    ctx.ingest.forgetWriteKeys();
    return { id: ws.id, archived_at };
  },
});

/**
 * The workspace `id` when the caller may change it (the operator anywhere, others only where they act:
 * a role is held per workspace, so seeing another one is not leave to change it), else 404 as if absent.
 */
async function ownWorkspace(ctx: OperationContext, id: string): Promise<Workspace> {
  const ws = ctx.principal.kind === 'operator' || id === ctx.workspaceId ? await ctx.store.getWorkspace(id) : undefined;
  if (!ws) throw new AppError('not_found', `no workspace ${id}`);
  return ws;
}

/** A name trimmed, or 400 naming the field when nothing is left. */
function checkedName(ctx: OperationContext, raw: string): string {
  const name = raw.trim();
  if (!name) throw invalid(field(ctx, 'name'), 'must be 1–200 characters, not only spaces');
  return name;
}

function field(ctx: OperationContext, key: string): string {
  return ctx.surface === 'cli' ? `--${key}` : `body.${key}`;
}
