/**
 * The public application page of a programme (issue 16, "a public application page per programme"):
 * `GET /v1/programs/:id/apply` describes the form and what the programme pays, `POST
 * /v1/programs/:id/applications` stores the applicant as a partner with status `applied` for the
 * manager to approve. No credential: the programme's id is the address, and only a programme that
 * takes applications answers (every other id, and an archived workspace's, is the same 404).
 *
 * Strangers write here, so: every field is bounded and checked (an e-mail, a website that is an
 * http(s) URL, no control characters in names); applications are limited per address and per e-mail
 * (429 `rate_limited` with Retry-After); and the answer is the same 202 whether the e-mail is new or
 * already a partner of the programme (then nothing is stored), so it tells nothing about other partners.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { partnerKinds, type Partner } from '../../records/partners.js';
import { AppError } from '../../shared/errors.js';
import { FixedWindowLimiter } from '../../shared/fixed-window.js';
import type { Store } from '../../store/store.js';
import { defineOperation } from '../core/define.js';
import { programWithPage } from './application-page.js';
import { applicationCollection, partnerEmailSchema, partnerNameSchema, type Application } from './partner-schemas.js';
import { everyPartner } from './partner-checks.js';

/** Applications one address may send per hour, and one e-mail may be sent with (in memory, per server). */
export const applicationLimits = { perAddress: 10, perEmail: 3, windowMs: 3_600_000 } as const;

const limiters = new WeakMap<Store, { perAddress: FixedWindowLimiter; perEmail: FixedWindowLimiter }>();

/** The limiters of the server on `store` (each test's server has its own). */
function limitsOf(store: Store): { perAddress: FixedWindowLimiter; perEmail: FixedWindowLimiter } {
  let limits = limiters.get(store);
  if (!limits) {
    limits = { perAddress: new FixedWindowLimiter(applicationLimits.perAddress, applicationLimits.windowMs), perEmail: new FixedWindowLimiter(applicationLimits.perEmail, applicationLimits.windowMs) };
    limiters.set(store, limits);
  }
  return limits;
}

function refuseWait(wait: number | null): void {
  if (wait !== null) throw new AppError('rate_limited', `too many applications from this address or for this e-mail; retry after ${wait} s`, [], wait);
}

const noPage = (id: string) => new AppError('not_found', `no programme ${id} takes applications`);
const programId = z.string().min(1).max(100);

const websiteSchema = z.string().trim().max(2048).refine((text) => {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0 && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}, { message: 'must be an http or https address such as https://my-blog.example' });

const fieldShape = z.object({ name: z.string(), type: z.enum(['text', 'email', 'url', 'choice', 'textarea']), required: z.boolean(), max_length: z.number().int(), options: z.array(z.string()).optional() });

export const programApplyPageOperation = defineOperation({
  name: 'programs.apply_page',
  summary: 'A programme\'s public application form: what it pays and the fields to send (only programmes that take applications; no credential)',
  tags: ['partners'],
  scope: 'public',
  http: { method: 'GET', path: '/v1/programs/:id/apply', headers: { 'cache-control': 'no-store' } },
  input: z.object({ id: programId }),
  output: z.object({
    program: z.object({
      id: z.string(), name: z.string(), currency: z.string(), window_days: z.number().int(),
      rewards: z.array(z.object({ event: z.string(), type: z.enum(['percent', 'flat']), amount: z.string(), tiers: z.array(z.object({ min_sales: z.number().int(), amount: z.string() })).optional(), months: z.number().int().optional() })),
    }),
    fields: z.array(fieldShape),
    submit: z.object({ method: z.literal('POST'), path: z.string() }),
  }),
  webType: 'ProgramApplyPage',
  cli: { none: 'a page for applicants on the web; managers read programmes with `roilens programs show`' },
  handler: async (ctx, input) => {
    const program = await programWithPage(ctx.store, input.id);
    if (!program) throw noPage(input.id);
    return {
      program: {
        id: program.id, name: program.name, currency: program.currency, window_days: program.window_days,
        rewards: program.rules.map((r) => ({ event: r.event, type: r.type, amount: r.amount, ...(r.tiers ? { tiers: r.tiers } : {}), ...(r.months !== undefined ? { months: r.months } : {}) })),
      },
      fields: [
        { name: 'name', type: 'text' as const, required: true, max_length: 200 },
        { name: 'email', type: 'email' as const, required: true, max_length: 254 },
        { name: 'kind', type: 'choice' as const, required: true, max_length: 16, options: [...partnerKinds] },
        { name: 'website', type: 'url' as const, required: false, max_length: 2048 },
        { name: 'note', type: 'textarea' as const, required: false, max_length: 2000 },
      ],
      submit: { method: 'POST' as const, path: `/v1/programs/${program.id}/applications` },
    };
  },
});

export const programApplyOperation = defineOperation({
  name: 'programs.apply',
  summary: 'Apply to a programme (no credential): the applicant becomes a partner with status applied; always 202 {received:true}, whether or not the e-mail applied before',
  tags: ['partners'],
  scope: 'public',
  http: { method: 'POST', path: '/v1/programs/:id/applications', status: 202, headers: { 'cache-control': 'no-store' } },
  input: z.object({
    id: programId,
    name: partnerNameSchema,
    email: partnerEmailSchema,
    kind: z.enum(partnerKinds).describe('affiliate | influencer | publisher'),
    website: websiteSchema.optional(),
    note: z.string().max(2000).regex(/^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/, 'must not contain control characters').optional(),
    language: z.enum(['en', 'fa', 'vi']).optional().describe('the portal\'s language (default en)'),
  }),
  output: z.object({ received: z.literal(true) }),
  cli: { none: 'applicants apply on the web; a manager adds a partner with `roilens partners create --status applied`' },
  handler: async (ctx, input) => {
    if (!ctx.http) throw new AppError('unavailable', 'applications come over HTTP: `roilens start` serves the page');
    // The address is counted before anything is read: guessing programme ids costs attempts too.
    const limits = limitsOf(ctx.store);
    refuseWait(limits.perAddress.hit(ctx.address ?? 'unknown'));
    const program = await programWithPage(ctx.store, input.id);
    if (!program) throw noPage(input.id);
    refuseWait(limits.perEmail.hit(input.email));
    const inWorkspace = { ...ctx, workspaceId: program.workspace_id };
    const known = (await everyPartner(inWorkspace, program.id)).some((p) => p.email === input.email);
    if (known) return { received: true as const };
    const now = new Date().toISOString();
    const partner: Partner = {
      id: `prt_${randomBytes(8).toString('hex')}`, workspace_id: program.workspace_id, program_id: program.id, name: input.name, email: input.email,
      kind: input.kind, status: 'applied', parent_id: null, group: null, language: input.language ?? 'en', country: null, links: [], coupons: [],
      identities: [], retainer: null, postback_url: null, tax: null, created_at: now, approved_at: null,
    };
    const stored = await ctx.store.createPartner(partner);
    if ('conflict' in stored) throw new AppError('internal', `an application with no link or coupon met a ${stored.conflict} conflict (${stored.value})`);
    const application: Application = { website: input.website ?? null, note: input.note ?? null, applied_at: now };
    await ctx.store.putDocument(program.workspace_id, applicationCollection, partner.id, application);
    return { received: true as const };
  },
});
