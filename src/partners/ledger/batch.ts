/**
 * One batch of commission work: the programme, its compiled rules, the index of what the ledger
 * holds and the entries made so far. Each entry made goes into the index at once, so later
 * conversions of the batch see it (a re-sent order inside one batch pays once too).
 */
import Big from 'big.js';
import type { LedgerEntry, Partner, Program } from '../../records/partners.js';
import type { LedgerIndex } from './ledger-index.js';
import type { CompiledRule } from './program-rules.js';
import { ledgerEntry, type EntryFields } from './entry.js';
import { minorDigits } from '../../money/currency.js';
import { money, zero } from './money.js';

export class CommissionBatch {
  readonly made: LedgerEntry[] = [];
  /** Parent id → its children (for paying overrides when the parent's first sale of a month arrives). */
  readonly children = new Map<string, string[]>();

  constructor(
    readonly program: Program,
    readonly rules: CompiledRule[],
    readonly index: LedgerIndex,
    readonly partners: ReadonlyMap<string, Partner>,
    readonly now: string,
  ) {
    for (const p of partners.values()) {
      if (p.parent_id === null) continue;
      const list = this.children.get(p.parent_id) ?? [];
      list.push(p.id);
      this.children.set(p.parent_id, list);
    }
  }

  /** Makes the entry (id from its key), adds it to the index and to what the batch answers. */
  emit(fields: Omit<EntryFields, 'created_at'>): LedgerEntry {
    const entry = ledgerEntry(this.program, Object.assign(fields, { created_at: this.now }));
    this.index.add(entry);
    this.made.push(entry);
    return entry;
  }

  /** `value` (already rounded) cut to what remains of `rule`'s cap for the partner in the period of `at`; `capped` says whether it was cut. */
  capped(rule: CompiledRule, partner: string, at: number, value: Big): { amount: string; note: string | null } {
    if (!rule.cap || value.lte(0)) return { amount: money(value, this.program.currency), note: null };
    const used = this.index.capUsed.get(this.index.capKey(rule.rule.id, partner, at, rule.cap.per)) ?? zero;
    const left = rule.cap.amount.minus(used);
    if (value.lte(left)) return { amount: money(value, this.program.currency), note: null };
    // Rounded down: the cap is never passed.
    const amount = left.gt(0) ? left.round(minorDigits(this.program.currency), Big.roundDown) : zero;
    return { amount: money(amount, this.program.currency), note: `cap of ${rule.cap.amount.toFixed()} ${this.program.currency} per ${rule.cap.per} reached` };
  }
}
