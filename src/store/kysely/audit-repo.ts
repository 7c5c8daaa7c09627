import type { Kysely } from 'kysely';
import { genesisHash, type AuditEntry } from '../../records/audit.js';
import { auditEntryRecord } from '../../records/metadata-schemas.js';
import type { AuditQuery, AuditRepo } from '../ports/audit-and-share-links.js';
import type { MetadataTables } from './metadata-tables.js';
import { recordOf } from './metadata-rows.js';

const columns = [
  'id', 'workspace_id', 'seq', 'recorded_at', 'actor_kind', 'actor_id', 'surface', 'ip', 'user_agent', 'operation', 'target_kind', 'target_id',
  'before_state', 'after_state', 'prev_hash', 'hash',
] as const;

type Row = MetadataTables['audit_log'];

function entryOf(r: Row): AuditEntry {
  const { before_state, after_state, recorded_at, ...rest } = r;
  return recordOf(auditEntryRecord, { ...rest, seq: Number(r.seq), at: recorded_at, before: before_state, after: after_state }, `audit_log ${r.workspace_id}/${r.seq}`);
}

/** How many times an append reads the head again after losing the race for the next `seq`. */
const appendAttempts = 5;

/** The audit log (see `AuditRepo`): inserts and selects only, one set of queries for DuckDB and PostgreSQL. */
export class KyselyAuditRepo implements AuditRepo {
  /** Appends of this process, one at a time per repository (the head read and the insert must not interleave). */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: Kysely<MetadataTables>) {}

  appendAudit(workspaceId: string, seal: (head: { seq: number; hash: string } | null) => AuditEntry): Promise<AuditEntry> {
    const run = this.tail.then(() => this.append(workspaceId, seal));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async append(workspaceId: string, seal: (head: { seq: number; hash: string } | null) => AuditEntry): Promise<AuditEntry> {
    for (let attempt = 1; ; attempt++) {
      const head = await this.db.selectFrom('audit_log').select(['seq', 'hash']).where('workspace_id', '=', workspaceId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
      const entry = seal(head ? { seq: Number(head.seq), hash: head.hash } : null);
      const { before, after, at, ...rest } = entry;
      try {
        await this.db.insertInto('audit_log').values({ ...rest, recorded_at: at, before_state: before, after_state: after }).execute();
        return entry;
      } catch (err) {
        // Another process took this seq (the primary key): seal against the new head.
        const taken = await this.db.selectFrom('audit_log').select('seq').where('workspace_id', '=', workspaceId).where('seq', '=', entry.seq).executeTakeFirst();
        if (!taken || attempt >= appendAttempts) throw err;
      }
    }
  }

  continueAuditChain(workspaceId: string, entries: readonly AuditEntry[]): Promise<{ appended: number; diverged: boolean }> {
    const run = this.tail.then(() => this.continueChain(workspaceId, entries));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async continueChain(workspaceId: string, entries: readonly AuditEntry[]): Promise<{ appended: number; diverged: boolean }> {
    const sorted = [...entries].sort((a, b) => a.seq - b.seq);
    if (sorted.length === 0) return { appended: 0, diverged: false };
    const before = sorted[0].seq - 1;
    const held = new Map((await this.auditChain(workspaceId, Math.max(0, before - 1), sorted.length + 1)).map((e) => [e.seq, e.hash]));
    const heldBefore = held.get(before);
    if (before > 0 && heldBefore === undefined) return { appended: 0, diverged: true };
    let head = before > 0 ? { seq: before, hash: heldBefore! } : null;
    let appended = 0;
    for (const e of sorted) {
      const hash = held.get(e.seq);
      const continues = e.workspace_id === workspaceId && e.seq === (head?.seq ?? 0) + 1 && e.prev_hash === (head?.hash ?? genesisHash);
      if (!continues || (hash !== undefined && hash !== e.hash)) return { appended, diverged: true };
      if (hash === undefined) {
        const { before: beforeState, after, at, ...rest } = e;
        await this.db.insertInto('audit_log').values({ ...rest, recorded_at: at, before_state: beforeState, after_state: after }).execute();
        appended += 1;
      }
      head = { seq: e.seq, hash: e.hash };
    }
    return { appended, diverged: false };
  }

  async listAudit(workspaceId: string, query: AuditQuery): Promise<AuditEntry[]> {
    let q = this.db.selectFrom('audit_log').select(columns).where('workspace_id', '=', workspaceId);
    if (query.actor_kind !== undefined) q = q.where('actor_kind', '=', query.actor_kind);
    if (query.actor_id !== undefined) q = q.where('actor_id', '=', query.actor_id);
    if (query.operation !== undefined) q = q.where('operation', '=', query.operation);
    // `recorded_at` is toISOString text (fixed width, UTC): text order is time order.
    if (query.from !== undefined) q = q.where('recorded_at', '>=', query.from);
    if (query.to !== undefined) q = q.where('recorded_at', '<', query.to);
    if (query.beforeSeq !== undefined) q = q.where('seq', '<', query.beforeSeq);
    const rows = await q.orderBy('seq', 'desc').limit(query.limit).execute();
    return rows.map(entryOf);
  }

  async auditChain(workspaceId: string, afterSeq: number, limit: number): Promise<AuditEntry[]> {
    const rows = await this.db.selectFrom('audit_log').select(columns).where('workspace_id', '=', workspaceId).where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
    return rows.map(entryOf);
  }
}
