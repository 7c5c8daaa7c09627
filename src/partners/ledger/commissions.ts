/**
 * Commission entries for credited conversions (issue 16; design.md "Partners"). Rules, in the
 * order they apply to one conversion:
 *
 * - One commission per conversion id and rule (`commission:<id>:<rule>`; with `:<partner>` added
 *   when the programme pays by attribution, where one order has several partners): an id already
 *   in the ledger or earlier in the batch pays nothing again.
 * - Per sale: percent × amount × share, or flat × share; per lead or click: flat × share. A rule
 *   with `product` pays only on sales whose product or category is it. Rounded half-even to the
 *   currency's minor unit.
 * - Tiers: `min_sales` counts the partner's credited sales of the local calendar month not wholly
 *   reversed, this one included; the highest tier reached rates this sale. With `retroactive`,
 *   reaching a higher tier re-rates the month's earlier sales: an `adjustment` (reason `tier`,
 *   key `tier:<order>:<rule>:<tier>`) brings each to the new rate on its full amount, dated at
 *   the sale that crossed. A refund never re-rates a month.
 * - Recurring: without `months` a rule pays on a customer's first credited sale to the partner
 *   only; with `months` N also on the customer's later sales before the same instant N months
 *   after the first (0: for life). A sale without a known customer is its own first.
 * - Caps: what a rule pays one partner per local day or month (commissions and tier adjustments,
 *   reversals not given back) is cut to what remains of the cap, rounded down; a sale cut to 0
 *   still gets its entry (it is credited and counts for tiers).
 * - Fraud: a conversion scored at or over the programme's threshold gives held entries carrying
 *   the score and its reasons.
 * - Overrides: see `overrides.ts`.
 */
import Big from 'big.js';
import type { CreditedConversion } from '../credited-conversion.js';
import type { LedgerEntry, Partner, Program } from '../../records/partners.js';
import { CommissionBatch } from './batch.js';
import { checkConversions } from './conversion-checks.js';
import { LedgerIndex } from './ledger-index.js';
import { localCalendar } from './local-time.js';
import { joinNotes, roundMoney } from './money.js';
import { payChildOverride, payPendingOverrides } from './overrides.js';
import { compileRules, rateFor, ruleApplies, type CompiledRule } from './program-rules.js';
import { rerateMonth } from './tier-rerating.js';

export interface CommissionInput {
  program: Program;
  /** The programme's partners by id (parents included, for overrides). */
  partners: ReadonlyMap<string, Partner>;
  /** The workspace's IANA time zone: calendar months for tiers, local days and months for caps. */
  timeZone: string;
  /** The programme's ledger as stored (any order). */
  existing: readonly LedgerEntry[];
  /** New credited conversions of this programme (sorted by `occurred_at` here when they are not). */
  conversions: readonly CreditedConversion[];
  /** ISO instant written as the new entries' `created_at`. */
  now: string;
}

const one = new Big(1);

