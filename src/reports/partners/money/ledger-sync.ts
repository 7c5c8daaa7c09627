/**
 * Keeps the partner ledger up with the facts (issue 16): for each programme of a workspace, the
 * conversions crediting gives its partners (`creditedConversions`) become commission entries (the
 * ledger core, given what the ledger holds) and retainers that fell due become entries, appended
 * in one call (`appendLedger` stores only keys the workspace does not hold: running twice appends
 * nothing); partners with a postback URL hear of the new commissions (`partner-postbacks.ts`). Run
 * before every ledger read and every minute by the server's scheduler.
 *
 * Cheap when nothing changed: each programme keeps a watermark document (`partner_ledger_sync`):
 * the latest conversion instant handled and the conversions handled from the first local day of the
 * late window before it (the days the next run reads, so that a run with nothing new is idle).
 * A run asks crediting only for local days from (watermark − 7 days) to today; when every credited
 * conversion there was handled and retainers were already looked at today, it reads no ledger and
 * appends nothing. A conversion that arrives more than 7 days after its instant (an old orders
 * import) is credited by a full run (`full`: every conversion held; `roilens partners sync --full`).
 */
import type { CreditedConversion } from '../../../partners/credited-conversion.js';
import type { LedgerEntry, Partner, Program } from '../../../records/partners.js';
import { localDate, localMidnight } from '../../../metrics/time-zone.js';
import { AppError } from '../../../shared/errors.js';
import type { Store } from '../../../store/store.js';
import { commissionEntries, retainerEntries } from '../../../partners/ledger/index.js';
import { dataMemoOf } from '../../common/data-memo.js';
import { creditedConversions } from '../credited-conversions.js';
import { ledgerOf, partnersOf } from '../partner-report-reads.js';
import { deliverPartnerPostbacks } from '../partner-postbacks.js';
import { scoreCreditsFromFacts } from '../fraud-scores.js';

/** The document collection of the watermarks, by programme id. */
export const syncCollection = 'partner_ledger_sync';
/** How late (days after its instant) a conversion may reach the store and still be credited by the per-minute run. */
export const lateWindowDays = 7;
const dayMs = 86_400_000;

interface Watermark {
  /** The latest `occurred_at` among the conversions handled (ISO), null before the first. */
  through: string | null;
  /** The conversions handled from the local day of `through` − the late window on: key → their instant. */
  handled: Record<string, string>;
  /** The local day retainers were last looked at. */
  retainers_on: string | null;
}

/** What one programme's run did. */
export interface ProgramSync {
  program_id: string;
  /** Entries appended (commissions, tier adjustments, overrides, retainers). */
  appended: number;
  /** Credited conversions that were new to the run. */
  credited: number;
  /** Conversions that pointed at a partner but earn nothing (self-referral, not approved, no rate). */
  skipped: number;
  /** The ledger was not read: nothing new. */
  idle: boolean;
  /** A programme that cannot be evaluated (its rules): the registry message; the others still run. */
  error?: string;
}

/** A JSON array, not a NUL-joined string: the watermark is a JSON document, and PostgreSQL's jsonb refuses \u0000. */
const handledKey = (c: CreditedConversion) => JSON.stringify([c.partner_id, c.event, c.id]);

/**
 * Brings every programme's ledger of `workspaceId` up to date.
 * @example await syncPartnerLedger(store, 'default') // → [{ program_id: 'prg_1', appended: 3, credited: 3, skipped: 0, idle: false }]
 */
export async function syncPartnerLedger(store: Store, workspaceId: string, opts: { now?: Date; full?: boolean } = {}): Promise<ProgramSync[]> {
  const workspace = await store.getWorkspace(workspaceId);
  if (!workspace) throw new AppError('not_found', `no workspace ${workspaceId}`);
  const now = opts.now ?? new Date();
  const out: ProgramSync[] = [];
  for (const program of await store.listPrograms(workspaceId)) {
    try {
      out.push(await syncProgram(store, program, workspace.timezone, now, opts.full === true));
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      out.push({ program_id: program.id, appended: 0, credited: 0, skipped: 0, idle: true, error: err.message });
    }
  }
  return out;
}

