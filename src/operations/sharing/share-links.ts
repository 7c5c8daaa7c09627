/**
 * `POST/GET /v1/share-links`, `DELETE /v1/share-links/:id`, `GET /v1/share` ↔ `roilens share-links
 * create|list|revoke` (issue 15): a read-only link to one report with its filters, for clients.
 * The link's token (`rl_shr_…`) is answered once and stored as its SHA-256; it expires after at most
 * 90 days and can be revoked. Whoever holds it may call the one operation of its view with the input
 * stored in the link (`core/shared-input.ts`) and `share.show`; every other operation answers 403,
 * an expired or revoked link 401 saying so. The dashboard opens `/#share=TOKEN` read-only.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { ShareLink } from '../../records/audit.js';
import { AppError } from '../../shared/errors.js';
import { defineOperation, type AnyOperation, type OperationContext } from '../core/define.js';
import { parseInput } from '../core/schema.js';
import { attributionOperation } from '../analysis/attribution.js';
import { budgetPlanOperation } from '../analysis/budget-plan.js';
import { customersCohortsOperation } from '../analysis/customers.js';
import { experimentResultsOperation } from '../analysis/experiments.js';
import { kpisOperation } from '../analysis/kpis.js';

/** The views a link may show, by the name the API takes, and the operation each one calls. */
export const shareableViews: Readonly<Record<string, AnyOperation>> = {
  kpis: kpisOperation,
  attribution: attributionOperation,
  budget: budgetPlanOperation,
  experiment: experimentResultsOperation,
  cohorts: customersCohortsOperation,
};

export const shareTokenPrefix = 'rl_shr_';

/** What a share link's token is stored and looked up by: its SHA-256, hex. */
export function shareTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const maxDays = 90;
const dayMs = 86_400_000;

const viewName = z.enum(Object.keys(shareableViews) as [string, ...string[]]);

const linkShape = {
  id: z.string(),
  view: z.string(),
  params: z.record(z.string(), z.unknown()),
  prefix: z.string().describe('the first characters of the token'),
  created_at: z.string(),
  expires_at: z.string(),
  revoked_at: z.string().nullable(),
  status: z.enum(['active', 'expired', 'revoked']),
};

function viewOf(op: string): string {
  return Object.entries(shareableViews).find(([, o]) => o.name === op)?.[0] ?? op;
}

function listed(link: ShareLink, now: number) {
  const status = link.revoked_at ? 'revoked' as const : Date.parse(link.expires_at) <= now ? 'expired' as const : 'active' as const;
  return { id: link.id, view: viewOf(link.view), params: link.params, prefix: link.prefix, created_at: link.created_at, expires_at: link.expires_at, revoked_at: link.revoked_at, status };
}

const field = (ctx: OperationContext, key: string) => (ctx.surface === 'cli' ? `--${key.replace(/_/g, '-')}` : `body.${key}`);

export const shareLinkCreateOperation = defineOperation({
  name: 'share_links.create',
  summary: 'Create a read-only share link to one view (kpis, attribution, budget, experiment, cohorts) with its filters; expires after 1 to 90 days (default 30); the token is in this answer only',
  tags: ['admin'],
  scope: 'admin',
  http: { method: 'POST', path: '/v1/share-links', status: 201 },
  input: z.object({
    view: viewName.describe('what the link shows: kpis | attribution | budget | experiment | cohorts'),
    params: z.record(z.string(), z.unknown()).default({}).describe('the view\'s filters, as its own API takes them (e.g. {"from":"2026-03-01","to":"2026-03-31","by":"channel"})'),
    expires_in_days: z.coerce.number().int().min(1).max(maxDays).default(30).describe(`days until the link stops working (1 to ${maxDays})`),
  }),
  output: z.object({ id: z.string(), token: z.string().describe('shown only now'), url: z.string().describe('the dashboard page the link opens'), view: z.string(), params: z.record(z.string(), z.unknown()), expires_at: z.string() }),
  cli: {
    command: 'share-links create',
    description: 'create a read-only link to one report (prints its URL and token once)',
    formats: ['table', 'json'],
    flags: { view: { value: '<view>', required: true }, expires_in_days: { value: '<days>' } },
    hidden: ['params'],
    options: [['--params <json>', 'the view\'s filters as JSON, e.g. {"from":"2026-03-01","by":"channel"}']],
    input: (opts) => {
      let params: unknown = {};
      try {
        params = opts.params === undefined ? {} : JSON.parse(String(opts.params));
      } catch {
        throw new AppError('invalid_input', '--params: not JSON', [{ path: '--params', message: 'not JSON' }]);
      }
      return { view: opts.view, params, ...(opts.expiresInDays !== undefined ? { expires_in_days: opts.expiresInDays } : {}) };
    },
  },
  audit: { target: (_input, answer) => ({ kind: 'share_link', id: answer.id }), after: (_input, { token: _once, url: _url, ...link }) => link },
  handler: async (ctx, input) => {
    const op = shareableViews[input.view];
    const forbidden = Object.keys(input.params).filter((k) => k === 'cursor' || k === 'limit');
    if (forbidden.length) throw new AppError('invalid_input', `${field(ctx, 'params')}.${forbidden[0]}: a share link stores filters, not a page`, [{ path: `${field(ctx, 'params')}.${forbidden[0]}`, message: 'not a filter' }]);
    // The view's own schema judges the filters now, so that the link never stores what its view refuses.
    const parsed = parseInput(op.input, input.params, (path) => [field(ctx, 'params'), ...path.map(String)].join('.')) as Record<string, unknown>;
    const params = Object.fromEntries(Object.entries(parsed).filter(([k, v]) => v !== undefined && k in input.params));
    const token = `${shareTokenPrefix}${randomBytes(32).toString('base64url')}`;
    const now = Date.now();
    const link: ShareLink = {
      id: `shr_${randomBytes(8).toString('hex')}`, workspace_id: ctx.workspaceId, view: op.name, params, prefix: token.slice(0, shareTokenPrefix.length + 6),
      created_at: new Date(now).toISOString(), expires_at: new Date(now + input.expires_in_days * dayMs).toISOString(), revoked_at: null,
    };
    await ctx.store.createShareLink(link, shareTokenHash(token));
    // The token rides in the fragment: browsers never send it to the server or in a Referer.
    const origin = ctx.http?.origin ?? '';
    return { id: link.id, token, url: `${origin}/#share=${token}`, view: input.view, params, expires_at: link.expires_at };
  },
});

