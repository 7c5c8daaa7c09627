import type { LeadRecord, OrderRecord, SpendRecord } from '../../../records/events.js';
import { ClickHouseClient } from '../clickhouse-client.js';
import { tableNames } from '../clickhouse-schema.js';
import type { ErasureTarget } from '../person-erasure.js';
import { chValue } from '../sql-literal.js';

type Row = Record<string, string | number | null>;
const iso = (ms: string | number | null) => (ms === null ? undefined : new Date(Number(ms)).toISOString());

/** The workspace's current spend rows (replaced and deleted rows collapsed away), for a backup. */
export async function exportSpend(t: Pick<ErasureTarget, 'client' | 'db'>, ws: string): Promise<SpendRecord[]> {
  const rows = await t.client.query<Row>(`SELECT toString(date) AS date, channel, campaign, ad, source, account, toString(cost) AS cost, currency, impressions, clicks, pricing_model
    FROM ${t.db}.spend FINAL WHERE workspace_id = ${chValue(ws)} AND deleted = 0 ORDER BY date, channel, campaign, ad, source, account`);
  return rows.map((r) => ({
    date: String(r.date), channel: String(r.channel), campaign: String(r.campaign), ad: String(r.ad), ...(r.source ? { source: String(r.source) } : {}), ...(r.account ? { account: String(r.account) } : {}),
    cost: { amount: String(r.cost), currency: String(r.currency) }, impressions: Number(r.impressions), clicks: Number(r.clicks), pricing_model: r.pricing_model as SpendRecord['pricing_model'],
  }));
}

export async function exportOrders(t: Pick<ErasureTarget, 'client' | 'db'>, ws: string): Promise<OrderRecord[]> {
  const rows = await t.client.query<Row>(`SELECT order_id, customer_id, ts, toString(amount) AS amount, currency, email_hash, click_id, coupon, product, category
    FROM ${t.db}.orders FINAL WHERE workspace_id = ${chValue(ws)} ORDER BY order_id`);
  return rows.map((r) => ({
    order_id: String(r.order_id), customer_id: String(r.customer_id), ts: iso(r.ts)!, amount: { amount: String(r.amount), currency: String(r.currency) },
    ...(r.email_hash ? { email_hash: String(r.email_hash) } : {}), ...(r.click_id ? { click_id: String(r.click_id) } : {}),
    ...(r.coupon ? { coupon: String(r.coupon) } : {}), ...(r.product ? { product: String(r.product) } : {}), ...(r.category ? { category: String(r.category) } : {}),
  }));
}

export async function exportLeads(t: Pick<ErasureTarget, 'client' | 'db'>, ws: string): Promise<LeadRecord[]> {
  const rows = await t.client.query<Row>(`SELECT lead_id, user_id, email_hash, click_id, created_at, mql_at, sql_at, opportunity_at, customer_at
    FROM ${t.db}.leads FINAL WHERE workspace_id = ${chValue(ws)} ORDER BY lead_id`);
  return rows.map((r) => {
    const lead: LeadRecord = { lead_id: String(r.lead_id), created_at: iso(r.created_at)! };
    for (const k of ['user_id', 'email_hash', 'click_id'] as const) if (r[k]) lead[k] = String(r[k]);
    for (const k of ['mql_at', 'sql_at', 'opportunity_at', 'customer_at'] as const) if (r[k] !== null) lead[k] = iso(r[k]);
    return lead;
  });
}

/** Deletes every row of the workspace from the event tables (events, spend, orders, leads, rates) on every node, waiting for each mutation. */
export async function dropClickHouseWorkspace(t: ErasureTarget, ws: string): Promise<void> {
  for (const table of tableNames) {
    const nodes = t.topology.kind === 'single' ? [{ url: t.topology.url, table }] : t.topology.shards.map((url) => ({ url, table: `${table}_local` }));
    for (const node of nodes) {
      const client = new ClickHouseClient(node.url);
      await client.exec(`ALTER TABLE ${t.db}.${node.table} DELETE WHERE workspace_id = ${chValue(ws)}`);
      await t.waitForMutations(client, t.topology.database, node.table);
    }
  }
}
