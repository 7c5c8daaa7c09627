/**
 * Payout runs of a programme (issue 16, design.md "Partners"): `payouts run --through DATE` pays
 * each partner what was approved by the end of DATE (workspace time zone) net of clawbacks (the
 * ledger core's `payoutRun`), lists partners under the programme's minimum in `carried_over`, and
 * stores the run with its `payout` entries in one transaction (`createPayoutRun`) unless it is a dry
 * run. A DATE at or before the programme's last run is 409 `already_paid`, dry run or not. Runs are
 * listed newest first, marked paid with the payment's reference, and give their payment file.
 */
import type { PayoutRun, Program } from '../../../records/partners.js';
import { AppError } from '../../../shared/errors.js';
import type { Store } from '../../../store/store.js';
import { payoutFile, payoutRun, type PayeeInfo, type PayoutFileFormat, type PayoutRunResult } from '../../../partners/payouts/index.js';
import { renamedError, type FieldNamer } from './order-refunds.js';
import { ledgerOf } from '../partner-report-reads.js';
import { openPayoutDetails } from './sealed-details.js';

/** One partner's payout in a run: the ids of the entries (commissions, adjustments, clawbacks) it settles. */
export interface PartnerPayoutAnswer {
  partner: string;
  amount: string;
  currency: string;
  entries: string[];
}

export interface PayoutRunAnswer {
  /** The run's id (derived from the programme and the date: a dry run names the run it would make); null when nothing was due. */
  run_id: string | null;
  /** The payment file in `fileFormat`, when asked for. */
  file?: string;
  program: string;
  through: string;
  dry_run: boolean;
  payouts: PartnerPayoutAnswer[];
  /** Partners owed less than the minimum (or a negative amount, clawbacks waiting for later earnings). */
  carried_over: { partner: string; amount: string; currency: string }[];
}

/** The programme, or 404 naming it. */
export async function programNamed(store: Store, workspaceId: string, id: string): Promise<Program> {
  const program = await store.getProgram(workspaceId, id);
  if (!program) throw new AppError('not_found', `no programme ${id} in this workspace`);
  return program;
}

/** Runs (or, dry, computes) the payouts of `programId` through the local date `through`. */
export async function runPayouts(store: Store, workspaceId: string, input: { program: string; through: string; dryRun: boolean; fileFormat?: PayoutFileFormat; key?: Buffer }, field: FieldNamer, now = new Date()): Promise<PayoutRunAnswer> {
  const program = await programNamed(store, workspaceId, input.program);
  const workspace = await store.getWorkspace(workspaceId);
  const runs = await store.listPayoutRuns(workspaceId, program.id);
  const entries = await ledgerOf(store, workspaceId, { program_id: program.id });
  let result: PayoutRunResult;
  try {
    result = payoutRun({ program, entries, runs, through: input.through, timeZone: workspace?.timezone ?? 'UTC', now: now.toISOString() });
  } catch (err) {
    throw renamedError(err, field);
  }
  const paying = result.entries.length > 0;
  // Stored with its payout entries in one transaction; a run through the same date or later made meanwhile wins.
  if (!input.dryRun && paying && (await store.createPayoutRun(result.run, result.entries)) === 'already_paid') {
    const message = `programme ${program.id} was paid through ${input.through} or later meanwhile: run through a later date`;
    throw new AppError('already_paid', `${field('through')}: ${message}`, [{ path: field('through'), message }]);
  }
  const file = input.fileFormat && input.key ? await fileOf(store, result, input.fileFormat, input.key) : undefined;
  return {
    run_id: paying ? result.run.id : null, ...(file !== undefined ? { file } : {}),
    program: program.id, through: input.through, dry_run: input.dryRun,
    payouts: result.payouts.map((p) => ({ partner: p.partner, amount: p.amount, currency: p.currency, entries: p.entries.map((e) => e.id) })),
    carried_over: result.carried_over,
  };
}

