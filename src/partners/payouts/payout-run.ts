/**
 * A payout run (design.md "Partners"): `payouts run --through DATE` pays each partner what was
 * approved on or before local date DATE (in the workspace zone) and by now, net of unpaid
 * clawbacks, when that is positive and at least the programme's `min_payout`; everyone else with
 * something approved is listed in `carried_over` with the amount carried (possibly negative:
 * clawbacks larger than what is approved wait for later earnings). A DATE at or before the
 * programme's last run is refused with 409 `already_paid`. The run id is derived from the
 * programme and DATE, so a dry run and the real run name the same run.
 */
import Big from 'big.js';
import type { LedgerEntry, PayoutRun, Program } from '../../records/partners.js';
import { AppError, invalid } from '../../shared/errors.js';
import { localMidnight, addDays } from '../../metrics/time-zone.js';
import { coverable, entryId, hashedId, ledgerView, money, paidIds, type Earning } from '../ledger/index.js';

export interface PartnerPayout {
  partner: string;
  /** Positive: what the partner is paid. */
  amount: string;
  currency: string;
  /** The entries this payout settles (commissions, adjustments, clawbacks; reversals are netted in their commissions). */
  entries: LedgerEntry[];
}

export interface CarriedOver {
  partner: string;
  amount: string;
  currency: string;
}

export interface PayoutRunResult {
  run: PayoutRun;
  payouts: PartnerPayout[];
  carried_over: CarriedOver[];
  /** The `payout` entries to append (negative amounts, key `payout:<run>:<partner>`, ref the run). */
  entries: LedgerEntry[];
}

export interface PayoutRunInput {
  program: Program;
  /** The programme's whole ledger. */
  entries: readonly LedgerEntry[];
  /** The programme's earlier runs. */
  runs: readonly PayoutRun[];
  /** Local date YYYY-MM-DD, inclusive. */
  through: string;
  timeZone: string;
  /** ISO instant of the run: the payout entries' `created_at` and the run's. */
  now: string;
}

/**
 * The payouts of one run; the caller stores `run` and `entries` together (or nothing, on `--dry-run`).
 * @example payoutRun({ program, entries, runs, through: '2026-03-31', timeZone: 'Asia/Tehran', now }).payouts
 */
export function payoutRun(input: PayoutRunInput): PayoutRunResult {
  const { program, through } = input;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(through) || !Number.isFinite(Date.parse(`${through}T00:00:00Z`))) throw invalid('through', `must be a date YYYY-MM-DD, got ${JSON.stringify(through)}`);
  const last = input.runs.filter((r) => r.program_id === program.id).map((r) => r.through).sort().at(-1);
  if (last !== undefined && through <= last) {
    throw new AppError('already_paid', `programme ${program.id} was already paid through ${last}: run through a later date`, [{ path: 'through', message: `at or before the last run (${last})` }]);
  }
  const throughEnd = localMidnight(addDays(through, 1), input.timeZone);
  const madeAt = Date.parse(input.now);
  const runId = `pr_${hashedId(program.workspace_id, `payout-run:${program.id}:${through}`).slice(3)}`;
  const view = ledgerView(input.entries, program);
  // What earlier runs paid is found the way the statuses find it.
  const covered = paidIds(view);
  const byPartner = new Map<string, { earnings: Earning[]; clawbacks: LedgerEntry[] }>();
  const slot = (partner: string) => byPartner.get(partner) ?? byPartner.set(partner, { earnings: [], clawbacks: [] }).get(partner)!;
  for (const e of view.earnings.values()) if (!covered.has(e.entry.id)) slot(e.entry.partner_id).earnings.push(e);
  for (const c of view.clawbacks) if (!covered.has(c.id)) slot(c.partner_id).clawbacks.push(c);
  const minimum = new Big(program.min_payout);
  const result: PayoutRunResult = {
    run: { id: runId, workspace_id: program.workspace_id, program_id: program.id, through, created_at: input.now, paid_reference: null, paid_at: null },
    payouts: [], carried_over: [], entries: [],
  };
  for (const partner of [...byPartner.keys()].sort()) {
    const open = byPartner.get(partner)!;
    const due = coverable(open.earnings, open.clawbacks, throughEnd, madeAt);
    if (due.earnings.length === 0 && due.clawbacks.length === 0) continue;
    const amount = money(due.amount, program.currency);
    if (due.amount.lte(0) || due.amount.lt(minimum)) {
      result.carried_over.push({ partner, amount, currency: program.currency });
      continue;
    }
    result.payouts.push({ partner, amount, currency: program.currency, entries: [...due.earnings.map((e) => e.entry), ...due.clawbacks] });
    const key = `payout:${runId}:${partner}`;
    result.entries.push({
      id: entryId(program.workspace_id, key), workspace_id: program.workspace_id, program_id: program.id, partner_id: partner, kind: 'payout',
      amount: money(due.amount.times(-1), program.currency), currency: program.currency, key, ref: runId, order_id: null, rule_id: null, refund_id: null,
      payout_run_id: runId, reason: null, fraud_score: null, held: false, occurred_at: new Date(throughEnd).toISOString(), created_at: input.now,
      note: `payout through ${through}`,
    });
  }
  return result;
}
