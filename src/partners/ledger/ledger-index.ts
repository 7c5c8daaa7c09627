/**
 * What the ledger already holds, read once for a batch of commissions: the keys taken, each
 * partner's credited sales per local month (for tiers, re-rating and the override gate), each
 * customer's first credited sale (recurring rules) and what each rule has paid per day or month
 * (caps). New entries are added to the same index as they are made, so a batch sees itself.
 * Everything is kept per partner (one map lookup by the partner id's own string, whose hash V8
 * keeps), not under joined key strings that would be built and hashed again at every lookup.
 */
import Big from 'big.js';
import type { LedgerEntry } from '../../records/partners.js';
import type { LocalCalendar } from './local-time.js';
import { zero } from './money.js';

/** One credited sale of one partner, as the ledger knows it. */
export interface SaleRecord {
  partner: string;
  order: string;
  at: number;
  month: string;
  /** The sale's amount (programme currency) and the partner's share of it. */
  amount: Big;
  share: Big;
  /** `amount` × `share`. */
  base: Big;
  /** `amount` and `share` written (`toFixed()`), once an entry needed them. */
  texts: { amount: string; share: string } | null;
  customer: string | null;
  held: boolean;
  fraudScore: number | null;
  note: string | null;
  /** What each rule has earned on this sale so far (its commission and tier adjustments) and its commission entry's id (a rule or two: a list, not a map per sale). */
  byRule: RuleEarning[];
  /** The ids of those entries when read from the stored ledger, for telling whether the sale is wholly reversed. */
  entryIds: string[] | null;
  /** Every nonzero entry of it wholly reversed (by a refund or a rejected review) when the batch began. */
  reversed: boolean;
  /** Its partner's month. */
  monthOf: PartnerMonth;
}

/** One partner's local month. */
export interface PartnerMonth {
  /** Its credited sales in time order. */
  sales: SaleRecord[];
  /** How many of them are not wholly reversed. */
  unreversed: number;
  /** By rule id: the highest tier (1-based, 0 = none) the month's sales were rated at. */
  tierReached: Map<string, number> | null;
}

/** What the index knows of one partner (one lookup by partner id, then by order, month or customer: no joined key strings). */
interface PartnerBook {
  sales: Map<string, SaleRecord>;
  months: Map<string, PartnerMonth>;
  /** By customer: the instant of the customer's first credited sale to the partner. */
  firstSale: Map<string, number>;
  /** By rule id, then local day or month: what the rule has paid the partner in it. */
  capUsed: Map<string, Map<string, Big>>;
}

/** What one rule has earned on one sale. */
export interface RuleEarning {
  rule: string;
  /** Its first entry's amount as written (no number kept per sale for the common sale that is never re-rated), a value once summed. */
  earned: Big | string;
  commissionId: string | null;
}

/** `sale`'s amount and share as entries write them. */
export function saleTexts(sale: SaleRecord): { amount: string; share: string } {
  return (sale.texts ??= { amount: sale.amount.toFixed(), share: sale.share.toFixed() });
}

/** What `earning` holds, as a value. */
export function earnedOf(earning: RuleEarning): Big {
  return typeof earning.earned === 'string' ? new Big(earning.earned) : earning.earned;
}

/** The earning of rule `ruleId` on `sale`, if the rule paid it. */
export function earningOf(sale: SaleRecord, ruleId: string): RuleEarning | undefined {
  for (const r of sale.byRule) if (r.rule === ruleId) return r;
  return undefined;
}

