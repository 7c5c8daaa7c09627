/**
 * What the partner reports read from the partner ports, whole (the ports page by id; statuses and
 * balances need a partner's or a programme's whole ledger), and the programme or partner a report
 * names (404 when the workspace has none of that id).
 */
import type { LedgerEntry, Partner, Program } from '../../records/partners.js';
import type { LedgerQuery, LedgerRepo, PartnerRepo } from '../../store/ports/partner-ledger.js';
import { AppError } from '../../shared/errors.js';

const pageSize = 10_000;

/** Every ledger entry `query` names, in the store's order. */
export async function ledgerOf(store: LedgerRepo, workspaceId: string, query: Omit<LedgerQuery, 'after' | 'limit'>): Promise<LedgerEntry[]> {
  const out: LedgerEntry[] = [];
  for (let after: string | undefined; ;) {
    const page = await store.listLedger(workspaceId, { ...query, ...(after ? { after } : {}), limit: pageSize });
    out.push(...page);
    if (page.length < pageSize) return out;
    after = page[page.length - 1].id;
  }
}

/** Every partner of a programme (or of the workspace), in id order. */
export async function partnersOf(store: PartnerRepo, workspaceId: string, programId?: string): Promise<Partner[]> {
  const out: Partner[] = [];
  for (let after: string | undefined; ;) {
    const page = await store.listPartners(workspaceId, { ...(programId ? { program_id: programId } : {}), ...(after ? { after } : {}), limit: pageSize });
    out.push(...page);
    if (page.length < pageSize) return out;
    after = page[page.length - 1].id;
  }
}

/** The programme `id`; 404 naming the field when the workspace has none. */
export async function programNamed(store: PartnerRepo, workspaceId: string, id: string, field: string): Promise<Program> {
  const program = await store.getProgram(workspaceId, id);
  if (!program) throw new AppError('not_found', `no programme ${id} in this workspace`, [{ path: field, message: 'no such programme' }]);
  return program;
}

/** The partner `id`; 404 when the workspace has none. */
export async function partnerNamed(store: PartnerRepo, workspaceId: string, id: string): Promise<Partner> {
  const partner = await store.getPartner(workspaceId, id);
  if (!partner) throw new AppError('not_found', `no partner ${id} in this workspace`);
  return partner;
}
