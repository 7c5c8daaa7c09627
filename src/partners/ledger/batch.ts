/**
 * One batch of commission work: the programme, its compiled rules, the index of what the ledger
 * holds and the entries made so far. Each entry made goes into the index at once, so later
 * conversions of the batch see it (a re-sent order inside one batch pays once too).
 */
import Big from 'big.js';
import type { LedgerEntry, Partner, Program } from '../../records/partners.js';
import type { LedgerIndex, SaleRecord } from './ledger-index.js';
import type { CompiledRule } from './program-rules.js';
import { entryId } from './entry.js';
import { minorDigits } from '../../money/currency.js';
import { roundMoney, written, zero } from './money.js';

/** What a commission, tier adjustment or override states (`order_amount` undefined on a lead's or click's: not written). */
export type MadeFields = Pick<LedgerEntry, 'partner_id' | 'kind' | 'reason' | 'amount' | 'key' | 'occurred_at' | 'ref' | 'order_id' | 'rule_id' | 'share' | 'customer' | 'held' | 'fraud_score' | 'note'>
  & { order_amount: string | undefined };

export class CommissionBatch {
  readonly made: LedgerEntry[] = [];
  /** Parent id → its children (for paying overrides when the parent's first sale of a month arrives). */
  readonly children = new Map<string, string[]>();
  /** Child id → its parent, when the programme pays overrides and the parent is approved. */
  readonly approvedParent = new Map<string, string>();
  /** The programme's override percentage, if it pays overrides. */
  readonly overridePercent: Big | null;

  constructor(
    readonly program: Program,
    readonly rules: CompiledRule[],
    readonly index: LedgerIndex,
    readonly partners: ReadonlyMap<string, Partner>,
    readonly now: string,
  ) {
    this.overridePercent = program.override_percent === undefined ? null : new Big(program.override_percent);
    for (const p of partners.values()) {
      if (p.parent_id === null) continue;
      const list = this.children.get(p.parent_id) ?? [];
      list.push(p.id);
      this.children.set(p.parent_id, list);
      if (this.overridePercent !== null && partners.get(p.parent_id)?.status === 'approved') this.approvedParent.set(p.id, p.parent_id);
    }
  }

  /**
   * Makes the entry (id from its key), adds it to the index (`sale`: the sale it is a commission
   * or tier adjustment of, null otherwise; `at`: `occurred_at` as an instant; `value`: `amount`)
   * and to what the batch answers. One object shape for every entry of a batch, its fields in the
   * order `ledgerEntry` writes them.
   */
  emit(f: MadeFields, sale: SaleRecord | null, at: number, value: Big): LedgerEntry {
    const { program } = this;
    const entry: LedgerEntry = {
      id: entryId(program.workspace_id, f.key), workspace_id: program.workspace_id, program_id: program.id, currency: program.currency,
      ref: f.ref, order_id: f.order_id, rule_id: f.rule_id, refund_id: null, payout_run_id: null, reason: f.reason, fraud_score: f.fraud_score,
      held: f.held, note: f.note, partner_id: f.partner_id, kind: f.kind, amount: f.amount, key: f.key, occurred_at: f.occurred_at,
      order_amount: f.order_amount, share: f.share, customer: f.customer, created_at: this.now,
    };
    this.index.addMade(entry, sale, at, value);
    this.made.push(entry);
    return entry;
  }

  private uncapped(value: Big): { amount: string; value: Big; note: null } {
    return { amount: written(value, this.program.currency), value, note: null };
  }

  /** `value` (already rounded) cut to what remains of `rule`'s cap for the partner in the period of `at`, written (`amount`) and as a value; `note` says when it was cut. */
  capped(rule: CompiledRule, partner: string, at: number, value: Big): { amount: string; value: Big; note: string | null } {
    const { currency } = this.program;
    if (!rule.cap || value.lte(0)) return this.uncapped(value);
    const used = this.index.capUsed(rule.rule.id, partner, at, rule.cap.per);
    const left = rule.cap.amount.minus(used);
    if (value.lte(left)) return this.uncapped(value);
    // Rounded down: the cap is never passed.
    const amount = roundMoney(left.gt(0) ? left.round(minorDigits(currency), Big.roundDown) : zero, currency);
    return { amount: written(amount, currency), value: amount, note: `cap of ${rule.cap.amount.toFixed()} ${currency} per ${rule.cap.per} reached` };
  }
}