export class LedgerIndex {
  readonly keys = new Set<string>();
  private readonly books = new Map<string, PartnerBook>();

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
    for (const book of index.books.values()) {
      for (const month of book.months.values()) {
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

  /** Records one entry (existing or new) in the index; sale counts of new sales are kept by the caller. */
  add(e: LedgerEntry): void {
    this.keys.add(e.key);
    if (e.rule_id === null || !(e.kind === 'commission' || (e.kind === 'adjustment' && e.reason === 'tier'))) return;
    const at = Date.parse(e.occurred_at);
    const amount = new Big(e.amount);
    this.addCap(e.rule_id, e.partner_id, at, amount);
    if (e.order_id === null || e.order_amount == null) return;
    let sale = this.sale(e.partner_id, e.order_id);
    if (!sale) {
      const month = this.calendar.month(at);
      const saleAmount = new Big(e.order_amount);
      const share = new Big(e.share ?? '1');
      sale = {
        partner: e.partner_id, order: e.order_id, at, month, amount: saleAmount, share, base: share.eq(1) ? saleAmount : saleAmount.times(share), texts: null,
        customer: e.customer ?? null, held: e.held, fraudScore: e.fraud_score, note: e.note, byRule: [], entryIds: [], reversed: false,
        monthOf: this.month(e.partner_id, month),
      };
      this.addSale(sale);
    }
    this.earn(sale, e, amount);
    sale.entryIds?.push(e.id);
  }

  /**
   * Records an entry the batch just made (a commission, a tier adjustment or an override), worth
   * `amount`, at instant `at`, on `sale` (null for a lead's or click's): what `add` does, without
   * parsing the entry back.
   */
  addMade(e: LedgerEntry, sale: SaleRecord | null, at: number, amount: Big): void {
    this.keys.add(e.key);
    if (e.rule_id === null) return;
    this.addCap(e.rule_id, e.partner_id, at, amount);
    if (sale !== null) this.earn(sale, e, amount);
  }

  private addCap(rule: string, partner: string, at: number, amount: Big): void {
    const per = this.capPeriod.get(rule);
    if (per === undefined) return;
    const caps = this.book(partner).capUsed;
    let byPeriod = caps.get(rule);
    if (!byPeriod) caps.set(rule, (byPeriod = new Map()));
    const period = per === 'day' ? this.calendar.date(at) : this.calendar.month(at);
    byPeriod.set(period, (byPeriod.get(period) ?? zero).plus(amount));
  }

  private earn(sale: SaleRecord, e: LedgerEntry, amount: Big): void {
    const rule = earningOf(sale, e.rule_id!);
    if (rule) rule.earned = earnedOf(rule).plus(amount);
    else sale.byRule.push({ rule: e.rule_id!, earned: e.amount, commissionId: e.kind === 'commission' ? e.id : null });
    if (rule && e.kind === 'commission') rule.commissionId = e.id;
  }

  /** Records a credited sale (its `monthOf` from `month`) before its entries are added. */
  addSale(sale: SaleRecord): void {
    const book = this.book(sale.partner);
    book.sales.set(sale.order, sale);
    sale.monthOf.sales.push(sale);
    if (sale.customer !== null) {
      const first = book.firstSale.get(sale.customer);
      if (first === undefined || sale.at < first) book.firstSale.set(sale.customer, sale.at);
    }
  }

  /** What `rule` has paid `partner` in the local day or month (`per`) of `at`. */
  capUsed(rule: string, partner: string, at: number, per: 'day' | 'month'): Big {
    const byPeriod = this.books.get(partner)?.capUsed.get(rule);
    return byPeriod?.get(per === 'day' ? this.calendar.date(at) : this.calendar.month(at)) ?? zero;
  }

  sale(partner: string, order: string): SaleRecord | undefined {
    return this.books.get(partner)?.sales.get(order);
  }

  /** The instant of `customer`'s first credited sale to `partner`. */
  firstSale(partner: string, customer: string): number | undefined {
    return this.books.get(partner)?.firstSale.get(customer);
  }

  /** `partner`'s local `month` (made empty when new). */
  month(partner: string, month: string): PartnerMonth {
    const months = this.book(partner).months;
    let m = months.get(month);
    if (!m) months.set(month, (m = { sales: [], unreversed: 0, tierReached: null }));
    return m;
  }

  /** `partner`'s local `month` if the index holds a sale of it. */
  monthIfAny(partner: string, month: string): PartnerMonth | undefined {
    return this.books.get(partner)?.months.get(month);
  }

  private book(partner: string): PartnerBook {
    let book = this.books.get(partner);
    if (!book) this.books.set(partner, (book = { sales: new Map(), months: new Map(), firstSale: new Map(), capUsed: new Map() }));
    return book;
  }
}
