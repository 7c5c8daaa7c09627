/**
 * The embedded store's sales as the customer aggregates read them (issue 14): every sale of the
 * whole history, oldest first, and each buyer's acquisition (channel, campaign and local day of
 * their first sale). The RFM, cohort, CLV and LTV:CAC aggregates (`customer-aggregates.ts`) are
 * passes over these in Node.
 */
import type { CustomerTransaction } from '../../customers.js';
import type { Store } from '../../store.js';

/** How a buyer was acquired: the credited channel and campaign of their first sale, and its local day. */
export interface Acquisition {
  channel: string;
  campaign: string;
  date: string;
}

export interface CustomerSales {
  /** Every sale, oldest first (then by key), in the workspace currency and local days. */
  transactions: CustomerTransaction[];
  /** The buyers' acquisitions by customer id. */
  acquisitions: Map<string, Acquisition>;
}

/** A row of `customerSalesRollupSql`: a sale, with the acquisition on its person's first sale. */
export interface CustomerSaleRow {
  customer_id: string;
  date: string;
  amount: number;
  order_id: string;
  acq_channel: string | null;
  acq_campaign: string | null;
}

/** The sales and acquisitions of `customerSalesRollupSql`'s rows. */
export function customerSalesOf(rows: readonly CustomerSaleRow[]): CustomerSales {
  const transactions: CustomerTransaction[] = [];
  const acquisitions = new Map<string, Acquisition>();
  for (const r of rows) {
    transactions.push({ customer_id: r.customer_id, date: r.date, amount: Number(r.amount), order_id: r.order_id });
    if (r.acq_channel !== null) acquisitions.set(r.customer_id, { channel: r.acq_channel, campaign: String(r.acq_campaign), date: r.date });
  }
  return { transactions, acquisitions };
}

/** The sales and acquisitions from the store's own reads: every sale, and the profiles of the people with an order. */
export async function customerSalesFromReads(store: Pick<Store, 'customerTransactions' | 'customerProfiles'>, workspaceId: string): Promise<CustomerSales> {
  const [transactions, buyers] = await Promise.all([
    store.customerTransactions(workspaceId, {}),
    store.customerProfiles(workspaceId, { segment: { rules: { match: 'all', conditions: [{ kind: 'orders', min_count: 1 }] }, asOf: '2999-12-31' } }),
  ]);
  return { transactions, acquisitions: new Map(buyers.flatMap((p) => (p.acquisition ? [[p.customer_id, p.acquisition] as const] : []))) };
}
