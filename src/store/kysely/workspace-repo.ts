import type { Kysely } from 'kysely';
import { workspaceRecord } from '../../records/metadata-schemas.js';
import type { Workspace } from '../../records/workspace.js';
import { AppError } from '../../shared/errors.js';
import type { WorkspaceRepo } from '../ports/workspace-repo.js';
import type { MetadataTables } from './metadata-tables.js';
import { recordOf } from './metadata-rows.js';

const columns = ['id', 'name', 'currency', 'timezone', 'margin', 'write_key', 'fallback_url', 'archived_at'] as const;
const changeable = ['name', 'currency', 'timezone', 'margin', 'write_key', 'fallback_url', 'archived_at'] as const;

/** Workspaces, one set of queries for DuckDB and PostgreSQL. */
export class KyselyWorkspaceRepo implements WorkspaceRepo {
  constructor(private readonly db: Kysely<MetadataTables>) {}

  /** Creates the workspace unless its id exists, and answers the stored one either way. */
  async ensureWorkspace(ws: Workspace): Promise<Workspace> {
    await this.db.insertInto('workspaces')
      .values({ id: ws.id, name: ws.name, currency: ws.currency, timezone: ws.timezone, margin: ws.margin, write_key: ws.write_key })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    const stored = await this.getWorkspace(ws.id);
    if (!stored) throw new AppError('internal', `workspace ${ws.id} is missing right after it was stored`);
    return stored;
  }

  async getWorkspace(id: string): Promise<Workspace | undefined> {
    const row = await this.db.selectFrom('workspaces').select(columns).where('id', '=', id).executeTakeFirst();
    return row && recordOf(workspaceRecord, row, `workspaces id=${id}`);
  }

  async findWorkspaceByWriteKey(key: string): Promise<Workspace | undefined> {
    const row = await this.db.selectFrom('workspaces').select(columns).where('write_key', '=', key).executeTakeFirst();
    return row && recordOf(workspaceRecord, row, `workspaces id=${row.id}`);
  }

  async updateWorkspace(id: string, patch: Partial<Omit<Workspace, 'id'>>): Promise<void> {
    const values = Object.fromEntries(changeable.filter((k) => patch[k] !== undefined).map((k) => [k, patch[k] ?? null]));
    if (Object.keys(values).length === 0) return;
    await this.db.updateTable('workspaces').set(values).where('id', '=', id).execute();
  }

  async listWorkspaces(): Promise<Workspace[]> {
    const rows = await this.db.selectFrom('workspaces').select(columns).orderBy('id').execute();
    return rows.map((row) => recordOf(workspaceRecord, row, `workspaces id=${row.id}`));
  }

  /**
   * Deletes the workspace's metadata (the scale store's `restore --replace`): its documents, links,
   * keys, idempotency answers, memberships, partner programmes, partners (coupons, links, payout details), the settings
   * `ownsSetting` says are its own, and the workspace. One transaction. The audit log, the partner ledger and
   * payout runs stay (append-only records).
   */
  async dropWorkspaceMetadata(id: string, ownsSetting: (key: string) => boolean): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      for (const table of ['documents', 'links', 'api_keys', 'idempotency_keys', 'memberships', 'programs', 'partners', 'partner_coupons', 'partner_links', 'payout_details'] as const) await tx.deleteFrom(table).where('workspace_id', '=', id).execute();
      const keys = (await tx.selectFrom('settings').select('key').execute()).map((r) => r.key).filter(ownsSetting);
      if (keys.length) await tx.deleteFrom('settings').where('key', 'in', keys).execute();
      await tx.deleteFrom('workspaces').where('id', '=', id).execute();
    });
  }
}
