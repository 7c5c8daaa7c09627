/**
 * `POST/GET /v1/partners`, `GET/PATCH /v1/partners/:id` ↔ `roilens partners create|list|show|update`
 * (issue 16, design.md "Partners"): the programme manager's partners (affiliates, influencers,
 * publishers) with the tracking links and coupon codes that credit them. Status changes are
 * `partner-status.ts`; the money (ledger, payouts) is not here.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { partnerKinds, partnerStatuses, type Partner } from '../../records/partners.js';
import type { PartnerPatch } from '../../store/ports/partner-ledger.js';
import { AppError } from '../../shared/errors.js';
import { defineOperation, type OperationContext } from '../core/define.js';
import { definedOf, fieldError } from './fields.js';
import { applicationCollection, applicationSchema, partnerAnswer, partnerAnswerSchema, partnerFieldsShape, type Application } from './partner-schemas.js';
import { checkLinks, checkParent, distinct, partnerOf, storedOrConflict } from './partner-checks.js';
import { programOf } from './programs.js';
import { minorUnitIssue } from './program-schemas.js';

const listFlag = (v: unknown) => (v === undefined ? undefined : String(v).split(',').map((s) => s.trim()).filter(Boolean));
const nullable = (v: unknown) => (v === 'none' ? null : v);

/** The CLI's partner input: lists comma-separated, `--retainer AMOUNT:CADENCE:FROM`, `--tax-id|--tax-country|--tax-form`, "none" clears. */
function partnerCliInput(opts: Record<string, unknown>): Record<string, unknown> {
  const retainer = typeof opts.retainer === 'string'
    ? (opts.retainer === 'none' ? null : (([amount, cadence, from]) => ({ amount, cadence, from }))(opts.retainer.split(':')))
    : undefined;
  const tax = opts.taxId !== undefined || opts.taxCountry !== undefined || opts.taxForm !== undefined
    ? definedOf({ id: opts.taxId, country: opts.taxCountry, form: opts.taxForm })
    : undefined;
  return definedOf({
    id: opts.id, name: opts.name, email: opts.email, kind: opts.kind, program: opts.program, links: listFlag(opts.links), coupons: listFlag(opts.coupons),
    parent: nullable(opts.parent), group: nullable(opts.group), language: opts.language, country: nullable(opts.country), identities: listFlag(opts.identities), retainer, tax,
  });
}

const partnerFlags = {
  name: { value: '<name>' }, email: { value: '<email>' }, kind: { value: '<kind>', description: 'affiliate | influencer | publisher' }, program: { value: '<id>' },
  links: { value: '<slugs>', description: 'tracking link slugs, comma-separated' }, coupons: { value: '<codes>', description: 'coupon codes, comma-separated' },
  parent: { value: '<id>' }, group: { value: '<name>' }, language: { value: '<en|fa|vi>' }, country: { value: '<code>' }, identities: { value: '<ids>', description: 'comma-separated' },
};
const partnerOptions: [string, string][] = [
  ['--retainer <amount:cadence:from>', 'a flat fee: 500:monthly:2026-01-01 (cadence once|weekly|monthly; "none" removes it)'],
  ['--tax-id <id>', 'tax id'], ['--tax-country <code>', 'tax country'], ['--tax-form <form>', 'tax form'],
];

/** Refuses a retainer finer than the programme's currency allows. */
function checkRetainer(ctx: OperationContext, retainer: Partner['retainer'] | undefined, currency: string): void {
  const fine = retainer ? minorUnitIssue(retainer.amount, currency) : undefined;
  if (fine) throw fieldError(ctx, 'invalid_input', ['retainer', 'amount'], fine);
}

