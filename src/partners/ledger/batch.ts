/**
 * One batch of commission work: the programme, its compiled rules, the index of what the ledger
 * holds and the entries made so far. Each entry made goes into the index at once, so later
 * conversions of the batch see it (a re-sent order inside one batch pays once too).
 */
import type { LedgerEntry, Partner, Program } from '../../records/partners.js';
import type { LedgerIndex, SaleRecord } from './ledger-index.js';
import type { CompiledRule } from './program-rules.js';
import { ledgerEntry, type EntryFields } from './entry.js';
import { minorDigits } from '../../money/currency.js';
import { compare, fixed, minus, parseDecimal, roundTo, type Decimal, type Units } from './exact-decimal.js';

/** An amount made for an entry: its minor units, as written, and the note when a cap cut it. */
export interface Made {
  units: Units;
  amount: string;
  note: string | null;
}

export class CommissionBatch {
  readonly made: LedgerEntry[] = [];
  /** Parent id → its children (for paying overrides when the parent's first sale of a month arrives). */
  readonly children = new Map<string, string[]>();
  /** The currency's minor digits (EUR 2, IRR 0). */
  readonly digits: number;
  /** The override percent as a fraction (2 → 0.02), if the programme pays overrides. */
  readonly overrideRate: Decimal | null;

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
    this.digits = minorDigits(program.currency);
    const percent = program.override_percent === undefined ? null : parseDecimal(program.override_percent);
    this.overrideRate = percent && { units: percent.units, scale: percent.scale + 2 };
  }

  /** Makes the entry (id from its key), adds it to the index (at instant `at`, amount `units` in minor units, of `sale` when it is a sale's) and to what the batch answers. */
  emit(fields: Omit<EntryFields, 'created_at'>, at: number, units: Units, sale?: SaleRecord): LedgerEntry {
    const entry = ledgerEntry(this.program, Object.assign(fields, { created_at: this.now }));
    this.index.add(entry, at, { units, scale: this.digits }, sale);
    this.made.push(entry);
    return entry;
  }

  /** `value` rounded half-even to the minor unit, as money.ts's `money` writes it. */
  money(value: Decimal): Made {
    const units = roundTo(value.units, value.scale, this.digits, 'half-even');
    return { units, amount: fixed(units, this.digits), note: null };
  }

  /** `value` rounded half-even to the minor unit and cut to what remains of `rule`'s cap for the partner in the period of `at`; `note` says when it was cut. */
  capped(rule: CompiledRule, partner: string, at: number, value: Decimal): Made {
    if (!rule.cap || value.units <= 0) return this.money(value);
    const left = minus(rule.cap.amount, this.index.capSum(rule.rule.id, partner, at, rule.cap.per));
    if (compare(value, left) <= 0) return this.money(value);
    // Rounded down: the cap is never passed.
    const units = left.units > 0 ? roundTo(left.units, left.scale, this.digits, 'down') : 0;
    return { units, amount: fixed(units, this.digits), note: `cap of ${rule.cap.text} ${this.program.currency} per ${rule.cap.per} reached` };
  }
}
