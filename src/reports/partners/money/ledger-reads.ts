/**
 * Whole reads of the partner ports, page after page (the ports page by id; the ledger core needs a
 * programme's or a partner's whole ledger to derive statuses and balances), and one partner's
 * ledger as the API answers it: every entry with its derived status, and the balance.
 */
import type { LedgerEntry, LedgerReason, LedgerStatus, Partner, Program } from '../../../records/partners.js';
import type { LedgerQuery, LedgerRepo, PartnerRepo } from '../../../store/ports/partner-ledger.js';
import { AppError } from '../../../shared/errors.js';
import { ledgerBalance, ledgerStatuses, type LedgerBalance } from '../../../partners/ledger/index.js';

const pageSize = 10_000;

/** Every ledger entry `query` names, in the store's `(created_at, id)` order. */
export async function allLedgerEntries(store: LedgerRepo, workspaceId: string, query: Omit<LedgerQuery, 'after' | 'limit'>): Promise<LedgerEntry[]> {
  const out: LedgerEntry[] = [];
  for (let after: string | undefined; ;) {
    const page = await store.listLedger(workspaceId, { ...query, ...(after ? { after } : {}), limit: pageSize });
    out.push(...page);
    if (page.length < pageSize) return out;
    after = page[page.length - 1].id;
  }
}

/** Every partner of a programme. */
export async function allPartners(store: PartnerRepo, workspaceId: string, programId: string): Promise<Partner[]> {
  const out: Partner[] = [];
  for (let after: string | undefined; ;) {
    const page = await store.listPartners(workspaceId, { program_id: programId, ...(after ? { after } : {}), limit: pageSize });
    out.push(...page);
    if (page.length < pageSize) return out;
    after = page[page.length - 1].id;
  }
}

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
  const entries = await allLedgerEntries(store, partner.workspace_id, { partner_id: partner.id });
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
