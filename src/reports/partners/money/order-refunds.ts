/**
 * Refunds of orders against the partner ledger (issue 16, design.md "Partners"): a refund reverses
 * what the order earned in every programme that paid on it, in proportion (the ledger core's
 * `refundEntries`: reversals of unpaid entries, clawbacks of paid ones; a refund in another
 * currency converted through the workspace's rates table on the order's day, as its sale was). A currency without a
 * rate, or a refund larger than what is left of the order, is refused naming the field the caller's
 * way and nothing is appended: every programme's entries go in one `appendLedger`, and a retried
 * refund id appends nothing.
 */
import type { OrderRefund } from '../../../partners/credited-conversion.js';
import { conversionOn, convertAmount } from '../../../money/conversion.js';
import type { LedgerEntry } from '../../../records/partners.js';
import { AppError } from '../../../shared/errors.js';
import type { Store } from '../../../store/store.js';
import { refundEntries, type RateLookup } from '../../../partners/ledger/index.js';
import { ledgerOf } from '../partner-report-reads.js';
import { deliverPartnerPostbacks } from '../partner-postbacks.js';

/** A refund as asked: amount in `currency` (the order's, usually). */
export interface RefundRequest {
  refund_id: string;
  order_id: string;
  amount: string;
  currency: string;
  /** ISO instant of the refund. */
  at: string;
}

/** What a refund did. */
export interface RefundOutcome {
  refund_id: string;
  order_id: string;
  /** The entries appended now (empty for a retried refund id, or an order no partner earned on). */
  entries: LedgerEntry[];
  /** The refund id was held already: nothing changed. */
  replayed: boolean;
}

/** Names a field the caller's way (`body.amount`, `line 3: amount`). */
export type FieldNamer = (field: string) => string;

/** The core's error with its field (`amount`, `currency`) named the caller's way. */
export function renamedError(err: unknown, field: FieldNamer): unknown {
  if (!(err instanceof AppError) || err.issues.length === 0) return err;
  const issues = err.issues.map((i) => ({ ...i, path: field(i.path) }));
  return new AppError(err.code, `${issues[0].path}: ${issues[0].message}`, issues);
}

/**
 * The entries refunding `request` makes, without appending them (an import checks each line on its
 * own). Throws 400 naming the field for a currency without a rate or a refund over what is left.
 */
export async function refundEntriesFor(store: Store, workspaceId: string, request: RefundRequest, field: FieldNamer, now: Date): Promise<{ entries: LedgerEntry[]; replayed: boolean }> {
  const held = await ledgerOf(store, workspaceId, { order_id: request.order_id });
  if (held.some((e) => e.refund_id === request.refund_id)) return { entries: [], replayed: true };
  const programIds = [...new Set(held.map((e) => e.program_id))];
  if (programIds.length === 0) return { entries: [], replayed: false };
  const workspace = await store.getWorkspace(workspaceId);
  const rates = await store.listRates(workspaceId);
  const rate: RateLookup = (amount, from, to, at) => {
    const conversion = conversionOn(rates, workspace?.currency ?? to, from, to, at.slice(0, 10));
    return conversion.ok ? convertAmount(amount, conversion) : undefined;
  };
  const refund: OrderRefund = { ...request, reason: 'refund' };
  const out: LedgerEntry[] = [];
  for (const programId of programIds) {
    const program = await store.getProgram(workspaceId, programId);
    if (!program) continue;
    const entries = await ledgerOf(store, workspaceId, { program_id: programId });
    try {
      out.push(...refundEntries({ program, entries, refund, rate, now: now.toISOString() }));
    } catch (err) {
      throw renamedError(err, field);
    }
  }
  return { entries: out, replayed: false };
}

/** Refunds one order: appends its reversals and clawbacks (nothing when any programme refuses). */
export async function refundOrder(store: Store, workspaceId: string, request: RefundRequest, field: FieldNamer, now = new Date()): Promise<RefundOutcome> {
  const { entries, replayed } = await refundEntriesFor(store, workspaceId, request, field, now);
  const appended = entries.length > 0 ? await store.appendLedger(workspaceId, entries) : [];
  await tellPartners(store, workspaceId, appended);
  return { refund_id: request.refund_id, order_id: request.order_id, entries: appended, replayed };
}

/** The partners' own platforms hear of reversals and clawbacks (`partner-postbacks.ts`), each entry once. */
export async function tellPartners(store: Store, workspaceId: string, appended: readonly LedgerEntry[]): Promise<void> {
  const partners = [];
  for (const id of new Set(appended.map((e) => e.partner_id))) {
    const partner = await store.getPartner(workspaceId, id);
    if (partner?.postback_url) partners.push(partner);
  }
  if (partners.length > 0) await deliverPartnerPostbacks(store, { workspaceId, partners, entries: appended });
}
