/**
 * A manager's corrections of the ledger (issue 16), each a new entry (design.md: a correction is a
 * new entry, never an edit): the review of held entries in bulk (approve releases them, reject
 * reverses them with a reason) and bonuses or deductions with a note. The entries come from the
 * ledger core (`reviewEntries`, `bonusEntry`); here the entries are found in their programmes,
 * errors are named the caller's way, and what is made is appended.
 */
import type { LedgerEntry, Partner } from '../../../records/partners.js';
import { AppError, type FieldIssue } from '../../../shared/errors.js';
import type { Store } from '../../../store/store.js';
import { bonusEntry, reviewEntries, type ReviewDecision } from '../../../partners/ledger/index.js';
import { programOf } from './ledger-reads.js';
import { ledgerOf } from '../partner-report-reads.js';
import type { FieldNamer } from './order-refunds.js';

/**
 * Approves or rejects the held entries `ids` (of any programmes of the workspace) as one: an id
 * that is unknown or not held refuses them all (400 naming `ids.<i>`), else the review entries
 * are appended (an entry reviewed already is no longer held: refused).
 */
export async function reviewHeld(store: Store, workspaceId: string, ids: readonly string[], review: ReviewDecision, field: FieldNamer, now = new Date()): Promise<LedgerEntry[]> {
  const made: LedgerEntry[] = [];
  const placed = new Map<string, number>();
  const issues: FieldIssue[] = [];
  for (const program of await store.listPrograms(workspaceId)) {
    const entries = await ledgerOf(store, workspaceId, { program_id: program.id });
    const known = new Set(entries.map((e) => e.id));
    const mine = ids.map((id, i) => ({ id, i })).filter((x) => known.has(x.id));
    if (mine.length === 0) continue;
    for (const x of mine) placed.set(x.id, x.i);
    try {
      made.push(...reviewEntries({ program, entries, ids: mine.map((x) => x.id), review, now: now.toISOString() }));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      // The core names `ids.<k>` within this programme's ids, or `reason`.
      for (const issue of err.issues) {
        const k = /^ids\.(\d+)$/.exec(issue.path);
        issues.push({ path: k ? field(`ids.${mine[Number(k[1])].i}`) : field(issue.path), message: issue.message });
      }
    }
  }
  ids.forEach((id, i) => {
    if (!placed.has(id)) issues.push({ path: field(`ids.${i}`), message: `no ledger entry ${id} in this workspace` });
  });
  if (issues.length > 0) throw new AppError('invalid_input', `${issues[0].path}: ${issues[0].message}`, issues.slice(0, 50));
  return made.length > 0 ? store.appendLedger(workspaceId, made) : [];
}

/** Appends a bonus (or, negative, a deduction) of `partner`; the entry (an id given before: the one stored then). */
export async function adjustPartner(store: Store, partner: Partner, request: { amount: string; note: string; key: string }, field: FieldNamer, now = new Date()): Promise<LedgerEntry> {
  const program = await programOf(store, partner);
  let entry: LedgerEntry;
  try {
    entry = bonusEntry({ program, partnerId: partner.id, amount: request.amount, note: request.note, key: `${partner.id}:${request.key}`, at: now.toISOString(), now: now.toISOString() });
  } catch (err) {
    if (!(err instanceof AppError) || err.issues.length === 0) throw err;
    const issues = err.issues.map((i) => ({ ...i, path: field(i.path) }));
    throw new AppError(err.code, `${issues[0].path}: ${issues[0].message}`, issues);
  }
  const [stored] = await store.appendLedger(partner.workspace_id, [entry]);
  if (stored) return stored;
  return (await ledgerOf(store, partner.workspace_id, { partner_id: partner.id })).find((e) => e.key === entry.key) ?? entry;
}
