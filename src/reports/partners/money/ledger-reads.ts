/**
 * One partner's ledger as the API answers it: every entry with its derived status (the ledger core
 * derives them from the partner's whole ledger), and the balance.
 */
import type { LedgerEntry, LedgerReason, LedgerStatus, Partner, Program } from '../../../records/partners.js';
import type { LedgerRepo, PartnerRepo } from '../../../store/ports/partner-ledger.js';
import { ledgerOf } from '../partner-report-reads.js';
import { AppError } from '../../../shared/errors.js';
import { ledgerBalance, ledgerStatuses, type LedgerBalance } from '../../../partners/ledger/index.js';

/** The programme of `partner`; 404 when it is gone. */
export async function programOf(store: PartnerRepo, partner: Partner): Promise<Program> {
  const program = await store.getProgram(partner.workspace_id, partner.program_id);
  if (!program) throw new AppError('not_found', `partner ${partner.id}'s programme ${partner.program_id} no longer exists`);
  return program;
}

/** One ledger entry as answered. */
export interface LedgerLine {
  id: string;
  order_id: string | null;
  kind: LedgerEntry['kind'];
  amount: string;
  currency: string;
  status: LedgerStatus;
  reason?: LedgerReason;
  fraud_score?: number;
  /** The entry this one corrects (a reversal's commission, a review mark's entry). */
  ref?: string;
  note?: string;
  occurred_at: string;
  created_at: string;
}

/** A partner's whole ledger with derived statuses (at `now`) and the balance. */
export interface PartnerLedger {
  program: Program;
  entries: LedgerLine[];
  balance: LedgerBalance;
}

/** The ledger of `partner` as of `now`. */
export async function partnerLedger(store: PartnerRepo & LedgerRepo, partner: Partner, now = new Date()): Promise<PartnerLedger> {
  const program = await programOf(store, partner);
  const entries = await ledgerOf(store, partner.workspace_id, { partner_id: partner.id });
  const statuses = ledgerStatuses(entries, program, now.toISOString());
  return { program, entries: entries.map((e) => lineOf(e, statuses.get(e.id)!)), balance: ledgerBalance(entries, statuses, program.currency) };
}

export function lineOf(e: LedgerEntry, status: LedgerStatus): LedgerLine {
  return {
    id: e.id, order_id: e.order_id, kind: e.kind, amount: e.amount, currency: e.currency, status,
    ...(e.reason !== null ? { reason: e.reason } : {}),
    ...(e.fraud_score !== null ? { fraud_score: e.fraud_score } : {}),
    ...(e.ref !== null ? { ref: e.ref } : {}),
    ...(e.note !== null ? { note: e.note } : {}),
    occurred_at: e.occurred_at, created_at: e.created_at,
  };
}
