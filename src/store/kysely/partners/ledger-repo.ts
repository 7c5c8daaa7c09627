import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { ledgerEntryRecord, payoutRunRecord } from '../../../records/partner-schemas.js';
import type { LedgerEntry, PayoutRun } from '../../../records/partners.js';
import { AppError } from '../../../shared/errors.js';
import type { LedgerQuery, LedgerRepo } from '../../ports/partner-ledger.js';
import type { MetadataTables } from '../metadata-tables.js';
import { instant, isoOf, recordOf, timestamp } from '../metadata-rows.js';
import { inTransaction, slices } from './refusal.js';

const entryColumns = [
  'workspace_id', 'id', 'key', 'program_id', 'partner_id', 'kind', 'amount', 'currency', 'ref', 'order_id', 'rule_id', 'refund_id', 'payout_run_id',
  'reason', 'fraud_score', 'held', 'occurred_at', 'created_at', 'note', 'order_amount', 'share', 'customer', 'refund_amount',
] as const;
/** Optional entry fields: a null column reads back as an absent field. */
const optionalFields = ['order_amount', 'share', 'customer', 'refund_amount'] as const;
const runColumns = ['workspace_id', 'id', 'program_id', 'through', 'created_at', 'paid_reference', 'paid_at'] as const;

/** Ids in byte order on both engines, whatever the database's locale. */
const idBytes = sql<string>`${sql.ref('id')} collate "C"`;
/** Rows per insert: 23 values each, well under PostgreSQL's 65,535 parameters. */
const rowsPerInsert = 500;

function entryOf(r: Selectable<MetadataTables['ledger_entries']>): LedgerEntry {
  const row: Record<string, unknown> = { ...r, fraud_score: r.fraud_score === null ? null : Number(r.fraud_score), occurred_at: isoOf(r.occurred_at), created_at: isoOf(r.created_at) };
  for (const f of optionalFields) if (row[f] === null) delete row[f];
  return recordOf(ledgerEntryRecord, row, `ledger_entries ${r.workspace_id}/${r.id}`);
}

function runOf(r: Selectable<MetadataTables['payout_runs']>): PayoutRun {
  return recordOf(payoutRunRecord, { ...r, created_at: isoOf(r.created_at), paid_at: isoOf(r.paid_at) ?? null }, `payout_runs ${r.workspace_id}/${r.id}`);
}

/**
 * Each entry once by key (the first), all of `workspaceId` and each a ledger entry (checked before
 * it is written, not only when read: a ledger row can never be corrected by editing or removing it).
 */
function entriesOf(workspaceId: string, entries: readonly LedgerEntry[]): LedgerEntry[] {
  const foreign = entries.find((e) => e.workspace_id !== workspaceId);
  if (foreign) throw new AppError('invalid_input', `ledger entry ${foreign.id} belongs to workspace ${foreign.workspace_id}, not ${workspaceId}`, [{ path: 'workspace_id', message: 'another workspace' }]);
  for (const [i, e] of entries.entries()) {
    const checked = ledgerEntryRecord.safeParse(e);
    if (!checked.success) {
      throw new AppError('invalid_input', `ledger entry ${e.id} is not a ledger entry`, checked.error.issues.map((issue) => ({ path: `entries.${i}.${issue.path.join('.')}`, message: issue.message })));
    }
  }
  const byKey = new Map<string, LedgerEntry>();
  for (const e of entries) if (!byKey.has(e.key)) byKey.set(e.key, e);
  return [...byKey.values()];
}

/** Inserts the entries whose key the workspace does not hold yet and answers those it inserted, in the given order. */
async function insertEntries(tx: Transaction<MetadataTables>, entries: LedgerEntry[]): Promise<LedgerEntry[]> {
  const stored = new Set<string>();
  for (const part of slices(entries, rowsPerInsert)) {
    const rows = await tx.insertInto('ledger_entries')
      .values(part.map((e) => ({
        workspace_id: e.workspace_id, id: e.id, key: e.key, program_id: e.program_id, partner_id: e.partner_id, kind: e.kind, amount: e.amount,
        currency: e.currency, ref: e.ref, order_id: e.order_id, rule_id: e.rule_id, refund_id: e.refund_id, payout_run_id: e.payout_run_id,
        reason: e.reason, fraud_score: e.fraud_score, held: e.held, occurred_at: timestamp(e.occurred_at), created_at: timestamp(e.created_at), note: e.note,
        order_amount: e.order_amount ?? null, share: e.share ?? null, customer: e.customer ?? null, refund_amount: e.refund_amount ?? null,
      })))
      .onConflict((oc) => oc.columns(['workspace_id', 'key']).doNothing())
      .returning('key')
      .execute();
    for (const r of rows) stored.add(r.key);
  }
  return entries.filter((e) => stored.has(e.key));
}

