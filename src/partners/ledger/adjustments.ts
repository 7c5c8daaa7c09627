/**
 * Adjustments a manager or a contract makes rather than a conversion: influencer retainers and
 * manual bonuses. Both are `adjustment` entries that earn like commissions (held for the
 * programme's hold period, then approved and paid).
 */
import Big from 'big.js';
import type { LedgerEntry, Partner, Program } from '../../records/partners.js';
import { invalid } from '../../shared/errors.js';
import { ledgerEntry } from './entry.js';
import { addDays, addMonths, localCalendar } from './local-time.js';
import { money } from './money.js';

const isDate = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && Number.isFinite(Date.parse(`${d}T00:00:00Z`));
const decimal = /^-?\d{1,15}(\.\d{1,12})?$/;

/**
 * The retainer entries of `partner` due from its retainer's `from` date through local date
 * `through` (inclusive) that `existing` lacks: once on `from`; weekly on `from` and every 7 days
 * after; monthly on `from`'s day of each month (the 31st is the month's last day in shorter
 * months). Each is an `adjustment` with reason `retainer`, key `retainer:<partner>:<date>`,
 * dated at local midnight of its date in `timeZone`.
 * @example retainerEntries({ partner, program, through: '2026-03-31', existing, timeZone: 'UTC', now }) // 3 entries for a monthly retainer from 2026-01-15
 */
export function retainerEntries(input: { partner: Partner; program: Program; through: string; existing: readonly LedgerEntry[]; timeZone: string; now: string }): LedgerEntry[] {
  const { partner, program, through } = input;
  const retainer = partner.retainer;
  if (!retainer) return [];
  if (!isDate(through)) throw invalid('through', `must be a date YYYY-MM-DD, got ${JSON.stringify(through)}`);
  if (!isDate(retainer.from)) throw invalid('retainer.from', `must be a date YYYY-MM-DD, got ${JSON.stringify(retainer.from)}`);
  if (!decimal.test(retainer.amount) || new Big(retainer.amount).lte(0)) throw invalid('retainer.amount', 'must be a positive decimal amount');
  const keys = new Set(input.existing.map((e) => e.key));
  const calendar = localCalendar(input.timeZone);
  const out: LedgerEntry[] = [];
  for (let i = 0; ; i++) {
    const date = retainer.cadence === 'weekly' ? addDays(retainer.from, 7 * i) : addMonths(retainer.from, i);
    if (date > through || (retainer.cadence === 'once' && i > 0)) break;
    const key = `retainer:${partner.id}:${date}`;
    if (keys.has(key)) continue;
    out.push(ledgerEntry(program, {
      partner_id: partner.id, kind: 'adjustment', reason: 'retainer', amount: money(new Big(retainer.amount), program.currency), key,
      occurred_at: new Date(calendar.midnight(date)).toISOString(), created_at: input.now, note: `${retainer.cadence} retainer`,
    }));
  }
  return out;
}

/**
 * A manual bonus (or, negative, a deduction) for a partner: an `adjustment` with reason `bonus`,
 * key `bonus:<key>` (the caller's idempotency key: the same key twice is one bonus), dated `at`.
 * Refuses an amount that is not a nonzero decimal (`amount`) and a missing note (`note`: every
 * manual change says why).
 */
export function bonusEntry(input: { program: Program; partnerId: string; amount: string; note: string; key: string; at: string; now: string }): LedgerEntry {
  const { program } = input;
  if (!decimal.test(input.amount) || new Big(input.amount).eq(0)) throw invalid('amount', `must be a nonzero decimal amount, got ${JSON.stringify(input.amount)}`);
  if (new Big(money(new Big(input.amount), program.currency)).eq(0)) throw invalid('amount', `rounds to 0 in ${program.currency}`);
  if (typeof input.note !== 'string' || input.note.trim() === '') throw invalid('note', 'a bonus says why');
  if (!Number.isFinite(Date.parse(input.at))) throw invalid('at', 'must be an ISO instant');
  return ledgerEntry(program, {
    partner_id: input.partnerId, kind: 'adjustment', reason: 'bonus', amount: money(new Big(input.amount), program.currency), key: `bonus:${input.key}`,
    occurred_at: input.at, created_at: input.now, note: input.note.trim(),
  });
}
