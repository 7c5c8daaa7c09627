import type { DuckDbStore } from './duckdb/duckdb-store.js';
import type { Store } from './store.js';
import { copyWorkspace, type WorkspaceCopy } from './snapshot/copy-workspace.js';

export interface MigrationReport {
  workspaces: (WorkspaceCopy & { verified: { conversions: [number, number]; spend: [string, string]; unique_visitors: [number, number] } | null })[];
  settings: number;
}

/**
 * Copies every workspace of an embedded store into another store (the
 * scale-out one): every metadata table `metadataTableCopies` lists as copied
 * (API keys included), rates, spend, orders, leads and events in pages.
 * Re-running it is safe (every write is idempotent). Each workspace is
 * verified by comparing total KPI facts on both sides.
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
      const copied = await copyWorkspace(exp, target, ws, onProgress);
      report.workspaces.push({ ...copied, verified: await verify(source, target, ws.id) });
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
