/**
 * `roilens import refunds FILE` (issue 16): each good line of a refunds CSV (`ingest/csv/refunds-csv.ts`) is
 * refunded as `POST /v1/orders/:id/refund` would (`order-refunds.ts`), one line after the other so
 * two refunds of one order in a file see each other; a bad line (a column that does not read, a
 * refund over what is left, a currency without a rate) is named by its line and changes nothing.
 */
import type { FieldIssue } from '../../../shared/errors.js';
import { AppError } from '../../../shared/errors.js';
import type { Store } from '../../../store/store.js';
import { refundEntriesFor, tellPartners } from './order-refunds.js';
import type { RefundRecord } from '../../../records/events.js';
import { syncPartnerLedger } from './ledger-sync.js';

export interface RefundsImportOutcome {
  kind: 'refunds';
  /** Lines whose refund was stored now (a refund id held already counts as valid, not stored). */
  stored: number;
  valid: number;
  dry_run: boolean;
  errors: FieldIssue[];
  warnings: [];
}

/** Refunds the parsed lines of a refunds CSV (`ingest/csv/refunds-csv.ts`); `errors` are the lines that did not parse. */
export async function importRefunds(store: Store, workspaceId: string, parsed: { rows: (RefundRecord & { line: number })[]; errors: FieldIssue[] }, dryRun: boolean, now = new Date()): Promise<RefundsImportOutcome> {
  const { rows } = parsed;
  const errors = [...parsed.errors];
  await syncPartnerLedger(store, workspaceId, { now });
  let stored = 0;
  let valid = 0;
  for (const row of rows) {
    const field = (name: string) => `line ${row.line}: ${name}`;
    try {
      const { entries, replayed } = await refundEntriesFor(store, workspaceId, { refund_id: row.refund_id, order_id: row.order_id, amount: row.amount, currency: row.currency, at: row.at ?? now.toISOString() }, field, now);
      valid++;
      if (dryRun || replayed) continue;
      if (entries.length > 0) await tellPartners(store, workspaceId, await store.appendLedger(workspaceId, entries));
      stored++;
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      errors.push(...(err.issues.length > 0 ? err.issues : [{ path: `line ${row.line}`, message: err.message }]));
    }
  }
  errors.sort((a, b) => lineOf(a.path) - lineOf(b.path));
  return { kind: 'refunds', stored, valid, dry_run: dryRun, errors, warnings: [] };
}

const lineOf = (path: string) => Number(/^line (\d+)/.exec(path)?.[1] ?? 0);