/**
 * The partner ledger (see `LedgerRepo`), one set of queries for DuckDB and PostgreSQL. Ledger rows
 * are inserted and selected only: no query here (nor anywhere) updates or deletes one. Idempotency
 * and concurrency both rest on the unique (workspace_id, key): a second insert of a key, at the
 * same time or later, inserts nothing.
 */
export class KyselyLedgerRepo implements LedgerRepo {
  constructor(private readonly db: Kysely<MetadataTables>) {}

  async appendLedger(workspaceId: string, entries: readonly LedgerEntry[]): Promise<LedgerEntry[]> {
    const unique = entriesOf(workspaceId, entries);
    if (unique.length === 0) return [];
    return this.db.transaction().execute((tx) => insertEntries(tx, unique));
  }

  /** `(created_at, id)` order (ids in byte order); `after` is an entry id of the workspace, one it does not hold is `invalid_input`. */
  async listLedger(workspaceId: string, query: LedgerQuery): Promise<LedgerEntry[]> {
    let after: { created_at: string; id: string } | undefined;
    if (query.after !== undefined) {
      const cursor = await this.db.selectFrom('ledger_entries').select(['id', 'created_at']).where('workspace_id', '=', workspaceId).where('id', '=', query.after).executeTakeFirst();
      if (!cursor) throw new AppError('invalid_input', `after: no ledger entry ${query.after} in this workspace`, [{ path: 'after', message: 'unknown entry' }]);
      after = { created_at: isoOf(cursor.created_at)!, id: cursor.id };
    }
    const rows = await this.db.selectFrom('ledger_entries').select(entryColumns)
      .where('workspace_id', '=', workspaceId)
      .$if(query.partner_id !== undefined, (q) => q.where('partner_id', '=', query.partner_id!))
      .$if(query.program_id !== undefined, (q) => q.where('program_id', '=', query.program_id!))
      .$if(query.order_id !== undefined, (q) => q.where('order_id', '=', query.order_id!))
      .$if(after !== undefined, (q) => q.where((eb) => eb.or([
        eb('created_at', '>', instant(after!.created_at)),
        eb.and([eb('created_at', '=', instant(after!.created_at)), eb(idBytes, '>', after!.id)]),
      ])))
      .orderBy('created_at').orderBy(idBytes)
      .$if(query.limit !== undefined, (q) => q.limit(query.limit!))
      .execute();
    return rows.map(entryOf);
  }

  /**
   * One transaction: move the programme's paid-through date forward (a conditional upsert, which
   * PostgreSQL runs one at a time per programme and DuckDB under its write lock), store the run,
   * store its entries, store the run; a date not after the last run's rolls back and answers `already_paid`,
   * and any failure (a run id the workspace holds) leaves nothing of it.
   */
  async createPayoutRun(run: PayoutRun, entries: readonly LedgerEntry[]): Promise<'created' | 'already_paid'> {
    const checked = payoutRunRecord.safeParse(run);
    if (!checked.success) throw new AppError('invalid_input', `payout run ${run.id} is not a payout run`, checked.error.issues.map((i) => ({ path: `run.${i.path.join('.')}`, message: i.message })));
    const unique = entriesOf(run.workspace_id, entries);
    return inTransaction<'created', 'already_paid'>(this.db, async (tx, refuse) => {
      const moved = await tx.insertInto('payout_run_heads').values({ workspace_id: run.workspace_id, program_id: run.program_id, through: run.through })
        .onConflict((oc) => oc.columns(['workspace_id', 'program_id'])
          .doUpdateSet((eb) => ({ through: eb.ref('excluded.through') }))
          .where((eb) => eb('payout_run_heads.through', '<', eb.ref('excluded.through'))))
        .returning('through')
        .execute();
      if (moved.length === 0) refuse('already_paid');
      await insertEntries(tx, unique);
      await tx.insertInto('payout_runs').values({
        workspace_id: run.workspace_id, id: run.id, program_id: run.program_id, through: run.through, created_at: timestamp(run.created_at),
        paid_reference: run.paid_reference, paid_at: run.paid_at === null ? null : timestamp(run.paid_at),
      }).execute();
      return 'created';
    });
  }

  /** In `through` order. */
  async listPayoutRuns(workspaceId: string, programId: string): Promise<PayoutRun[]> {
    const rows = await this.db.selectFrom('payout_runs').select(runColumns).where('workspace_id', '=', workspaceId).where('program_id', '=', programId)
      .orderBy('through').orderBy(idBytes).execute();
    return rows.map(runOf);
  }

  /** True when this call marked the run paid; false for a run the workspace does not hold or one marked paid already (its first reference stays). */
  async markPayoutRunPaid(workspaceId: string, runId: string, reference: string, at: string): Promise<boolean> {
    const rows = await this.db.updateTable('payout_runs').set({ paid_reference: reference, paid_at: timestamp(at) })
      .where('workspace_id', '=', workspaceId).where('id', '=', runId).where('paid_at', 'is', null)
      .returning('id')
      .execute();
    return rows.length > 0;
  }
}
