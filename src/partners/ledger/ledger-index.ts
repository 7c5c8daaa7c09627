/**
 * What the ledger already holds, read once for a batch of commissions: the keys taken, each
 * partner's credited sales per local month (for tiers, re-rating and the override gate), each
 * customer's first credited sale (recurring rules) and what each rule has paid per day or month
 * (caps). New entries are added to the same index as they are made, so a batch sees itself.
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
  customer: string | null;
  held: boolean;
  fraudScore: number | null;
  note: string | null;
  /** What each rule has earned on this sale so far (its commission and tier adjustments) and its commission entry's id, by rule id. */
  byRule: Map<string, { earned: Big; commissionId: string | null }>;
  /** The ids of those entries when read from the stored ledger, for telling whether the sale is wholly reversed. */
  entryIds: string[] | null;
  /** Every nonzero entry of it wholly reversed (by a refund or a rejected review) when the batch began. */
  reversed: boolean;
}

const sep = '\u0000';

export class LedgerIndex {
  readonly keys = new Set<string>();
  /** By `partner␀order`. */
  readonly sales = new Map<string, SaleRecord>();
  /** By `partner␀month`: that month's sales in time order. */
  readonly salesByMonth = new Map<string, SaleRecord[]>();
  /** By `partner␀month`: how many of them are not wholly reversed. */
  readonly unreversedCount = new Map<string, number>();
  /** By `partner␀month␀rule`: the highest tier (1-based, 0 = none) the month's sales were rated at. */
  readonly tierReached = new Map<string, number>();
  /** By `partner␀customer`: the instant of the customer's first credited sale. */
  readonly firstSale = new Map<string, number>();
  /** By `rule␀partner␀period`: what the rule has paid the partner in that local day or month. */
  readonly capUsed = new Map<string, Big>();

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
    for (const [partnerMonth, sales] of index.salesByMonth) {
      let count = 0;
      for (const sale of sales) {
        sale.reversed = undone.size > 0 && !(sale.entryIds ?? []).some((id) => {
          const amount = new Big(amounts.get(id) ?? '0');
          return amount.eq(0) || !amount.plus(undone.get(id) ?? zero).eq(0);
        });
        if (!sale.reversed) count++;
      }
      index.unreversedCount.set(partnerMonth, count);
    }
    return index;
  }

  /** Records one entry (existing or new) in the index; sale counts of new sales are kept by the caller. */
  add(e: LedgerEntry): void {
    this.keys.add(e.key);
    if (e.rule_id === null || !(e.kind === 'commission' || (e.kind === 'adjustment' && e.reason === 'tier'))) return;
    const at = Date.parse(e.occurred_at);
    const period = this.capPeriod.get(e.rule_id);
    if (period) {
      const key = this.capKey(e.rule_id, e.partner_id, at, period);
      this.capUsed.set(key, (this.capUsed.get(key) ?? zero).plus(e.amount));
    }
    if (e.order_id === null || e.order_amount == null) return;
    const saleKey = e.partner_id + sep + e.order_id;
    let sale = this.sales.get(saleKey);
    if (!sale) {
      sale = {
        partner: e.partner_id, order: e.order_id, at, month: this.calendar.month(at), amount: new Big(e.order_amount), share: new Big(e.share ?? '1'),
        customer: e.customer ?? null, held: e.held, fraudScore: e.fraud_score, note: e.note, byRule: new Map(), entryIds: [], reversed: false,
      };
      this.addSale(sale);
    }
    const rule = sale.byRule.get(e.rule_id);
    if (rule) rule.earned = rule.earned.plus(e.amount);
    else sale.byRule.set(e.rule_id, { earned: new Big(e.amount), commissionId: null });
    if (e.kind === 'commission') sale.byRule.get(e.rule_id)!.commissionId = e.id;
    sale.entryIds?.push(e.id);
  }

  /** Records a credited sale before its entries are added. */
  addSale(sale: SaleRecord): void {
    this.sales.set(sale.partner + sep + sale.order, sale);
    const monthKey = sale.partner + sep + sale.month;
    let list = this.salesByMonth.get(monthKey);
    if (!list) this.salesByMonth.set(monthKey, (list = []));
    list.push(sale);
    if (sale.customer !== null) {
      const customerKey = sale.partner + sep + sale.customer;
      const first = this.firstSale.get(customerKey);
      if (first === undefined || sale.at < first) this.firstSale.set(customerKey, sale.at);
    }
  }

  capKey(rule: string, partner: string, at: number, per: 'day' | 'month'): string {
    return rule + sep + partner + sep + (per === 'day' ? this.calendar.date(at) : this.calendar.month(at));
  }

  sale(partner: string, order: string): SaleRecord | undefined {
    return this.sales.get(partner + sep + order);
  }

  monthKey(partner: string, month: string): string {
    return partner + sep + month;
  }
}