/** The first local day a run after `through` reads: the late window's. */
const lateFromOf = (through: string, timeZone: string) => localDate(Date.parse(through) - lateWindowDays * dayMs, timeZone);

/**
 * A programme's run. One with nothing written to the workspace since a run on the same local day
 * reads the same facts and does nothing, so that run's answer is kept (`data-memo.ts`: the embedded
 * store's data version; a run that wrote moved it, so only idle answers are ever found again).
 */
function syncProgram(store: Store, program: Program, timeZone: string, now: Date, full: boolean): Promise<ProgramSync> {
  const today = localDate(now.getTime(), timeZone);
  const run = () => syncProgramNow(store, program, timeZone, now, today, full);
  return full ? run() : dataMemoOf<ProgramSync>(store, 'partner-ledger-sync').value(program.workspace_id, JSON.stringify([program.id, today]), run);
}

async function syncProgramNow(store: Store, program: Program, timeZone: string, now: Date, today: string, full: boolean): Promise<ProgramSync> {
  const ws = program.workspace_id;
  const mark = (!full && (await store.getDocument<Watermark>(ws, syncCollection, program.id))) || { through: null, handled: {}, retainers_on: null };
  // The first run (and a full one) reads every conversion the store holds: a programme may pay on sales imported from before it was set up.
  const from = mark.through === null ? '2000-01-01' : lateFromOf(mark.through, timeZone);
  const partners = await partnersOf(store, ws, program.id);
  const { credited, skipped } = await creditedConversions(store, ws, program, partners, { from, to: today });
  const fresh = credited.filter((c) => mark.handled[handledKey(c)] === undefined);
  const retainersDue = mark.retainers_on !== today && partners.some((p) => p.retainer !== null);
  const result: ProgramSync = { program_id: program.id, appended: 0, credited: fresh.length, skipped: skipped.length, idle: fresh.length === 0 && !retainersDue };
  if (!result.idle) {
    const existing = await ledgerOf(store, ws, { program_id: program.id });
    const byId = new Map<string, Partner>(partners.map((p) => [p.id, p]));
    const made: LedgerEntry[] = [];
    // Each new credit's fraud score (its click, itself, a flagged partner's traffic) decides whether its commission is held.
    const scored = fresh.length > 0 ? (await scoreCreditsFromFacts((q) => store.partnerFacts(ws, q), { program, partners, credited: fresh, timeZone, today })).credited : [];
    if (scored.length > 0) made.push(...commissionEntries({ program, partners: byId, timeZone, existing, conversions: scored, now: now.toISOString() }));
    if (retainersDue) {
      for (const partner of partners) {
        if (partner.retainer !== null && partner.status === 'approved') made.push(...retainerEntries({ partner, program, through: today, existing, timeZone, now: now.toISOString() }));
      }
    }
    if (made.length > 0) {
      const appended = await store.appendLedger(ws, made);
      result.appended = appended.length;
      // The partners' own platforms hear of new commissions (each entry once: the delivery log).
      if (partners.some((p) => p.postback_url)) await deliverPartnerPostbacks(store, { workspaceId: ws, partners, entries: appended, credits: scored });
    }
  }
  const through = credited.reduce<string | null>((max, c) => (max === null || c.occurred_at > max ? c.occurred_at : max), mark.through);
  // From the first local day the next run reads: a conversion it reads and does not find handled is new to it.
  const keepFrom = through === null ? 0 : localMidnight(lateFromOf(through, timeZone), timeZone);
  const handled: Record<string, string> = {};
  for (const [key, at] of Object.entries(mark.handled)) if (Date.parse(at) >= keepFrom) handled[key] = at;
  for (const c of credited) if (Date.parse(c.occurred_at) >= keepFrom) handled[handledKey(c)] = c.occurred_at;
  const next: Watermark = { through, handled, retainers_on: retainersDue || mark.retainers_on === null ? today : mark.retainers_on };
  const changed = !result.idle || next.through !== mark.through || Object.keys(handled).length !== Object.keys(mark.handled).length;
  if (changed) await store.putDocument(ws, syncCollection, program.id, next);
  return result;
}
