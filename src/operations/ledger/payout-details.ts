/**
 * Payout details (issue 16): where a partner is paid (PayPal e-mail, or IBAN / Iranian Sheba with the
 * account name), sealed at rest with AES-256-GCM (`reports/partners/sealed-details.ts`). A change,
 * asked by the partner in its portal or by a manager, takes effect only once confirmed through a
 * one-time link (24 hours) sent to the partner's known e-mail (SMTP as invitations; without SMTP the
 * answer carries the link, as invitations print theirs); confirming is recorded in the audit log.
 * `GET /v1/partners/:id/payout-details` answers them masked (the last 4 characters).
 */
import { z } from 'zod';
import { electronicFormatIBAN, isValidBIC, isValidIBAN } from 'ibantools';
import { sealingKey } from '../../config/sealing-key.js';
import { mailSettings, publicUrl } from '../../config/people-config.js';
import type { PayoutDetails } from '../../records/partners.js';
import { confirmPayoutDetailsChange, detailsCodeTtlMs, requestPayoutDetailsChange } from '../../reports/partners/money/payout-details-change.js';
import { maskedPayoutDetails, openPayoutDetails } from '../../reports/partners/money/sealed-details.js';
import { AppError } from '../../shared/errors.js';
import { sendMail } from '../../shared/outbound/smtp.js';
import { defineOperation, type OperationContext } from '../core/define.js';
import { portalPartner } from '../partners/portal.js';
import { fieldOf } from './ledger-schemas.js';

const detailsShape = {
  method: z.enum(['paypal', 'bank', 'other']),
  paypal_email: z.string().email().max(320).optional(),
  iban: z.string().max(64).optional().describe('IBAN, or an Iranian Sheba (IR + 24 digits)'),
  account_name: z.string().max(200).optional(),
  bic: z.string().max(11).optional(),
  note: z.string().max(500).optional(),
};
const maskedSchema = z.object({ method: z.enum(['paypal', 'bank', 'other']), paypal_email: z.string().optional(), iban: z.string().optional(), account_name: z.string().optional(), bic: z.string().optional() });

/** The details checked (an IBAN by its checksum, a BIC by its form), each problem naming its field. */
function checkedDetails(ctx: OperationContext, input: PayoutDetails): PayoutDetails {
  const field = fieldOf(ctx);
  const refuse = (name: string, message: string) => new AppError('invalid_input', `${field(name)}: ${message}`, [{ path: field(name), message }]);
  if (input.method === 'paypal' && !input.paypal_email) throw refuse('paypal_email', 'is required for PayPal');
  if (input.method === 'bank') {
    const iban = electronicFormatIBAN(input.iban ?? '') ?? '';
    if (!isValidIBAN(iban)) throw refuse('iban', 'is not a valid IBAN or Sheba (country code, check digits, account)');
    if (!input.account_name) throw refuse('account_name', 'is required for a bank transfer');
    if (input.bic !== undefined && !isValidBIC(input.bic)) throw refuse('bic', 'is not a valid BIC');
    return { ...input, iban };
  }
  return input;
}

