/**
 * `POST/GET /v1/workspaces`, `POST /v1/workspaces/:id/archive` ↔ `roilens workspaces create|list|archive`
 * (issue 15): many workspaces per installation, each with its own currency, time zone, write key and
 * data. Creating one is the installation operator's (the CLI); a key or session lists and archives only
 * its own workspace (another one is 404, as if absent). Renaming is `workspace set --name`.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { canonicalTimeZone } from '../../metrics/time-zone.js';
import { isCurrency } from '../../money/currency.js';
import type { Workspace } from '../../records/workspace.js';
import { AppError, invalid } from '../../shared/errors.js';
import { defineOperation, type OperationContext } from '../core/define.js';
import { newWriteKey } from './key-material.js';

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
  handler: async (ctx, input) => {
    const currency = input.currency.toUpperCase();
    if (!isCurrency(currency)) throw invalid(field(ctx, 'currency'), 'must be an ISO 4217 currency code');
    const timezone = canonicalTimeZone(input.timezone);
    if (!timezone) throw invalid(field(ctx, 'timezone'), 'must be an IANA time zone name, e.g. Asia/Tehran, Asia/Ho_Chi_Minh or UTC');
    const ws = await ctx.store.ensureWorkspace({ id: `ws_${randomBytes(6).toString('hex')}`, name: input.name, currency, timezone, margin: '1', write_key: newWriteKey() });
    return { id: ws.id, name: ws.name, currency: ws.currency, timezone: ws.timezone, write_key: ws.write_key };
  },
});

const listed = z.object({ id: z.string(), name: z.string(), currency: z.string(), timezone: z.string(), archived_at: z.string().nullable() });

export const workspaceListOperation = defineOperation({
  name: 'workspaces.list',
  summary: 'The workspaces the caller may see: every one for the operator, its own for a key or session',
  tags: ['admin'],
  scope: 'settings:read',
  http: { method: 'GET', path: '/v1/workspaces' },
  input: z.object({}),
  output: z.object({ workspaces: z.array(listed) }),
  cli: { command: 'workspaces list', description: 'list the workspaces of the installation' },
  handler: async (ctx) => {
    const all = ctx.principal.kind === 'operator' ? await ctx.store.listWorkspaces() : [await ownWorkspace(ctx, ctx.workspaceId)];
    return { workspaces: all.map((ws) => ({ id: ws.id, name: ws.name, currency: ws.currency, timezone: ws.timezone, archived_at: ws.archived_at ?? null })) };
  },
});

export const workspaceArchiveOperation = defineOperation({
  name: 'workspaces.archive',
  summary: 'Archive a workspace (its write keys refuse events from then on; its data stays readable), or with restore: true bring it back',
  tags: ['admin'],
  scope: 'admin',
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
  handler: async (ctx, input) => {
    const ws = await ownWorkspace(ctx, input.id);
    const archived_at = input.restore ? null : (ws.archived_at ?? new Date().toISOString());
    await ctx.store.updateWorkspace(ws.id, { archived_at });
    ctx.ingest.forgetWriteKeys();
    return { id: ws.id, archived_at };
  },
});

/** The workspace `id` when the caller may act there (the operator anywhere, others only in their own), else 404 as if absent. */
async function ownWorkspace(ctx: OperationContext, id: string): Promise<Workspace> {
  const ws = ctx.principal.kind === 'operator' || id === ctx.workspaceId ? await ctx.store.getWorkspace(id) : undefined;
  if (!ws) throw new AppError('not_found', `no workspace ${id}`);
  return ws;
}

function field(ctx: OperationContext, key: string): string {
  return ctx.surface === 'cli' ? `--${key}` : `body.${key}`;
}
