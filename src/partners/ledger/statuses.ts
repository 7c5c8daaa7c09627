/**
 * Derived statuses (design.md "Partners": stored rows are never updated). An earning entry (a
 * commission, or an adjustment other than a review mark) is:
 *
 * - `reversed` once reversals referencing it bring it to 0;
 * - `held` while created held and no review (`review:<id>`) released or rejected it;
 * - `paid` once a payout entry of its partner covers it;
 * - `approved` from `occurred_at` + `hold_days` (or its review, if later) on, `pending` before.
 *
 * A reversal and a review mark take the status of the entry they reference. A clawback is
 * approved when made and paid once a payout covers it (it is netted into that payout). A payout
 * is paid. A payout entry covers, of its partner's entries not covered by an earlier payout,
 * those approved before the end of its `through` day (its `occurred_at`) and by the time it was
 * made (its `created_at`), as they stood then: `payoutRun` pays exactly what this finds.
 */
import Big from 'big.js';
import type { LedgerEntry, LedgerStatus, Program } from '../../records/partners.js';
import { minorDigits } from '../../money/currency.js';
import { zero } from './money.js';

const day = 86_400_000;

/** An earning entry with what references it. */
export interface Earning {
  entry: LedgerEntry;
  reversals: LedgerEntry[];
  review: LedgerEntry | undefined;
  approvedAt: number;
}

/** The programme's ledger read for statuses and payouts. */
export interface LedgerView {
  earnings: Map<string, Earning>;
  clawbacks: LedgerEntry[];
  payouts: LedgerEntry[];
  /** Entries referencing an earning (reversals, review marks): their earning's id. */
  follows: Map<string, string>;
}

const isReviewMark = (e: LedgerEntry) => e.kind === 'adjustment' && e.reason === 'review';

/** Reads the ledger into earnings and what references them. */
export function ledgerView(entries: readonly LedgerEntry[], program: Program): LedgerView {
  const earnings = new Map<string, Earning>();
  const view: LedgerView = { earnings, clawbacks: [], payouts: [], follows: new Map() };
  for (const e of entries) {
    if (e.kind === 'commission' || (e.kind === 'adjustment' && !isReviewMark(e))) {
      earnings.set(e.id, { entry: e, reversals: [], review: undefined, approvedAt: Date.parse(e.occurred_at) + program.hold_days * day });
    } else if (e.kind === 'clawback') view.clawbacks.push(e);
    else if (e.kind === 'payout') view.payouts.push(e);
  }
  for (const e of entries) {
    const earning = e.ref === null ? undefined : earnings.get(e.ref);
    if (!earning || !(e.kind === 'reversal' || isReviewMark(e))) continue;
    view.follows.set(e.id, earning.entry.id);
    if (e.kind === 'reversal') earning.reversals.push(e);
    if (e.key === `review:${earning.entry.id}`) earning.review = e;
  }
  for (const earning of earnings.values()) {
    if (earning.entry.held && earning.review) earning.approvedAt = Math.max(earning.approvedAt, Date.parse(earning.review.created_at));
  }
  view.payouts.sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at) || (a.id < b.id ? -1 : 1));
  return view;
}

/** The earning's amount net of its reversals made by `asOf` (ms; Infinity: all). */
export function netOf(earning: Earning, asOf = Infinity): Big {
  let net = new Big(earning.entry.amount);
  for (const r of earning.reversals) if (Date.parse(r.created_at) <= asOf) net = net.plus(r.amount);
  return net;
}

function reversedAsOf(earning: Earning, asOf: number): boolean {
  return earning.reversals.some((r) => Date.parse(r.created_at) <= asOf) && netOf(earning, asOf).eq(0);
}

function heldAsOf(earning: Earning, asOf: number): boolean {
  return earning.entry.held && !(earning.review && Date.parse(earning.review.created_at) <= asOf);
}