/** The recurring limit: the instant `months` calendar months (UTC) after `ms`. */
function monthsAfter(ms: number, months: number): number {
  const d = new Date(ms);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(d.getUTCDate(), last), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

function commissionKey(c: CreditedConversion, rule: CompiledRule): string {
  return c.via === 'model' ? `commission:${c.id}:${rule.rule.id}:${c.partner_id}` : `commission:${c.id}:${rule.rule.id}`;
}

/**
 * The new ledger entries for `conversions` (kind `commission`, and `adjustment` for retroactive
 * tiers), never one whose key the ledger or the batch already holds. Refuses (400
 * `invalid_input`, nothing made) a programme that cannot be evaluated and conversions that are
 * not of it (`conversions.3.amount` …).
 * @example commissionEntries({ program, partners, timeZone: 'Asia/Tehran', existing, conversions, now })
 */
export function commissionEntries(input: CommissionInput): LedgerEntry[] {
  const { program, partners } = input;
  const rules = compileRules(program);
  const conversions = checkConversions(input.conversions, program, partners);
  const calendar = localCalendar(input.timeZone);
  const capPeriods = new Map(rules.filter((r) => r.cap).map((r) => [r.rule.id, r.cap!.per] as const));
  const batch = new CommissionBatch(program, rules, LedgerIndex.of(input.existing, calendar, capPeriods), partners, input.now);
  const saleRules = rules.filter((r) => r.rule.event === 'sale');
  const otherRules = rules.filter((r) => r.rule.event !== 'sale');
  for (const c of conversions) {
    if (c.event === 'sale') creditSale(batch, saleRules, c);
    else creditOther(batch, otherRules, c);
  }
  return batch.made;
}

function creditSale(batch: CommissionBatch, rules: CompiledRule[], c: CreditedConversion): void {
  const { index, program } = batch;
  const at = Date.parse(c.occurred_at);
  const held = c.fraud_score !== null && c.fraud_score >= program.fraud_threshold;
  const fraudNote = c.fraud_reasons.length > 0 ? c.fraud_reasons.join('; ') : null;
  let sale = index.sale(c.partner_id, c.id);
  const isNew = sale === undefined;
  const firstBefore = c.customer === null ? undefined : index.firstSale(c.partner_id, c.customer);
  if (!sale) {
    const month = index.calendar.month(at);
    const amount = new Big(c.amount!);
    const share = c.share === '1' ? one : new Big(c.share);
    sale = {
      partner: c.partner_id, order: c.id, at, month, amount, share, base: share.eq(one) ? amount : amount.times(share), texts: null,
      customer: c.customer, held, fraudScore: c.fraud_score, note: fraudNote, byRule: [], entryIds: null, reversed: false,
      monthOf: index.month(c.partner_id, month),
    };
    index.addSale(sale);
    sale.monthOf.unreversed++;
  }
  const salesInMonth = sale.monthOf.unreversed;
  const isFirst = firstBefore === undefined || firstBefore >= at;
  const base = sale.base;
  for (const rule of rules) {
    if (!ruleApplies(rule.rule, 'sale', c.product, c.category)) continue;
    const key = commissionKey(c, rule);
    if (index.keys.has(key)) continue;
    if (!isFirst) {
      const months = rule.rule.months;
      if (months === undefined || (months > 0 && at >= monthsAfter(firstBefore!, months))) continue;
    }
    const { rate, tier } = rateFor(rule, salesInMonth);
    const value = rule.rule.type === 'percent' ? base.times(rate) : sale.share.times(rate);
    const paid = batch.capped(rule, c.partner_id, at, roundMoney(value, program.currency));
    batch.emit({
      partner_id: c.partner_id, kind: 'commission', reason: null, amount: paid.amount, key, occurred_at: c.occurred_at, ref: null, order_id: c.id, rule_id: rule.rule.id,
      order_amount: c.amount!, share: c.share, customer: c.customer, held, fraud_score: c.fraud_score, note: joinNotes(fraudNote, paid.note),
    }, sale, at, paid.value);
    if (rule.rule.retroactive) rerateMonth(batch, rule, sale, tier, salesInMonth, c.occurred_at);
  }
  if (!isNew) return;
  payChildOverride(batch, sale, c.occurred_at);
  if (salesInMonth === 1) payPendingOverrides(batch, sale, c.occurred_at);
}

function creditOther(batch: CommissionBatch, rules: CompiledRule[], c: CreditedConversion): void {
  const { program } = batch;
  const held = c.fraud_score !== null && c.fraud_score >= program.fraud_threshold;
  const fraudNote = c.fraud_reasons.length > 0 ? c.fraud_reasons.join('; ') : null;
  const at = Date.parse(c.occurred_at);
  const share = c.share === '1' ? one : new Big(c.share);
  for (const rule of rules) {
    if (!ruleApplies(rule.rule, c.event, c.product, c.category)) continue;
    const key = commissionKey(c, rule);
    if (batch.index.keys.has(key)) continue;
    const paid = batch.capped(rule, c.partner_id, at, roundMoney(share.times(rule.rate), program.currency));
    batch.emit({
      partner_id: c.partner_id, kind: 'commission', reason: null, amount: paid.amount, key, occurred_at: c.occurred_at, ref: null, order_id: c.id, rule_id: rule.rule.id,
      order_amount: undefined, share: c.share, customer: c.customer, held, fraud_score: c.fraud_score, note: joinNotes(fraudNote, paid.note),
    }, null, at, paid.value);
  }
}
