/**
 * The zod shapes of partners (issue 16, design.md "Partners"): a partner's fields as a manager gives
 * them, and the partner as the API answers it. Coupon codes are upper-cased (unique per workspace);
 * e-mails lower-cased; a country is an ISO 3166-1 alpha-2 code.
 */
import { z } from 'zod';
import { slugPattern } from '../../reports/links/links.js';
import { partnerKinds, partnerStatuses, type Partner } from '../../records/partners.js';
import { emailSchema } from '../session/passwords.js';
import { amountSchema } from './program-schemas.js';
import { day } from '../core/shapes.js';

const regions = new Intl.DisplayNames(['en'], { type: 'region' });

/** An ISO 3166-1 alpha-2 country code the runtime knows (`DE`, `IR`, `VN`), upper-cased. */
export const countrySchema = z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 country code such as DE, IR or VN')
  // zod runs the refinement after a failed pattern too, and Intl throws on a code that is not two letters.
  .refine((code) => /^[A-Z]{2}$/.test(code) && ![code, 'Unknown Region'].includes(regions.of(code) ?? code), { message: 'is not a known ISO 3166-1 country code' });

/** A coupon code: letters, digits, "_" and "-", compared and stored upper-case. */
export const couponSchema = z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, "_" and "-" only (1 to 64)').transform((code) => code.toUpperCase());

/** A partner's name: printable text (no control characters), 1 to 200 characters. */
export const partnerNameSchema = z.string().trim().min(1).max(200).regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');

export const partnerEmailSchema = emailSchema.transform((email) => email.toLowerCase());

const retainerSchema = z.object({
  amount: amountSchema.describe('in the programme\'s currency'),
  cadence: z.enum(['once', 'weekly', 'monthly']),
  from: day.describe('YYYY-MM-DD: the first (or only) fee\'s day'),
});

const taxSchema = z.object({
  id: z.string().trim().min(1).max(100).optional(),
  country: countrySchema.optional(),
  form: z.string().trim().min(1).max(50).optional(),
});

/** The fields of a partner a manager sets (`partners.create` requires name, email, kind and program). */
export const partnerFieldsShape = {
  name: partnerNameSchema,
  email: partnerEmailSchema,
  kind: z.enum(partnerKinds).describe('affiliate | influencer | publisher'),
  program: z.string().min(1).max(100).describe('the programme\'s id'),
  links: z.array(z.string().regex(slugPattern, 'a tracking link slug: letters, digits, "_" and "-" only (1 to 64)')).max(200).describe('slugs of the workspace\'s tracking links that credit this partner'),
  coupons: z.array(couponSchema).max(200).describe('coupon codes that credit this partner without a click (unique per workspace)'),
  parent: z.string().min(1).max(100).nullable().describe('the parent partner (two-level override); null: none'),
  group: z.string().trim().min(1).max(100).nullable(),
  language: z.enum(['en', 'fa', 'vi']).describe('the portal\'s and statements\' language (default en)'),
  country: countrySchema.nullable(),
  identities: z.array(z.string().trim().min(1).max(200)).max(50).describe('the partner\'s own user ids, anonymous ids or e-mail hashes: their own sales are never credited'),
  retainer: retainerSchema.nullable().describe('a flat influencer fee: once, weekly or monthly from a day'),
  tax: taxSchema.nullable(),
};

/** A partner as a manager sees it. */
export const partnerAnswerSchema = z.object({
  id: z.string(),
  program: z.string(),
  name: z.string(),
  email: z.string(),
  kind: z.enum(partnerKinds),
  status: z.enum(partnerStatuses),
  parent: z.string().nullable(),
  group: z.string().nullable(),
  language: z.enum(['en', 'fa', 'vi']),
  country: z.string().nullable(),
  links: z.array(z.string()),
  coupons: z.array(z.string()),
  identities: z.array(z.string()),
  retainer: z.object({ amount: z.string(), cadence: z.enum(['once', 'weekly', 'monthly']), from: z.string() }).nullable(),
  tax: z.object({ id: z.string().optional(), country: z.string().optional(), form: z.string().optional() }).nullable(),
  postback_url: z.string().nullable(),
  created_at: z.string(),
  approved_at: z.string().nullable(),
});

export type PartnerAnswer = z.input<typeof partnerAnswerSchema>;

export function partnerAnswer(p: Partner): PartnerAnswer {
  return {
    id: p.id, program: p.program_id, name: p.name, email: p.email, kind: p.kind, status: p.status, parent: p.parent_id, group: p.group,
    language: p.language, country: p.country, links: p.links, coupons: p.coupons, identities: p.identities, retainer: p.retainer, tax: p.tax,
    postback_url: p.postback_url, created_at: p.created_at, approved_at: p.approved_at,
  };
}

/** What an applicant sent with the public form, kept beside the partner (`partner_applications/<id>`). */
export const applicationSchema = z.object({ website: z.string().nullable(), note: z.string().nullable(), applied_at: z.string() });
export type Application = z.infer<typeof applicationSchema>;
export const applicationCollection = 'partner_applications';