export const partnerCreateOperation = defineOperation({
  name: 'partners.create',
  summary: 'Add a partner to a programme with the tracking links and coupon codes that credit it (a link of another partner or a coupon held by one: 409 naming the field)',
  tags: ['partners'],
  scope: 'partners:write',
  http: { method: 'POST', path: '/v1/partners', status: 201 },
  input: z.object({
    ...partnerFieldsShape,
    links: partnerFieldsShape.links.default([]),
    coupons: partnerFieldsShape.coupons.default([]),
    parent: partnerFieldsShape.parent.optional(),
    group: partnerFieldsShape.group.optional(),
    language: partnerFieldsShape.language.optional(),
    country: partnerFieldsShape.country.optional(),
    identities: partnerFieldsShape.identities.default([]),
    retainer: partnerFieldsShape.retainer.optional(),
    tax: partnerFieldsShape.tax.optional(),
    status: z.enum(['applied', 'approved']).optional().describe('approved (default: the manager adds the partner) or applied (to approve later)'),
  }),
  output: partnerAnswerSchema,
  cli: {
    command: 'partners create',
    description: 'add a partner to a programme',
    formats: ['table', 'json'],
    flags: { ...partnerFlags, name: { value: '<name>', required: true }, email: { value: '<email>', required: true }, kind: { value: '<kind>', required: true }, program: { value: '<id>', required: true }, status: { value: '<applied|approved>' } },
    hidden: ['retainer', 'tax'],
    options: partnerOptions,
    input: (opts) => ({ ...partnerCliInput(opts), ...definedOf({ status: opts.status }) }),
  },
  handler: async (ctx, input) => {
    const program = await programOf(ctx, input.program, ['program']);
    const links = distinct(input.links);
    const coupons = distinct(input.coupons);
    checkRetainer(ctx, input.retainer, program.currency);
    const id = `prt_${randomBytes(8).toString('hex')}`;
    await checkParent(ctx, input.parent, program.id, id);
    await checkLinks(ctx, links);
    const now = new Date().toISOString();
    const status = input.status ?? 'approved';
    const partner: Partner = {
      id, workspace_id: ctx.workspaceId, program_id: program.id, name: input.name, email: input.email, kind: input.kind, status,
      parent_id: input.parent ?? null, group: input.group ?? null, language: input.language ?? 'en', country: input.country ?? null,
      links, coupons, identities: distinct(input.identities), retainer: input.retainer ?? null, postback_url: null, tax: input.tax ?? null,
      created_at: now, approved_at: status === 'approved' ? now : null,
    };
    return partnerAnswer(storedOrConflict(ctx, await ctx.store.createPartner(partner), { links, coupons }));
  },
});

export const partnerListOperation = defineOperation({
  name: 'partners.list',
  summary: 'The workspace\'s partners, a page at a time, optionally of one programme, status, kind or group',
  tags: ['partners'],
  scope: 'partners:read',
  http: { method: 'GET', path: '/v1/partners' },
  input: z.object({
    program: z.string().min(1).max(100).optional(),
    status: z.enum(partnerStatuses).optional(),
    kind: z.enum(partnerKinds).optional(),
    group: z.string().min(1).max(100).optional(),
  }),
  output: z.object({ partners: z.array(partnerAnswerSchema) }),
  // Partners may be many: the store reads pages in id order and the filters the store does not take are applied here.
  list: { items: 'partners', order: [{ by: (p) => p.id }], store: true },
  webType: 'PartnersAnswer',
  cli: {
    command: 'partners list',
    description: 'list partners (--program, --status, --kind, --group; --limit and --cursor page)',
    print: (answer, format, _input, { printResult }) => {
      if (format === 'json') printResult(answer, 'json');
      else printResult(answer.partners.map((p) => ({ id: p.id, name: p.name, email: p.email, kind: p.kind, status: p.status, program: p.program, group: p.group ?? '', links: p.links.join(' '), coupons: p.coupons.join(' ') })), format);
    },
  },
  handler: async (ctx, input) => {
    const page = ctx.page!;
    const wanted = (p: Partner) => (!input.status || p.status === input.status) && (!input.kind || p.kind === input.kind) && (!input.group || p.group === input.group);
    const found: Partner[] = [];
    let after = page.after?.[0];
    // One more than the page, so the core knows whether a next page exists.
    while (found.length <= page.limit) {
      const batch = await ctx.store.listPartners(ctx.workspaceId, { ...(input.program ? { program_id: input.program } : {}), ...(after ? { after } : {}), limit: Math.max(page.limit + 1, 200) });
      found.push(...batch.filter(wanted));
      if (batch.length < Math.max(page.limit + 1, 200)) break;
      after = batch[batch.length - 1].id;
    }
    return { partners: found.slice(0, page.limit + 1).map(partnerAnswer) };
  },
});

