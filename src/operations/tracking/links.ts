/**
 * `GET/POST /v1/links`, `PATCH/DELETE /v1/links/:slug` ↔ `roilens links create|list|edit|disable|enable|delete`
 * (issue 11 #3, #4): tracking links. `links create` is made from its operation; the other commands
 * (a positional `<slug>`, several commands on one route, every page of the list) stay in
 * `cli/commands/links.ts` and run these operations, in process or through the running server.
 */
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { createLink, deleteLink, listLinksWithStats, slugPattern, updateLink } from '../../reports/links/links.js';
import { defineOperation, type OperationContext } from '../core/define.js';
import { day } from '../core/shapes.js';

/** A field named the caller's way: `body.utm.source` over HTTP, `--source` in the CLI. */
const fieldName = (ctx: OperationContext) => (field: string) => (ctx.surface === 'cli' ? `--${field.replace(/^utm\./, '')}` : `body.${field}`);

const utmSchema = z.object({ source: z.string().optional(), medium: z.string().optional(), campaign: z.string().optional(), content: z.string().optional(), term: z.string().optional() });

export const linkSchema = z.object({
  slug: z.string(),
  destination: z.string(),
  channel: z.string().optional(),
  utm: utmSchema,
  disabled: z.boolean(),
  created_at: z.string(),
  updated_at: z.string().optional(),
});

/** A link as the API answers it: with its `/c/<slug>` path. */
export const linkAnswerSchema = linkSchema.extend({ url: z.string().describe('the path visitors follow: /c/<slug>') });

const slugHelp = 'letters, digits, "_" and "-" only (1 to 64)';

export const linkCreateOperation = defineOperation({
  name: 'links.create',
  summary: 'Create a tracking link (409 conflict when the slug is taken, also by a deleted link)',
  tags: ['tracking'],
  scope: 'settings:write',
  http: { method: 'POST', path: '/v1/links', status: 201 },
  input: z.object({
    slug: z.string().regex(slugPattern).optional().describe('the path after /c/ (default: random)'),
    destination: z.string().max(4096).describe('where the link redirects (http or https)'),
    channel: z.string().optional().describe('channel of the link'),
    utm: utmSchema.optional(),
    disabled: z.boolean().optional(),
  }),
  output: linkAnswerSchema,
  webType: 'TrackingLinkAnswer',
  cli: {
    command: 'links create',
    description: 'create a tracking link (a slug that is taken, also by a deleted link, is refused)',
    flags: {
      destination: { value: '<url>', required: true },
      slug: { value: '<slug>' },
      channel: { value: '<channel>' },
    },
    hidden: ['utm', 'disabled'],
    options: [
      ['--source <s>', 'utm_source'],
      ['--medium <m>', 'utm_medium'],
      ['--campaign <c>', 'utm_campaign'],
      ['--content <c>', 'utm_content'],
      ['--term <t>', 'utm_term'],
    ],
    formats: ['table', 'json'],
    input: (opts) => {
      // The CLI's words for a bad slug (the schema's pattern speaks to API callers).
      if (opts.slug !== undefined && !slugPattern.test(String(opts.slug))) throw new AppError('invalid_input', `--slug: ${slugHelp}`, [{ path: '--slug', message: slugHelp }]);
      const utm = Object.fromEntries((['source', 'medium', 'campaign', 'content', 'term'] as const).filter((k) => opts[k] !== undefined).map((k) => [k, String(opts[k])]));
      return { destination: opts.destination, utm, ...(opts.slug !== undefined ? { slug: opts.slug } : {}), ...(opts.channel ? { channel: opts.channel } : {}) };
    },
    print: (link, format, _input, { printResult }) => {
      const { url: _url, ...saved } = link;
      if (format === 'json') printResult({ ...saved, path: `/c/${link.slug}` }, 'json');
      else process.stdout.write(`created /c/${link.slug} → ${link.destination}${link.disabled ? ' (disabled)' : ''}\n`);
    },
  },
  handler: async (ctx, input) => {
    const link = await createLink(ctx.store, ctx.workspaceId, input, fieldName(ctx));
    return { ...link, url: `/c/${link.slug}` };
  },
});

