/** The shapes the money operations answer (issue 16, design.md "Partners"). */
import { z } from 'zod';
import { ledgerKinds, ledgerReasons, ledgerStatuses } from '../../records/partners.js';
import { syncPartnerLedger } from '../../reports/partners/money/ledger-sync.js';
import type { OperationContext } from '../core/define.js';

export const ledgerLineSchema = z.object({
  id: z.string(),
  order_id: z.string().nullable(),
  kind: z.enum(ledgerKinds),
  amount: z.string().describe('signed decimal in currency (reversals, clawbacks and payouts are negative)'),
  currency: z.string(),
  status: z.enum(ledgerStatuses).describe('derived: from the hold period and later entries that reference the entry'),
  reason: z.enum(ledgerReasons).optional(),
  fraud_score: z.number().optional(),
  ref: z.string().optional().describe('the entry this one corrects'),
  note: z.string().optional(),
  occurred_at: z.string(),
  created_at: z.string(),
});

export const balanceSchema = z.object({
  pending: z.string(),
  held: z.string(),
  approved: z.string().describe('payable now (net of unpaid clawbacks)'),
  paid: z.string().describe('cumulative'),
});

export const partnerPayoutSchema = z.object({
  partner: z.string(),
  amount: z.string(),
  currency: z.string(),
  entries: z.array(z.string()).describe('the ids of the entries it settles'),
});

export const payoutRunViewSchema = z.object({
  id: z.string(),
  program: z.string(),
  through: z.string(),
  created_at: z.string(),
  paid_reference: z.string().nullable(),
  paid_at: z.string().nullable(),
  payouts: z.array(z.object({ partner: z.string(), amount: z.string(), currency: z.string() })),
});

/** A field named the caller's way: `body.amount` over HTTP, `--amount` in the CLI. */
export const fieldOf = (ctx: OperationContext) => (field: string) => (ctx.surface === 'cli' ? `--${field.replace(/_/g, '-')}` : `body.${field}`);

/** Brings the ledger up to the stored facts before a read or a write (after the pipeline stored what it accepted). */
export async function ledgerUpToDate(ctx: OperationContext): Promise<void> {
  await ctx.ingest.drain();
  await syncPartnerLedger(ctx.store, ctx.workspaceId);
}
