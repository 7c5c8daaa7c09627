/**
 * What the ledger already holds, read once for a batch of commissions: the keys taken, each
 * partner's credited sales per local month (for tiers, re-rating and the override gate), each
 * customer's first credited sale (recurring rules) and what each rule has paid per day or month
 * (caps). New entries are added to the same index as they are made, so a batch sees itself.
 * Lookups go partner → order (or month, customer) through nested maps, so no key string is built
 * per sale, and amounts are exact decimals (`exact-decimal.ts`) rather than big.js objects.
 */
import Big from 'big.js';
import type { LedgerEntry } from '../../records/partners.js';
import { add, canonical, parseDecimal, rescale, times, type Decimal } from './exact-decimal.js';
import type { LocalCalendar } from './local-time.js';
import { zero } from './money.js';

/** A running sum (a rule's earnings on a sale, its cap used in a period), added to in place. */
export interface Sum {
  units: Decimal['units'];
  scale: number;
}

/** Adds `value` to `sum` in place (at the larger of their scales). */
export function addTo(sum: Sum, value: Decimal): void {
  if (value.scale > sum.scale) {
    sum.units = rescale(sum.units, sum.scale, value.scale);
    sum.scale = value.scale;
  }
  sum.units = add(sum.units, rescale(value.units, value.scale, sum.scale));
}

/** What one rule has earned on one sale (its commission and tier adjustments) and its commission entry's id. */
export interface RuleEarning {
  rule: string;
  earned: Sum;
  commissionId: string | null;
}

/** One partner's sales of one local month. */
export interface PartnerMonth {
  /** In time order. */
  sales: SaleRecord[];
  /** How many of them are not wholly reversed. */
  unreversed: number;
  /** By rule id: the highest tier (1-based, 0 = none) the month's sales were rated at. */
  tierReached: Map<string, number> | null;
}

/** One credited sale of one partner, as the ledger knows it. */
export interface SaleRecord {
  partner: string;
  order: string;
  at: number;
  month: string;
  /** The sale's amount (programme currency), the partner's share of it, and their product. */
  amount: Decimal;
  share: Decimal;
  base: Decimal;
  customer: string | null;
  held: boolean;
  fraudScore: number | null;
  note: string | null;
  /** By rule (a rule at most once). */
  byRule: RuleEarning[];
  /** The ids of those entries when read from the stored ledger, for telling whether the sale is wholly reversed. */
  entryIds: string[] | null;
  /** Every nonzero entry of it wholly reversed (by a refund or a rejected review) when the batch began. */
  reversed: boolean;
  /** `amount` and `share` as entries made from the sale write them, once asked for. */
  texts: { amount: string; share: string } | null;
}

/** A sale's record, before `addSale`. */
export function saleRecord(fields: Omit<SaleRecord, 'base' | 'byRule' | 'reversed' | 'texts'>): SaleRecord {
  const base = fields.share.scale === 0 && fields.share.units === 1 ? fields.amount : times(fields.amount, fields.share);
  return { ...fields, base, byRule: [], reversed: false, texts: null };
}

/** The sale's amount and share as adjustments and overrides write them, big.js's `toFixed()` ("007.50" → "7.5", "1.000" → "1"). */
export function saleTexts(sale: SaleRecord): { amount: string; share: string } {
  return (sale.texts ??= { amount: canonical(sale.amount), share: canonical(sale.share) });
}

export function earningOf(sale: SaleRecord, rule: string): RuleEarning | undefined {
  for (const r of sale.byRule) if (r.rule === rule) return r;
  return undefined;
}

function child<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = make()));
  return value;
}

const newMap = () => new Map();

export class LedgerIndex {
  readonly keys = new Set<string>();
  /** Partner → order → its sale. */
  private readonly sales = new Map<string, Map<string, SaleRecord>>();
  /** Partner → local month → its sales. */
  private readonly months = new Map<string, Map<string, PartnerMonth>>();
  /** Partner → customer → the instant of the customer's first credited sale. */
  private readonly firstSales = new Map<string, Map<string, number>>();
  /** Rule → partner → local day or month → what the rule has paid the partner in it. */
  private readonly capUsed = new Map<string, Map<string, Map<string, Sum>>>();

  constructor(readonly calendar: LocalCalendar, readonly capPeriod: ReadonlyMap<string, 'day' | 'month'>) {}