const linkStatsSchema = linkSchema.extend({
  clicks: z.number().int(),
  unique_clicks: z.number().int(),
  conversions: z.number().int(),
  revenue: z.string().describe('workspace currency, 6 decimals'),
  epc: z.string().nullable().describe('earnings per click: revenue ÷ clicks (6 decimals, half up); null without clicks'),
});

export const linksAnswerSchema = z.object({
  from: z.string(),
  to: z.string(),
  currency: z.string(),
  lookback_days: z.number().int(),
  links: z.array(linkStatsSchema),
});

export const linkListOperation = defineOperation({
  name: 'links.list',
  summary: 'Tracking links with clicks, unique clicks, conversions, revenue and earnings per click over a date range',
  tags: ['tracking'],
  scope: 'settings:read',
  http: { method: 'GET', path: '/v1/links' },
  input: z.object({
    from: day.optional(),
    to: day.optional(),
    lookback: z.coerce.number().int().min(1).max(365).optional().describe('days a sale may follow the link click it is credited to (default 30)'),
  }),
  output: linksAnswerSchema,
  // Links may be many: the store reads one page (slug order) and the figures are joined to it.
  list: { items: 'links', order: [{ by: (link) => link.slug }], store: true },
  webType: 'LinksAnswer',
  cli: { none: 'roilens links list (cli/commands/links.ts) runs this operation page after page and prints every link at once' },
  handler: async (ctx, input) => {
    await ctx.ingest.drain();
    return listLinksWithStats(ctx.store, ctx.workspaceId, input, ctx.page!);
  },
});

export const linkUpdateOperation = defineOperation({
  name: 'links.update',
  summary: 'Change a tracking link: destination, channel, UTMs, or disabled (a disabled link sends visitors to the workspace fallback_url)',
  tags: ['tracking'],
  scope: 'settings:write',
  http: { method: 'PATCH', path: '/v1/links/:slug' },
  input: z.object({
    slug: z.string(),
    destination: z.string().max(4096).optional(),
    channel: z.string().nullable().optional(),
    utm: utmSchema.optional(),
    disabled: z.boolean().optional(),
  }),
  output: linkAnswerSchema,
  cli: { none: 'roilens links edit|disable|enable <slug> (cli/commands/links.ts) run this operation: three commands, a positional slug' },
  audit: { state: async (ctx, input) => (await ctx.store.getLink(ctx.workspaceId, input.slug)) ?? null },
  handler: async (ctx, { slug, ...patch }) => {
    const given = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    if (Object.keys(given).length === 0) throw new AppError('invalid_input', 'body: must NOT have fewer than 1 properties', [{ path: 'body', message: 'must NOT have fewer than 1 properties' }]);
    const link = await updateLink(ctx.store, ctx.workspaceId, slug, given, fieldName(ctx));
    return { ...link, url: `/c/${link.slug}` };
  },
});

export const linkDeleteOperation = defineOperation({
  name: 'links.delete',
  summary: 'Delete a tracking link; its slug stays reserved',
  tags: ['tracking'],
  scope: 'settings:write',
  http: { method: 'DELETE', path: '/v1/links/:slug' },
  input: z.object({ slug: z.string() }),
  output: z.object({ slug: z.string(), deleted: z.literal(true) }),
  cli: { none: 'roilens links delete <slug> (cli/commands/links.ts) runs this operation with a positional slug' },
  audit: { state: async (ctx, input) => (await ctx.store.getLink(ctx.workspaceId, input.slug)) ?? null },
  handler: async (ctx, input) => deleteLink(ctx.store, ctx.workspaceId, input.slug),
});
