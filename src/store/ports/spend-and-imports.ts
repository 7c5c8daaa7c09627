import type { LeadRecord, OrderRecord, SpendRecord } from '../../records/events.js';
import type { SpendReplaceOptions, SpendReplacement } from '../spend-ranges.js';
import { assertListed, type AllListed } from './port-methods.js';

/** Imported facts: ad spend, orders and leads (append-only, idempotent by id or key). */
export interface SpendAndImports {
  /**
   * Deletes the stored spend `rows` replace (by key, or the sources' date range with
   * `replace: 'range'`; see `store/spend-ranges.ts`), then inserts them. `dryRun`
   * only counts. Every engine answers through `summarizeSpendReplacement`.
   */
  replaceSpend(workspaceId: string, rows: SpendRecord[], opts?: SpendReplaceOptions): Promise<SpendReplacement>;
  upsertOrders(workspaceId: string, rows: OrderRecord[]): Promise<number>;
  upsertLeads(workspaceId: string, rows: LeadRecord[]): Promise<number>;
}

export const spendAndImportsMethods = ['replaceSpend', 'upsertOrders', 'upsertLeads'] as const satisfies readonly (keyof SpendAndImports)[];
assertListed<AllListed<SpendAndImports, (typeof spendAndImportsMethods)[number]>>(true);