  /** Reads what `existing` holds (any order). */
  static of(existing: readonly LedgerEntry[], calendar: LocalCalendar, capPeriod: ReadonlyMap<string, 'day' | 'month'>): LedgerIndex {
    const index = new LedgerIndex(calendar, capPeriod);
    const undone = new Map<string, Big>();
    for (const e of existing) {
      index.keys.add(e.key);
      if ((e.kind === 'reversal' || e.kind === 'clawback') && e.ref) undone.set(e.ref, (undone.get(e.ref) ?? zero).plus(e.amount));
    }
    const sorted = [...existing].sort((a, b) => (a.occurred_at < b.occurred_at ? -1 : a.occurred_at > b.occurred_at ? 1 : 0));
    for (const e of sorted) index.add(e);
    const amounts = new Map(existing.map((e) => [e.id, e.amount]));
    for (const byMonth of index.months.values()) {
      for (const month of byMonth.values()) {
        let count = 0;
        for (const sale of month.sales) {
          sale.reversed = undone.size > 0 && !(sale.entryIds ?? []).some((id) => {
            const amount = new Big(amounts.get(id) ?? '0');
            return amount.eq(0) || !amount.plus(undone.get(id) ?? zero).eq(0);
          });
          if (!sale.reversed) count++;
        }
        month.unreversed = count;
      }
    }
    return index;
  }

  /**
   * Records one entry (existing or new) in the index; sale counts of new sales are kept by the
   * caller. A new entry comes with its instant, its amount and its sale, known already.
   */
  add(e: LedgerEntry, at = Date.parse(e.occurred_at), amount: Decimal = parseDecimal(e.amount), sale?: SaleRecord): void {
    this.keys.add(e.key);
    if (e.rule_id === null || !(e.kind === 'commission' || (e.kind === 'adjustment' && e.reason === 'tier'))) return;
    const period = this.capPeriod.get(e.rule_id);
    if (period) addTo(this.capSum(e.rule_id, e.partner_id, at, period), amount);
    if (e.order_id === null || e.order_amount == null) return;
    if (sale === undefined) sale = this.sale(e.partner_id, e.order_id);
    if (sale === undefined) {
      sale = saleRecord({
        partner: e.partner_id, order: e.order_id, at, month: this.calendar.month(at), amount: parseDecimal(e.order_amount), share: parseDecimal(e.share ?? '1'),
        customer: e.customer ?? null, held: e.held, fraudScore: e.fraud_score, note: e.note, entryIds: [],
      });
      this.addSale(sale);
    }
    let earning = earningOf(sale, e.rule_id);
    if (earning === undefined) sale.byRule.push((earning = { rule: e.rule_id, earned: { units: amount.units, scale: amount.scale }, commissionId: null }));
    else addTo(earning.earned, amount);
    if (e.kind === 'commission') earning.commissionId = e.id;
    sale.entryIds?.push(e.id);
  }

  /** Records a credited sale before its entries are added. */
  addSale(sale: SaleRecord): void {
    child(this.sales, sale.partner, newMap).set(sale.order, sale);
    this.month(sale.partner, sale.month).sales.push(sale);
    if (sale.customer !== null) {
      const firsts = child(this.firstSales, sale.partner, newMap);
      const first = firsts.get(sale.customer);
      if (first === undefined || sale.at < first) firsts.set(sale.customer, sale.at);
    }
  }

  /** The partner's sales of a local month (an empty month when it has none). */
  month(partner: string, month: string): PartnerMonth {
    return child(child(this.months, partner, newMap), month, () => ({ sales: [], unreversed: 0, tierReached: null }));
  }

  /** How many of the partner's sales of the month are not wholly reversed. */
  unreversed(partner: string, month: string): number {
    return this.months.get(partner)?.get(month)?.unreversed ?? 0;
  }

  /** The instant of the customer's first credited sale to the partner. */
  firstSale(partner: string, customer: string): number | undefined {
    return this.firstSales.get(partner)?.get(customer);
  }

  /** What `rule` has paid `partner` in the local day or month of `at`. */
  capSum(rule: string, partner: string, at: number, per: 'day' | 'month'): Sum {
    const period = per === 'day' ? this.calendar.date(at) : this.calendar.month(at);
    return child(child(child(this.capUsed, rule, newMap), partner, newMap), period, () => ({ units: 0, scale: 0 }));
  }

  sale(partner: string, order: string): SaleRecord | undefined {
    return this.sales.get(partner)?.get(order);
  }
}
