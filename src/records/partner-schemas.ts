/**
 * What a stored partner programme, partner, ledger entry and payout run must be (issue 16), as zod
 * schemas: the store checks every row it reads against them, so a corrupt row answers the registry's
 * `internal` error naming the row and field instead of a wrong amount owed later.
 */
import { z } from 'zod';
import {
  commissionEvents, ledgerKinds, ledgerReasons, partnerKinds, partnerStatuses,
  type CommissionRule, type LedgerEntry, type Partner, type PayoutRun, type Program,
} from './partners.js';

/** A decimal string, signed or not ("10", "-2.50"): money is exact text, never a float. */
const signedDecimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal string such as "-2.50"');
const decimal = z.string().regex(/^\d+(\.\d+)?$/, 'a decimal string such as "2.50"');
const currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code');
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

const commissionRuleRecord: z.ZodType<CommissionRule> = z.object({
  id: z.string().min(1),
  event: z.enum(commissionEvents),
  type: z.enum(['percent', 'flat']),
  amount: decimal,
  tiers: z.array(z.object({ min_sales: z.number().int().min(0), amount: decimal })).optional(),
  retroactive: z.boolean().optional(),
  product: z.string().optional(),
  months: z.number().int().min(0).optional(),
  cap: z.object({ per: z.enum(['day', 'month']), amount: decimal }).optional(),
});

export const programRecord: z.ZodType<Program> = z.object({
  id: z.string().min(1),
  workspace_id: z.string().min(1),
  name: z.string(),
  currency,
  window_days: z.number().int().min(0),
  hold_days: z.number().int().min(0),
  crediting: z.enum(['last_click', 'first_click']),
  model: z.string().optional(),
  rules: z.array(commissionRuleRecord),
  rule_ids_issued: z.number().int().min(0).optional(),
  override_percent: decimal.optional(),
  min_payout: decimal,
  payout_schedule: z.enum(['weekly', 'monthly', 'manual']),
  fraud_threshold: z.number().min(0).max(100),
  accepts_applications: z.boolean(),
  created_at: z.iso.datetime(),
});

export const partnerRecord: z.ZodType<Partner> = z.object({
  id: z.string().min(1),
  workspace_id: z.string().min(1),
  program_id: z.string().min(1),
  name: z.string(),
  email: z.string(),
  kind: z.enum(partnerKinds),
  status: z.enum(partnerStatuses),
  parent_id: z.string().nullable(),
  group: z.string().nullable(),
  language: z.enum(['en', 'fa', 'vi']),
  country: z.string().nullable(),
  links: z.array(z.string()),
  coupons: z.array(z.string()),
  identities: z.array(z.string()),
  retainer: z.object({ amount: decimal, cadence: z.enum(['once', 'weekly', 'monthly']), from: z.string() }).nullable(),
  postback_url: z.string().nullable(),
  tax: z.object({ id: z.string().optional(), country: z.string().optional(), form: z.string().optional() }).nullable(),
  created_at: z.iso.datetime(),
  approved_at: z.iso.datetime().nullable(),
});

export const ledgerEntryRecord: z.ZodType<LedgerEntry> = z.object({
  id: z.string().min(1),
  workspace_id: z.string().min(1),
  program_id: z.string().min(1),
  partner_id: z.string().min(1),
  kind: z.enum(ledgerKinds),
  amount: signedDecimal,
  currency,
  key: z.string().min(1),
  ref: z.string().nullable(),
  order_id: z.string().nullable(),
  rule_id: z.string().nullable(),
  refund_id: z.string().nullable(),
  payout_run_id: z.string().nullable(),
  reason: z.enum(ledgerReasons).nullable(),
  fraud_score: z.number().min(0).max(100).nullable(),
  held: z.boolean(),
  occurred_at: z.iso.datetime(),
  created_at: z.iso.datetime(),
  note: z.string().nullable(),
  order_amount: signedDecimal.nullable().optional(),
  share: signedDecimal.nullable().optional(),
  customer: z.string().nullable().optional(),
  refund_amount: signedDecimal.nullable().optional(),
});

export const payoutRunRecord: z.ZodType<PayoutRun> = z.object({
  id: z.string().min(1),
  workspace_id: z.string().min(1),
  program_id: z.string().min(1),
  through: localDate,
  created_at: z.iso.datetime(),
  paid_reference: z.string().nullable(),
  paid_at: z.iso.datetime().nullable(),
});
