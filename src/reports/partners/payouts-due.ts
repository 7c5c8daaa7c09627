/**
 * Payouts due (issue 16): per partner of a programme, the approved balance net of clawbacks (what
 * the next payout run would pay), against the programme's minimum, and the next payout date of
 * its schedule: weekly runs on Mondays, monthly on the 1st, manual has none.
 */
import Big from 'big.js';
import { localDate } from '../../metrics/time-zone.js';
import type { LedgerEntry, Partner, Program } from '../../records/partners.js';
import { ledgerBalance, ledgerStatuses } from '../../partners/ledger/index.js';

export interface PayoutDue {
  partner_id: string;
  name: string;
  /** Approved, not yet paid, net of clawbacks (may be negative: a clawback carried forward). */
  approved: string;
  /** Pending and held: not payable yet. */
  pending: string;
  held: string;
  /** approved ≥ the programme's minimum (and above 0). */
  due: boolean;
}

/**
 * Each partner's balance due at `now`, ordered by partner id.
 * @example partner with approved 30.00, min_payout 25.00 → { approved: '30.00', due: true }
 */
export function payoutsDue(program: Program, partners: readonly Partner[], entries: readonly LedgerEntry[], now: string): PayoutDue[] {
  const byPartner = new Map<string, LedgerEntry[]>();
  for (const e of entries) (byPartner.get(e.partner_id) ?? byPartner.set(e.partner_id, []).get(e.partner_id)!).push(e);
  const minimum = new Big(program.min_payout);
  return partners.map((p) => {
    const own = byPartner.get(p.id) ?? [];
    const balance = ledgerBalance(own, ledgerStatuses(own, program, now), program.currency);
    const approved = new Big(balance.approved);
    return { partner_id: p.id, name: p.name, approved: balance.approved, pending: balance.pending, held: balance.held, due: approved.gt(0) && approved.gte(minimum) };
  });
}

/** Today in the time zone, for the schedule. */
export const todayIn = (timeZone: string, now: Date): string => localDate(now.getTime(), timeZone);