/** What a payout made at `madeAt` for `through` (the end of its last day, exclusive) covers of one partner's uncovered entries. */
export function coverable(earnings: Iterable<Earning>, clawbacks: Iterable<LedgerEntry>, throughEnd: number, madeAt: number): { earnings: Earning[]; clawbacks: LedgerEntry[]; amount: Big } {
  const limit = Math.min(throughEnd - 1, madeAt);
  const out = { earnings: [] as Earning[], clawbacks: [] as LedgerEntry[], amount: zero };
  for (const earning of earnings) {
    if (Date.parse(earning.entry.created_at) > madeAt || earning.approvedAt > limit) continue;
    if (heldAsOf(earning, madeAt) || reversedAsOf(earning, madeAt)) continue;
    out.earnings.push(earning);
    out.amount = out.amount.plus(netOf(earning, madeAt));
  }
  for (const c of clawbacks) {
    if (Date.parse(c.created_at) > madeAt || Date.parse(c.occurred_at) > limit) continue;
    out.clawbacks.push(c);
    out.amount = out.amount.plus(c.amount);
  }
  return out;
}

/** Ids of the entries the view's payouts cover, in payout order. */
export function paidIds(view: LedgerView): Set<string> {
  const paid = new Set<string>();
  const byPartner = new Map<string, { earnings: Earning[]; clawbacks: LedgerEntry[] }>();
  const of = (p: string) => byPartner.get(p) ?? byPartner.set(p, { earnings: [], clawbacks: [] }).get(p)!;
  for (const e of view.earnings.values()) of(e.entry.partner_id).earnings.push(e);
  for (const c of view.clawbacks) of(c.partner_id).clawbacks.push(c);
  for (const payout of view.payouts) {
    const open = of(payout.partner_id);
    const covered = coverable(open.earnings.filter((e) => !paid.has(e.entry.id)), open.clawbacks.filter((c) => !paid.has(c.id)), Date.parse(payout.occurred_at), Date.parse(payout.created_at));
    for (const e of covered.earnings) paid.add(e.entry.id);
    for (const c of covered.clawbacks) paid.add(c.id);
  }
  return paid;
}

/**
 * The status of every entry of one programme's ledger at instant `now` (ISO), by entry id.
 * @example ledgerStatuses(entries, program, '2026-03-01T00:00:00Z').get(entry.id) // 'approved'
 */
export function ledgerStatuses(entries: readonly LedgerEntry[], program: Program, now: string): Map<string, LedgerStatus> {
  const view = ledgerView(entries, program);
  const paid = paidIds(view);
  const at = Date.parse(now);
  const statuses = new Map<string, LedgerStatus>();
  for (const earning of view.earnings.values()) {
    const id = earning.entry.id;
    const status: LedgerStatus = reversedAsOf(earning, Infinity) ? 'reversed'
      : paid.has(id) ? 'paid'
        : heldAsOf(earning, Infinity) ? 'held'
          : earning.approvedAt <= at ? 'approved' : 'pending';
    statuses.set(id, status);
  }
  for (const e of entries) {
    if (statuses.has(e.id)) continue;
    const followed = view.follows.get(e.id);
    if (followed !== undefined) statuses.set(e.id, statuses.get(followed)!);
    else if (e.kind === 'payout' || paid.has(e.id)) statuses.set(e.id, 'paid');
    else statuses.set(e.id, 'approved');
  }
  return statuses;
}

/** What the partner is owed and has been paid: sums of entry amounts by status, `paid` cumulative (the payouts). */
export interface LedgerBalance {
  pending: string;
  held: string;
  approved: string;
  paid: string;
}

/**
 * The balance of `entries` (one partner's, or a programme's) under `statuses`, as decimal strings
 * with the currency's minor digits: reversals count where the entry they reverse counts, a
 * reversed entry counts nowhere (amounts written with `currency`'s minor digits), an unpaid clawback lowers `approved`, and `paid` is the sum of
 * the payouts. Money is conserved: the sum of every entry but payouts = pending + held + approved + paid.
 */
export function ledgerBalance(entries: readonly LedgerEntry[], statuses: ReadonlyMap<string, LedgerStatus>, currency: string): LedgerBalance {
  const digits = minorDigits(currency);
  const totals = { pending: zero, held: zero, approved: zero, paid: zero };
  for (const e of entries) {
    if (e.kind === 'payout') totals.paid = totals.paid.minus(e.amount);
    else {
      const status = statuses.get(e.id);
      if (status === 'pending' || status === 'held' || status === 'approved') totals[status] = totals[status].plus(e.amount);
    }
  }
  const text = (v: Big) => v.toFixed(digits);
  return { pending: text(totals.pending), held: text(totals.held), approved: text(totals.approved), paid: text(totals.paid) };
}