export const partnerGetOperation = defineOperation({
  name: 'partners.get',
  summary: 'One partner: profile, links, coupons, and what it sent with its application',
  tags: ['partners'],
  scope: 'partners:read',
  http: { method: 'GET', path: '/v1/partners/:id' },
  input: z.object({ id: z.string().min(1).max(100) }),
  output: partnerAnswerSchema.extend({ application: applicationSchema.nullable().describe('the public form\'s website and note; null for a partner a manager added') }),
  webType: 'PartnerAnswer',
  cli: { command: 'partners show', description: 'print one partner', args: ['id'], formats: ['json', 'table'] },
  handler: async (ctx, input) => {
    const partner = await partnerOf(ctx, input.id);
    const application = await ctx.store.getDocument<Application>(ctx.workspaceId, applicationCollection, partner.id);
    return { ...partnerAnswer(partner), application: application ?? null };
  },
});

export const partnerUpdateOperation = defineOperation({
  name: 'partners.update',
  summary: 'Change a partner\'s profile, programme, links, coupons, parent or group (links and coupons replace the lists; status: approve, suspend, ban)',
  tags: ['partners'],
  scope: 'partners:write',
  http: { method: 'PATCH', path: '/v1/partners/:id' },
  input: z.object({
    id: z.string().min(1).max(100),
    ...Object.fromEntries(Object.entries(partnerFieldsShape).map(([key, schema]) => [key, schema.optional()])) as { [K in keyof typeof partnerFieldsShape]: z.ZodOptional<(typeof partnerFieldsShape)[K]> },
  }),
  output: partnerAnswerSchema,
  cli: {
    command: 'partners update',
    description: 'change a partner ("none" clears parent, group, country and retainer)',
    args: ['id'],
    formats: ['table', 'json'],
    flags: partnerFlags,
    hidden: ['retainer', 'tax'],
    options: partnerOptions,
    input: (opts) => partnerCliInput(opts),
  },
  audit: { state: async (ctx, input) => (await ctx.store.getPartner(ctx.workspaceId, input.id)) ?? null },
  handler: async (ctx, { id, program, parent, ...fields }) => {
    const given = definedOf(fields);
    if (Object.keys(given).length === 0 && program === undefined && parent === undefined) throw new AppError('invalid_input', 'body: must NOT have fewer than 1 properties', [{ path: 'body', message: 'must NOT have fewer than 1 properties' }]);
    const partner = await partnerOf(ctx, id);
    const target = program === undefined ? await programOf(ctx, partner.program_id) : await programOf(ctx, program, ['program']);
    checkRetainer(ctx, given.retainer, target.currency);
    const patch: PartnerPatch = { ...given, program_id: target.id };
    if (given.links) patch.links = distinct(given.links);
    if (given.coupons) patch.coupons = distinct(given.coupons);
    if (given.identities) patch.identities = distinct(given.identities);
    if (parent !== undefined) patch.parent_id = parent;
    await checkParent(ctx, parent === undefined ? partner.parent_id : parent, target.id, id);
    if (patch.links) await checkLinks(ctx, patch.links);
    const updated = await ctx.store.updatePartner(ctx.workspaceId, id, patch);
    if (!updated) throw new AppError('not_found', `no partner ${id} in this workspace`);
    return partnerAnswer(storedOrConflict(ctx, updated, patch));
  },
});
