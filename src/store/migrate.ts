import { classifyChannel, hostOf, touchFacts } from '../tracking/channel-rules.js';
import type { DuckDbStore } from './duckdb/duckdb-store.js';
import type { Store } from './store.js';

export interface MigrationReport {
  workspaces: { id: string; events: number; spend: number; orders: number; leads: number; rates: number; documents: number; links: number; verified: { conversions: [number, number]; spend: [string, string]; unique_visitors: [number, number] } | null }[];
  settings: number;
}

/**
 * Copies every workspace of an embedded store into another store (the
 * scale-out one): metadata, settings, rates, spend, orders, leads and events
 * in pages. Re-running it is safe (every write is idempotent). Each workspace
 * is verified by comparing total KPI facts on both sides.
 */
export async function migrateStore(source: DuckDbStore, target: Store, onProgress?: (msg: string) => void): Promise<MigrationReport> {
  const exp = await source.exporter();
  try {
    const report: MigrationReport = { workspaces: [], settings: 0 };
    for (const { key, value } of await exp.settings()) {
      await target.setSetting(key, value);
      report.settings += 1;
    }
    for (const ws of await exp.workspaces()) {
      await target.ensureWorkspace(ws);
      await target.updateWorkspace(ws.id, { name: ws.name, currency: ws.currency, timezone: ws.timezone, margin: ws.margin, write_key: ws.write_key, fallback_url: ws.fallback_url ?? null });
      const rules = await source.getChannelRules(ws.id);
      if (rules) await target.setChannelRules(ws.id, rules, (e) => classifyChannel(touchFacts(e), rules, hostOf(e.url)));
      const documents = await exp.documents(ws.id);
      for (const d of documents) await target.putDocument(ws.id, d.collection, d.id, d.body);
      const links = await exp.links(ws.id);
      // A slug already in the target (an earlier run) stays as it is there.
      for (const link of links) await target.createLink(ws.id, link);
      const rates = await source.listRates(ws.id);
      await target.upsertRates(ws.id, rates);
      const spend = await exp.spend(ws.id);
      await target.replaceSpend(ws.id, spend);
      const orders = await exp.orders(ws.id);
      await target.upsertOrders(ws.id, orders);
      const leads = await exp.leads(ws.id);
      await target.upsertLeads(ws.id, leads);
      let events = 0;
      for await (const page of exp.events(ws.id)) {
        await target.insertEvents(ws.id, page);
        events += page.length;
        onProgress?.(`${ws.id}: ${events} events copied`);
      }
      report.workspaces.push({ id: ws.id, events, spend: spend.length, orders: orders.length, leads: leads.length, rates: rates.length, documents: documents.length, links: links.length, verified: await verify(source, target, ws.id) });
    }
    return report;
  } finally {
    exp.close();
  }
}

async function verify(source: Store, target: Store, ws: string): Promise<MigrationReport['workspaces'][number]['verified']> {
  const range = await source.dataRange(ws);
  if (!range.from || !range.to) return null;
  const q = { by: null, from: range.from, to: range.to, lookbackDays: 30 };
  const [a, b] = [await source.kpiFacts(ws, q), await target.kpiFacts(ws, q)];
  return {
    conversions: [a.totals.conversions, b.totals.conversions],
    spend: [a.totals.spend, b.totals.spend],
    unique_visitors: [a.totals.unique_visitors, b.totals.unique_visitors],
  };
}