/** The payment file of a run's payouts, with the paid partners' payout details opened. */
async function fileOf(store: Store, result: PayoutRunResult, format: PayoutFileFormat, key: Buffer): Promise<string> {
  const { run } = result;
  const payees = new Map<string, PayeeInfo>();
  for (const p of result.payouts) {
    const partner = await store.getPartner(run.workspace_id, p.partner);
    if (!partner) continue;
    const sealed = await store.getPayoutDetails(run.workspace_id, partner.id);
    payees.set(partner.id, { name: partner.name, email: partner.email, details: sealed === undefined ? undefined : openPayoutDetails(key, run.workspace_id, partner.id, sealed) });
  }
  // A payee without what the format needs is refused naming `payouts.<i>.iban` (or `.paypal_email`): the run's own list.
  return payoutFile(format, result, payees);
}

/** A stored run with what it paid (its payout entries). */
export interface PayoutRunView {
  id: string;
  program: string;
  through: string;
  created_at: string;
  paid_reference: string | null;
  paid_at: string | null;
  payouts: { partner: string; amount: string; currency: string }[];
}

/** The programme's runs, newest first, with their payouts (positive amounts). */
export async function listPayoutRunViews(store: Store, workspaceId: string, programId: string, partnerId?: string): Promise<PayoutRunView[]> {
  const program = await programNamed(store, workspaceId, programId);
  const runs = await store.listPayoutRuns(workspaceId, program.id);
  const payouts = (await ledgerOf(store, workspaceId, { program_id: program.id, ...(partnerId ? { partner_id: partnerId } : {}) })).filter((e) => e.kind === 'payout');
  return runs
    .map((r) => ({
      id: r.id, program: r.program_id, through: r.through, created_at: r.created_at, paid_reference: r.paid_reference, paid_at: r.paid_at,
      payouts: payouts.filter((e) => e.payout_run_id === r.id).map((e) => ({ partner: e.partner_id, amount: e.amount.replace(/^-/, ''), currency: e.currency })),
    }))
    .filter((r) => partnerId === undefined || r.payouts.length > 0)
    .sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : a.id < b.id ? 1 : -1));
}

/** The run `runId` of the workspace (any programme); 404 when there is none. */
export async function payoutRunNamed(store: Store, workspaceId: string, runId: string): Promise<PayoutRun> {
  for (const program of await store.listPrograms(workspaceId)) {
    const run = (await store.listPayoutRuns(workspaceId, program.id)).find((r) => r.id === runId);
    if (run) return run;
  }
  throw new AppError('not_found', `no payout run ${runId} in this workspace`);
}

/** Marks a run paid with the payment's reference (a run marked already keeps its first reference: 409). */
export async function markRunPaid(store: Store, workspaceId: string, runId: string, reference: string, now = new Date()): Promise<PayoutRun> {
  const run = await payoutRunNamed(store, workspaceId, runId);
  if (run.paid_reference !== null) throw new AppError('conflict', `payout run ${runId} was marked paid already (reference ${run.paid_reference})`);
  if (!(await store.markPayoutRunPaid(workspaceId, runId, reference, now.toISOString()))) throw new AppError('conflict', `payout run ${runId} was marked paid already`);
  return { ...run, paid_reference: reference, paid_at: now.toISOString() };
}

/**
 * The payment file of a stored run in `format` (generic, PayPal mass payment or bank transfer CSV).
 * The run is computed again as it stood when it was made (the ledger then, the runs before it, its
 * instant): the ledger core is pure, so it pays the same partners the same amounts for the same entries.
 */
export async function payoutRunFile(store: Store, workspaceId: string, runId: string, format: PayoutFileFormat, key: Buffer): Promise<string> {
  const run = await payoutRunNamed(store, workspaceId, runId);
  const program = await programNamed(store, workspaceId, run.program_id);
  const workspace = await store.getWorkspace(workspaceId);
  const made = Date.parse(run.created_at);
  const entries = (await ledgerOf(store, workspaceId, { program_id: program.id })).filter((e) => Date.parse(e.created_at) <= made && e.payout_run_id !== run.id);
  const before = (await store.listPayoutRuns(workspaceId, program.id)).filter((r) => r.through < run.through);
  const result = payoutRun({ program, entries, runs: before, through: run.through, timeZone: workspace?.timezone ?? 'UTC', now: run.created_at });
  return fileOf(store, result, format, key);
}