export const shareLinkListOperation = defineOperation({
  name: 'share_links.list',
  summary: 'The workspace\'s share links (prefixes, never the tokens), newest first, with their status',
  tags: ['admin'],
  scope: 'admin',
  http: { method: 'GET', path: '/v1/share-links' },
  input: z.object({}),
  output: z.object({ links: z.array(z.object(linkShape)) }),
  webType: 'ShareLinksAnswer',
  cli: { command: 'share-links list', description: 'list the share links (active, expired, revoked)' },
  handler: async (ctx) => {
    const now = Date.now();
    return { links: (await ctx.store.listShareLinks(ctx.workspaceId)).map((l) => listed(l, now)) };
  },
});

export const shareLinkRevokeOperation = defineOperation({
  name: 'share_links.revoke',
  summary: 'Revoke a share link: it answers 401 from now on, and stays listed',
  tags: ['admin'],
  scope: 'admin',
  http: { method: 'DELETE', path: '/v1/share-links/:id' },
  input: z.object({ id: z.string().min(1).max(100).describe('the link\'s id (share-links list)') }),
  output: z.object({ id: z.string(), revoked: z.literal(true) }),
  cli: { command: 'share-links revoke', description: 'revoke a share link', args: ['id'] },
  audit: {
    target: (input) => ({ kind: 'share_link', id: input.id }),
    state: async (ctx, input) => {
      const link = (await ctx.store.listShareLinks(ctx.workspaceId)).find((l) => l.id === input.id);
      return link ? listed(link, Date.now()) : null;
    },
  },
  handler: async (ctx, input) => {
    if (!(await ctx.store.revokeShareLink(ctx.workspaceId, input.id, new Date().toISOString()))) throw new AppError('not_found', `no share link ${input.id} in this workspace`);
    // The server caches credentials: forget them, so the token is refused at once.
    ctx.ingest.forgetWriteKeys();
    return { id: input.id, revoked: true as const };
  },
});

export const shareShowOperation = defineOperation({
  name: 'share.show',
  summary: 'What a share link shows (called with the link\'s token): its view, the operation and path to read it, its filters, when it expires, and the workspace\'s name and currency',
  tags: ['admin'],
  scope: 'admin',
  forShareLinks: true,
  http: { method: 'GET', path: '/v1/share' },
  input: z.object({}),
  output: z.object({ view: z.string(), operation: z.string(), path: z.string(), params: z.record(z.string(), z.unknown()), expires_at: z.string(), workspace: z.object({ name: z.string(), currency: z.string(), timezone: z.string() }) }),
  webType: 'ShareShowAnswer',
  cli: { none: 'called by the dashboard with a share link\'s token' },
  handler: async (ctx) => {
    const share = ctx.principal.share;
    if (!share) throw new AppError('not_found', 'no share link: share.show answers to a share link\'s token (Authorization: Bearer rl_shr_…)');
    const ws = await ctx.store.getWorkspace(ctx.workspaceId);
    if (!ws) throw new AppError('not_found', 'no workspace');
    const link = (await ctx.store.listShareLinks(ctx.workspaceId)).find((l) => l.id === share.id);
    const op = Object.values(shareableViews).find((o) => o.name === share.view);
    return {
      view: viewOf(share.view), operation: share.view, path: op?.http.path ?? '', params: share.params, expires_at: link?.expires_at ?? '',
      workspace: { name: ws.name, currency: ws.currency, timezone: ws.timezone },
    };
  },
});
