import type { Kysely } from 'kysely';
import { workspaceRecord } from '../../records/metadata-schemas.js';
import type { TrackingLink, Workspace } from '../../records/workspace.js';
import type { ApiKey } from '../../records/api-keys.js';
import { KyselyKeyRepo } from './key-repo.js';
import type { MetadataTables } from './metadata-tables.js';
import { linkColumns, linkOf } from './link-repo.js';
import { isoOf, jsonColumn, jsonText, recordOf } from './metadata-rows.js';

/** Every metadata row of a store, checked like any read, for `roilens migrate` (copying a store into another). */
export class MetadataExport {
  constructor(private readonly db: Kysely<MetadataTables>) {}

  async workspaces(): Promise<Workspace[]> {
    const rows = await this.db.selectFrom('workspaces').select(['id', 'name', 'currency', 'timezone', 'margin', 'write_key', 'fallback_url', 'archived_at']).orderBy('id').execute();
    return rows.map((r) => recordOf(workspaceRecord, r, `workspaces id=${r.id}`));
  }

  async settings(): Promise<{ key: string; value: string }[]> {
    return this.db.selectFrom('settings').select(['key', 'value']).orderBy('key').execute();
  }

  async documents(ws: string): Promise<{ collection: string; id: string; body: unknown }[]> {
    const rows = await this.db.selectFrom('documents').select(['collection', 'id', jsonColumn('body')]).where('workspace_id', '=', ws).orderBy('collection').orderBy('id').execute();
    return rows.map((r) => ({ collection: r.collection, id: r.id, body: jsonText(r.body, `documents ${r.collection}/${r.id}`, 'body') }));
  }

  /** Every link of the workspace, deleted ones included (their slugs stay reserved in the copy). */
  async links(ws: string): Promise<(TrackingLink & { deleted_at?: string })[]> {
    const rows = await this.db.selectFrom('links').select(linkColumns).where('workspace_id', '=', ws).orderBy('slug').execute();
    return rows.map((r) => {
      const deleted = isoOf(r.deleted_at);
      return { ...linkOf(r), ...(deleted !== undefined ? { deleted_at: deleted } : {}) };
    });
  }

  /** The workspace's API keys with the SHA-256 each is found by (the keys themselves are stored nowhere). */
  async apiKeys(ws: string): Promise<{ key: ApiKey; hash: string }[]> {
    const hashes = new Map((await this.db.selectFrom('api_keys').select(['id', 'hash']).where('workspace_id', '=', ws).execute()).map((r) => [r.id, r.hash]));
    return (await new KyselyKeyRepo(this.db).listApiKeys(ws)).map((key) => ({ key, hash: hashes.get(key.id)! }));
  }
}