export const payoutDetailsRequestOperation = defineOperation({
  name: 'partners.payout_details_set',
  summary: "Ask to change a partner's payout details: they take effect once the partner confirms through a one-time link sent to its known e-mail",
  tags: ['partners'],
  scope: 'partners:write',
  portal: true,
  http: { method: 'PUT', path: '/v1/partners/:id/payout-details', status: 202 },
  input: z.object({ id: z.string().min(1).max(100), ...detailsShape }),
  output: z.object({
    partner: z.string(),
    pending: z.literal(true),
    emailed: z.boolean().describe('the confirmation link went to the partner\'s e-mail (SMTP configured)'),
    url: z.string().nullable().describe('the confirmation link when it could not be e-mailed (no SMTP) and a manager or operator asked; null when it was e-mailed or the partner asked'),
    expires_at: z.string(),
  }),
  webType: 'PayoutDetailsRequestAnswer',
  cli: {
    command: 'partners payout-details',
    description: "ask to change a partner's payout details (the partner confirms by e-mail; without SMTP the link is printed)",
    args: ['id'],
    flags: { method: { value: '<method>', required: true }, paypal_email: { value: '<email>' }, iban: { value: '<iban>' }, account_name: { value: '<name>' }, bic: { value: '<bic>' }, note: { value: '<text>' } },
    formats: ['json', 'table'],
  },
  // Never the details themselves: the method only.
  audit: { target: (input) => ({ kind: 'partner', id: input.id }), after: (input) => ({ payout_details: 'change requested', method: input.method }) },
  handler: async (ctx, { id, ...given }) => {
    const partner = await portalPartner(ctx, id);
    const details = checkedDetails(ctx, given);
    const { code, expiresAt } = await requestPayoutDetailsChange(ctx.store, sealingKey(), partner, details);
    const url = `${(ctx.http?.origin ?? publicUrl()).replace(/\/+$/, '')}/#payout-details=${encodeURIComponent(code)}`;
    const text = `Someone asked to change where you are paid in the programme to: ${details.method}.\n\nIf it was you, confirm within ${detailsCodeTtlMs / 3_600_000} hours (the link works once):\n${url}\n\nIf it was not you, ignore this message: nothing changes.\n`;
    const mail = mailSettings();
    let emailed = false;
    if (mail.smtpUrl) {
      try {
        await sendMail(mail.smtpUrl, mail.from, { to: partner.email, subject: 'Confirm your new payout details', text });
        emailed = true;
      } catch (err) {
        process.stderr.write(`roilens: e-mail to ${partner.email} failed: ${(err as Error).message}\n`);
      }
    }
    // A partner's own request never carries the link: only its known e-mail may confirm (a stolen session cannot).
    const shown = emailed || ctx.principal.person?.role === 'partner' ? null : url;
    return { partner: partner.id, pending: true as const, emailed, url: shown, expires_at: expiresAt.toISOString() };
  },
});

export const payoutDetailsConfirmOperation = defineOperation({
  name: 'partners.payout_details_confirm',
  summary: 'Confirm a payout details change with the one-time code of its e-mailed link (public: the code is the credential)',
  tags: ['partners'],
  scope: 'public',
  http: { method: 'POST', path: '/v1/payout-details/confirm', headers: { 'cache-control': 'no-store' } },
  input: z.object({ code: z.string().min(20).max(200) }),
  output: z.object({ workspace: z.string(), partner: z.string(), method: z.enum(['paypal', 'bank', 'other']), confirmed: z.literal(true) }),
  webType: 'PayoutDetailsConfirmAnswer',
  cli: { none: 'the partner confirms through the e-mailed link' },
  audit: {
    kind: 'change',
    target: (_input, answer) => ({ kind: 'partner', id: answer.partner }),
    after: (_input, answer) => ({ payout_details: 'changed', method: answer.method }),
    workspace: (_input, answer) => answer.workspace,
  },
  handler: async (ctx, input) => {
    const done = await confirmPayoutDetailsChange(ctx.store, input.code);
    if (!done) throw new AppError('not_found', 'code: unknown, used or expired (ask for the change again)', [{ path: 'code', message: 'unknown, used or expired' }]);
    return { workspace: done.workspace_id, partner: done.partner_id, method: done.method, confirmed: true as const };
  },
});

export const payoutDetailsShowOperation = defineOperation({
  name: 'partners.payout_details',
  summary: "A partner's confirmed payout details, masked (the last 4 characters of the IBAN or PayPal e-mail); null when none",
  tags: ['partners'],
  scope: 'partners:read',
  portal: true,
  http: { method: 'GET', path: '/v1/partners/:id/payout-details', headers: { 'cache-control': 'no-store' } },
  input: z.object({ id: z.string().min(1).max(100) }),
  output: z.object({ partner: z.string(), details: maskedSchema.nullable() }),
  webType: 'PayoutDetailsAnswer',
  cli: { command: 'partners payout-details-show', description: "a partner's payout details, masked", args: ['id'], formats: ['json', 'table'] },
  handler: async (ctx, input) => {
    const partner = await portalPartner(ctx, input.id);
    const sealed = await ctx.store.getPayoutDetails(ctx.workspaceId, partner.id);
    return { partner: partner.id, details: sealed === undefined ? null : maskedPayoutDetails(openPayoutDetails(sealingKey(), ctx.workspaceId, partner.id, sealed)) };
  },
});
