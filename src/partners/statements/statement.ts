/**
 * A partner's statement for a period (issue 16): the period's ledger entries with their derived
 * statuses, the totals, and the payouts. Pure: ledger rows and their statuses in, content out;
 * `statement-html.ts` lays it out for the PDF.
 */
import Big from 'big.js';
import type { LedgerEntry, LedgerKind, LedgerReason, LedgerStatus } from '../../records/partners.js';
import { localDate } from '../../metrics/time-zone.js';
import { minorDigits } from '../../money/currency.js';
import type { StatementLanguage } from './messages.js';

export interface StatementEntry {
  id: string;
  /** The local date (workspace time zone) the entry's event happened. */
  date: string;
  kind: LedgerKind;
  order_id: string | null;
  /** Signed, in the programme's currency, as the ledger holds it. */
  amount: string;
  /** The status derived now; a reversal or clawback shows its commission's. */
  status: LedgerStatus;
  reason: LedgerReason | null;
}

export interface StatementPayout {
  id: string;
  date: string;
  /** What was paid to the partner: the payout entry's amount negated (positive). */
  amount: string;
  payout_run_id: string | null;
}

/** Every status with its net amount (the non-payout entries of the period, each under its status). */
export type StatusTotals = Record<LedgerStatus, string>;

export interface Statement {
  partner: { id: string; name: string };
  program: { id: string; name: string };
  currency: string;
  language: StatementLanguage;
  /** Inclusive local dates. */
  from: string;
  to: string;
  /** Local date the statement was made. */
  issued: string;
  /** The period's entries other than payouts, oldest first. */
  entries: StatementEntry[];
  totals: {
    /** Commissions and adjustments (signed sum). */
    earned: string;
    /** Reversals and clawbacks (negative or 0). */
    reversed: string;
    /** earned + reversed = the sum of `by_status`. */
    net: string;
    by_status: StatusTotals;
    /** The period's payouts (positive). */
    paid_out: string;
  };
  payouts: StatementPayout[];
}

export interface StatementInput {
  partner: { id: string; name: string; language: StatementLanguage };
  program: { id: string; name: string; currency: string };
  from: string;
  to: string;
  timeZone: string;
  /** The partner's ledger entries (any period: those outside it are left out). */
  entries: readonly LedgerEntry[];
  /** Derived statuses by entry id (the ledger core's `ledgerStatuses`). */
  statuses: ReadonlyMap<string, LedgerStatus>;
  /** ISO instant the statement is made. */
  now: string;
}

/** A total to the currency's minor unit (EUR 2 places, IRR 0). */
const fixed = (x: Big, currency: string) => x.toFixed(minorDigits(currency));

/**
 * The statement of one partner for the inclusive local dates `from`…`to`: the entries whose event
 * (`occurred_at`) falls in the period, their statuses, the totals and the payouts.
 *
 * @example
 *   // commission +10.00 (approved), reversal −4.00 of it, payout −6.00 → earned 10.00, reversed −4.00, net 6.00,
 *   // by_status.approved 6.00 (or paid 6.00 once the payout covers it), paid_out 6.00
 */
export function buildStatement(input: StatementInput): Statement {
  const { partner, program, timeZone } = input;
  const inPeriod = input.entries
    .filter((e) => e.partner_id === partner.id)
    .map((e) => ({ entry: e, date: localDate(Date.parse(e.occurred_at), timeZone) }))
    .filter(({ date }) => date >= input.from && date <= input.to)
    .sort((a, b) => a.entry.occurred_at.localeCompare(b.entry.occurred_at) || a.entry.id.localeCompare(b.entry.id));
  const byStatus: Record<LedgerStatus, Big> = { pending: new Big(0), held: new Big(0), approved: new Big(0), paid: new Big(0), reversed: new Big(0) };
  let earned = new Big(0);
  let reversed = new Big(0);
  let paidOut = new Big(0);
  const entries: StatementEntry[] = [];
  const payouts: StatementPayout[] = [];
  for (const { entry, date } of inPeriod) {
    if (entry.kind === 'payout') {
      const amount = new Big(entry.amount).times(-1);
      paidOut = paidOut.plus(amount);
      payouts.push({ id: entry.id, date, amount: fixed(amount, program.currency), payout_run_id: entry.payout_run_id });
      continue;
    }
    const status = input.statuses.get(entry.id) ?? 'pending';
    const amount = new Big(entry.amount);
    if (entry.kind === 'reversal' || entry.kind === 'clawback') reversed = reversed.plus(amount);
    else earned = earned.plus(amount);
    byStatus[status] = byStatus[status].plus(amount);
    entries.push({ id: entry.id, date, kind: entry.kind, order_id: entry.order_id, amount: entry.amount, status, reason: entry.reason });
  }
  const c = program.currency;
  return {
    partner: { id: partner.id, name: partner.name },
    program: { id: program.id, name: program.name },
    currency: c,
    language: partner.language,
    from: input.from,
    to: input.to,
    issued: localDate(Date.parse(input.now), timeZone),
    entries,
    totals: {
      earned: fixed(earned, c),
      reversed: fixed(reversed, c),
      net: fixed(earned.plus(reversed), c),
      by_status: Object.fromEntries(Object.entries(byStatus).map(([s, v]) => [s, fixed(v, c)])) as StatusTotals,
      paid_out: fixed(paidOut, c),
    },
    payouts,
  };
}
